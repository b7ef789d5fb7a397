"""The named cast of the tests (see STYLE.md), built in code on a fixed day.

Demo municipality «Город N» has school 1 and school 2; another municipality of the same region has school 3.
"""

import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from metodist.accounts.models import Role
from metodist.testing import factories as f

TODAY = date(2025, 1, 15)


def pytest_configure(config):
    from django.conf import settings
    from django.core.signals import setting_changed

    # Password hashing by design is slow; tests log in constantly and do not need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The tests log in again and again, some with a wrong password on purpose: the login throttle is off, and
    # its backend with it (it refuses Client.login, which passes no request); metodist/accounts/tests/
    # test_login_throttle.py turns both on as the settings configure them.
    settings.AXES_ENABLED = False
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    # A replica alias that mirrors default, for the tests of the replica router (metodist/lib/tests/test_routers.py);
    # no router uses it unless a test turns one on.
    settings.DATABASES["replica"] = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    # Background jobs run at once, inside start() (metodist/jobs): a test sees the job ended. Their live channel
    # is a directory of this run, so that no job of another run (or of the dev server) is read.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Stale facts are rebuilt by their reader, not by a task run at once inside every registry write
    # (metodist/facts/tests/test_refresh.py turns the background refresh on).
    settings.FACTS_REFRESH = False
    settings.CACHES[settings.JOBS_CACHE]["LOCATION"] = tempfile.mkdtemp(prefix="metodist-jobs-")
    for name in ("TASKS", "CACHES"):
        setting_changed.send(sender=None, setting=name, value=getattr(settings, name), enter=True)


@dataclass
class Cast:
    region: object
    municipality: object
    other_municipality: object
    school1: object
    school2: object
    school3: object
    teacher: object  # educator of school 1, young, teaches mathematics
    mentor_educator: object  # experienced teacher of school 1
    other_educator: object  # educator of school 3, another municipality
    school2_educator: object  # educator of school 2
    coordinator: object  # coordinator of the demo municipality: sees the whole municipality
    methodologist: object  # methodologist of the demo municipality: sees the whole municipality
    regional_operator: object  # sees the whole region
    school1_admin: object  # administrator of school 1: sees school 1 only
    school2_admin: object  # administrator of school 2: must see nothing of school 1
    teacher_user: object  # the teacher herself: sees only herself
    mentor_user: object  # her mentor: sees only himself until mentoring is built
    other_user: object  # an educator of another municipality


@pytest.fixture
def reference_data(transactional_db) -> None:
    """Subjects, positions and specialities for a transactional test: the data migration loads them once, and
    a transactional test that ran before (the browser journeys) flushed them away."""
    from metodist.people.models import Position, Speciality, Subject
    from metodist.people.reference import load_reference

    if not Subject.objects.exists():
        load_reference(Subject, Position, Speciality)


@pytest.fixture
def cast(db) -> Cast:
    region = f.RegionFactory(name="Свердловская область", code="66")
    municipality = f.MunicipalityFactory(region=region, name="Город N")
    other_municipality = f.MunicipalityFactory(region=region, name="Город M")
    school1 = f.OrganizationFactory(municipality=municipality, short_name="Школа № 1")
    school2 = f.OrganizationFactory(municipality=municipality, short_name="Школа № 2")
    school3 = f.OrganizationFactory(municipality=other_municipality, short_name="Школа № 3")

    teacher = f.EducatorFactory(
        last_name="Смирнова",
        first_name="Анна",
        patronymic="Игоревна",
        birth_date=date(1999, 3, 2),
        ped_work_start=date(2023, 9, 1),
    )
    f.EmploymentFactory(educator=teacher, organization=school1, subjects=[f.subject("mathematics")])
    mentor_educator = f.EducatorFactory(
        last_name="Кузнецов", first_name="Павел", patronymic="Андреевич", sex="M", birth_date=date(1970, 1, 10)
    )
    f.EmploymentFactory(educator=mentor_educator, organization=school1, subjects=[f.subject("physics")])
    school2_educator = f.EducatorFactory(last_name="Орлова", first_name="Вера")
    f.EmploymentFactory(educator=school2_educator, organization=school2)
    other_educator = f.EducatorFactory(last_name="Волкова", first_name="Ирина")
    f.EmploymentFactory(educator=other_educator, organization=school3)

    return Cast(
        region=region,
        municipality=municipality,
        other_municipality=other_municipality,
        school1=school1,
        school2=school2,
        school3=school3,
        teacher=teacher,
        mentor_educator=mentor_educator,
        other_educator=other_educator,
        school2_educator=school2_educator,
        coordinator=f.UserFactory(username="coordinator", role=Role.COORDINATOR, municipality=municipality),
        methodologist=f.UserFactory(username="methodologist", role=Role.METHODOLOGIST, municipality=municipality),
        regional_operator=f.UserFactory(username="region", role=Role.REGIONAL_OPERATOR, region=region),
        school1_admin=f.UserFactory(username="school1", role=Role.ORG_ADMIN, organizations=[school1]),
        school2_admin=f.UserFactory(username="school2", role=Role.ORG_ADMIN, organizations=[school2]),
        teacher_user=f.UserFactory(username="teacher", role=Role.EDUCATOR, educator=teacher),
        mentor_user=f.UserFactory(username="mentor", role=Role.MENTOR, educator=mentor_educator),
        other_user=f.UserFactory(username="other", role=Role.EDUCATOR, educator=other_educator),
    )


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def on_today(time_machine):
    """The clock stopped at noon of TODAY in Moscow, for pages that read timezone.localdate()."""
    time_machine.move_to(datetime.combine(TODAY, time(12), tzinfo=ZoneInfo("Europe/Moscow")), tick=False)
