"""Management decisions (приказ, распоряжение, рекомендации, протокол) and the measures they set, each with the
indicators it is meant to move; the effectiveness review compares those indicators in the following campaign
against the campaign that caused the decision and against context peers the measure did not target.
"""

from django.conf import settings
from django.db import models


class DecisionKind(models.TextChoices):
    ORDER = "order", "Приказ"
    INSTRUCTION = "instruction", "Распоряжение"
    RECOMMENDATION = "recommendation", "Методические рекомендации"
    PROTOCOL = "protocol", "Протокол"  # of a meeting: a council, a methodological council


class DecisionQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Decisions of the municipalities the user sees; an organization administrator sees the decisions with a
        measure that targets or names one of their organizations; people who see only themselves see none."""
        from metodist.accounts.models import ScopeLevel
        from metodist.orgs.models import Municipality

        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.SELF:
            return self.none()
        if level == ScopeLevel.ORGANIZATIONS:
            mine = user.organizations.all()
            touched = Measure.objects.filter(
                models.Q(organizations__in=mine) | models.Q(responsible_organization__in=mine)
            )
            return self.filter(pk__in=touched.values("decision_id"))
        return self.filter(municipality__in=Municipality.objects.in_scope(user))


class Decision(models.Model):
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT,
                                     related_name="+")  # fmt: skip
    campaign = models.ForeignKey("monitoring.Campaign", verbose_name="по итогам кампании", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="decisions")  # fmt: skip
    kind = models.CharField("вид документа", max_length=16, choices=DecisionKind.choices)
    number = models.CharField("номер", max_length=40)
    date = models.DateField("дата")
    title = models.CharField("наименование", max_length=500)
    text = models.TextField("текст (содержание решения)", blank=True)
    file = models.FileField("файл документа", upload_to="decisions/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "управленческое решение"
        verbose_name_plural = "управленческие решения"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number} от {self.date:%d.%m.%Y}"


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", "Запланирована"
    IN_PROGRESS = "in_progress", "Выполняется"
    DONE = "done", "Выполнена"
    CANCELLED = "cancelled", "Отменена"


class Measure(models.Model):
    decision = models.ForeignKey(Decision, verbose_name="решение", on_delete=models.CASCADE, related_name="measures")
    activity = models.TextField("мероприятие")
    responsible = models.CharField("ответственный", max_length=300, blank=True)
    responsible_organization = models.ForeignKey("orgs.Organization", verbose_name="ответственная организация",
                                                 null=True, blank=True, on_delete=models.PROTECT,
                                                 related_name="+")  # fmt: skip
    deadline = models.DateField("срок")
    expected_result = models.TextField("ожидаемый результат", blank=True)
    indicators = models.ManyToManyField("monitoring.Indicator", verbose_name="показатели", blank=True,
                                        related_name="measures")  # fmt: skip
    organizations = models.ManyToManyField("orgs.Organization", verbose_name="организации, на которые направлена",
                                           blank=True, related_name="measures")  # fmt: skip
    status = models.CharField("статус", max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    evidence = models.TextField("подтверждение выполнения", blank=True)
    evidence_file = models.FileField("файл-подтверждение", upload_to="measures/%Y/", blank=True)
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    class Meta:
        verbose_name = "мера"
        verbose_name_plural = "меры"
        ordering = ["decision", "deadline", "pk"]

    def __str__(self) -> str:
        return self.activity[:80]
