"""The template of seed 003's table 1 (data/seed-003.toml): verbatim, complete, and loaded rerun-safe."""

import pytest
from django.core.management import CommandError, call_command

from metodist.audit.models import AuditEntry
from metodist.monitoring.tests.test_catalogues import needs_seeds, normalise, seed_text
from metodist.structure import actions, template
from metodist.structure.models import BodyLevel, SystemBody

SEED = "003_aad51da8fab335a4.txt"


def test_template_holds_the_nine_rows_of_table_one_but_the_header_as_eight_bodies():
    head, rows = template.read()

    assert head["key"] == "seed-003"
    assert [row.key for row in rows] == [
        "service", "councils-associations", "sites", "communities", "specialists", "leaders", "org-council", "pairs",
    ]  # fmt: skip
    assert [row.level for row in rows].count(BodyLevel.ORGANIZATION) == 2


@needs_seeds
def test_row_names_and_every_function_line_occur_verbatim_in_the_seed():
    text = seed_text(SEED)
    _, rows = template.read()
    quoted = [row.row for row in rows]
    for row in rows:
        quoted.extend(line.removeprefix("- ") for line in row.functions.splitlines())

    missing = [phrase for phrase in quoted if normalise(phrase) not in text]

    assert missing == []
    assert len(quoted) == 8 + (6 + 8 + 9 + 8 + 4 + 3 + 6 + 3)  # the rows, then the lines of each row


@needs_seeds
def test_the_row_split_by_a_page_break_is_joined_into_one_function():
    _, rows = template.read()
    councils = next(row for row in rows if row.key == "councils-associations")

    joined = [line for line in councils.functions.splitlines() if "с учетом конкретной ситуации в" in line]

    assert joined[0].endswith("с учетом конкретной ситуации в образовательной организации для обеспечения "
                              "возможности каждому педагогу повысить свой профессиональный уровень;")  # fmt: skip
    assert (
        councils.functions.splitlines()[-1]
        == "- в оказании помощи педагогам в обобщении и презентации своего опыта работы."
    )


def test_loading_creates_the_bodies_with_their_parents(cast):
    created, kept = actions.load_template(cast.municipality)

    bodies = {body.template_key: body for body in SystemBody.objects.filter(municipality=cast.municipality)}
    assert (created, kept) == (8, 0)
    assert bodies["service"].parent is None
    assert {key for key, body in bodies.items() if body.parent_id == bodies["service"].pk} == {
        "councils-associations", "sites", "communities", "specialists", "leaders", "org-council",
    }  # fmt: skip
    assert bodies["pairs"].parent == bodies["org-council"]
    assert bodies["service"].region == cast.region
    assert AuditEntry.objects.filter(model="structure.systembody", action="create").count() == 8


def test_a_rerun_keeps_the_bodies_as_their_coordinator_left_them(cast, structure):
    service = structure["service"]
    service.name = "Информационно-методический центр"
    service.save(update_fields=["name"])
    structure["leaders"].delete()

    created, kept = actions.load_template(cast.municipality, by=cast.coordinator)

    assert (created, kept) == (1, 7)
    assert SystemBody.objects.filter(municipality=cast.municipality).count() == 8
    assert SystemBody.objects.get(pk=service.pk).name == "Информационно-методический центр"
    assert SystemBody.objects.get(municipality=cast.municipality, template_key="leaders").parent == service


def test_only_the_service_of_the_municipality_loads_it(cast):
    with pytest.raises(actions.StructureRefused):
        actions.load_template(cast.other_municipality, by=cast.coordinator)

    assert not SystemBody.objects.exists()


def test_the_command_loads_twice_without_change(cast, capsys):
    call_command("structure", "load", "--municipality", str(cast.municipality.pk))
    call_command("structure", "load", "--municipality", str(cast.municipality.pk), "--template", "seed-003")

    assert SystemBody.objects.filter(municipality=cast.municipality).count() == 8
    assert "создано субъектов 0, уже были 8" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_municipality_or_template(cast):
    with pytest.raises(CommandError, match="Нет муниципалитета"):
        call_command("structure", "load", "--municipality", "999999")
    with pytest.raises(CommandError, match="Нет шаблона"):
        call_command("structure", "load", "--municipality", str(cast.municipality.pk), "--template", "seed-999")
