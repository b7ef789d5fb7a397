"""Monitoring: catalogues of indicators (loaded from data files), campaigns, information cards, snapshots.

A catalogue is the indicator set of one regulation; its definitions live in catalogues/*.toml and are
copied here by `manage.py monitoring load` so that campaigns and snapshots can refer to them.
A snapshot is immutable: recomputing makes a new one.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class Unit(models.TextChoices):
    EDUCATORS = "educators", "педагогические работники"  # counts people
    ORGANIZATIONS = "organizations", "образовательные организации"  # «доля ОО, в которых…»
    MUNICIPALITIES = "municipalities", "муниципальные образования"
    STAFF_RATES = "staff_rates", "ставки штатного расписания"  # staffing: filled rates of all rates


class IndicatorKind(models.TextChoices):
    SHARE = "share", "доля, %"
    COUNT = "count", "количество"
    PRESENCE = "presence", "наличие (да/нет)"
    VALUE = "value", "значение"
    SCORE = "score", "баллы"  # a checklist of points with a cap, or bands of another indicator's value


class Level(models.TextChoices):
    ORGANIZATION = "organization", "образовательная организация"
    MUNICIPALITY = "municipality", "муниципальное образование"
    REGION = "region", "регион"


class Catalogue(models.Model):
    code = models.SlugField("код", max_length=60, unique=True)
    title = models.CharField("наименование", max_length=500)
    document = models.CharField("документ", max_length=500)
    source = models.CharField("файл-источник", max_length=200)
    adopted_by = models.CharField("утверждён муниципалитетом", max_length=300, blank=True)
    version = models.CharField("версия (хэш файла)", max_length=64)
    completeness_threshold = models.DecimalField(
        "порог полноты данных, %", max_digits=5, decimal_places=2, null=True, blank=True,
        help_text="Ниже этой доли принятых карт значение показывается как предварительное",
    )  # fmt: skip
    loaded_at = models.DateTimeField("загружен", auto_now=True)

    class Meta:
        verbose_name = "каталог показателей"
        verbose_name_plural = "каталоги показателей"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title as pages show it: a catalogue adopted by a municipality names that municipality."""
        return f"{self.title} ({self.adopted_by})" if self.adopted_by else self.title


