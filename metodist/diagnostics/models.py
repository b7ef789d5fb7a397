"""Competency frameworks, diagnostic procedures, their results and the deficits derived from them.

A framework is edited in versions: a published version is never changed, an edit makes the next version, and a
result points to a competency of the version it was scored against. Competencies keep a stable `code` across
versions, so that a repeat diagnostic scored against a newer version is compared with the first by code.

A deficit is never typed by hand: `Deficit` rows are written only by `deficits.derive(diagnostic)` from the
results and the procedure's rule (a threshold per competency or per block), and rewritten whenever either changes.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from metodist.accounts.models import ScopeLevel
from metodist.people.models import Employment


class CompetencyGroup(models.TextChoices):
    SUBJECT = "subject", "Предметные компетенции"  # knowledge of the subject taught
    METHODOLOGICAL = "methodological", "Методические компетенции"  # teaching methods, lesson design
    PSYCHOLOGICAL = "psychological", "Психолого-педагогические компетенции"  # age psychology, motivation, climate
    ASSESSMENT = "assessment", "Оценочные компетенции"  # assessment of learning results
    DIGITAL = "digital", "Цифровые компетенции"  # the digital educational environment
    FUNCTIONAL_LITERACY = "functional_literacy", "Функциональная грамотность"  # forming pupils' functional literacy
    UPBRINGING = "upbringing", "Воспитание"  # educational (воспитательная) work
    INCLUSIVE = "inclusive", "Инклюзивное образование"  # pupils with special educational needs
    MANAGERIAL = "managerial", "Управленческие компетенции"  # heads and deputies only


class CompetencyFramework(models.Model):
    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("наименование", max_length=300)
    description = models.TextField("описание", blank=True)

    class Meta:
        verbose_name = "модель компетенций"
        verbose_name_plural = "модели компетенций"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current(self):
        """The version in force: the latest published one."""
        return self.versions.filter(published_on__isnull=False).order_by("-number").first()

    def draft(self):
        return self.versions.filter(published_on__isnull=True).order_by("-number").first()


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(
        CompetencyFramework, verbose_name="модель", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("номер версии")
    published_on = models.DateField("опубликована", null=True, blank=True)  # None: a draft, still editable
    note = models.CharField("что изменено", max_length=500, blank=True)

    class Meta:
        verbose_name = "версия модели компетенций"
        verbose_name_plural = "версии моделей компетенций"
        ordering = ["framework", "-number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="framework_version_unique")]

    def __str__(self) -> str:
        return f"{self.framework}, версия {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:version", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.published_on is None

    def level_for(self, percent: Decimal):
        """The scale level a result of `percent` % of the maximum reaches (levels ordered by `min_percent`)."""
        chosen = None
        for level in self.levels.order_by("min_percent"):
            if percent >= level.min_percent:
                chosen = level
        return chosen


class Competency(models.Model):
    """A node of the tree: a top-level node (no parent) is a block, its children are the competencies scored."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name="версия", on_delete=models.CASCADE, related_name="competencies"
    )
    parent = models.ForeignKey(
        "self", verbose_name="блок", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.SlugField("код", max_length=60)  # stable across versions
    name = models.CharField("наименование", max_length=500)
    group = models.CharField("группа", max_length=30, choices=CompetencyGroup.choices)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    for_managers = models.BooleanField("только для управленческих кадров", default=False)

    class Meta:
        verbose_name = "компетенция"
        verbose_name_plural = "компетенции"
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="competency_code_unique_in_version")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_block(self) -> bool:
        return self.parent_id is None


