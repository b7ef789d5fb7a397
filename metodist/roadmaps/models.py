"""Road maps (дорожная карта, комплекс мер, план мероприятий): sections and items with their executors, the
deadline as the document words it and the concrete due dates derived from those words (roadmaps/deadlines.py).

The seeds' road maps are loaded verbatim as templates (`manage.py roadmaps load`); a municipality adopts a copy
and keeps its status and evidence.
"""

from django.conf import settings
from django.db import models


class RoadmapQuerySet(models.QuerySet):
    def templates(self):
        return self.filter(municipality__isnull=True)

    def in_scope(self, user):
        """Templates for everyone who works with organizations; adopted road maps of the municipalities the user
        sees. People who see only themselves see none."""
        from metodist.accounts.models import ScopeLevel
        from metodist.orgs.models import Municipality

        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.SELF:
            return self.none()
        return self.filter(
            models.Q(municipality__isnull=True) | models.Q(municipality__in=Municipality.objects.in_scope(user))
        )


class Roadmap(models.Model):
    title = models.CharField("наименование", max_length=500)
    document = models.CharField("документ", max_length=500, blank=True)
    source = models.CharField("файл-источник", max_length=200, blank=True)  # the seed a template was loaded from
    code = models.SlugField("код шаблона", max_length=60, blank=True)  # stable key of a template (rerun-safe load)
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")  # fmt: skip
    adopted_from = models.ForeignKey("self", verbose_name="принята по шаблону", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="adoptions")  # fmt: skip
    starts_year = models.PositiveSmallIntegerField("год начала")
    ends_year = models.PositiveSmallIntegerField("год окончания")
    adopted_at = models.DateTimeField("принята", null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["municipality_id", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_template(self) -> bool:
        return self.municipality_id is None

    @property
    def period(self) -> str:
        if self.starts_year == self.ends_year:
            return str(self.starts_year)
        return f"{self.starts_year}–{self.ends_year}"


class RoadmapSection(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField("номер", max_length=20, blank=True)
    title = models.CharField("наименование раздела", max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "раздел дорожной карты"
        verbose_name_plural = "разделы дорожной карты"
        ordering = ["roadmap", "order"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ItemStatus(models.TextChoices):
    PLANNED = "planned", "Запланировано"
    IN_PROGRESS = "in_progress", "Выполняется"
    DONE = "done", "Выполнено"
    CANCELLED = "cancelled", "Отменено"


CLOSED = (ItemStatus.DONE, ItemStatus.CANCELLED)


class RoadmapItemQuerySet(models.QuerySet):
    def overdue(self, today):
        """Items with an occurrence past its date and not done, the item itself neither done nor cancelled."""
        return self.filter(pk__in=RoadmapDue.objects.overdue(today).values("item_id"))

    def undetermined(self):
        """Items whose deadline words give no date («по запросу», «по мере необходимости», an empty cell)."""
        return self.filter(dues__isnull=True)


class RoadmapItem(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(RoadmapSection, on_delete=models.CASCADE, related_name="items")
    number = models.CharField("номер", max_length=20, blank=True)
    direction = models.CharField("направление", max_length=500, blank=True)  # seed 002's «Направление Программы»
    activity = models.TextField("мероприятие (дословно)")
    executors = models.TextField("ответственные исполнители", blank=True)
    deadline = models.CharField("срок (как в документе)", max_length=300, blank=True)
    result = models.TextField("ожидаемый результат / документ", blank=True)
    status = models.CharField("статус", max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    evidence = models.TextField("подтверждение выполнения", blank=True)
    responsible_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="ответственный в системе", null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = RoadmapItemQuerySet.as_manager()

    class Meta:
        verbose_name = "мероприятие дорожной карты"
        verbose_name_plural = "мероприятия дорожной карты"
        ordering = ["roadmap", "section__order", "order"]

    def __str__(self) -> str:
        return self.activity[:80]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED


class RoadmapDueQuerySet(models.QuerySet):
    def open(self):
        """Occurrences still to do: not marked done, of an item neither done nor cancelled."""
        return self.filter(done_on__isnull=True).exclude(item__status__in=CLOSED)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)

    def in_month(self, year: int, month: int):
        return self.filter(due_on__year=year, due_on__month=month)


class RoadmapDue(models.Model):
    """One concrete due date derived from an item's deadline words (several for a recurring deadline); `done_on`
    marks that occurrence done. An item whose words give no date has no rows and is shown as «не определяется»."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="dues")
    due_on = models.DateField("срок")
    done_on = models.DateField("выполнено", null=True, blank=True)

    objects = RoadmapDueQuerySet.as_manager()

    class Meta:
        verbose_name = "срок мероприятия"
        verbose_name_plural = "сроки мероприятий"
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["item", "due_on"], name="one_due_per_day")]

    def __str__(self) -> str:
        return f"{self.item}: {self.due_on:%d.%m.%Y}"

    def is_overdue(self, today) -> bool:
        return self.done_on is None and not self.item.is_closed and self.due_on < today
