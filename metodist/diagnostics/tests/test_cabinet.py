"""The educator's panel and pages: their own results and open deficits, nobody else's."""

from datetime import date

from django.template.loader import render_to_string
from django.urls import reverse

from metodist.diagnostics import cabinet
from metodist.testing import growth as g


def test_the_panel_shows_the_last_procedure_and_the_open_deficits(cast):
    first = g.diagnostic(cast.region, ends_on=date(2024, 3, 31), name="Весенняя")
    g.results(first, cast.teacher, {"subject.content": 3, "digital.content": 3})
    repeat = g.diagnostic(cast.region, ends_on=date(2024, 11, 30), name="Осенняя")
    g.results(repeat, cast.teacher, {"subject.content": 8})

    panel = cabinet.panel(cast.teacher_user, date(2025, 1, 15))

    assert panel["last"] == repeat
    assert panel["deficit_count"] == 1  # subject.content was measured again and is no deficit any more
    assert [d.competency.code for d in panel["deficits"]] == ["digital.content"]
    html = render_to_string("diagnostics/_cabinet_panel.html", {"panel": panel})
    assert "Открытых дефицитов: <strong>1</strong>" in html


def test_no_panel_for_a_user_without_results_or_without_an_educator(cast):
    assert cabinet.panel(cast.teacher_user, date(2025, 1, 15)) is None
    assert cabinet.panel(cast.methodologist, date(2025, 1, 15)) is None


def test_the_educators_index_is_their_own_results(client, cast, held, on_today):
    client.force_login(cast.teacher_user)

    response = client.get(reverse("diagnostics:index"))

    shown = {r.educator_id for r in response.context["results"]}
    assert shown == {cast.teacher.pk}
    assert [d.competency.code for d in response.context["deficits"]] == ["subject.content"]


def test_the_methodologists_index_offers_procedures_and_frameworks(client, cast, held):
    client.force_login(cast.methodologist)

    page = client.get(reverse("diagnostics:index")).content.decode()

    assert "Новая диагностика" in page and "Модель компетенций" in page and "Региональная" in page
    assert "Муниципальная M" not in page
