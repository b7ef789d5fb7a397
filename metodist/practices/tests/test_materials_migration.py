"""The data migration to the list of materials: a practice's file and link become its materials (the file first),
and back, the first file and the first link of each practice return to the old fields."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("practices", "0001_initial")]
AFTER = [("practices", "0003_remove_practice_link_and_material")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrated_back():
    """Leaves the database as the other tests expect it, whatever the test's outcome."""
    yield
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_file_and_the_link_of_every_practice_become_its_materials_and_come_back(
    reference_data, cast, migrated_back
):
    old = _migrate(BEFORE)
    school, submitter = cast.school1, cast.teacher_user

    def made(title, material="", link=""):
        return old.get_model("practices", "Practice").objects.create(
            title=title, annotation="Аннотация", organization_id=school.pk, municipality_id=school.municipality_id,
            region_id=school.region_id, submitted_on=date(2024, 9, 2), material=material, link=link,
            created_by_id=submitter.pk,
        ).pk  # fmt: skip

    both = made("Файл и ссылка", "practices/2024/plan.pdf", "https://example.org/both")
    file_only = made("Только файл", material="practices/2024/slides.pdf")
    link_only = made("Только ссылка", link="https://example.org/link")
    neither = made("Без материалов")

    new = _migrate(AFTER)

    materials = new.get_model("practices", "PracticeMaterial").objects
    rows = materials.order_by("practice_id", "order").values_list("practice_id", "order", "file", "link", "title")
    assert list(rows) == [
        (both, 1, "practices/2024/plan.pdf", "", ""),
        (both, 2, "", "https://example.org/both", ""),
        (file_only, 1, "practices/2024/slides.pdf", "", ""),
        (link_only, 1, "", "https://example.org/link", ""),
    ]
    made_at = dict(new.get_model("practices", "Practice").objects.values_list("pk", "created_at"))
    assert {(m.added_by_id, m.added_at == made_at[m.practice_id]) for m in materials.all()} == {(submitter.pk, True)}

    materials.create(practice_id=link_only, order=2, link="https://example.org/second")
    materials.create(practice_id=link_only, order=3, file="practices/2024/worksheet.pdf")
    back = _migrate(BEFORE)

    fields = back.get_model("practices", "Practice").objects.order_by("pk").values_list("pk", "material", "link")
    assert list(fields) == [
        (both, "practices/2024/plan.pdf", "https://example.org/both"),
        (file_only, "practices/2024/slides.pdf", ""),
        (link_only, "practices/2024/worksheet.pdf", "https://example.org/link"),  # the first of each kind
        (neither, "", ""),
    ]
