"""The deficit rule: derived from results and thresholds, per competency or per block, never typed."""

from datetime import date
from decimal import Decimal

from metodist.diagnostics.models import Deficit, RuleBasis
from metodist.testing import growth as g


def _deficits(diagnostic):
    return {(d.educator_id, d.competency.code): d.percent for d in Deficit.objects.filter(diagnostic=diagnostic)}


def test_a_result_below_the_threshold_is_a_deficit_and_one_at_it_is_not(cast):
    diagnostic = g.diagnostic(cast.region, threshold=Decimal("50"))

    g.results(diagnostic, cast.teacher, {"subject.content": 4, "subject.tasks": 5, "methods.lesson": 9})

    assert _deficits(diagnostic) == {(cast.teacher.pk, "subject.content"): Decimal("40.00")}


def test_a_competency_threshold_overrides_its_block_and_the_block_overrides_the_procedure(cast):
    diagnostic = g.diagnostic(cast.region, threshold=Decimal("50"), thresholds={"subject": 70, "subject.tasks": 30})

    g.results(diagnostic, cast.teacher, {"subject.content": 6, "subject.tasks": 4, "methods.lesson": 4})

    # subject.content 60 % < block's 70 %; subject.tasks 40 % ≥ its own 30 %; methods.lesson 40 % < 50 %
    assert _deficits(diagnostic) == {
        (cast.teacher.pk, "subject.content"): Decimal("60.00"),
        (cast.teacher.pk, "methods.lesson"): Decimal("40.00"),
    }


def test_the_block_rule_sums_the_block_and_names_the_block(cast):
    diagnostic = g.diagnostic(cast.region, rule_basis=RuleBasis.BLOCK, threshold=Decimal("50"))

    # subject: (2 + 7) / 20 = 45 % — a deficit of the block; methods: (4 + 8) / 20 = 60 % — none
    g.results(
        diagnostic, cast.teacher, {"subject.content": 2, "subject.tasks": 7, "methods.lesson": 4, "methods.program": 8}
    )

    assert _deficits(diagnostic) == {(cast.teacher.pk, "subject"): Decimal("45.00")}


def test_a_deficit_closes_when_a_later_procedure_measures_the_competency_again(cast):
    first = g.diagnostic(cast.region, ends_on=date(2024, 3, 31))
    g.results(first, cast.teacher, {"subject.content": 3, "digital.content": 3})
    repeat = g.diagnostic(cast.region, ends_on=date(2024, 12, 20))
    g.results(repeat, cast.teacher, {"subject.content": 8})

    open_in_june = {d.competency.code for d in Deficit.objects.open(date(2024, 6, 1))}
    open_at_year_end = {d.competency.code for d in Deficit.objects.open(date(2024, 12, 31))}

    assert open_in_june == {"subject.content", "digital.content"}
    assert open_at_year_end == {"digital.content"}
