"""Shared by the demo tests: loading the demo once for a module, and a digest of every generated row."""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.test import override_settings

from metodist.accounts.models import User
from metodist.demo.seeding import seed_demo
from metodist.orgs.models import FlagPeriod, Municipality, Organization, Region, StaffPosition
from metodist.people.models import Education, Educator, Employment

SEED = 7
# The demo hashes its password once per load; a fast hasher keeps the tests quick.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Demo:
    on: date
    municipality: Municipality  # «Городской округ Энск», the figures of seed 002
    other: Municipality  # the small second municipality
    orgs: object  # organizations of the demo municipality
    educators: object  # educators working there on the reference date
    digest: str


@contextmanager
def loaded_demo(on: date, django_db_blocker):
    """The municipality-scale demo on `on`, in a transaction rolled back afterwards; tests add savepoints on top."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        seed_demo("municipality", SEED, on)
        municipality = Municipality.objects.get(name="Городской округ Энск")
        orgs = Organization.objects.filter(municipality=municipality)
        yield Demo(
            on=on,
            municipality=municipality,
            other=Municipality.objects.exclude(pk=municipality.pk).get(),
            orgs=orgs,
            educators=Educator.objects.working_in(orgs, on),
            digest=registry_digest(),
        )
        transaction.set_rollback(True)


def registry_digest() -> str:
    """A digest of every generated row by natural keys (no ids, no timestamps): equal digests, equal data."""
    rows = [
        *Region.objects.order_by("code").values_list("name", "code"),
        *Municipality.objects.order_by("region__code", "name").values_list("region__code", "name"),
        *Organization.objects.order_by("municipality__name", "short_name").values_list(
            "municipality__name", "region__code", "short_name", "full_name", "kind", "address"
        ),
        *FlagPeriod.objects.order_by(
            "organization__municipality__name", "organization__short_name", "flag", "start_date"
        ).values_list("organization__short_name", "flag", "start_date", "end_date", "basis"),
        *StaffPosition.objects.order_by(
            "organization__municipality__name", "organization__short_name", "position__code", "subject__code"
        ).values_list(
            "organization__short_name", "position__code", "subject__code", "rates", "vacant_rates", "valid_from"
        ),
        *Educator.objects.order_by("snils").values_list(
            "snils",
            "last_name",
            "first_name",
            "patronymic",
            "sex",
            "birth_date",
            "ped_work_start",
            "category",
            "category_awarded_on",
            "category_expires_on",
        ),  # fmt: skip
        *Education.objects.order_by("educator__snils", "completed_on", "level", "institution").values_list(
            "educator__snils", "level", "is_pedagogical", "speciality__name", "institution", "completed_on"
        ),
        *Employment.objects.order_by("educator__snils", "kind").values_list(
            "educator__snils",
            "organization__short_name",
            "position__code",
            "kind",
            "rate",
            "weekly_hours",
            "start_date",
            "end_date",
        ),  # fmt: skip
        *Employment.subjects.through.objects.order_by(
            "employment__educator__snils", "employment__kind", "subject__code"
        ).values_list("employment__educator__snils", "employment__kind", "subject__code"),
        *User.objects.order_by("username").values_list(
            "username",
            "role",
            "first_name",
            "last_name",
            "email",
            "region__code",
            "municipality__name",
            "educator__snils",
        ),  # fmt: skip
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


class Sink:
    """A stdout / stderr for call_command that keeps what was written."""

    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass
