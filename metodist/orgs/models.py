"""The territorial tree and the organizations of a municipality, with their staff positions.

The facts an indicator reads about an organization are dated, because a figure of a past period must use the
facts as they were then: a flag (ШНОР, стажировочная площадка, …) is held for a period (`FlagPeriod`, the
lists are issued each year) and a row of the staff list is valid for a period (`StaffPosition.valid_from`,
`valid_to`). An empty start means «before the registry kept dates» (rows carried over from the time these
facts were undated): such a row counts for any earlier date.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from metodist.lib.requisites import validate_inn, validate_ogrn
from metodist.lib.sorting import SORT_KEY_LENGTH, natural_key


class Region(models.Model):
    name = models.CharField("наименование", max_length=200, unique=True)
    code = models.CharField("код", max_length=10, unique=True)

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def in_scope(self, user):
        from metodist.accounts.models import ScopeLevel

        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self
        if level == ScopeLevel.REGION:
            return self.filter(region_id=user.region_id)
        if level == ScopeLevel.MUNICIPALITY:
            return self.filter(pk=user.municipality_id)
        return self.filter(organizations__in=Organization.objects.in_scope(user)).distinct()


class Municipality(models.Model):
    region = models.ForeignKey(Region, verbose_name="регион", on_delete=models.PROTECT, related_name="municipalities")
    name = models.CharField("наименование", max_length=200)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = "муниципальное образование"
        verbose_name_plural = "муниципальные образования"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_municipality_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Organizations carry their region (Organization.region); a municipality moved to another region
        # takes its organizations along.
        self.organizations.exclude(region_id=self.region_id).update(region_id=self.region_id)


class OrganizationKind(models.TextChoices):
    GENERAL = "general", "Общеобразовательная организация"  # school (ОО)
    PRESCHOOL = "preschool", "Дошкольная образовательная организация"  # kindergarten (ДОО)
    ADDITIONAL = "additional", "Организация дополнительного образования"  # УДО
    COLLEGE = "college", "Профессиональная образовательная организация"  # college, technical school
    METHODOLOGICAL = "methodological", "Методический центр"  # ИМЦ, РМК
    OTHER = "other", "Иная организация"


class OrganizationFlag(models.TextChoices):
    """The organization flags named in the regulations, with the labels the documents use.

    The codes keep the names of the former boolean fields, so catalogues written against them still load.
    """

    LOW_RESULTS = "is_low_results", "ШНОР"  # школа с низкими образовательными результатами
    DIFFICULT_CONDITIONS = "is_difficult_conditions", "ШССУ"  # школа в сложных социальных условиях
    INNOVATION_SITE = "is_innovation_site", "Инновационная площадка"
    RESOURCE_CENTRE = "is_resource_centre", "Ресурсный центр"
    INTERNSHIP_SITE = "is_internship_site", "Стажировочная площадка"
    MINPROS_SCHOOL = "is_minpros_school", "Школа Минпросвещения России"


ORGANIZATION_FLAGS = dict(OrganizationFlag.choices)


def valid_on(on: date, start: str, end: str) -> Q:
    """A period [start, end] holds on `on`; an empty start is «before dates were kept», an empty end is open."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on})
    )


def overlapping(start_date: date | None, end_date: date | None, start: str, end: str) -> Q:
    """A period [start, end] shares at least one day with [start_date, end_date] (None = open on that side)."""
    condition = Q()
    if end_date is not None:
        condition &= Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": end_date})
    if start_date is not None:
        condition &= Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": start_date})
    return condition


class OrganizationQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Bulk inserts (imports, demo data) skip save(), so the sort key and the region are set here too."""
        objs = list(objs)
        uncached = {org.municipality_id for org in objs if not Organization.municipality.is_cached(org)}
        regions = dict(Municipality.objects.filter(pk__in=uncached).values_list("pk", "region_id"))
        for organization in objs:
            organization.sort_name = natural_key(organization.short_name)
            organization.region_id = (
                organization.municipality.region_id
                if Organization.municipality.is_cached(organization)
                else regions.get(organization.municipality_id)
            )
        return super().bulk_create(objs, *args, **kwargs)

    def in_scope(self, user):
        return self.filter(user.organization_q())

    def active(self):
        return self.filter(is_active=True)

    def flagged(self, flags, on: date):
        """Holding one of `flags` on `on`."""
        return self.filter(pk__in=FlagPeriod.objects.held_on(on).filter(flag__in=flags).values("organization_id"))

    def with_staffing(self, on: date):
        """Annotates staff rates and vacant rates of the staff list valid on `on` (summed in the database)."""
        zero = Decimal("0")
        valid = valid_on(on, "staff_positions__valid_from", "staff_positions__valid_to")
        return self.annotate(
            staff_rates=Coalesce(Sum("staff_positions__rates", filter=valid), zero, output_field=models.DecimalField()),
            vacant_rates=Coalesce(
                Sum("staff_positions__vacant_rates", filter=valid), zero, output_field=models.DecimalField()
            ),
        )


class Organization(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципальное образование", on_delete=models.PROTECT, related_name="organizations"
    )
    # The municipality's region, kept by save() and bulk_create() (and Municipality.save()): the distribution
    # key of a national deployment, so that employments, staff lines, flag periods and cards reach their region
    # in one join (docs/operations.md, «Национальное развёртывание»).
    region = models.ForeignKey(
        Region, verbose_name="регион", on_delete=models.PROTECT, related_name="organizations", editable=False
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    kind = models.CharField("тип", max_length=20, choices=OrganizationKind.choices)
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[validate_inn])
    ogrn = models.CharField(
        "ОГРН", max_length=15, blank=True, validators=[validate_ogrn], help_text="13 цифр (ОГРНИП — 15)"
    )
    address = models.CharField("адрес", max_length=300, blank=True)
    is_active = models.BooleanField("действующая", default=True)
    # The short name in natural order (numbers padded), kept by save(); lists, selects and exports sort by it.
    sort_name = models.CharField(
        "ключ сортировки", max_length=SORT_KEY_LENGTH, editable=False, db_index=True, default=""
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "образовательная организация"
        verbose_name_plural = "образовательные организации"
        ordering = ["sort_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "short_name"], name="unique_organization_short_name"),
        ]

    def __str__(self) -> str:
        return self.short_name

    def save(self, *args, **kwargs):
        self.sort_name = natural_key(self.short_name)
        update_fields = kwargs.get("update_fields")
        moved = update_fields is None or bool({"municipality", "municipality_id"} & set(update_fields))
        if moved and self.municipality_id is not None:
            self.region_id = (
                self.municipality.region_id
                if Organization.municipality.is_cached(self)
                else Municipality.objects.values_list("region_id", flat=True).get(pk=self.municipality_id)
            )
        if update_fields is not None:
            derived = {"short_name": "sort_name", "municipality": "region", "municipality_id": "region"}
            kwargs["update_fields"] = {*update_fields, *(derived[f] for f in update_fields if f in derived)}
        super().save(*args, **kwargs)

    def flags_on(self, on: date) -> list[str]:
        """The codes of the flags held on `on`, in the order of OrganizationFlag (reads prefetched periods)."""
        held = {period.flag for period in self.flag_periods.all() if period.holds_on(on)}
        return [flag for flag in OrganizationFlag.values if flag in held]

    def flag_labels(self, on: date) -> list[str]:
        return [ORGANIZATION_FLAGS[flag] for flag in self.flags_on(on)]


class FlagPeriodQuerySet(models.QuerySet):
    def in_scope(self, user):
        return self.filter(user.organization_q("organization__"))

    def held_on(self, on: date):
        return self.filter(valid_on(on, "start_date", "end_date"))


class FlagPeriod(models.Model):
    """An organization holds a flag from `start_date` to `end_date` (open while not closed), by a document."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="flag_periods"
    )
    flag = models.CharField("признак", max_length=30, choices=OrganizationFlag.choices)
    start_date = models.DateField("действует с", null=True, blank=True)
    end_date = models.DateField("действует по", null=True, blank=True)
    basis = models.CharField(
        "основание", max_length=300, blank=True, help_text="Документ, которым признак установлен: приказ, распоряжение"
    )

    objects = FlagPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "период признака организации"
        verbose_name_plural = "периоды признаков организаций"
        ordering = ["organization", "flag", "start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "flag"], condition=Q(end_date__isnull=True), name="one_open_flag_period"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="flag_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_flag_display()} {period_text(self.start_date, self.end_date)}"

    def holds_on(self, on: date) -> bool:
        return (self.start_date is None or self.start_date <= on) and (self.end_date is None or self.end_date >= on)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Дата окончания раньше даты начала."})
        if self.organization_id and self.flag:
            others = FlagPeriod.objects.filter(organization_id=self.organization_id, flag=self.flag).exclude(pk=self.pk)
            if others.filter(overlapping(self.start_date, self.end_date, "start_date", "end_date")).exists():
                raise ValidationError("Этот признак у организации уже действует в указанный период.")