class DataCard(models.Model):
    """Информационная карта: a group of data elements filled by an organization, a municipality or the region."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="cards")
    code = models.SlugField("код", max_length=60)
    title = models.CharField("наименование", max_length=300)
    level = models.CharField("уровень", max_length=20, choices=Level.choices)
    organization_kinds = models.JSONField("типы организаций", default=list, blank=True)
    # One named organization (a regional centre) fills the card instead of every organization / the region.
    respondent = models.CharField("организация-респондент (краткое наименование или ИНН)", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "информационная карта"
        verbose_name_plural = "информационные карты"
        ordering = ["catalogue", "order"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="unique_card_code")]

    def __str__(self) -> str:
        return self.title


class ValueType(models.TextChoices):
    NUMBER = "number", "число"
    BOOL = "bool", "да/нет"
    TEXT = "text", "текст"
    FILE = "file", "файл или ссылка"


class DataElement(models.Model):
    card = models.ForeignKey(DataCard, on_delete=models.CASCADE, related_name="elements")
    code = models.SlugField("код", max_length=60)
    name = models.CharField("наименование", max_length=600)
    value_type = models.CharField("тип значения", max_length=10, choices=ValueType.choices)
    required = models.BooleanField("обязательно", default=True)
    rules = models.JSONField("правила проверки", default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "элемент данных"
        verbose_name_plural = "элементы данных"
        ordering = ["card", "order"]
        constraints = [models.UniqueConstraint(fields=["card", "code"], name="unique_element_code")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("код", max_length=40)
    number = models.CharField("номер в документе", max_length=20)
    name = models.TextField("наименование (дословно)")
    group = models.JSONField("группа (трек / показатель)", default=list)
    source = models.CharField("место в документе", max_length=300)
    kind = models.CharField("вид", max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField("что считается", max_length=20, choices=Unit.choices)
    definition = models.JSONField("определение (население, условия, элементы)", default=dict)
    breakdowns = models.JSONField("разрезы", default=list, blank=True)
    targets = models.JSONField("целевые значения", default=list, blank=True)
    scale = models.JSONField("шкала оценки", default=list, blank=True)
    method = models.TextField("методы сбора и источники информации", blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="«в том числе» к показателю", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["catalogue", "order"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.number} {self.name[:80]}"

    @property
    def source_text(self) -> str:
        """Where the indicator is in its document: the document's name and the point, never a file name (the
        catalogue's source file named at the start of the indicator's source is replaced by the document)."""
        catalogue, point = self.catalogue, self.source
        if catalogue.source and point.startswith(catalogue.source):
            point = point[len(catalogue.source) :].lstrip(" ,;:")
        return f"{catalogue.document}, {point}" if point else catalogue.document

    def target_for(self, period: str) -> dict | None:
        """The first target in force for a period code ('2023/24'), or None."""
        targets = self.targets_for(period)
        return targets[0] if targets else None

    def target_direction(self, period: str) -> int:
        """+1 when the target in force asks for more («≥», «>»), −1 for less («≤», «<»), 0 when there is no
        target or it names no direction («=»)."""
        from .display import DOWNWARD, UPWARD

        op = (self.target_for(period) or {}).get("op")
        return 1 if op in UPWARD else -1 if op in DOWNWARD else 0

    def targets_for(self, period: str) -> list[dict]:
        """Every threshold in force for a period, in the order of the catalogue: the target as written, with the
        value of the period in `value` (a trajectory resolved).

        A target applies to the periods it lists (`periods`), to a range of years (`from`, `to`: inclusive,
        either open) or to every period; a trajectory (`trajectory`: period → value) gives the value of each
        period it names. Of several targets with one label (or none) the first in force wins, so a trajectory
        may be followed by a general target of the same label."""
        found, labels = [], set()
        for target in self.targets:
            value = _target_value(target, period)
            label = target.get("label", "")
            if value is None or label in labels:
                continue
            labels.add(label)
            found.append({**{k: v for k, v in target.items() if k != "trajectory"}, "value": value})
        return found


def period_year(period: str) -> int | None:
    """The year a period code begins in: '2023/24' → 2023, '2024' → 2024 (None when it names no year)."""
    head = str(period)[:4]
    return int(head) if head.isdigit() else None


def _target_value(target: dict, period: str):
    """The value of a target for a period, or None when the target is not in force then."""
    if target.get("periods") and period not in target["periods"]:
        return None
    year = period_year(period)
    low, high = target.get("from"), target.get("to")
    if (low or high) and year is None:
        return None
    if (low and year < period_year(low)) or (high and year > period_year(high)):
        return None
    if "trajectory" in target:
        return target["trajectory"].get(period)
    return target["value"]


# Below 80 % of respondents a survey figure is not taken as representative without a study of who is missing
# (the threshold of the US OMB Standards for Statistical Surveys, 2006, for a nonresponse bias analysis).
DEFAULT_COMPLETENESS_THRESHOLD = Decimal(80)


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Подготовка"  # created, cards not yet sent
    OPEN = "open", "Сбор данных"  # organizations fill their cards
    CLOSED = "closed", "Завершена"  # collection over, results final


class CampaignQuerySet(models.QuerySet):
    def in_scope(self, user):
        """Campaigns over the user's region, or over a municipality the user sees (a region-wide campaign
        covers every municipality of its region)."""
        from metodist.accounts.models import ScopeLevel
        from metodist.orgs.models import Municipality

        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.SELF:
            return self.none()
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id)
        municipalities = Municipality.objects.in_scope(user)
        regions = municipalities.values("region_id")
        return self.filter(Q(municipality__in=municipalities) | Q(municipality__isnull=True, region__in=regions))


class Campaign(models.Model):
    """One monitoring round of one catalogue for one period, over a municipality (or a whole region)."""

    catalogue = models.ForeignKey(Catalogue, verbose_name="каталог", on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField("наименование", max_length=300)
    period = models.CharField("отчётный период", max_length=20, help_text="Например, 2023/24")
    period_start = models.DateField("начало периода")
    period_end = models.DateField("конец периода (дата, на которую считаются показатели)")
    region = models.ForeignKey("orgs.Region", verbose_name="регион", on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        "orgs.Municipality", verbose_name="муниципалитет", null=True, blank=True, on_delete=models.PROTECT
    )
    deadline = models.DateField("срок представления информационных карт")
    status = models.CharField("статус", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    completeness_threshold = models.DecimalField(
        "порог полноты данных, %",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Значение по информационным картам, принятым у меньшей доли организаций, помечается "
        "«предварительно». Пусто — как в каталоге показателей, а если там не задано — 80 %.",
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "кампания мониторинга"
        verbose_name_plural = "кампании мониторинга"
        ordering = ["-period_end", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_regional(self) -> bool:
        return self.municipality_id is None

    def threshold(self) -> Decimal:
        """The completeness (in %) below which a value from cards is preliminary: the campaign's, else the
        catalogue's, else DEFAULT_COMPLETENESS_THRESHOLD."""
        for threshold in (self.completeness_threshold, self.catalogue.completeness_threshold):
            if threshold is not None:
                return threshold
        return DEFAULT_COMPLETENESS_THRESHOLD

    def organizations(self):
        """The active educational organizations of the campaign's area: its respondents and the places its
        people are counted in. A methodological centre (ИМЦ, ЦНППМ) supports them and is not one of them, so
        neither it nor its staff enter «образовательные организации» or «их педагогические работники»."""
        from metodist.orgs.models import Organization, OrganizationKind

        area = (
            Organization.objects.active().exclude(kind=OrganizationKind.METHODOLOGICAL).filter(region_id=self.region_id)
        )
        return area.filter(municipality_id=self.municipality_id) if self.municipality_id else area

    def municipalities(self):
        from metodist.orgs.models import Municipality

        area = Municipality.objects.filter(region_id=self.region_id)
        return area.filter(pk=self.municipality_id) if self.municipality_id else area


