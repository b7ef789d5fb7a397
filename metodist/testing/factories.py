"""Builders of test data. Reference rows (subjects, positions, specialities) come from the data migration."""

from datetime import date
from decimal import Decimal

import factory

from metodist.accounts.models import Role, User
from metodist.orgs.models import FlagPeriod, Municipality, Organization, OrganizationKind, Region, StaffPosition
from metodist.people.models import (
    Absence,
    AbsenceKind,
    Education,
    EducationLevel,
    Educator,
    Employment,
    Position,
    Sex,
    Speciality,
    Subject,
)


def position(code: str) -> Position:
    return Position.objects.get(code=code)


def subject(code: str) -> Subject:
    return Subject.objects.get(code=code)


def speciality(name: str) -> Speciality:
    return Speciality.objects.get(name=name)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Область {n}")
    code = factory.Sequence(lambda n: f"R{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Город {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    short_name = factory.Sequence(lambda n: f"МАОУ СОШ № {n}")
    full_name = factory.LazyAttribute(
        lambda o: f"Муниципальное автономное общеобразовательное учреждение {o.short_name}"
    )
    kind = OrganizationKind.GENERAL

    @factory.post_generation
    def flags(self, create, extracted, **kwargs):
        """`flags=["is_low_results"]`: open periods with no start, held on every date."""
        for flag in extracted or ():
            FlagPeriod.objects.create(organization=self, flag=flag)


def flag(organization: Organization, code: str, start: date | None = None, end: date | None = None) -> FlagPeriod:
    """Gives `organization` the flag `code` from `start` to `end` (None: open on that side)."""
    return FlagPeriod.objects.create(organization=organization, flag=code, start_date=start, end_date=end)


class StaffPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffPosition

    organization = factory.SubFactory(OrganizationFactory)
    position = factory.LazyFunction(lambda: position("teacher"))
    rates = Decimal("1.00")
    vacant_rates = Decimal("0")


class EducatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Educator

    last_name = factory.Sequence(lambda n: f"Иванова{n}")
    first_name = "Мария"
    patronymic = "Петровна"
    sex = Sex.FEMALE
    birth_date = date(1980, 5, 17)
    ped_work_start = date(2003, 9, 1)


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Education

    educator = factory.SubFactory(EducatorFactory)
    level = EducationLevel.HIGHER
    is_pedagogical = True
    completed_on = date(2002, 6, 30)


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment
        skip_postgeneration_save = True

    educator = factory.SubFactory(EducatorFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = factory.LazyFunction(lambda: position("teacher"))
    start_date = date(2010, 9, 1)
    weekly_hours = Decimal("18")

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create and extracted:
            self.subjects.set(extracted)


class AbsenceFactory(factory.django.DjangoModelFactory):
    """A childcare leave from 01.05.2023, still open: saved directly, the model's rules are tested on the card."""

    class Meta:
        model = Absence

    educator = factory.SubFactory(EducatorFactory)
    kind = AbsenceKind.CHILDCARE
    started_on = date(2023, 5, 1)
    document = "приказ № 12-к от 28.04.2023"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.EDUCATOR
    password = factory.PostGenerationMethodCall("set_password", "pass-12345")

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)
        if create:
            self.save()
