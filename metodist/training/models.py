"""The catalogue of further professional programs (ДПП), their cohorts, and educators' trainings.

A training counts for the indicators and the portfolio only when it is completed and verified: imported and
typed records are verified when written; a course taken elsewhere that an educator asks to have counted waits
for a methodologist's decision (`Review`).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from metodist.accounts.models import ScopeLevel


class Topic(models.Model):
    """A topic of Track 3 of seed 002 (ФГОС, digital environment, functional literacy, …); codes are those of the
    `trained` predicate's `topic` parameter."""

    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("наименование", max_length=300)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "тема ДПП"
        verbose_name_plural = "темы ДПП"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ProviderKind(models.TextChoices):
    CNPPM = "cnppm", "ЦНППМ"  # the regional centre of continuous professional growth
    INSTITUTE = "institute", "Институт развития образования (ИРО, ИПК)"  # the region's institute of further education
    FEDERAL = "federal", "Федеральный оператор"  # e.g. Академия Минпросвещения
    MUNICIPAL = "municipal", "Муниципальная методическая служба"  # the ИМЦ itself
    OTHER = "other", "Другая организация"


class ProgramKind(models.TextChoices):
    PK = "pk", "Повышение квалификации"  # ДПП ПК
    PP = "pp", "Профессиональная переподготовка"  # ДПП ПП


class ProgramFormat(models.TextChoices):
    FULL_TIME = "full_time", "Очно"
    BLENDED = "blended", "Очно с применением ДОТ"
    DISTANCE = "distance", "Дистанционно"


class Program(models.Model):
    title = models.CharField("наименование", max_length=500)
    provider = models.CharField("организация, реализующая программу", max_length=300)
    provider_kind = models.CharField("вид организации", max_length=20, choices=ProviderKind.choices)
    hours = models.PositiveSmallIntegerField("объём, часов", validators=[MinValueValidator(1)])
    kind = models.CharField("вид программы", max_length=2, choices=ProgramKind.choices, default=ProgramKind.PK)
    in_federal_registry = models.BooleanField("в федеральном реестре ДПП", default=False)
    format = models.CharField("форма", max_length=20, choices=ProgramFormat.choices, default=ProgramFormat.BLENDED)
    topics = models.ManyToManyField(Topic, verbose_name="темы", blank=True, related_name="programs")
    competencies = models.ManyToManyField(
        "diagnostics.Competency", verbose_name="компетенции", blank=True, related_name="programs"
    )  # matched by competency code across framework versions
    subjects = models.ManyToManyField("people.Subject", verbose_name="учебные предметы", blank=True)  # none: any
    for_managers = models.BooleanField("для управленческих кадров", default=False)
    # Seed 001 counts programs by how they were developed.
    on_deficit_diagnostics = models.BooleanField("разработана на основе диагностики дефицитов", default=False)
    on_routes = models.BooleanField("разработана на основе ИОМ", default=False)
    for_municipal_needs = models.BooleanField("разработана для нужд муниципалитета", default=False)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", null=True, blank=True, on_delete=models.PROTECT)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "программа ДПП"
        verbose_name_plural = "программы ДПП"
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.hours} ч)"


class ProgramCohort(models.Model):
    """One run of a program (a group): its dates and the seats the provider offers."""

    program = models.ForeignKey(Program, verbose_name="программа", on_delete=models.CASCADE, related_name="cohorts")
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    seats = models.PositiveIntegerField("мест", null=True, blank=True)  # None: not limited

    class Meta:
        verbose_name = "поток программы"
        verbose_name_plural = "потоки программ"
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="cohort_dates_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.program.title}: {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"


class TrainingResult(models.TextChoices):
    ENROLLED = "enrolled", "Обучается"
    COMPLETED = "completed", "Завершил обучение"  # a certificate (удостоверение / диплом) was issued
    NOT_COMPLETED = "not_completed", "Не завершил"


class Review(models.TextChoices):
    VERIFIED = "verified", "Подтверждено"  # imported or typed by the service, or approved
    PENDING = "pending", "На рассмотрении"  # an educator's request to count a course taken elsewhere
    REJECTED = "rejected", "Отклонено"  # with a reason the educator sees


class TrainingSource(models.TextChoices):
    IMPORT = "import", "Импорт файла"
    MANUAL = "manual", "Внесено методистом"
    REQUEST = "request", "Заявка педагога"


class TrainingQuerySet(models.QuerySet):
    def in_scope(self, user):
        from metodist.people.models import Educator

        if user.scope_level == ScopeLevel.ALL:
            return self
        return self.filter(educator__in=Educator.objects.in_scope(user))

    def counted(self):
        """Completed and verified: what indicators, routes and portfolios count."""
        return self.filter(result=TrainingResult.COMPLETED, review=Review.VERIFIED)


class Training(models.Model):
    educator = models.ForeignKey(
        "people.Educator", verbose_name="педагог", on_delete=models.CASCADE, related_name="trainings"
    )
    # None: a course taken elsewhere that is not in the catalogue; then `title`, `provider` and `hours` say what it was
    program = models.ForeignKey(
        Program, verbose_name="программа", null=True, blank=True, on_delete=models.PROTECT, related_name="trainings"
    )
    cohort = models.ForeignKey(ProgramCohort, verbose_name="поток", null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField("наименование программы", max_length=500, blank=True)
    provider = models.CharField("организация", max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField("объём, часов", null=True, blank=True)
    kind = models.CharField("вид программы", max_length=2, choices=ProgramKind.choices, default=ProgramKind.PK)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    result = models.CharField(
        "результат", max_length=20, choices=TrainingResult.choices, default=TrainingResult.COMPLETED
    )
    certificate_number = models.CharField("номер удостоверения (диплома)", max_length=100, blank=True)
    certificate = models.FileField("скан удостоверения", upload_to="certificates/%Y/", blank=True)
    source = models.CharField("источник", max_length=20, choices=TrainingSource.choices, default=TrainingSource.MANUAL)
    review = models.CharField("проверка", max_length=20, choices=Review.choices, default=Review.VERIFIED)
    review_reason = models.CharField("причина отклонения", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", verbose_name="проверил", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("проверено", null=True, blank=True)
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)  # bounds indicators
    created_at = models.DateTimeField("создано", auto_now_add=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = "прохождение ДПП"
        verbose_name_plural = "прохождения ДПП"
        ordering = ["-ends_on"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="training_dates_ordered")
        ]
        indexes = [models.Index(fields=["region", "ends_on"]), models.Index(fields=["educator", "ends_on"])]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.program.title if self.program_id else self.title
