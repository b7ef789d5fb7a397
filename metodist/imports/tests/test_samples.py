"""The sample files: the filled one imports cleanly, the broken one shows exactly its four mistakes."""

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from metodist.accounts.models import Role
from metodist.imports.formats import FORMATS
from metodist.testing import factories as f

EDUCATORS = FORMATS["educators"]
SAMPLES = Path(settings.BASE_DIR) / "docs" / "samples"
BROKEN_MESSAGES = [
    "Строка 2, столбец «СНИЛС»: неверное контрольное число",
    "Строка 6, столбец «Должность»: должность «Учитель математики» не найдена в справочнике должностей: "
    "выберите значение из листа «Справочники» шаблона",
    "Строка 7, столбец «Дата начала педагогической работы»: дата 01.09.2099 ещё не наступила: ожидается дата "
    "не позже 15.01.2025",
    "Строка 10, столбец «Фамилия»: не заполнено обязательное поле",
]


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def demo_coordinator(db):
    """A coordinator of «Городской округ Энск» with the organizations the committed samples name.

    The samples are generated from the demo data (manage.py import_samples), whose names come from its seed.
    """
    municipality = f.MunicipalityFactory(name="Городской округ Энск")
    rows = sheet_rows((SAMPLES / "educators_sample.xlsx").read_bytes())
    column = rows[0].index("Организация *")
    for name in dict.fromkeys(row[column] for row in rows[1:]):
        f.OrganizationFactory(municipality=municipality, short_name=name)
    return f.UserFactory(role=Role.COORDINATOR, municipality=municipality)


def test_the_committed_sample_file_imports_without_errors(demo_coordinator, context_of):
    plan = EDUCATORS.plan((SAMPLES / "educators_sample.xlsx").read_bytes(), context_of(demo_coordinator))

    assert plan.ok, [str(problem) for problem in plan.problems]
    assert [row.status for row in plan.rows] == ["create"] * 10
    assert plan.totals() == [("педагогические работники", 8, 0), ("образование", 8, 0), ("места работы", 10, 0)]


def test_the_committed_broken_sample_shows_its_four_mistakes(demo_coordinator, context_of):
    plan = EDUCATORS.plan((SAMPLES / "educators_broken.xlsx").read_bytes(), context_of(demo_coordinator))

    assert [str(problem) for problem in plan.problems] == BROKEN_MESSAGES


def test_the_command_names_the_organizations_of_the_municipality(cast, tmp_path):
    call_command("import_samples", municipality="Город N", out=str(tmp_path), stdout=io.StringIO())

    rows = sheet_rows((tmp_path / "educators_sample.xlsx").read_bytes())
    organization = rows[0].index("Организация *")
    assert {row[organization] for row in rows[1:]} == {"Школа № 1"}


def test_the_samples_downloaded_from_the_page_fit_the_users_organizations(client, cast, time_machine, context_of):
    time_machine.move_to(datetime(2025, 1, 15, 12, tzinfo=ZoneInfo("Europe/Moscow")))
    client.force_login(cast.school2_admin)

    good = client.get(reverse("imports:sample", args=["educators_sample"]))
    broken = client.get(reverse("imports:sample", args=["educators_broken"]))

    assert EDUCATORS.plan(good.content, context_of(cast.school2_admin)).ok
    assert [str(p) for p in EDUCATORS.plan(broken.content, context_of(cast.school2_admin)).problems] == BROKEN_MESSAGES


def test_an_unknown_sample_is_not_found(client, cast):
    client.force_login(cast.methodologist)

    assert client.get(reverse("imports:sample", args=["secrets"])).status_code == 404
