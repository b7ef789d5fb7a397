"""The effect of a program: participants' change beside comparable non-participants' (a hand-built case)."""

from datetime import date
from decimal import Decimal

from metodist.testing import factories as f
from metodist.testing import growth as g
from metodist.training.effectiveness import Effect, effects

CODE = "assess.formative"


def measured(before_diag, after_diag, before: int, after: int, educator=None):
    educator = educator or f.EducatorFactory()
    g.results(before_diag, educator, {CODE: before})
    g.results(after_diag, educator, {CODE: after})
    return educator


def test_the_difference_in_differences_of_a_program_on_a_hand_built_case(cast):
    region = cast.region
    first = g.diagnostic(region, ends_on=date(2023, 11, 30))
    second = g.diagnostic(region, ends_on=date(2024, 11, 30))
    program = g.program(title="Формирующее оценивание", competencies=[CODE])
    other_program = g.program(title="Оценочные процедуры", competencies=[CODE])

    def trained(educator, on_program=program):
        g.training(educator, on_program, starts_on=date(2024, 2, 1), ends_on=date(2024, 3, 15), region=region)

    # participants starting at 30 % (band 30–39.99): +30, +20, +40, +30, +30 points → 150 in all
    for after in (6, 5, 7, 6, 6):
        trained(measured(first, second, 3, after))
    # participants starting at 50 % (band 50–59.99): +30, +30 → 60
    for _ in range(2):
        trained(measured(first, second, 5, 8))
    # comparable non-participants at 30 %: +10, +10, 0, +20, +10 → mean 10; at 50 %: one with 0
    for after in (4, 4, 3, 5, 4):
        measured(first, second, 3, after)
    measured(first, second, 5, 5)
    # not comparable: another band (60 %), and one who took another course on the competency in between
    measured(first, second, 6, 10)
    trained(measured(first, second, 3, 9), on_program=other_program)

    found = effects(region.pk)

    # participants: 210 / 7 = 30.0; comparison weighted by participants: (10 × 5 + 0 × 2) / 7 = 7.14 → 7.1;
    # difference (210 − 50) / 7 = 22.857 → 22.9; six comparable people
    assert found[(program.pk, CODE)] == Effect(7, 6, Decimal("30.0"), Decimal("7.1"), Decimal("22.9"))
    assert effects() == found  # the administrator's table, of every region: here the only one
    # the other program has one participant: its figure is «мало данных»
    other = found[(other_program.pk, CODE)]
    assert (other.participants, other.participants_change, other.enough) == (1, Decimal("60.0"), False)


def test_a_training_without_results_after_it_counts_nobody(cast):
    first = g.diagnostic(cast.region, ends_on=date(2023, 11, 30))
    program = g.program(competencies=[CODE])
    educator = f.EducatorFactory()
    g.results(first, educator, {CODE: 3})
    g.training(educator, program, starts_on=date(2024, 2, 1), ends_on=date(2024, 3, 15), region=cast.region)

    assert effects(cast.region.pk) == {}


def test_another_region_is_not_read(cast):
    other_region = f.RegionFactory(name="Другая область", code="99")
    first = g.diagnostic(other_region, ends_on=date(2023, 11, 30))
    second = g.diagnostic(other_region, ends_on=date(2024, 11, 30))
    program = g.program(competencies=[CODE])
    educator = measured(first, second, 3, 6)
    g.training(educator, program, starts_on=date(2024, 2, 1), ends_on=date(2024, 3, 15), region=other_region)
    measured(first, second, 3, 4)

    assert effects(cast.region.pk) == {}
    found = effects(other_region.pk)[(program.pk, CODE)]
    assert (found.participants, found.comparison) == (1, 1)


def test_participants_without_comparable_educators_are_left_out(cast):
    first = g.diagnostic(cast.region, ends_on=date(2023, 11, 30))
    second = g.diagnostic(cast.region, ends_on=date(2024, 11, 30))
    program = g.program(competencies=[CODE])
    educator = measured(first, second, 3, 6)
    g.training(educator, program, starts_on=date(2024, 2, 1), ends_on=date(2024, 3, 15), region=cast.region)
    measured(first, second, 7, 8)  # another band

    assert effects(cast.region.pk) == {}


def test_the_cached_table_is_recomputed_when_the_trainings_change(cast):
    from metodist.training.effectiveness import cached_effects

    first = g.diagnostic(cast.region, ends_on=date(2023, 11, 30))
    second = g.diagnostic(cast.region, ends_on=date(2024, 11, 30))
    program = g.program(competencies=[CODE])
    measured(first, second, 3, 4)
    before = cached_effects(cast.region.pk)

    g.training(measured(first, second, 3, 6), program, starts_on=date(2024, 2, 1), ends_on=date(2024, 3, 15),
               region=cast.region)  # fmt: skip

    assert before == {}
    assert cached_effects(cast.region.pk)[(program.pk, CODE)].participants == 1
