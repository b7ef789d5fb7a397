"""Self-diagnosis questionnaires built by a municipality's methodologist and filled in the educator's cabinet.

A questionnaire holds statements per competency («Я умею проектировать урок …») answered on one scale
(e.g. 0–3). Publishing it creates a `Diagnostic` of level `self`; a submitted response is scored per competency
(score = sum of the answers, maximum = statements × the scale's maximum) into `DiagnosticResult` rows, and the
deficits follow from `deficits.derive` like those of any procedure (see diagnostics/selfcheck.py).
"""

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from metodist.people.models import Employment, PositionKind

from .models import Competency, Diagnostic, FrameworkVersion


class Audience(models.TextChoices):
    MUNICIPALITY = "municipality", "Все педагогические работники муниципалитета"
    ORGANIZATIONS = "organizations", "Педагоги выбранных организаций"


class QuestionnaireQuerySet(models.QuerySet):
    def of_author_scope(self, user):
        """The questionnaires a municipality's methodologist (or coordinator) builds and sees: their
        municipality's; an administrator sees all; everyone else none."""
        if user.is_superuser:
            return self
        if user.municipality_id and user.role in BUILDER_ROLES:
            return self.filter(municipality_id=user.municipality_id)
        return self.none()

    def published(self):
        return self.filter(diagnostic__isnull=False)

    def open_on(self, on: date):
        return self.published().filter(opens_on__lte=on, closes_on__gte=on)

    def for_educator(self, educator_id, on: date):
        """Published questionnaires whose audience includes the educator: a pedagogical post active on `on` in
        an organization of the municipality (or one of the chosen organizations)."""
        jobs = Employment.objects.active(on).filter(educator_id=educator_id, position__kind=PositionKind.PEDAGOGICAL)
        return (
            self.published()
            .filter(
                Q(audience=Audience.MUNICIPALITY, municipality_id__in=jobs.values("organization__municipality_id"))
                | Q(audience=Audience.ORGANIZATIONS, organizations__in=jobs.values("organization_id"))
            )
            .distinct()
        )


BUILDER_ROLES = {"coordinator", "methodologist"}


class Questionnaire(models.Model):
    title = models.CharField("название", max_length=300)
    version = models.ForeignKey(
        FrameworkVersion, verbose_name="модель компетенций", on_delete=models.PROTECT, related_name="questionnaires"
    )
    intro = models.TextField("обращение к педагогу", blank=True)
    scale_min = models.PositiveSmallIntegerField(
        "шкала: от", default=0, validators=[MaxValueValidator(1)], help_text="0 или 1"
    )
    scale_max = models.PositiveSmallIntegerField(
        "шкала: до", default=3, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    # one label per value of the scale, from scale_min upward (e.g. «не умею», …); empty: the numbers alone
    scale_labels = models.JSONField("подписи шкалы", default=list, blank=True)
    opens_on = models.DateField("открыта с")
    closes_on = models.DateField("открыта по")
    threshold = models.DecimalField(
        "порог дефицита, % максимума",
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.PROTECT)
    audience = models.CharField("кто заполняет", max_length=20, choices=Audience.choices, default=Audience.MUNICIPALITY)
    organizations = models.ManyToManyField("orgs.Organization", verbose_name="организации", blank=True)
    # set by publishing: the procedure the scored responses are results of; a published questionnaire is frozen
    diagnostic = models.OneToOneField(
        Diagnostic,
        verbose_name="диагностика",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaire",
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="автор", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    published_at = models.DateTimeField("опубликована", null=True, blank=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = "анкета самодиагностики"
        verbose_name_plural = "анкеты самодиагностики"
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("closes_on")),
                name="questionnaire_dates",
                violation_error_message="Дата закрытия раньше даты открытия.",
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")),
                name="questionnaire_scale",
                violation_error_message="Верхнее значение шкалы должно быть больше нижнего.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.diagnostic_id is not None

    def is_open(self, on: date) -> bool:
        return self.is_published and self.opens_on <= on <= self.closes_on

    def scale(self) -> list[tuple[int, str]]:
        """[(value, label)] from scale_min to scale_max; a missing label is the number itself."""
        labels = list(self.scale_labels or [])
        values = range(self.scale_min, self.scale_max + 1)
        return [(value, labels[i] if i < len(labels) and labels[i] else str(value)) for i, value in enumerate(values)]


class Statement(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.CASCADE, related_name="statements"
    )
    competency = models.ForeignKey(Competency, verbose_name="компетенция", on_delete=models.PROTECT, related_name="+")
    text = models.CharField("утверждение", max_length=500)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "утверждение анкеты"
        verbose_name_plural = "утверждения анкеты"
        ordering = ["questionnaire", "competency__order", "competency__code", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"  # saved, may be changed; not scored
    SUBMITTED = "submitted", "Отправлена"  # scored into results; read-only


class QuestionnaireResponse(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.CASCADE, related_name="responses"
    )
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    status = models.CharField("состояние", max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    # moved on by every save: a form opened at an older version (another tab) is refused, not overwritten
    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField("изменена", auto_now=True)
    submitted_on = models.DateField("отправлена", null=True, blank=True)

    class Meta:
        verbose_name = "ответ на анкету самодиагностики"
        verbose_name_plural = "ответы на анкеты самодиагностики"
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "educator"], name="questionnaire_response_unique")
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire}: {self.educator}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    response = models.ForeignKey(
        QuestionnaireResponse, verbose_name="ответ", on_delete=models.CASCADE, related_name="answers"
    )
    statement = models.ForeignKey(Statement, verbose_name="утверждение", on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField("значение")

    class Meta:
        verbose_name = "ответ на утверждение"
        verbose_name_plural = "ответы на утверждения"
        constraints = [models.UniqueConstraint(fields=["response", "statement"], name="answer_unique")]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.value}"
