"""Rules of information cards: validation messages, what blocks a submission, the registry figures, the
reporting rates, and who may fill or review a card."""

from decimal import Decimal

import pytest

from metodist.monitoring import actions, cards
from metodist.monitoring.models import DataElement, ValueType

from .builders import TEST_CATALOGUE, load_test_catalogue
from .campaigns import campaign_fixture, card_of, catalogue_fixture, open_cast_campaign, other_coordinator_fixture  # noqa: F401 (fixtures)


def element(code, name, value_type=ValueType.NUMBER, required=True, **rules):
    return DataElement(code=code, name=name, value_type=value_type, required=required, rules=rules)


WHOLE = element("whole", "Педагогов всего", min=0)
PART = element("part", "Из них молодых", min=0, not_greater_than="whole")
SHARE = element("share", "Доля аттестованных", min=0, max=100, severity="warning")
ACT = element("act", "Наличие положения", ValueType.BOOL)
NOTE = element("note", "Комментарий", ValueType.TEXT, required=False)
ELEMENTS = [WHOLE, PART, SHARE, ACT, NOTE]


def problems(**values):
    return [(p.element, p.message, p.severity) for p in cards.check(ELEMENTS, values)]


def test_a_complete_and_consistent_card_has_no_problems():
    assert problems(whole=Decimal(10), part=Decimal(4), share=Decimal(50), act=False) == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"part": Decimal(1), "share": Decimal(1), "act": True},
            [("whole", "Не заполнено обязательное поле «Педагогов всего».", "error")],
        ),
        (
            {"whole": Decimal(10), "part": Decimal(1), "share": Decimal(1)},
            [("act", "Не заполнено обязательное поле «Наличие положения».", "error")],
        ),
        (
            {"whole": Decimal(-2), "part": Decimal(0), "share": Decimal(1), "act": True},
            [
                ("whole", "«Педагогов всего»: значение -2 меньше допустимого (0).", "error"),
                (
                    "part",
                    "«Из них молодых» (0) больше, чем «Педагогов всего» (-2): часть не может быть больше целого.",
                    "error",
                ),
            ],
        ),  # fmt: skip
        (
            {"whole": Decimal(3), "part": Decimal("3.5"), "share": Decimal(1), "act": True},
            [
                (
                    "part",
                    "«Из них молодых» (3,5) больше, чем «Педагогов всего» (3): часть не может быть больше целого.",
                    "error",
                )
            ],
        ),  # fmt: skip
        (
            {"whole": Decimal(3), "part": Decimal(3), "share": Decimal(120), "act": True},
            [("share", "«Доля аттестованных»: значение 120 больше допустимого (100).", "warning")],
        ),
        (
            {"whole": Decimal(1200), "part": Decimal(1), "share": Decimal(1), "act": True, "note": ""},
            [],
        ),
    ],
)
def test_validation_messages_name_the_element_and_the_rule(values, expected):
    assert problems(**values) == expected


def test_a_part_is_compared_with_its_whole_only_when_the_whole_is_given():
    assert problems(part=Decimal(5), share=Decimal(1), act=True) == [
        ("whole", "Не заполнено обязательное поле «Педагогов всего».", "error")
    ]


def test_errors_block_and_warnings_block_until_explained():
    found = cards.check(ELEMENTS, {"whole": Decimal(3), "part": Decimal(4), "share": Decimal(101), "act": True})

    unexplained = cards.blocking(found, explanations=set())
    explained = cards.blocking(found, explanations={"share"})

    part_error = "«Из них молодых» (4) больше, чем «Педагогов всего» (3): часть не может быть больше целого."
    share_warning = "«Доля аттестованных»: значение 101 больше допустимого (100)."
    assert unexplained == [part_error, f"Поясните предупреждение: {share_warning}"]
    assert explained == [part_error]


def test_explained_warnings_alone_do_not_block():
    found = cards.check(ELEMENTS, {"whole": Decimal(3), "part": Decimal(1), "share": Decimal(101), "act": True})

    assert cards.blocking(found, explanations={"share"}) == []
    assert cards.blocking(found, explanations={"whole"}) != []  # an explanation counts for its own element only


def test_a_fraction_of_people_is_an_error_where_the_element_counts_whole_people():
    people = element("people", "Педагогов всего", integer=True)
    rate = element("rate", "Ставок", min=0)

    found = cards.check([people, rate], {"people": Decimal("2.5"), "rate": Decimal("2.5")})

    assert [(p.element, p.message, p.severity, p.rule) for p in found] == [
        ("people", "«Педагогов всего»: нужно целое число, указано 2,5.", "error", "integer")
    ]
    assert cards.check([people], {"people": Decimal("3.00")}) == []


def test_registry_figure_counts_the_educators_of_the_respondent(cast, campaign):
    school1 = card_of(campaign, cast.school1)
    elements = list(school1.card.elements.all())

    figures = cards.registry_figures(school1, elements)

    # staff_total: pedagogical workers whose home is school 1 — Смирнова and Кузнецов; sanatorium is the
    # numerator of indicator 8 over the same registry population, so 2 is the most it may be
    assert figures == {
        "staff_total": cards.RegistryFigure(2),
        "sanatorium": cards.RegistryFigure(2, limit="8", label="педагогические работники"),
    }
    assert figures["staff_total"].differs(Decimal(3)) is True
    assert figures["staff_total"].differs(Decimal(2)) is False
    assert figures["staff_total"].differs(None) is False