class ScaleLevel(models.Model):
    """A level of the framework's scale, reached from `min_percent` % of the maximum score."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name="версия", on_delete=models.CASCADE, related_name="levels"
    )
    name = models.CharField("уровень", max_length=100)
    min_percent = models.DecimalField(
        "от, % максимума",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    mastered = models.BooleanField("компетенция освоена", default=False)

    class Meta:
        verbose_name = "уровень шкалы"
        verbose_name_plural = "уровни шкалы"
        ordering = ["version", "min_percent"]
        constraints = [models.UniqueConstraint(fields=["version", "min_percent"], name="scale_level_unique")]

    def __str__(self) -> str:
        return self.name


class DiagnosticLevel(models.TextChoices):
    FEDERAL = "federal", "Федеральная"  # e.g. the diagnostics of order Р-201, run by the federal operator
    REGIONAL = "regional", "Региональная"  # the ЦНППМ / institute of the region
    MUNICIPAL = "municipal", "Муниципальная"  # the methodological service
    ORGANIZATION = "organization", "Уровня образовательной организации"  # the school itself
    SELF = "self", "Самодиагностика"  # the educator's self-assessment (built-in questionnaire)


EXTERNAL_LEVELS = (DiagnosticLevel.FEDERAL, DiagnosticLevel.REGIONAL)


class RuleBasis(models.TextChoices):
    COMPETENCY = "competency", "По каждой компетенции"  # a deficit per scored competency below its threshold
    BLOCK = "block", "По блоку компетенций"  # a deficit per block whose summed score is below its threshold


class DiagnosticQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Procedures the user may open: of their territory (a federal or regional procedure is held per region
        and seen by every municipality of it), for an organization's administrator the procedures of their
        organizations and those with results of their organizations' educators, for an educator those they
        took part in. Which results a user then sees is `DiagnosticResult.objects.in_scope`."""
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        if level == ScopeLevel.MUNICIPALITY:
            if not user.municipality_id:
                return self.none()
            return (
                self.filter(region__municipalities=user.municipality_id)
                .filter(Q(municipality__isnull=True) | Q(municipality_id=user.municipality_id))
                .filter(Q(organization__isnull=True) | Q(organization__municipality_id=user.municipality_id))
            )
        if level == ScopeLevel.ORGANIZATIONS:
            own = user.organizations.values("pk")
            staff = Employment.objects.filter(organization__in=own).values("educator_id")
            with_staff = DiagnosticResult.objects.filter(diagnostic=OuterRef("pk"), educator_id__in=staff)
            return self.filter(Q(organization__in=own) | Exists(with_staff))
        if user.educator_id:
            return self.filter(
                Exists(DiagnosticResult.objects.filter(diagnostic=OuterRef("pk"), educator_id=user.educator_id))
            )
        return self.none()

    def editable_by(self, user):
        """Procedures `user` may change (their rule, their results): those held by the user's own level —
        the region's by its operator, a municipality's (and its organizations') by its staff."""
        if not can_manage(user):
            return self.none()
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id) if user.region_id else self.none()
        return self.filter(municipality_id=user.municipality_id) if user.municipality_id else self.none()


def can_manage(user) -> bool:
    """Runs procedures, imports results and edits the competency framework: the region's operator, the
    municipality's coordinator and methodologists, the system's administrator."""
    return user.is_authenticated and user.scope_level in (
        ScopeLevel.ALL,
        ScopeLevel.REGION,
        ScopeLevel.MUNICIPALITY,
    )


def _educators_seen(user) -> Q:
    """A condition on a row's `educator_id`: an educator the user may see (the registry's scope)."""
    level = user.scope_level
    if level == ScopeLevel.ALL:
        return Q()
    if level == ScopeLevel.SELF:
        return Q(educator_id=user.educator_id) if user.educator_id else Q(pk__in=[])
    if level == ScopeLevel.REGION:
        # a regional procedure's results are the region's: bounded by the procedure, not by employments
        return Q()
    return Q(educator_id__in=Employment.objects.filter(user.organization_q("organization__")).values("educator_id"))


class Diagnostic(models.Model):
    """A diagnostic procedure; `region` is where it was held, and bounds the indicators that read it."""

    name = models.CharField("наименование", max_length=300)
    level = models.CharField("уровень", max_length=20, choices=DiagnosticLevel.choices)
    instrument = models.CharField("инструмент", max_length=300, blank=True)  # the test, questionnaire, case set
    subject = models.ForeignKey(
        "people.Subject", verbose_name="учебный предмет", null=True, blank=True, on_delete=models.PROTECT
    )
    version = models.ForeignKey(
        FrameworkVersion, verbose_name="модель компетенций", on_delete=models.PROTECT, related_name="diagnostics"
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        "orgs.Municipality", verbose_name="муниципалитет", null=True, blank=True, on_delete=models.PROTECT
    )  # a municipal procedure, or the municipality an organization's procedure belongs to
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", null=True, blank=True, on_delete=models.PROTECT
    )
    rule_basis = models.CharField(
        "правило дефицита", max_length=20, choices=RuleBasis.choices, default=RuleBasis.COMPETENCY
    )
    threshold = models.DecimalField(
        "порог дефицита, % максимума",
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="результат ниже порога — профессиональный дефицит",
    )
    # {competency or block code: percent}: thresholds that differ from `threshold`
    thresholds = models.JSONField("особые пороги", default=dict, blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        verbose_name = "диагностика"
        verbose_name_plural = "диагностики"
        ordering = ["-ends_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="diagnostic_dates_ordered")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:detail", args=[self.pk])

    def threshold_for(self, code: str) -> Decimal:
        """The deficit threshold of a competency (or block) code: its own, else the procedure's."""
        value = (self.thresholds or {}).get(code)
        return Decimal(str(value)) if value is not None else self.threshold


class ResultSource(models.TextChoices):
    IMPORT = "import", "Импорт файла"  # an operator's .xlsx
    SELF = "self", "Самодиагностика"  # scored from a questionnaire filled in the cabinet
    MANUAL = "manual", "Внесено вручную"  # typed by a methodologist


class DiagnosticResultQuerySet(models.QuerySet):
    def in_region(self, region_id):
        return self.filter(diagnostic__region_id=region_id)

    def in_scope(self, user):
        """Results the user may see: of procedures in scope, and of educators in scope — an organization's
        administrator only their organizations' educators, an educator only their own results."""
        return self.filter(diagnostic__in=Diagnostic.objects.in_scope(user).values("pk")).filter(_educators_seen(user))


class DiagnosticResult(models.Model):
    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name="диагностика", on_delete=models.CASCADE, related_name="results"
    )
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="diagnostic_results"
    )
    competency = models.ForeignKey(
        Competency, verbose_name="компетенция", on_delete=models.PROTECT, related_name="results"
    )
    score = models.DecimalField("балл", max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    max_score = models.DecimalField(
        "максимум", max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    level = models.ForeignKey(ScaleLevel, verbose_name="уровень", null=True, blank=True, on_delete=models.PROTECT)
    taken_on = models.DateField("дата прохождения")
    source = models.CharField("источник", max_length=20, choices=ResultSource.choices, default=ResultSource.IMPORT)

    objects = DiagnosticResultQuerySet.as_manager()

    class Meta:
        verbose_name = "результат диагностики"
        verbose_name_plural = "результаты диагностики"
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "educator", "competency"], name="result_unique"),
            models.CheckConstraint(condition=Q(score__lte=models.F("max_score")), name="result_score_within_max"),
        ]
        indexes = [models.Index(fields=["educator", "diagnostic"])]

    def __str__(self) -> str:
        return f"{self.competency}: {self.score} из {self.max_score}"

    @property
    def percent(self) -> Decimal:
        return (self.score * 100 / self.max_score).quantize(Decimal("0.01"))


