"""The ranking of proposed steps (a pure function, hand-built cases) and the proposals drafted from the
database for one route."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.routes import actions
from metodist.routes.models import RouteStatus, StepKind, StepStatus
from metodist.routes.proposals import DeficitInfo, Profile, ProgramInfo, effect_text, participants, rank
from metodist.testing import growth
from metodist.training.effectiveness import Effect
from metodist.training.models import ProgramCohort

from .conftest import deficits_of

TODAY = date(2025, 1, 15)
MATH, PHYS = 1, 2
ASSESS = DeficitInfo("assess.formative", "Формирующее оценивание", 11)
DIGITAL = DeficitInfo("digital.content", "Цифровой контент", 12)
LEAD = DeficitInfo("mgmt.team", "Управление командой", 13)
TEACHER = Profile(frozenset({MATH}), {MATH: "Математика"}, manager=False)
HEAD = Profile(frozenset(), {}, manager=True)


def program(pk, codes, **fields):
    return ProgramInfo(id=pk, title=f"Программа {pk}", codes=frozenset(codes), **fields)


def chosen(proposals):
    return [(p.program.id if p.program else None, tuple(d.code for d in p.deficits)) for p in proposals]


@pytest.mark.parametrize(
    ("case", "deficits", "programs", "profile", "expected"),
    [
        ("the federal registry goes first",
         [ASSESS], [program(1, {ASSESS.code}), program(2, {ASSESS.code}, federal=True)], TEACHER,
         [(2, (ASSESS.code,))]),
        ("then the educator's subject",
         [ASSESS], [program(1, {ASSESS.code}), program(2, {ASSESS.code}, subjects=frozenset({MATH}))], TEACHER,
         [(2, (ASSESS.code,))]),
        ("a course of another subject is not proposed",
         [ASSESS], [program(1, {ASSESS.code}, subjects=frozenset({PHYS}))], TEACHER,
         [(None, (ASSESS.code,))]),
        ("a course with a cohort ahead beats one without",
         [ASSESS], [program(1, {ASSESS.code}), program(2, {ASSESS.code}, next_cohort=date(2025, 3, 1))], TEACHER,
         [(2, (ASSESS.code,))]),
        ("of two cohorts ahead the sooner wins",
         [ASSESS], [program(1, {ASSESS.code}, next_cohort=date(2025, 9, 1)),
                    program(2, {ASSESS.code}, next_cohort=date(2025, 2, 1))], TEACHER,
         [(2, (ASSESS.code,))]),
        ("one course covering two deficits is proposed once",
         [ASSESS, DIGITAL], [program(1, {ASSESS.code, DIGITAL.code}), program(2, {ASSESS.code})], TEACHER,
         [(1, (ASSESS.code, DIGITAL.code))]),
        ("a deficit no course covers gets self-education",
         [ASSESS, DIGITAL], [program(1, {ASSESS.code})], TEACHER,
         [(1, (ASSESS.code,)), (None, (DIGITAL.code,))]),
        ("a course for managers only for managers",
         [LEAD], [program(1, {LEAD.code}, for_managers=True)], TEACHER,
         [(None, (LEAD.code,))]),
        ("and a manager gets it",
         [LEAD], [program(1, {LEAD.code}, for_managers=True)], HEAD,
         [(1, (LEAD.code,))]),
        ("no deficits, no proposals", [], [program(1, {ASSESS.code})], TEACHER, []),
    ],
)  # fmt: skip
def test_ranking(case, deficits, programs, profile, expected):
    assert chosen(rank(deficits, programs, profile, {}, TODAY)) == expected


def test_a_measured_positive_effect_breaks_a_tie_and_is_shown():
    programs = [program(1, {ASSESS.code}), program(2, {ASSESS.code})]
    effects = {(2, ASSESS.code): Effect(34, 40, Decimal("8.1"), Decimal("1.9"), Decimal("6.2"))}

    [proposal] = rank([ASSESS], programs, TEACHER, effects, TODAY)

    assert proposal.program.id == 2
    assert proposal.effect == "+6,2 п.п. у 34 участников"


def test_the_reason_is_one_line_in_russian():
    programs = [program(1, {ASSESS.code}, federal=True, subjects=frozenset({MATH}), next_cohort=date(2025, 2, 3))]

    [proposal] = rank([ASSESS], programs, TEACHER, {}, TODAY)

    assert proposal.reason == (
        "Закрывает дефицит «Формирующее оценивание»: федеральный реестр ДПП; по предмету «Математика»; "
        "ближайший поток с 03.02.2025"
    )
    assert "\n" not in proposal.reason


@pytest.mark.parametrize(
    ("effect", "text"),
    [
        (None, ""),
        (Effect(3, 2, None, None, None), "мало данных"),
        (Effect(34, 40, Decimal("8"), Decimal("1.8"), Decimal("6.2")), "+6,2 п.п. у 34 участников"),
        (Effect(21, 40, Decimal("1"), Decimal("3"), Decimal("-2.04")), "−2,0 п.п. у 21 участника"),
        (Effect(11, 40, Decimal("1"), Decimal("1"), Decimal("0")), "0,0 п.п. у 11 участников"),
        (Effect(5, 5, Decimal("1"), Decimal("0"), Decimal("0.05")), "+0,1 п.п. у 5 участников"),
    ],
)
def test_effect_text(effect, text):
    assert effect_text(effect) == text


@pytest.mark.parametrize(("count", "text"), [(1, "у 1 участника"), (2, "у 2 участников"), (11, "у 11 участников"),
                                             (21, "у 21 участника"), (111, "у 111 участников")])  # fmt: skip
def test_participants(count, text):
    assert participants(count) == text


def test_a_drafted_route_proposes_steps_covering_the_open_deficits(cast, methodologist_draft_world):
    course, educator, deficits = methodologist_draft_world

    route = actions.create_route(
        educator, by=cast.methodologist, deficits=deficits, today=TODAY, region_id=cast.region.pk,
        goal="Оценивание", starts_on=TODAY, ends_on=date(2025, 12, 31),
    )  # fmt: skip

    steps = list(route.steps.order_by("order"))
    assert route.status == RouteStatus.DRAFT
    assert [(s.kind, s.program_id, s.status) for s in steps] == [
        (StepKind.COURSE, course.pk, StepStatus.PROPOSED),
        (StepKind.SELF_EDUCATION, None, StepStatus.PROPOSED),
    ]
    assert steps[0].cohort.starts_on == date(2025, 3, 3)
    assert steps[0].due_on == date(2025, 5, 2)  # 60 days after the cohort starts
    assert sorted(steps[0].deficits.values_list("code", flat=True)) == ["assess.formative"]
    assert steps[1].title == "Самообразование: Информационная безопасность обучающихся"


def test_proposals_for_one_route_take_a_fixed_number_of_queries(
    cast, methodologist_draft_world, django_assert_max_num_queries
):
    course, educator, deficits = methodologist_draft_world
    for number in range(20):
        growth.program(title=f"Ещё курс {number}", competencies=["assess.formative", "digital.safety"])
    route = actions.create_route(
        educator, by=cast.methodologist, deficits=deficits, today=TODAY, region_id=cast.region.pk,
        goal="Оценивание", starts_on=TODAY, ends_on=date(2025, 12, 31),
    )  # fmt: skip
    from metodist.routes import proposals

    with django_assert_max_num_queries(10):
        made = proposals.propose(route, TODAY)

    assert len(made) == 2  # the federal course, and one of the twenty for the deficit it does not cover


@pytest.fixture
def methodologist_draft_world(cast, first_diagnostic):
    course = growth.program(title="Формирующее оценивание", competencies=["assess.formative"], in_federal_registry=True)
    ProgramCohort.objects.create(program=course, starts_on=date(2025, 3, 3), ends_on=date(2025, 3, 28))
    growth.program(title="Старый курс", competencies=["assess.formative"])
    deficits = deficits_of(cast.teacher, first_diagnostic, {"assess.formative": 3, "digital.safety": 2, "fl.math": 9})
    return course, cast.teacher, deficits