def period_text(start: date | None, end: date | None) -> str:
    """«с 01.09.2024 по 31.08.2025», «с 01.09.2024», «по 31.08.2025»; no dates at all reads «без дат»."""
    parts = []
    if start:
        parts.append(f"с {start:%d.%m.%Y}")
    if end:
        parts.append(f"по {end:%d.%m.%Y}")
    return " ".join(parts) or "без дат"


class StaffPositionQuerySet(models.QuerySet):
    def in_scope(self, user):
        return self.filter(user.organization_q("organization__"))

    def vacant(self):
        return self.filter(vacant_rates__gt=0)

    def valid(self, on: date):
        """The rows of the staff list in force on `on`."""
        return self.filter(valid_on(on, "valid_from", "valid_to"))


class StaffPosition(models.Model):
    """Штатная единица: rates of one position (and subject) in an organization's staff list, and how many are vacant."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="staff_positions"
    )
    position = models.ForeignKey("people.Position", verbose_name="должность", on_delete=models.PROTECT)
    subject = models.ForeignKey(
        "people.Subject", verbose_name="учебный предмет", null=True, blank=True, on_delete=models.PROTECT
    )
    rates = models.DecimalField(
        "ставок по штатному расписанию", max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    vacant_rates = models.DecimalField(
        "из них вакантных",
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    valid_from = models.DateField("действует с", null=True, blank=True)
    valid_to = models.DateField("действует по", null=True, blank=True)

    objects = StaffPositionQuerySet.as_manager()

    class Meta:
        verbose_name = "штатная единица"
        verbose_name_plural = "штатное расписание"
        ordering = ["organization", "position__order", "subject__order"]
        constraints = [
            # One open row per position (and subject); closed rows of earlier periods are checked in clean().
            models.UniqueConstraint(
                fields=["organization", "position", "subject"],
                condition=Q(subject__isnull=False, valid_to__isnull=True),
                name="unique_open_staff_position_subject",
            ),
            models.UniqueConstraint(
                fields=["organization", "position"],
                condition=Q(subject__isnull=True, valid_to__isnull=True),
                name="unique_open_staff_position_no_subject",
            ),
            models.CheckConstraint(condition=Q(vacant_rates__lte=F("rates")), name="vacant_not_above_rates"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="staff_position_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        subject = f", {self.subject}" if self.subject_id else ""
        return f"{self.position}{subject}: {self.rates}"

    @property
    def period(self) -> str:
        return period_text(self.valid_from, self.valid_to)

    def is_valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)

    def same_line(self):
        """The other rows of the same position and subject in the organization's staff list (any period)."""
        return StaffPosition.objects.filter(
            organization_id=self.organization_id, position_id=self.position_id, subject_id=self.subject_id
        ).exclude(pk=self.pk)

    def clean(self) -> None:
        if self.rates is not None and self.vacant_rates is not None and self.vacant_rates > self.rates:
            raise ValidationError({"vacant_rates": "Вакантных ставок не может быть больше, чем ставок в штате."})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Дата окончания раньше даты начала."})