class DeficitQuerySet(models.QuerySet):
    def in_region(self, region_id):
        return self.filter(diagnostic__region_id=region_id)

    def in_scope(self, user):
        return self.filter(diagnostic__in=Diagnostic.objects.in_scope(user).values("pk")).filter(_educators_seen(user))

    def open(self, on):
        """Deficits still open on `on`: from a procedure ended by then, and not measured again later (by `on`)
        for the same educator and competency code — a later result for it, deficit or not, supersedes this one.
        """
        later = DiagnosticResult.objects.filter(
            educator_id=OuterRef("educator_id"),
            diagnostic__ends_on__gt=OuterRef("diagnostic__ends_on"),
            diagnostic__ends_on__lte=on,
        ).filter(
            Q(competency__code=OuterRef("competency__code")) | Q(competency__parent__code=OuterRef("competency__code"))
        )
        return self.filter(diagnostic__ends_on__lte=on).exclude(Exists(later))


class Deficit(models.Model):
    """A professional deficit: a competency (or block) of one educator below the procedure's threshold."""

    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name="диагностика", on_delete=models.CASCADE, related_name="deficits"
    )
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="deficits"
    )
    competency = models.ForeignKey(
        Competency, verbose_name="компетенция", on_delete=models.PROTECT, related_name="deficits"
    )
    percent = models.DecimalField("результат, % максимума", max_digits=5, decimal_places=2)
    threshold = models.DecimalField("порог, %", max_digits=5, decimal_places=2)

    objects = DeficitQuerySet.as_manager()

    class Meta:
        verbose_name = "профессиональный дефицит"
        verbose_name_plural = "профессиональные дефициты"
        constraints = [models.UniqueConstraint(fields=["diagnostic", "educator", "competency"], name="deficit_unique")]
        indexes = [models.Index(fields=["educator", "competency"])]

    def __str__(self) -> str:
        return f"{self.competency}: {self.percent} % при пороге {self.threshold} %"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Получен, проверяется"  # stored; the check (a job) has not read it yet
    CHECKED = "checked", "Проверен, не загружен"  # the check report is shown; nothing written yet
    REJECTED = "rejected", "Не может быть загружен"  # the file or its rows have errors: nothing can be written
    COMMITTED = "committed", "Загружен"  # the results were written in one transaction


class ResultImportQuerySet(models.QuerySet):
    def in_scope(self, user):
        """A file holds personal data: only the user who uploaded it sees it."""
        return self.filter(created_by=user) if user.is_authenticated else self.none()


class ResultImport(models.Model):
    """An operator's .xlsx of results for one procedure: checked (dry run, a job), then committed (a job)."""

    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name="диагностика", on_delete=models.CASCADE, related_name="imports"
    )
    file_name = models.CharField("имя файла", max_length=255)
    content = models.BinaryField("содержимое файла", blank=True, default=b"")  # erased by the check
    # The checked rows (importing.pack), so that the file is parsed once and the commit writes exactly what the
    # check reported; erased by the commit.
    rows = models.BinaryField("проверенные строки", blank=True, default=b"")
    status = models.CharField("состояние", max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    report = models.JSONField("итог проверки", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто загрузил", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    committed_at = models.DateTimeField("записан", null=True, blank=True)

    objects = ResultImportQuerySet.as_manager()

    class Meta:
        verbose_name = "импорт результатов диагностики"
        verbose_name_plural = "импорты результатов диагностики"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("diagnostics:import", args=[self.pk])


from .questionnaire import Answer, Questionnaire, QuestionnaireResponse, Statement  # noqa: E402, F401
