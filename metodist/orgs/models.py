"""The territorial tree and the organizations of a municipality, with their staff positions."""

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


class OrganizationKind(models.TextChoices):
    GENERAL = "general", "Общеобразовательная организация"  # school (ОО)
    PRESCHOOL = "preschool", "Дошкольная образовательная организация"  # kindergarten (ДОО)
    ADDITIONAL = "additional", "Организация дополнительного образования"  # УДО
    COLLEGE = "college", "Профессиональная образовательная организация"  # college, technical school
    METHODOLOGICAL = "methodological", "Методический центр"  # ИМЦ, РМК
    OTHER = "other", "Иная организация"


# The organization flags named in the regulations, with the labels the documents use.
ORGANIZATION_FLAGS = {
    "is_low_results": "ШНОР",
    "is_difficult_conditions": "ШССУ",
    "is_innovation_site": "Инновационная площадка",
    "is_resource_centre": "Ресурсный центр",
    "is_internship_site": "Стажировочная площадка",
    "is_minpros_school": "Школа Минпросвещения России",
}


class OrganizationQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Bulk inserts (imports, demo data) skip save(), so the sort key is set here too."""
        objs = list(objs)
        for organization in objs:
            organization.sort_name = natural_key(organization.short_name)
        return super().bulk_create(objs, *args, **kwargs)

    def in_scope(self, user):
        return self.filter(user.organization_q())

    def active(self):
        return self.filter(is_active=True)

    def with_staffing(self):
        """Annotates staff rates, vacant rates and vacancies (rates summed in the database)."""
        zero = Decimal("0")
        return self.annotate(
            staff_rates=Coalesce(Sum("staff_positions__rates"), zero, output_field=models.DecimalField()),
            vacant_rates=Coalesce(Sum("staff_positions__vacant_rates"), zero, output_field=models.DecimalField()),
        )


class Organization(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципальное образование", on_delete=models.PROTECT, related_name="organizations"
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    kind = models.CharField("тип", max_length=20, choices=OrganizationKind.choices)
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[validate_inn])
    ogrn = models.CharField(
        "ОГРН", max_length=15, blank=True, validators=[validate_ogrn], help_text="13 цифр (ОГРНИП — 15)"
    )
    address = models.CharField("адрес", max_length=300, blank=True)
    is_low_results = models.BooleanField("школа с низкими образовательными результатами (ШНОР)", default=False)
    is_difficult_conditions = models.BooleanField("школа в сложных социальных условиях (ШССУ)", default=False)
    is_innovation_site = models.BooleanField("инновационная площадка", default=False)
    is_resource_centre = models.BooleanField("ресурсный центр", default=False)
    is_internship_site = models.BooleanField("стажировочная площадка", default=False)
    is_minpros_school = models.BooleanField("участник проекта «Школа Минпросвещения России»", default=False)
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
        if update_fields is not None and "short_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def flag_labels(self) -> list[str]:
        return [label for field, label in ORGANIZATION_FLAGS.items() if getattr(self, field)]


class StaffPositionQuerySet(models.QuerySet):
    def in_scope(self, user):
        return self.filter(user.organization_q("organization__"))

    def vacant(self):
        return self.filter(vacant_rates__gt=0)


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

    objects = StaffPositionQuerySet.as_manager()

    class Meta:
        verbose_name = "штатная единица"
        verbose_name_plural = "штатное расписание"
        ordering = ["organization", "position__order", "subject__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "position", "subject"],
                condition=Q(subject__isnull=False),
                name="unique_staff_position_subject",
            ),
            models.UniqueConstraint(
                fields=["organization", "position"],
                condition=Q(subject__isnull=True),
                name="unique_staff_position_no_subject",
            ),
            models.CheckConstraint(condition=Q(vacant_rates__lte=F("rates")), name="vacant_not_above_rates"),
        ]

    def __str__(self) -> str:
        subject = f", {self.subject}" if self.subject_id else ""
        return f"{self.position}{subject}: {self.rates}"

    def clean(self) -> None:
        if self.rates is not None and self.vacant_rates is not None and self.vacant_rates > self.rates:
            raise ValidationError({"vacant_rates": "Вакантных ставок не может быть больше, чем ставок в штате."})