def test_registry_figures_of_a_municipal_card_sum_its_organizations(cast, tmp_path):
    text = TEST_CATALOGUE.replace(
        'name = "Наличие акта о поддержке молодых педагогов"\ntype = "bool"',
        'name = "Педагогов муниципалитета"\ntype = "number"\nregistry = { population = "pedagogical" }',
    )
    campaign = open_cast_campaign(cast, load_test_catalogue(tmp_path, text))
    municipal = card_of(campaign, cast.municipality)

    figures = cards.registry_figures(municipal)

    # Смирнова and Кузнецов of school 1, Орлова of school 2; Волкова of school 3 is in Город M
    assert figures == {"act_young": cards.RegistryFigure(3)}


def test_a_difference_with_the_registry_and_a_numerator_over_its_denominator_are_warnings(cast, campaign):
    school1 = card_of(campaign, cast.school1)
    actions.save_card_values(school1, {"staff_total": "3", "sanatorium": "3"}, by=cast.school1_admin)

    found = cards.problems_of(school1)

    assert [(p.element, p.message, p.severity, p.rule) for p in found] == [
        (
            "staff_total",
            "«Педагогических работников всего»: расхождение с реестром: в карте 3, по реестру на 31.05.2024 — 2.",
            "warning",
            "registry",
        ),
        (
            "sanatorium",
            "«Прошли санаторно-курортное лечение» (3) больше, чем педагогические работники по реестру на "
            "31.05.2024 (2), — знаменатель показателя 8: поясните, почему.",
            "warning",
            "registry_limit",
        ),
    ]
    assert cards.blocking_of(school1) == [f"Поясните предупреждение: {p.message}" for p in found]


def test_a_numerator_within_its_registry_denominator_raises_nothing(cast, campaign):
    school1 = card_of(campaign, cast.school1)
    actions.save_card_values(school1, {"staff_total": "2", "sanatorium": "2"}, by=cast.school1_admin)

    assert cards.problems_of(school1) == []


def test_explanations_are_stored_per_element_and_recorded_in_the_history(cast, campaign):
    school1 = card_of(campaign, cast.school1)
    actions.save_card_values(school1, {"staff_total": "3", "sanatorium": "1"}, by=cast.school1_admin)

    changes = actions.save_card_values(
        school1, {"staff_total__explanation": "  Третий педагог — совместитель, в реестре он в школе № 2. "},
        by=cast.school1_admin,
    )  # fmt: skip

    stored = cards.stored_values(school1)
    assert changes == 1
    assert stored["staff_total"].explanation == "Третий педагог — совместитель, в реестре он в школе № 2."
    assert stored["staff_total"].number == 3  # the value itself is untouched
    assert cards.explained(stored) == {"staff_total"}
    assert cards.blocking_of(school1) == []
    event = school1.events.first()
    assert (event.element.code, event.comment) == (
        "staff_total", "Пояснение: Третий педагог — совместитель, в реестре он в школе № 2.",
    )  # fmt: skip


def test_an_explanation_of_an_element_never_answered_is_not_stored(cast, campaign):
    school1 = card_of(campaign, cast.school1)

    changes = actions.save_card_values(school1, {"staff_total__explanation": ""}, by=cast.school1_admin)

    assert changes == 0
    assert not school1.values.exists()


def test_registry_figure_of_a_module_not_yet_connected_says_so(cast, tmp_path):
    text = TEST_CATALOGUE.replace(
        'registry = { population = "pedagogical" }',
        'registry = { population = "teachers", where = [{ predicate = "not_built" }] }',
    )
    campaign = open_cast_campaign(cast, load_test_catalogue(tmp_path, text))
    school1 = card_of(campaign, cast.school1)

    figure = cards.registry_figures(school1, list(school1.card.elements.all()))["staff_total"]

    assert figure == cards.RegistryFigure(None, "модуль ещё не подключён (Модуль, которого нет)")
    assert figure.differs(Decimal(5)) is False


def test_reporting_rates_with_nothing_sent_are_zero_not_missing(cast, campaign):
    (rate,) = cards.reporting_rates(campaign.submissions.all())

    assert (rate.total, rate.reported, rate.on_time, rate.reporting, rate.punctuality) == (
        3, 0, 0, Decimal("0.0"), Decimal("0.0"),
    )  # fmt: skip


def test_a_returned_card_does_not_count_as_reported(cast, campaign):
    card = card_of(campaign, cast.school1)
    actions.save_card_values(card, {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)
    actions.submit_card(card, by=cast.school1_admin, errors=[])
    actions.return_card(card, by=cast.coordinator, comment="Проверьте данные")

    (rate,) = cards.reporting_rates(campaign.submissions.all())

    assert (rate.reported, rate.accepted) == (0, 0)


@pytest.mark.parametrize(
    ("who", "school1_card", "municipal_card", "review"),
    [
        ("school1_admin", True, False, False),
        ("coordinator", False, True, True),
        ("methodologist", False, True, False),
        ("regional_operator", False, False, True),
    ],
)
def test_who_fills_and_who_reviews(cast, campaign, who, school1_card, municipal_card, review):
    user = getattr(cast, who)

    assert cards.can_fill(user, card_of(campaign, cast.school1)) is school1_card
    assert cards.can_fill(user, card_of(campaign, cast.municipality)) is municipal_card
    assert cards.can_review(user, card_of(campaign, cast.school1)) is review


def test_a_coordinator_of_another_municipality_neither_manages_nor_reviews(cast, campaign, other_coordinator):
    assert cards.can_manage(other_coordinator, campaign) is False
    assert cards.can_review(other_coordinator, card_of(campaign, cast.school1)) is False


def test_creating_campaigns_needs_a_territory(cast):
    from metodist.accounts.models import Role
    from metodist.testing import factories as f

    homeless = f.UserFactory(role=Role.COORDINATOR)

    assert cards.can_create_campaign(cast.coordinator) is True
    assert cards.can_create_campaign(cast.regional_operator) is True
    assert cards.can_create_campaign(homeless) is False
    assert cards.can_create_campaign(cast.school1_admin) is False
