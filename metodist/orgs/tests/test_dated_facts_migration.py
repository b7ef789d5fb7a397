"""The data migration to dated facts: flag booleans become open periods with no start (held on any date, as the
booleans were), graduation years become completion dates on 30 June."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("orgs", "0003_ogrn_and_natural_sort"), ("people", "0003_correction_requests")]
AFTER = [("orgs", "0004_dated_flags_and_staff"), ("people", "0004_education_completion_date")]


@pytest.mark.django_db(transaction=True)
def test_flags_and_graduation_years_are_carried_over_to_periods_and_dates():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    region = old.get_model("orgs", "Region").objects.create(name="Область", code="R")
    municipality = old.get_model("orgs", "Municipality").objects.create(region=region, name="Город")
    school = old.get_model("orgs", "Organization").objects.create(
        municipality=municipality, short_name="Школа", full_name="Школа", kind="general",
        is_low_results=True, is_internship_site=True,
    )  # fmt: skip
    educator = old.get_model("people", "Educator").objects.create(
        last_name="Иванова", first_name="Анна", sex="F", birth_date=date(1980, 1, 1), ped_work_start=date(2003, 9, 1)
    )
    old.get_model("people", "Education").objects.create(educator=educator, level="higher", graduation_year=2002)
    old.get_model("people", "Education").objects.create(educator=educator, level="other", graduation_year=None)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    periods = new.get_model("orgs", "FlagPeriod").objects.filter(organization_id=school.pk).order_by("flag")
    assert [(p.flag, p.start_date, p.end_date) for p in periods] == [
        ("is_internship_site", None, None),
        ("is_low_results", None, None),
    ]
    completed = new.get_model("people", "Education").objects.order_by("level").values_list("level", "completed_on")
    assert list(completed) == [("higher", date(2002, 6, 30)), ("other", None)]
    call_command("migrate", verbosity=0)  # leave the database as the other tests expect it