class CardStatus(models.TextChoices):
    DRAFT = "draft", "Заполняется"
    SUBMITTED = "submitted", "Представлена"
    RETURNED = "returned", "Возвращена на доработку"
    ACCEPTED = "accepted", "Принята"


class CardSubmissionQuerySet(models.QuerySet):
    def in_scope(self, user):
        from metodist.accounts.models import ScopeLevel

        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(campaign__region_id=user.region_id)
        if level == ScopeLevel.MUNICIPALITY:
            return self.filter(
                Q(organization__municipality_id=user.municipality_id) | Q(municipality_id=user.municipality_id)
            )
        if level == ScopeLevel.ORGANIZATIONS:
            return self.filter(organization__in=user.organizations.all())
        return self.none()

    def accepted(self):
        return self.filter(status=CardStatus.ACCEPTED)


class CardSubmission(models.Model):
    """The card of one organization (or municipality) in a campaign, with its workflow state."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="submissions")
    card = models.ForeignKey(DataCard, on_delete=models.PROTECT, related_name="submissions")
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="card_submissions"
    )
    municipality = models.ForeignKey(
        "orgs.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="card_submissions"
    )
    status = models.CharField("статус", max_length=10, choices=CardStatus.choices, default=CardStatus.DRAFT)
    submitted_at = models.DateTimeField("представлена", null=True, blank=True)
    accepted_at = models.DateTimeField("принята", null=True, blank=True)
    comment = models.TextField("комментарий координатора", blank=True)
    # Moved on by every save of the values and every change of status (metodist.lib.versions).
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = CardSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "информационная карта организации"
        verbose_name_plural = "информационные карты организаций"
        ordering = ["campaign", "card", "organization__short_name", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "card"],
                condition=Q(organization__isnull=True, municipality__isnull=True),
                name="unique_region_card",
            ),
            models.UniqueConstraint(
                fields=["campaign", "card", "organization"],
                condition=Q(organization__isnull=False),
                name="unique_org_card",
            ),
            models.UniqueConstraint(
                fields=["campaign", "card", "municipality"],
                condition=Q(municipality__isnull=False),
                name="unique_municipality_card",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.card}: {self.organization or self.municipality}"

    @property
    def respondent(self):
        """The organization or municipality that fills the card; a region-level card is the region's."""
        return self.organization or self.municipality or self.campaign.region

    @property
    def is_locked(self) -> bool:
        return self.status in (CardStatus.SUBMITTED, CardStatus.ACCEPTED)

    def is_overdue(self, today) -> bool:
        submitted_on = self.submitted_at.date() if self.submitted_at else None
        if submitted_on:
            return submitted_on > self.campaign.deadline
        return today > self.campaign.deadline

    def submitted_on_time(self) -> bool:
        return bool(self.submitted_at) and self.submitted_at.date() <= self.campaign.deadline


class CardValue(models.Model):
    submission = models.ForeignKey(CardSubmission, on_delete=models.CASCADE, related_name="values")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    flag = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True)
    file = models.FileField(upload_to="cards/%Y/", blank=True)
    link = models.URLField(blank=True)
    # Why a value that raised a warning is right, written by the respondent before submitting
    explanation = models.TextField("пояснение к предупреждению", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "element"], name="unique_card_value")]

    def __str__(self) -> str:
        return f"{self.element.code} = {self.display()}"

    def display(self) -> str:
        if self.number is not None:
            return format(self.number.normalize(), "f")
        if self.flag is not None:
            return "да" if self.flag else "нет"
        return self.text or self.link or (self.file.name if self.file else "")

    def as_number(self) -> Decimal | None:
        if self.number is not None:
            return self.number
        if self.flag is not None:
            return Decimal(int(self.flag))
        return None


class CardEvent(models.Model):
    """History of a card: every value change and every status change, with who and when."""

    submission = models.ForeignKey(CardSubmission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    element = models.ForeignKey(DataElement, null=True, blank=True, on_delete=models.SET_NULL)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    is_reminder = models.BooleanField("напоминание", default=False)  # the coordinator's «Напомнить»

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.old} → {self.new}"


class Snapshot(models.Model):
    """An immutable computation of every indicator of a campaign at one moment."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="snapshots")
    catalogue_version = models.CharField(max_length=64)
    data_read_at = models.DateTimeField("данные прочитаны")
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    seconds = models.FloatField("время расчёта, с", default=0)

    class Meta:
        verbose_name = "расчёт показателей"
        verbose_name_plural = "расчёты показателей"
        ordering = ["-data_read_at", "-pk"]
        get_latest_by = "data_read_at"

    def __str__(self) -> str:
        return f"{self.campaign} от {self.data_read_at:%d.%m.%Y %H:%M}"


class ResultStatus(models.TextChoices):
    OK = "ok", "рассчитано"
    NO_DATA = "no_data", "нет данных"  # e.g. zero denominator
    NOT_CONNECTED = "not_connected", "нет данных: модуль ещё не подключён"
    AWAITING_CARDS = "awaiting_cards", "нет данных: ожидаются информационные карты"


class TargetStatus(models.TextChoices):
    MET = "met", "достигнуто"
    NOT_MET = "not_met", "не достигнуто"
    NO_TARGET = "no_target", "целевое значение не установлено"
    UNKNOWN = "unknown", "не оценено: нет данных"


class SnapshotValue(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)  # a computed indicator stays
    level = models.CharField(max_length=20, choices=Level.choices)
    organization = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.CASCADE)
    municipality = models.ForeignKey("orgs.Municipality", null=True, blank=True, on_delete=models.CASCADE)
    breakdown = models.CharField(max_length=60, blank=True)  # '' or 'subject:<code>'
    numerator = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    denominator = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    status = models.CharField(max_length=20, choices=ResultStatus.choices)
    reason = models.CharField(max_length=300, blank=True)
    target_status = models.CharField(max_length=10, choices=TargetStatus.choices, default=TargetStatus.NO_TARGET)
    # Every threshold in force with its own status: [{"op", "value", "label", "status"}]; target_status is the first.
    thresholds = models.JSONField(default=list, blank=True)
    previous_value = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    completeness = models.JSONField(default=dict, blank=True)
    # from cards accepted from fewer respondents than the campaign's threshold; never a base for dynamics
    preliminary = models.BooleanField("предварительно", default=False)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "indicator", "level"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.level} {self.value}"


class SnapshotMembers(models.Model):
    """Who a value of an approved snapshot counted, frozen at the approval so that the drill-down answers
    years later as it did then: ids of educators (or staff positions) on organization rows, ids of
    organizations on municipality rows (the finest level the unit has); coarser levels are their unions."""

    value = models.OneToOneField(SnapshotValue, on_delete=models.CASCADE, related_name="members")
    numerator = models.JSONField(default=list)
    denominator = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.value}: {len(self.numerator)} из {len(self.denominator)}"


class ApprovalLevel(models.TextChoices):
    MUNICIPALITY = "municipality", "муниципальное образование"  # by the municipality's coordinator
    REGION = "region", "регион"  # a regional campaign, by the regional operator


class ApprovalQuerySet(models.QuerySet):
    def active(self):
        return self.filter(reopened_at__isnull=True)


class Approval(models.Model):
    """One act of approving the results of a campaign at a level (for a municipality or for the region).

    While active it locks the cards of its territory and, when it is the campaign's final approval, freezes
    its snapshot; reopening keeps the row with who, when and why, so the history of a campaign is its rows.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="approvals")
    level = models.CharField("уровень", max_length=20, choices=ApprovalLevel.choices)
    municipality = models.ForeignKey(
        "orgs.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="approvals")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("утверждено")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField("утверждение отменено", null=True, blank=True)
    reopen_reason = models.TextField("причина отмены", blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = "утверждение результатов"
        verbose_name_plural = "утверждения результатов"
        ordering = ["-approved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "municipality"],
                condition=Q(reopened_at__isnull=True, level="municipality"),
                name="one_active_municipal_approval",
            ),
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(reopened_at__isnull=True, level="region"),
                name="one_active_regional_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.municipality or self.campaign.region}"

    @property
    def is_active(self) -> bool:
        return self.reopened_at is None

    @property
    def territory(self):
        return self.municipality or self.campaign.region
