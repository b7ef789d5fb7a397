"""Educators, their education, employments and qualification; reference lists of subjects and positions.

Derived facts (age, experience, young educator, pre-pension and pension age, out-of-profile teaching,
teaching load) exist twice by necessity: as model methods for one educator and as QuerySet methods that
run in SQL for lists and indicators. Both read their thresholds from `rules.py`.
"""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Concat

from metodist.accounts.models import ScopeLevel
from metodist.lib.dates import add_years, full_years
from metodist.lib.search import SearchKey, search_key
from metodist.lib.snils import SNILS_DIGITS, format_snils, normalize_snils, snils_checksum_ok

from . import conditions, rules


class Subject(models.Model):
    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("наименование", max_length=200, unique=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "учебный предмет"
        verbose_name_plural = "учебные предметы"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PositionKind(models.TextChoices):
    PEDAGOGICAL = "pedagogical", "Педагогическая"  # teaching and educating staff
    MANAGERIAL = "managerial", "Руководящая"  # heads and deputies (управленческие кадры)


class Position(models.Model):
    """A position from the nomenclature (Постановление Правительства РФ от 21.02.2022 № 225)."""

    code = models.SlugField("код", max_length=60, unique=True)
    name = models.CharField("наименование", max_length=200, unique=True)
    kind = models.CharField("вид", max_length=20, choices=PositionKind.choices)
    is_teacher = models.BooleanField("учитель (преподаватель) учебного предмета", default=False)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "должность"
        verbose_name_plural = "должности"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Speciality(models.Model):
    """A speciality (profile) of education, mapped to the subjects it qualifies one to teach. Editable in admin."""

    name = models.CharField("наименование", max_length=300, unique=True)
    subjects = models.ManyToManyField(Subject, verbose_name="даёт право преподавать", blank=True)

    class Meta:
        verbose_name = "специальность по образованию"
        verbose_name_plural = "специальности по образованию"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "M", "Мужской"
    FEMALE = "F", "Женский"


class Category(models.TextChoices):
    NONE = "none", "Без категории"  # no category and no attestation on record
    SZD = "szd", "Соответствие занимаемой должности"  # confirmed every 5 years
    FIRST = "first", "Первая"  # 1КК
    HIGHEST = "highest", "Высшая"  # ВКК
    METHODIST = "methodist", "Педагог-методист"  # since 01.09.2023, for holders of the highest category
    MENTOR = "mentor", "Педагог-наставник"  # since 01.09.2023, for holders of the highest category


# The two categories of order № 196 presuppose the highest one, so «высшая и выше» counts them too.
HIGHEST_OR_ABOVE = (Category.HIGHEST, Category.METHODIST, Category.MENTOR)


def category_expiry(category: str, awarded_on: date | None) -> date | None:
    """When a category awarded on `awarded_on` expires by the rules of order № 196; None if it does not."""
    if awarded_on is None or category == Category.NONE:
        return None
    if category == Category.SZD:
        return add_years(awarded_on, rules.CATEGORY_TERM_YEARS)
    if category in (Category.FIRST, Category.HIGHEST) and awarded_on < rules.ATTESTATION_ORDER_196_START:
        return add_years(awarded_on, rules.CATEGORY_TERM_YEARS)
    return None


def _with_employment(on: date, employments=None) -> Q:
    """Has an active employment (among `employments`) on `on`, as an uncorrelated `pk IN (…)`.

    The database evaluates the subquery once per statement: the right form when `employments` are those of
    a few organizations (a territory), whose employments then drive the query.
    """
    active = (employments if employments is not None else Employment.objects).active(on)
    return Q(pk__in=active.values("educator_id"))


def _has_employment(on: date, employments=None) -> Exists:
    """Has an active employment (among `employments`) on `on`, as a correlated EXISTS.

    The right form for a property of a person (a position, a subject, a kind of employment) applied to
    educators already chosen by territory: the check reads the person's own employments through the index
    on educator_id, so it costs what the territory costs, where an uncorrelated `IN (…)` would collect the
    matching employments of the whole database first.
    """
    active = (employments if employments is not None else Employment.objects).active(on)
    return Exists(active.filter(educator_id=OuterRef("pk")))


def active_q(on: date, path: str = "") -> Q:
    """An employment reached through `path` (e.g. 'employments__') is active on `on`."""
    ended_later = Q(**{f"{path}end_date__isnull": True}) | Q(**{f"{path}end_date__gte": on})
    return Q(**{f"{path}start_date__lte": on}) & ended_later


class EducatorQuerySet(models.QuerySet):
    def in_scope(self, user):
        if user.scope_level == ScopeLevel.ALL:
            return self
        if user.scope_level == ScopeLevel.SELF:
            return self.filter(pk=user.educator_id) if user.educator_id else self.none()
        # driven by the employments of the scope's organizations, so that `pk__in=in_scope(…).values("pk")`
        # reads the territory, not every educator of the database
        scoped = Employment.objects.filter(user.organization_q("organization__"))
        return self.filter(pk__in=scoped.values("educator_id"))

    def editable_by(self, user, on: date):
        """The cards `user` may change: those in scope, and for an organization's administrator only while the
        educator works (or is to start work) there. A card of someone who has left is read-only for the
        organization they left; the municipality's methodologists and coordinators still keep it."""
        if not user.can_edit_registry:
            return self.none()
        scoped = self.in_scope(user)
        if user.scope_level != ScopeLevel.ORGANIZATIONS:
            return scoped
        staying = Employment.objects.filter(user.organization_q("organization__")).not_ended(on)
        return scoped.filter(pk__in=staying.values("educator_id"))

    def employed(self, on: date):
        return self.filter(_with_employment(on))

    def working_in(self, organizations, on: date):
        return self.filter(_with_employment(on, Employment.objects.filter(organization__in=organizations)))

    def employed_among(self, employments, on: date):
        """Has an active job among `employments` on `on`: a property of a person (a position, a subject) read
        from the chosen jobs only, such as those of a user's scope."""
        return self.filter(_has_employment(on, employments))

    def with_position(self, position, on: date):
        return self.filter(_has_employment(on, Employment.objects.filter(position=position)))

    def working_in_scope(self, user, on: date):
        """Currently working in an active organization of the user's scope: who the registry counts today.

        Beyond the self level, working in an organization of the scope already puts a person in scope, so
        the scope's employments alone choose the people (no second pass over the educators)."""
        from metodist.orgs.models import Organization

        working = self.working_in(Organization.objects.in_scope(user).active(), on)
        return working.in_scope(user) if user.scope_level == ScopeLevel.SELF else working

    def pedagogical(self, on: date):
        return self.filter(_has_employment(on, Employment.objects.filter(position__kind=PositionKind.PEDAGOGICAL)))

    def teachers(self, on: date):
        return self.filter(_has_employment(on, Employment.objects.filter(position__is_teacher=True)))

    def managers(self, on: date):
        return self.filter(_has_employment(on, Employment.objects.filter(position__kind=PositionKind.MANAGERIAL)))

    def teaching(self, subject, on: date):
        return self.filter(_has_employment(on, Employment.objects.filter(subjects=subject)))

    def part_time(self, on: date):
        """Working by совместительство (internal or external) in at least one active employment."""
        return self.filter(_has_employment(on, Employment.objects.exclude(kind=EmploymentKind.MAIN)))

    def out_of_profile(self, on: date):
        return self.filter(_has_employment(on, Employment.objects.out_of_profile(on)))

    def with_load(self, on: date):
        """Annotates `weekly_hours`: the teaching load summed over active employments (0 where none)."""
        total = (
            Employment.objects.active(on)
            .filter(educator=OuterRef("pk"))
            .values("educator")
            .annotate(total=Sum("weekly_hours"))
            .values("total")
        )
        return self.annotate(weekly_hours=Coalesce(Subquery(total), Decimal("0"), output_field=models.DecimalField()))

    def load_at_least(self, hours: int, on: date):
        heavy = (
            Employment.objects.active(on)
            .values("educator_id")
            .annotate(total=Sum("weekly_hours"))
            .filter(total__gte=hours)
            .values("educator_id")
        )
        return self.filter(pk__in=heavy)

    def younger_than(self, years: int, on: date):
        return self.filter(conditions.younger_than(years, on))

    def experience_between(self, on: date, min_years: int | None = None, max_years: int | None = None):
        return self.filter(conditions.experience_between(on, min_years, max_years))

    def young(self, on: date):
        return self.filter(conditions.young(on))

    def pension_age(self, on: date):
        return self.filter(conditions.reached_pension_age(on))

    def pre_pension(self, on: date):
        return self.filter(conditions.pre_pension(on))

    def with_category(self, categories, on: date):
        return self.filter(conditions.category_in_force(categories, on))

    def without_category(self, on: date):
        """No category in force on `on`: none on record, or an expired one (a condition on the row itself)."""
        return self.exclude(conditions.category_in_force([c for c in Category.values if c != Category.NONE], on))

    def search(self, text: str):
        """Full name contains every word of `text`, ignoring case and «ё»; a text of 11 digits (with or without
        the separators of 112-233-445 95) is a SNILS and finds its owner."""
        digits = normalize_snils(text)
        if len(digits) == SNILS_DIGITS and re.fullmatch(r"[\d\s-]+", text):
            return self.filter(snils=digits)
        full_name = Concat("last_name", Value(" "), "first_name", Value(" "), "patronymic", output_field=CharField())
        queryset = self.alias(search_key=SearchKey(full_name))
        for word in text.split():
            queryset = queryset.filter(search_key__contains=search_key(word))
        return queryset

    def with_higher_education(self, on: date):
        """Higher education completed by `on`."""
        completed = Education.objects.completed(on).filter(level=EducationLevel.HIGHER)
        return self.filter(pk__in=completed.values("educator_id"))


class Educator(models.Model):
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    patronymic = models.CharField("отчество", max_length=100, blank=True)
    sex = models.CharField("пол", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("дата рождения")
    snils = models.CharField("СНИЛС", max_length=11, null=True, blank=True, unique=True)
    email = models.EmailField("электронная почта", blank=True)
    phone = models.CharField("телефон", max_length=30, blank=True)
    ped_work_start = models.DateField("дата начала педагогической работы")
    category = models.CharField(
        "квалификационная категория", max_length=20, choices=Category.choices, default=Category.NONE
    )
    category_awarded_on = models.DateField("дата присвоения категории", null=True, blank=True)
    category_expires_on = models.DateField("категория действует до", null=True, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)
    # Moved on by every save of the card (metodist.lib.versions): a form opened at an older version is refused.
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = EducatorQuerySet.as_manager()

    class Meta:
        verbose_name = "педагогический работник"
        verbose_name_plural = "педагогические работники"
        ordering = ["last_name", "first_name", "patronymic", "pk"]
        indexes = [
            models.Index(fields=["birth_date"]),
            models.Index(fields=["ped_work_start"]),
            models.Index(fields=["last_name", "first_name", "patronymic", "birth_date"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def snils_display(self) -> str:
        return format_snils(self.snils) if self.snils else ""

    def age(self, on: date) -> int:
        return full_years(self.birth_date, on)

    def experience_years(self, on: date) -> int:
        """Full years of pedagogical work on `on` (0 before the start)."""
        return max(full_years(self.ped_work_start, on), 0)

    def home_organization(self, on: date):
        """The organization that counts this educator on `on` (EmploymentQuerySet.home), or None."""
        employment = self.employments.home(on).select_related("organization").first()
        return employment.organization if employment else None

    def is_young(self, on: date) -> bool:
        return (
            self.age(on) < rules.YOUNG_MAX_AGE
            and self.ped_work_start <= on
            and self.experience_years(on) < rules.YOUNG_MAX_EXPERIENCE
        )

    def is_pension_age(self, on: date) -> bool:
        return on >= rules.pension_date(self.sex, self.birth_date)

    def is_pre_pension(self, on: date) -> bool:
        return rules.pre_pension_date(self.sex, self.birth_date) <= on < rules.pension_date(self.sex, self.birth_date)

    def category_on(self, on: date) -> str:
        """The category in force on `on`: one not yet awarded or already expired counts as none."""
        if self.category_expires_on and self.category_expires_on < on:
            return Category.NONE
        if self.category_awarded_on and self.category_awarded_on > on:
            return Category.NONE
        return self.category

    def clean(self) -> None:
        errors = {}
        if self.snils:
            self.snils = normalize_snils(self.snils)
            if not snils_checksum_ok(self.snils):
                errors["snils"] = "СНИЛС указан неверно: должно быть 11 цифр с верным контрольным числом."
        if self.birth_date and self.ped_work_start and self.ped_work_start < add_years(self.birth_date, 14):
            errors["ped_work_start"] = "Педагогическая работа не может начаться раньше 14 лет."
        if self.category != Category.NONE and not self.category_awarded_on:
            errors["category_awarded_on"] = "Укажите дату присвоения категории."
        if self.category == Category.NONE and self.category_awarded_on:
            errors["category_awarded_on"] = "Дата присвоения указана, а категория не выбрана."
        if (
            self.category in (Category.METHODIST, Category.MENTOR)
            and self.category_awarded_on
            and self.category_awarded_on < rules.ATTESTATION_ORDER_196_START
        ):
            errors["category_awarded_on"] = (
                "Категории «педагог-методист» и «педагог-наставник» присваиваются с 01.09.2023."
            )
        if errors:
            raise ValidationError(errors)
        if not self.category_expires_on:
            self.category_expires_on = category_expiry(self.category, self.category_awarded_on)


class EducationLevel(models.TextChoices):
    HIGHER = "higher", "Высшее"  # ВО
    SECONDARY_VOCATIONAL = "secondary_vocational", "Среднее профессиональное"  # СПО
    OTHER = "other", "Иное"


class EducationQuerySet(models.QuerySet):
    def completed(self, on: date):
        """Completed by `on`; an education without a date (carried over from years-only records) counts."""
        return self.filter(Q(completed_on__isnull=True) | Q(completed_on__lte=on))


class Education(models.Model):
    educator = models.ForeignKey(Educator, verbose_name="педагог", on_delete=models.CASCADE, related_name="educations")
    level = models.CharField("уровень образования", max_length=30, choices=EducationLevel.choices)
    is_pedagogical = models.BooleanField("педагогическое", default=True)
    speciality = models.ForeignKey(
        Speciality,
        verbose_name="специальность (профиль)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="educations",
    )
    institution = models.CharField("образовательная организация", max_length=300, blank=True)
    completed_on = models.DateField(
        "дата окончания", null=True, blank=True, help_text="Дата выдачи диплома: с неё образование учитывается."
    )

    objects = EducationQuerySet.as_manager()

    class Meta:
        verbose_name = "образование"
        verbose_name_plural = "образование"
        ordering = ["completed_on", "pk"]

    def __str__(self) -> str:
        speciality = f", {self.speciality}" if self.speciality_id else ""
        return f"{self.get_level_display()}{speciality}"


class EmploymentKind(models.TextChoices):
    MAIN = "main", "Основное место работы"
    INTERNAL = "internal", "Внутреннее совместительство"
    EXTERNAL = "external", "Внешнее совместительство"


class EmploymentQuerySet(models.QuerySet):
    def in_scope(self, user):
        if user.scope_level == ScopeLevel.SELF:
            return self.filter(educator_id=user.educator_id) if user.educator_id else self.none()
        return self.filter(user.organization_q("organization__"))

    def active(self, on: date):
        return self.filter(active_q(on))

    def home(self, on: date):
        """The one active employment per educator that places them in an organization (the home rule every count
        and every copy of "the educator's organization" follows): the main one, else the earliest active one
        (ties broken by start date, then id)."""
        active = Employment.objects.active(on)
        earlier = Q(start_date__lt=OuterRef("start_date")) | Q(start_date=OuterRef("start_date"), pk__lt=OuterRef("pk"))
        other_main = active.filter(educator=OuterRef("educator_id"), kind=EmploymentKind.MAIN)
        is_home = (Q(kind=EmploymentKind.MAIN) & ~Exists(other_main.filter(earlier))) | (
            ~Q(kind=EmploymentKind.MAIN)
            & ~Exists(other_main)
            & ~Exists(active.filter(earlier, educator=OuterRef("educator_id")))
        )
        # order_by(): the default ordering of employments would join the educators table for nothing
        return self.filter(active_q(on), is_home).order_by()

    def not_ended(self, on: date):
        """Active on `on` or starting later: the places of work a person has not left."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))

    def out_of_profile(self, on: date):
        """Employments with a subject that none of the educator's educations completed by `on` covers."""
        uncovered = Employment.subjects.through.objects.filter(employment_id=OuterRef("pk"))
        return self.filter(Exists(uncovered.exclude(_covered(on, OuterRef(OuterRef("educator_id"))))))

    def uncovered_subjects(self, on: date):
        """The subjects taught in these employments (rows of the employment–subject link) that none of the
        educator's educations completed by `on` covers: what `out_of_profile` looks for, read from these
        employments' own links, so that the check costs what these employments cost."""
        taught = Employment.subjects.through.objects.filter(employment__in=self.values("pk"))
        return taught.exclude(_covered(on, OuterRef("employment__educator_id")))


def _covered(on: date, educator) -> Exists:
    """The subject of the row outside (`subject_id`) is covered by a speciality of an education of `educator`
    completed by `on`."""
    covered = Speciality.subjects.through.objects.filter(
        Q(speciality__educations__completed_on__isnull=True) | Q(speciality__educations__completed_on__lte=on),
        subject_id=OuterRef("subject_id"),
        speciality__educations__educator_id=educator,
    )
    return Exists(covered)


class Employment(models.Model):
    educator = models.ForeignKey(Educator, verbose_name="педагог", on_delete=models.CASCADE, related_name="employments")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="employments"
    )
    position = models.ForeignKey(Position, verbose_name="должность", on_delete=models.PROTECT)
    kind = models.CharField("вид занятости", max_length=20, choices=EmploymentKind.choices, default=EmploymentKind.MAIN)
    rate = models.DecimalField(
        "ставка",
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("2.50"))],
    )
    weekly_hours = models.DecimalField(
        "учебная нагрузка, часов в неделю",
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    subjects = models.ManyToManyField(Subject, verbose_name="преподаваемые предметы", blank=True)
    start_date = models.DateField("дата начала")
    end_date = models.DateField("дата окончания", null=True, blank=True)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        verbose_name = "место работы"
        verbose_name_plural = "места работы"
        ordering = ["educator", "start_date", "pk"]
        indexes = [models.Index(fields=["organization", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.position}, {self.organization}"

    def is_active(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def load_applies(self) -> bool:
        """A teaching load belongs to a pedagogical post; a managerial one has it only if it also teaches
        (otherwise pages and exports show «—», not 0)."""
        return self.position.kind == PositionKind.PEDAGOGICAL or bool(self.weekly_hours)

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Дата окончания раньше даты начала."})


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", "Ожидает решения"  # sent by the educator, not yet looked at
    APPLIED = "applied", "Подтверждён"  # the administrator applied the proposed values (and fixed the rest)
    DECLINED = "declined", "Отклонён"  # with the administrator's reason


# The educator's own facts that a request may propose new values for; the rest (education, employment, …)
# is described in the comment and corrected by the administrator on the card.
CORRECTABLE_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "ped_work_start",
    "category",
    "category_awarded_on",
)


class CorrectionRequestQuerySet(models.QuerySet):
    def in_scope(self, user):
        """An educator sees their own requests; the registry's editors those of the educators they see."""
        if user.scope_level == ScopeLevel.SELF:
            return self.filter(educator_id=user.educator_id) if user.educator_id else self.none()
        if user.scope_level == ScopeLevel.ALL:
            return self
        # correlated on the request's educator: the requests are few, the educators of a territory many
        scoped = Employment.objects.filter(educator_id=OuterRef("educator_id")).filter(
            user.organization_q("organization__")
        )
        return self.filter(Exists(scoped))

    def pending(self):
        return self.filter(status=CorrectionStatus.PENDING)


class CorrectionRequest(models.Model):
    """An educator's request to correct facts of their card that only the registry's editors may change."""

    educator = models.ForeignKey(
        Educator, verbose_name="педагог", on_delete=models.CASCADE, related_name="correction_requests"
    )
    proposed = models.JSONField("предлагаемые значения", default=dict, blank=True)  # field → value as text
    # the card's values of the proposed fields when the request was sent, so the request reads the same later
    previous = models.JSONField("значения в карточке при отправке", default=dict, blank=True)
    comment = models.TextField("что исправить и почему")
    status = models.CharField(
        "состояние", max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name="кто просит", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("отправлен", auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name="кто решил", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("решение принято", null=True, blank=True)
    reason = models.TextField("причина отказа или примечание", blank=True)

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "запрос на исправление сведений"
        verbose_name_plural = "запросы на исправление сведений"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Запрос № {self.pk} — {self.educator}"

    @property
    def is_pending(self) -> bool:
        return self.status == CorrectionStatus.PENDING

    def proposed_lines(self) -> list[tuple[str, str, str]]:
        """(field label, value on the card when sent, proposed value) of each proposed change, as people read them."""
        lines = []
        for name, value in self.proposed.items():
            field = Educator._meta.get_field(name)
            lines.append((str(field.verbose_name), _readable(field, self.previous.get(name)), _readable(field, value)))
        return lines


def _readable(field, value: str | None) -> str:
    """A value stored as text (a date in ISO form, a choice by its code) as the pages show it."""
    if value in (None, "", "None"):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField):
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    return value


# The absences that matter to attestation live in their own module (this one is past 500 lines).
from .absences import Absence, AbsenceKind  # noqa: E402, F401
