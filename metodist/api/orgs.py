"""Organizations and their staff positions, read-only, within the caller's scope.

Flags and staff rates are dated facts: an organization's flags and rates are those held (valid) on `on`.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from metodist.orgs.models import ORGANIZATION_FLAGS, Organization, OrganizationKind, StaffPosition

from .schemas import (
    ONE_ERRORS,
    READ_ERRORS,
    Id,
    IsoDate,
    MunicipalityRef,
    OnDate,
    OrganizationRef,
    PositionRef,
    SubjectRef,
    paginated,
)

OrganizationFlag = Literal[tuple(ORGANIZATION_FLAGS)]
FLAGS_HELP = "; ".join(f"{code} — {label}" for code, label in ORGANIZATION_FLAGS.items())


class OrganizationOut(Schema):
    id: int = Field(description="Идентификатор")
    short_name: str = Field(description="Краткое наименование")
    full_name: str = Field(description="Полное наименование")
    kind: OrganizationKind = Field(description="Тип организации (код)")
    kind_display: str = Field(description="Тип организации")
    municipality: MunicipalityRef = Field(description="Муниципальное образование")
    inn: str = Field(description="ИНН")
    address: str = Field(description="Адрес")
    is_active: bool = Field(description="Действующая")
    flags: list[OrganizationFlag] = Field(description=f"Признаки организации на дату `on`: {FLAGS_HELP}")
    flag_labels: list[str] = Field(description="Признаки организации на дату `on`, как их называют документы")

    @staticmethod
    def resolve_kind_display(obj: Organization) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_flags(obj: Organization, context) -> list[str]:
        return obj.flags_on(context["request"].facts_on)

    @staticmethod
    def resolve_flag_labels(obj: Organization, context) -> list[str]:
        return obj.flag_labels(context["request"].facts_on)


class FlagPeriodOut(Schema):
    flag: OrganizationFlag = Field(description="Признак (код)")
    start_date: date | None = Field(description="Действует с (null — не известно: перенесён из реестра без дат)")
    end_date: date | None = Field(description="Действует по (null — действует)")
    basis: str = Field(description="Основание: документ, которым признак установлен")


# Rates are stored with two decimal places, so a sum quantized to them is exact; SQLite drops trailing zeros.
RATE = Decimal("0.01")


class OrganizationDetailOut(OrganizationOut):
    staff_rates: Decimal = Field(description="Ставок по штатному расписанию, действующему на дату `on`, всего")
    vacant_rates: Decimal = Field(description="Из них вакантных")
    flag_periods: list[FlagPeriodOut] = Field(description="История признаков: все периоды")

    @staticmethod
    def resolve_staff_rates(obj: Organization) -> Decimal:
        return obj.staff_rates.quantize(RATE)

    @staticmethod
    def resolve_vacant_rates(obj: Organization) -> Decimal:
        return obj.vacant_rates.quantize(RATE)


class OrganizationFilters(OnDate):
    kind: OrganizationKind | None = Field(None, description="Тип организации")
    flag: list[OrganizationFlag] = Field(
        [], description=f"Признак организации на дату `on`; несколько признаков — все сразу. {FLAGS_HELP}"
    )
    municipality: Id | None = Field(None, description="Идентификатор муниципального образования")

    def apply(self, organizations):
        if self.kind:
            organizations = organizations.filter(kind=self.kind)
        for flag in self.flag:
            organizations = organizations.filter(pk__in=Organization.objects.flagged([flag], self.day).values("pk"))
        if self.municipality:
            organizations = organizations.filter(municipality_id=self.municipality)
        return organizations


class StaffPositionOut(Schema):
    id: int = Field(description="Идентификатор")
    organization: OrganizationRef = Field(description="Организация")
    position: PositionRef = Field(description="Должность")
    subject: SubjectRef | None = Field(description="Учебный предмет (если штатная единица предметная)")
    rates: Decimal = Field(description="Ставок по штатному расписанию")
    vacant_rates: Decimal = Field(description="Из них вакантных")
    valid_from: date | None = Field(description="Действует с (null — не известно: перенесена из реестра без дат)")
    valid_to: date | None = Field(description="Действует по (null — действует)")


class StaffPositionFilters(Schema):
    organization: Id | None = Field(None, description="Идентификатор организации")
    vacant: bool | None = Field(None, description="true — только с вакантными ставками, false — без вакансий")
    valid_on: IsoDate | None = Field(None, description="Только строки штатного расписания, действующие на эту дату")

    def apply(self, staff_positions):
        if self.valid_on:
            staff_positions = staff_positions.valid(self.valid_on)
        if self.organization:
            staff_positions = staff_positions.filter(organization_id=self.organization)
        if self.vacant is True:
            staff_positions = staff_positions.vacant()
        if self.vacant is False:
            staff_positions = staff_positions.filter(vacant_rates=0)
        return staff_positions


organizations = Router(tags=["Образовательные организации"])
staff_positions = Router(tags=["Штатное расписание"])


def _organizations(request, on: date):
    request.facts_on = on  # the date the flag resolvers read
    return (
        Organization.objects.in_scope(request.auth)
        .select_related("municipality")
        .prefetch_related("flag_periods")
        .order_by("sort_name", "pk")
    )


def _staff_positions(request):
    return (
        StaffPosition.objects.in_scope(request.auth)
        .select_related("organization", "position", "subject")
        .order_by("organization__sort_name", "organization_id", "position__order", "subject__order", "pk")
    )


@organizations.get("/", response={200: list[OrganizationOut], **READ_ERRORS}, summary="Список организаций")
@paginated
def list_organizations(request, filters: Query[OrganizationFilters]):
    return filters.apply(_organizations(request, filters.day))


@organizations.get(
    "/{organization_id}/", response={200: OrganizationDetailOut, **ONE_ERRORS}, summary="Организация на дату"
)
def get_organization(request, organization_id: Id, on: Query[OnDate]):
    return get_object_or_404(_organizations(request, on.day).with_staffing(on.day), pk=organization_id)


@staff_positions.get("/", response={200: list[StaffPositionOut], **READ_ERRORS}, summary="Штатные единицы")
@paginated
def list_staff_positions(request, filters: Query[StaffPositionFilters]):
    return filters.apply(_staff_positions(request))


@staff_positions.get("/{staff_position_id}/", response={200: StaffPositionOut, **ONE_ERRORS}, summary="Штатная единица")
def get_staff_position(request, staff_position_id: Id):
    return get_object_or_404(_staff_positions(request), pk=staff_position_id)
