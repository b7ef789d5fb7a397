"""Educators and their employments, read-only, within the caller's scope.

SNILS is personal data that only the editing roles handle; for the others it is always null. Every list of
people read here is recorded in the audit trail (reads.recorded).
"""

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from metodist.orgs.models import Organization
from metodist.people.models import Category, Educator, Employment, EmploymentKind, Position, Sex, Subject

from .reads import recorded
from .schemas import (
    ONE_ERRORS,
    READ_ERRORS,
    EducatorRef,
    Id,
    IsoDate,
    OnDate,
    OrganizationRef,
    PositionRef,
    SubjectRef,
    Text,
    paginated,
)


class EmploymentInEducatorOut(Schema):
    id: int = Field(description="Идентификатор места работы")
    organization: OrganizationRef = Field(description="Организация")
    position: PositionRef = Field(description="Должность")
    kind: EmploymentKind = Field(description="Вид занятости: main — основное, internal/external — совместительство")
    rate: Decimal = Field(description="Ставка")
    weekly_hours: Decimal = Field(description="Учебная нагрузка, часов в неделю")
    subjects: list[SubjectRef] = Field(description="Преподаваемые предметы")
    start_date: date = Field(description="Дата начала")
    end_date: date | None = Field(description="Дата окончания (null — работает по настоящее время)")


class EmploymentOut(EmploymentInEducatorOut):
    educator: EducatorRef = Field(description="Педагог")


class EducatorOut(Schema):
    id: int = Field(description="Идентификатор")
    last_name: str = Field(description="Фамилия")
    first_name: str = Field(description="Имя")
    patronymic: str = Field(description="Отчество")
    full_name: str = Field(description="Фамилия, имя, отчество")
    sex: Sex = Field(description="Пол: M — мужской, F — женский")
    birth_date: date = Field(description="Дата рождения")
    ped_work_start: date = Field(description="Дата начала педагогической работы")
    category: Category = Field(description="Квалификационная категория по записи в реестре (код)")
    category_awarded_on: date | None = Field(description="Дата присвоения категории")
    category_expires_on: date | None = Field(description="Категория действует до (null — бессрочно)")
    snils: str | None = Field(description="СНИЛС, 11 цифр; только для ролей с правом редактирования реестра")
    email: str = Field(description="Электронная почта")
    phone: str = Field(description="Телефон")

    @staticmethod
    def resolve_snils(obj: Educator, context) -> str | None:
        return obj.snils if context["request"].auth.can_edit_registry else None


class EducatorFactsOut(Schema):
    on: date = Field(description="Дата, на которую вычислены сведения")
    age: int = Field(description="Возраст, полных лет")
    experience_years: int = Field(description="Педагогический стаж, полных лет")
    is_young: bool = Field(description="Молодой педагог: до 35 лет и первые три года педагогической работы")
    category: Category = Field(description="Категория, действующая на дату (истёкшая считается как «без категории»)")

    @classmethod
    def of(cls, educator: Educator, on: date) -> "EducatorFactsOut":
        return cls(
            on=on,
            age=educator.age(on),
            experience_years=educator.experience_years(on),
            is_young=educator.is_young(on),
            category=educator.category_on(on),
        )


class EducatorDetailOut(EducatorOut):
    facts: EducatorFactsOut = Field(description="Сведения на дату `on`")
    employments: list[EmploymentInEducatorOut] = Field(description="Места работы (в пределах видимости)")


class EducatorFilters(OnDate):
    """Where a person works is read from the jobs the caller sees: a filter on an organization, a position
    or a subject must not tell that someone of the caller's list also works somewhere outside the scope."""

    organization: Id | None = Field(None, description="Работает в организации на дату `on` (идентификатор)")
    young: bool | None = Field(None, description="true — только молодые педагоги на дату `on`, false — кроме них")
    category: Category | None = Field(None, description="Квалификационная категория, действующая на дату `on`")
    position: Text | None = Field(None, description="Занимает должность на дату `on` (код из справочника)")
    subject: Text | None = Field(None, description="Преподаёт предмет на дату `on` (код из справочника)")
    q: Text | None = Field(None, description="Поиск по фамилии, имени, отчеству: каждое слово должно встретиться")

    def apply(self, educators, user):
        on = self.day
        visible_jobs = Employment.objects.in_scope(user)
        if self.organization:
            organization = Organization.objects.in_scope(user).filter(pk=self.organization)
            educators = educators.working_in(organization, on)
        if self.young is not None:
            young = Educator.objects.young(on).values("pk")
            educators = educators.filter(pk__in=young) if self.young else educators.exclude(pk__in=young)
        if self.category == Category.NONE:
            educators = educators.without_category(on)
        elif self.category:
            educators = educators.with_category([self.category], on)
        if self.position:
            position = Position.objects.filter(code=self.position).first()
            jobs = visible_jobs.filter(position=position)
            educators = educators.employed_among(jobs, on) if position else educators.none()
        if self.subject:
            subject = Subject.objects.filter(code=self.subject).first()
            jobs = visible_jobs.filter(subjects=subject)
            educators = educators.employed_among(jobs, on) if subject else educators.none()
        if self.q:
            educators = educators.search(self.q)
        return educators


class EmploymentFilters(Schema):
    organization: Id | None = Field(None, description="Идентификатор организации")
    educator: Id | None = Field(None, description="Идентификатор педагога")
    active_on: IsoDate | None = Field(None, description="Только действующие на эту дату")

    def apply(self, employments):
        if self.organization:
            employments = employments.filter(organization_id=self.organization)
        if self.educator:
            employments = employments.filter(educator_id=self.educator)
        if self.active_on:
            employments = employments.active(self.active_on)
        return employments


educators = Router(tags=["Педагогические работники"])
employments = Router(tags=["Места работы"])


def _employments(request):
    return (
        Employment.objects.in_scope(request.auth)
        .select_related("educator", "organization", "position")
        .prefetch_related("subjects")
    )


@educators.get("/", response={200: list[EducatorOut], **READ_ERRORS}, summary="Список педагогов")
@recorded(Educator, "список педагогов")
@paginated
def list_educators(request, filters: Query[EducatorFilters]):
    return filters.apply(Educator.objects.in_scope(request.auth), request.auth)


@educators.get(
    "/{educator_id}/", response={200: EducatorDetailOut, **ONE_ERRORS}, summary="Педагог и сведения о нём на дату"
)
def get_educator(request, educator_id: Id, on: Query[OnDate]):
    # A colleague's employment in an organization outside the caller's scope stays hidden here too.
    visible = Prefetch("employments", queryset=_employments(request).order_by("start_date", "pk"))
    educator = get_object_or_404(Educator.objects.in_scope(request.auth).prefetch_related(visible), pk=educator_id)
    educator.facts = EducatorFactsOut.of(educator, on.day)
    return educator


@employments.get("/", response={200: list[EmploymentOut], **READ_ERRORS}, summary="Места работы")
@recorded(Employment, "места работы")
@paginated
def list_employments(request, filters: Query[EmploymentFilters]):
    return filters.apply(_employments(request))


@employments.get("/{employment_id}/", response={200: EmploymentOut, **ONE_ERRORS}, summary="Место работы")
def get_employment(request, employment_id: Id):
    return get_object_or_404(_employments(request), pk=employment_id)
