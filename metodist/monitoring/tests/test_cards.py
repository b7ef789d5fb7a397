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


def test_errors_block_and_warnings_block_until_confirmed():
    found = cards.check(ELEMENTS, {"whole": Decimal(3), "part": Decimal(4), "share": Decimal(101), "act": True})

    unconfirmed = cards.blocking(found, confirmed=False)
    confirmed = cards.blocking(found, confirmed=True)

    part_error = "«Из них молодых» (4) больше, чем «Педагогов всего» (3): часть не может быть больше целого."
    assert unconfirmed == [part_error, cards.CONFIRM_WARNINGS]
    assert confirmed == [part_error]


def test_confirmed_warnings_alone_do_not_block():
    found = cards.check(ELEMENTS, {"whole": Decimal(3), "part": Decimal(1), "share": Decimal(101), "act": True})

    assert cards.blocking(found, confirmed=True) == []


def test_registry_figure_counts_the_educators_of_the_respondent(cast, campaign):
    school1 = card_of(campaign, cast.school1)
    elements = list(school1.card.elements.all())

    figures = cards.registry_figures(school1, elements)

    # staff_total: pedagogical workers whose home is school 1 — Смирнова and Кузнецов; sanatorium has no registry
    assert figures == {"staff_total": cards.RegistryFigure(2)}
    assert figures["staff_total"].differs(Decimal(3)) is True
    assert figures["staff_total"].differs(Decimal(2)) is False
    assert figures["staff_total"].differs(None) is False


def test_registry_figure_of_a_module_not_yet_connected_says_so(cast, tmp_path):
    text = TEST_CATALOGUE.replace(
        'registry = { population = "pedagogical" }',
        'registry = { population = "teachers", where = [{ predicate = "diagnosed", level = "federal" }] }',
    )
    campaign = open_cast_campaign(cast, load_test_catalogue(tmp_path, text))
    school1 = card_of(campaign, cast.school1)

    figure = cards.registry_figures(school1, list(school1.card.elements.all()))["staff_total"]

    assert figure == cards.RegistryFigure(None, "модуль ещё не подключён (Диагностика профессиональных дефицитов)")
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
