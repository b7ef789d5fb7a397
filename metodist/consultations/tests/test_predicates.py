"""Consultations count as targeted support («адресная поддержка») in the indicators: a participant of a
consultation held in the period, or the educator of a request answered in it — in the campaign's region."""

from datetime import date

from metodist.lib.predicates import Context
from metodist.mentoring.predicates import SUPPORT
from metodist.people.models import Educator
from metodist.testing import factories as f

from .conftest import at, consultation


def test_targeted_support_counts_the_consulted_by_hand(cast, build):
    # in the period: the teacher took part in a consultation (answering the school 2 educator's request, done in
    # December, before the period); the mentor's own request was answered in the period.
    ctx = Context(start=date(2025, 1, 1), on=date(2025, 1, 31), region=cast.region.pk)
    early = build(educator=cast.school2_educator, status="done", done_at=at(date(2024, 12, 20)))
    consultation(early, by=cast.methodologist, held_on=date(2025, 1, 10), participants=[cast.teacher])
    build(educator=cast.mentor_educator, status="done", done_at=at(date(2025, 1, 12)))
    # outside: a consultation after the period, and one of another region
    late = build(educator=cast.other_educator, status="assigned")
    consultation(late, by=cast.methodologist, held_on=date(2025, 2, 3), participants=[cast.other_educator])
    other_region = f.RegionFactory(name="Пермский край", code="59")
    far = f.OrganizationFactory(municipality=f.MunicipalityFactory(region=other_region, name="Город P"))
    stranger = f.EducatorFactory(last_name="Дальняя")
    f.EmploymentFactory(educator=stranger, organization=far)
    build(educator=stranger, organization=far, status="done", done_at=at(date(2025, 1, 15)))

    supported = Educator.objects.filter(SUPPORT["targeted_support"].build(ctx, {}))

    assert set(supported) == {cast.teacher, cast.mentor_educator}


def test_the_support_module_has_records_when_only_consultations_do(cast, build):
    from metodist.lib.predicates import RECORDED

    ctx = Context(start=date(2025, 1, 1), on=date(2025, 1, 31), region=cast.region.pk)
    assert not RECORDED["Адресное методическое сопровождение"](ctx)

    build(status="done", done_at=at(date(2025, 1, 12)))

    assert RECORDED["Адресное методическое сопровождение"](ctx)
