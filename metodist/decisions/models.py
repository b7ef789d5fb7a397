"""Management decisions (приказ, распоряжение, рекомендации, протокол) and the measures they set, each with the
indicators it is meant to move; the effectiveness review compares those indicators in the following campaign
against the campaign that caused the decision and against context peers the measure did not target.
"""

from datetime import date

from django.conf import settings
from django.db import models

# Who manages the register (enters decisions and measures, reviews effectiveness): the people of a territory.
MANAGING_LEVELS = ("all", "region", "municipality")


def can_manage(user) -> bool:
    """Enters and edits decisions and measures, reviews their effectiveness: an editor of a whole territory
    (an organization administrator only records the evidence of the measures of their organization)."""
    return user.can_edit_registry and user.scope_level in MANAGING_LEVELS


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


FINISHED = (MeasureStatus.DONE, MeasureStatus.CANCELLED)  # nothing is due of these any more


class MeasureQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Measures of the decisions the user sees; an organization administrator sees only the measures that
        target or name one of their organizations."""
        from metodist.accounts.models import ScopeLevel

        measures = self.filter(decision__in=Decision.objects.in_scope(user))
        if user.scope_level == ScopeLevel.ORGANIZATIONS:
            mine = user.organizations.all()
            touched = Measure.objects.filter(
                models.Q(organizations__in=mine) | models.Q(responsible_organization__in=mine)
            )
            measures = measures.filter(pk__in=touched.values("pk"))
        return measures

    def overdue(self, today: date):
        return self.filter(deadline__lt=today).exclude(status__in=FINISHED)


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

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "мера"
        verbose_name_plural = "меры"
        ordering = ["decision", "deadline", "pk"]

    def __str__(self) -> str:
        return self.activity[:80]

    def is_overdue(self, today: date) -> bool:
        """The deadline has passed and the measure is neither done nor cancelled."""
        return self.deadline < today and self.status not in FINISHED

    def may_report(self, user) -> bool:
        """Records its status and evidence: a manager of the register, or the administrator of the
        organization responsible for it."""
        if can_manage(user):
            return True
        return (
            user.can_edit_registry
            and self.responsible_organization_id is not None
            and user.organizations.filter(pk=self.responsible_organization_id).exists()
        )


class Verdict(models.TextChoices):
    EFFECTIVE = "effective", "эффективна"  # every measurable indicator moved better than at the peers
    PARTLY = "partly", "частично эффективна"  # some of them did
    NOT_EFFECTIVE = "not_effective", "не эффективна"  # none did
    NOT_MEASURABLE = "not_measurable", "пока не измерима"  # no following campaign, no data, too few to compare


class Review(models.Model):
    """One computation of a measure's effectiveness, kept as it was: a methodologist signs it with a note, and a
    recomputation (after the following campaign's results change) makes a new one, the signed one stays."""

    measure = models.ForeignKey(Measure, verbose_name="мера", on_delete=models.CASCADE, related_name="reviews")
    cause_snapshot = models.ForeignKey("monitoring.Snapshot", verbose_name="расчёт кампании-основания", null=True,
                                       on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    following_campaign = models.ForeignKey("monitoring.Campaign", verbose_name="следующая кампания", null=True,
                                           on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    following_snapshot = models.ForeignKey("monitoring.Snapshot", verbose_name="расчёт следующей кампании",
                                           null=True, on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    following_approved = models.BooleanField("результаты следующей кампании утверждены", default=False)
    verdict = models.CharField("вывод", max_length=16, choices=Verdict.choices)
    details = models.JSONField("расчёт", default=dict)
    computed_at = models.DateTimeField("рассчитано")
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("заключение методиста", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="подписал(а)", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    reviewed_at = models.DateTimeField("подписано", null=True, blank=True)

    class Meta:
        verbose_name = "анализ эффективности меры"
        verbose_name_plural = "анализ эффективности мер"
        ordering = ["-computed_at", "-pk"]
        get_latest_by = ["computed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.verdict_text}"

    @property
    def verdict_text(self) -> str:
        """The verdict as the page says it; a municipal measure with no one to compare with says so."""
        if self.verdict == Verdict.NOT_MEASURABLE and self.details.get("alone"):
            return "пока не измерима против сопоставимых"
        return self.get_verdict_display()
