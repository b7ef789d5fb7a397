"""The catalogue of further professional programs (ДПП), their cohorts, and educators' trainings.

A training counts for the indicators and the portfolio only when it is completed and verified: imported and
typed records are verified when written; a course taken elsewhere that an educator asks to have counted waits
for a methodologist's decision (`Review`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
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


# Topic codes of the `trained` predicate that are not topics of the catalogue but ways a program was developed
# (seed 001, indicators 3–5): each reads one of the program's development flags.
DEVELOPMENT_TOPICS = {
    "deficit_based": "on_deficit_diagnostics",
    "route_based": "on_routes",
    "municipal_need": "for_municipal_needs",
}


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The catalogue a user reads: programs of no region (federal) and of the user's region."""
        if user.scope_level == ScopeLevel.ALL:
            return self
        region_id = user.region_id
        if region_id is None and user.municipality_id:
            region_id = user.municipality.region_id
        if region_id is None and user.educator_id:
            return self
        return self.filter(Q(region__isnull=True) | Q(region_id=region_id))

    def with_topic(self, code: str):
        """Programs of a topic code of the `trained` predicate (a catalogue topic or a development flag)."""
        if code in DEVELOPMENT_TOPICS:
            return self.filter(**{DEVELOPMENT_TOPICS[code]: True})
        return self.filter(topics__code=code)


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
    # The number of the program in the federal registry (ФР ДПП), by which an import of trainings may name it.
    registry_number = models.CharField("номер в федеральном реестре", max_length=50, blank=True)

    objects = ProgramQuerySet.as_manager()

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

    def requests(self):
        """Educators' requests to count a course taken elsewhere (whatever their decision)."""
        return self.filter(source=TrainingSource.REQUEST)


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


# The three-year cycle of mandatory further training (ст. 47 ФЗ № 273: ДПО не реже одного раза в три года).
# Who has not completed a counted ПК for CYCLE_DUE_MONTHS is due: half a year before the three years run out,
# so that a course can be planned and taken in time.
CYCLE_YEARS = 3
CYCLE_DUE_MONTHS = 30


MONTH_NAMES = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
               "ноябрь", "декабрь")  # fmt: skip


class OrderReason(models.TextChoices):
    DEFICIT = "deficit", "Открытые профессиональные дефициты"  # a program addressing an open deficit
    CYCLE = "cycle", "Трёхлетний цикл повышения квалификации"  # last counted ПК more than 2,5 years ago
    ATTESTATION = "attestation", "Предстоящая аттестация"  # a category expiring in the plan year
    MANUAL = "manual", "Добавлено методистом"


class TrainingOrder(models.Model):
    """A plan-order (план-заказ) of further training of one municipality for a calendar year."""

    year = models.PositiveSmallIntegerField("год")
    municipality = models.ForeignKey("orgs.Municipality", verbose_name="муниципалитет", on_delete=models.CASCADE)
    generated_on = models.DateField("сформирован на дату")
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="сформировал", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "план-заказ на повышение квалификации"
        verbose_name_plural = "планы-заказы на повышение квалификации"
        ordering = ["-year", "municipality"]
        constraints = [models.UniqueConstraint(fields=["year", "municipality"], name="training_order_unique")]

    def __str__(self) -> str:
        return f"План-заказ на {self.year} год: {self.municipality}"


class TrainingOrderRow(models.Model):
    """How many educators to train on a topic (or a program) in a month; `quantity` is what the methodologist
    keeps (it starts as the generated demand, the sum of the three reasons)."""

    order = models.ForeignKey(TrainingOrder, verbose_name="план-заказ", on_delete=models.CASCADE, related_name="rows")
    topic = models.ForeignKey(Topic, verbose_name="тема", null=True, blank=True, on_delete=models.PROTECT)
    program = models.ForeignKey(Program, verbose_name="программа", null=True, blank=True, on_delete=models.PROTECT)
    month = models.PositiveSmallIntegerField("месяц", validators=[MinValueValidator(1), MaxValueValidator(12)])
    from_deficits = models.PositiveIntegerField("по дефицитам", default=0)
    from_cycle = models.PositiveIntegerField("по трёхлетнему циклу", default=0)
    from_attestation = models.PositiveIntegerField("по аттестации", default=0)
    quantity = models.PositiveIntegerField("количество человек")
    seats = models.PositiveIntegerField("мест в потоках", null=True, blank=True)  # None: not limited or unknown
    note = models.CharField("примечание", max_length=300, blank=True)

    class Meta:
        verbose_name = "строка плана-заказа"
        verbose_name_plural = "строки плана-заказа"
        ordering = ["order", "month", "topic__order", "program__title", "pk"]

    def __str__(self) -> str:
        return f"{self.month:02d}: {self.program or self.topic or 'любая тема'} — {self.quantity}"

    @property
    def month_name(self) -> str:
        return MONTH_NAMES[self.month - 1]

    @property
    def demand(self) -> int:
        return self.from_deficits + self.from_cycle + self.from_attestation

    @property
    def shortage(self) -> int:
        """How many more people than the provider's cohorts of that month seat (0 when seats suffice)."""
        if self.seats is None:
            return 0
        return max(self.quantity - self.seats, 0)
