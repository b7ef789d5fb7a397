"""A campaign's summary and the review pages: verdicts counted, what did not work, what stays below target."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.decisions.models import Decision, DecisionKind, Measure, Review, Verdict

from . import builders as b
from .builders import put


@pytest.fixture
def reviewed(world, client):
    """The measure's indicator grew less at the targeted schools than at their peers; the municipality's share
    stays below its target of 30 in the following campaign."""
    put(world, world["share"], [10, 20], [15, 25], [10, 20, 30], [18, 28, 38])
    world["measure"].indicators.set([world["share"]])
    municipality = world["cast"].municipality
    b.municipal_values(world["after"], world["share"], {municipality: 24}, target_status="not_met")
    b.municipal_values(world["after"], world["lower"], {municipality: 14}, target_status="not_met")
    client.force_login(world["cast"].methodologist)
    client.post(reverse("decisions:review_compute", args=[world["measure"].pk]))
    return world


def test_the_methodologist_computes_and_signs_a_review(client, reviewed):
    measure = reviewed["measure"]
    review = Review.objects.get(measure=measure)

    signed = client.post(reverse("decisions:review_sign", args=[review.pk]), {"note": "Курсы не дали эффекта"})
    page = client.get(reverse("decisions:review", args=[measure.pk])).content.decode()

    assert signed.status_code == 302
    review.refresh_from_db()
    assert review.verdict == Verdict.NOT_EFFECTIVE and review.reviewed_by == reviewed["cast"].methodologist
    assert "не эффективна" in page and "Курсы не дали эффекта" in page and "-3,00" in page


def test_a_school_administrator_reads_the_review_but_does_not_compute_or_sign(client, reviewed):
    client.force_login(reviewed["cast"].school1_admin)
    review = Review.objects.get(measure=reviewed["measure"])

    page = client.get(reverse("decisions:review", args=[reviewed["measure"].pk]))

    assert page.status_code == 200 and "Подписать вывод" not in page.content.decode()
    assert client.post(reverse("decisions:review_compute", args=[reviewed["measure"].pk])).status_code == 403
    assert client.post(reverse("decisions:review_sign", args=[review.pk]), {"note": "x"}).status_code == 403


def test_the_summary_counts_verdicts_and_names_what_to_take_into_next_years_goals(client, reviewed):
    Measure.objects.create(decision=reviewed["measure"].decision, activity="Не рассчитанная мера",
                           deadline=date(2024, 5, 1))  # fmt: skip

    page = client.get(reverse("decisions:summary", args=[reviewed["cause"].pk]))

    summary = page.context["summary"]
    assert summary["counts"] == [("не эффективна", 1), ("не рассчитана", 1)]
    assert [row["measure"] for row in summary["failed"]] == [reviewed["measure"]]
    below = {row["indicator"].code: row["addressed"] for row in summary["below"]["rows"]}
    assert below == {"share": True, "vacant": False}
    assert "не принимались" in page.content.decode()


def test_the_summary_exports_its_three_tables(client, reviewed):
    response = client.get(reverse("decisions:summary", args=[reviewed["cause"].pk]), {"format": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Меры по выводам", "Что не сработало", "Ниже целевого"]
    values = [row for row in workbook["Ниже целевого"].iter_rows(values_only=True) if row[0] in (1, 2)]
    assert [(row[2], row[6]) for row in values] == [("1 доля учителей с категорией", "да"),
                                                    ("2 доля вакантных ставок", "нет")]  # fmt: skip


def test_a_decision_without_a_campaign_offers_no_indicators_and_is_not_measurable(client, cast):
    decision = Decision.objects.create(municipality=cast.municipality, kind=DecisionKind.INSTRUCTION, number="5",
                                       date=date(2024, 1, 10), title="Распоряжение")  # fmt: skip
    measure = Measure.objects.create(decision=decision, activity="Мера", deadline=date(2024, 2, 1))
    client.force_login(cast.methodologist)

    form = client.get(reverse("decisions:measure_new", args=[decision.pk])).context["form"]
    client.post(reverse("decisions:review_compute", args=[measure.pk]))

    assert not form.fields["indicators"].queryset.exists()
    review = Review.objects.get(measure=measure)
    assert review.verdict == Verdict.NOT_MEASURABLE
    assert review.details["reason"] == "решение не связано с кампанией мониторинга: сравнивать не с чем"
