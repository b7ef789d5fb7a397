"""Rows from the generated municipalities: one bulk insert per table and batch, no query per row."""

from dataclasses import dataclass
from datetime import date

from metodist.orgs.models import FlagPeriod, Municipality, Organization, StaffPosition
from metodist.people.models import Education, Educator, Employment

from .organizations import FIRST_LIST_YEAR, OrgPlan
from .records import Person
from .reference import Reference
from .staffing import StaffRow
from .territory import MunicipalityPlan

BATCH_SIZE = 2000
STAFF_LIST_FROM = date(FIRST_LIST_YEAR, 9, 1)  # the staff lists are in force since the first demo year


@dataclass
class MunicipalityData:
    plan: MunicipalityPlan
    orgs: list[OrgPlan]
    people: list[Person]
    staff: list[StaffRow]
    model: Municipality


def write(batch: list[MunicipalityData], ref: Reference) -> None:
    """Saves the organizations, staff lists, educators, educations and employments of `batch`."""
    _organizations(batch)
    StaffPosition.objects.bulk_create(
        [
            StaffPosition(
                organization=row.org.model,
                position=ref.positions[row.position],
                subject=ref.subjects[row.subject] if row.subject else None,
                rates=row.rates,
                vacant_rates=row.vacant,
                valid_from=STAFF_LIST_FROM,
            )
            for data in batch
            for row in data.staff
        ],
        batch_size=BATCH_SIZE,
    )
    people = [person for data in batch for person in data.people]
    for person in people:
        person.model = _educator(person)
    Educator.objects.bulk_create([person.model for person in people], batch_size=BATCH_SIZE)
    Education.objects.bulk_create(
        [
            Education(
                educator=person.model,
                level=study.level,
                is_pedagogical=study.is_pedagogical,
                speciality=ref.specialities[study.speciality],
                institution=study.institution,
                completed_on=study.completed_on,
            )
            for person in people
            for study in person.studies
        ],
        batch_size=BATCH_SIZE,
    )
    _employments(people, ref)


def _organizations(batch: list[MunicipalityData]) -> None:
    for data in batch:
        for org in data.orgs:
            org.model = Organization(
                municipality=data.model,
                kind=org.kind,
                short_name=org.short_name,
                full_name=org.full_name,
                address=org.address,
            )
    orgs = [org for data in batch for org in data.orgs]
    Organization.objects.bulk_create([org.model for org in orgs], batch_size=BATCH_SIZE)
    FlagPeriod.objects.bulk_create(
        [
            FlagPeriod(
                organization=org.model, flag=span.flag, start_date=span.start, end_date=span.end, basis=span.basis
            )
            for org in orgs
            for span in org.flag_spans
        ],
        batch_size=BATCH_SIZE,
    )


def _educator(person: Person) -> Educator:
    return Educator(
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        sex=person.sex,
        birth_date=person.birth_date,
        snils=person.snils,
        ped_work_start=person.ped_work_start,
        category=person.category,
        category_awarded_on=person.category_awarded_on,
        category_expires_on=person.category_expires_on,
    )


def _employments(people: list[Person], ref: Reference) -> None:
    rows = [
        (
            Employment(
                educator=person.model,
                organization=job.org.model,
                position=ref.positions[job.position],
                kind=job.kind,
                rate=job.rate,
                weekly_hours=job.hours,
                start_date=job.start,
            ),
            job.subjects,
        )
        for person in people
        for job in person.jobs
    ]
    Employment.objects.bulk_create([employment for employment, _ in rows], batch_size=BATCH_SIZE)
    link = Employment.subjects.through
    link.objects.bulk_create(
        [
            link(employment_id=employment.pk, subject_id=ref.subjects[code].pk)
            for employment, subjects in rows
            for code in subjects
        ],
        batch_size=BATCH_SIZE,
    )
