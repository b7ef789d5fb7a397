from datetime import date
from decimal import Decimal

import pytest

from metodist.surveys import actions
from metodist.surveys.results import OTHERS, split_small, survey_results
from metodist.testing import factories as f

from .conftest import answer, build_survey, colleagues

TODAY = date(2025, 1, 15)


def sent(cast, **kwargs):
    survey = build_survey(cast, **kwargs)
    actions.send(survey, by=cast.methodologist, today=TODAY, version=None)
    return survey


@pytest.mark.parametrize(
    ("sizes", "shown", "others"),
    [
        ({"a": 6, "b": 5}, ["b", "a"], []),  # nobody small: nothing merged
        ({"a": 6, "b": 5, "c": 2}, ["a"], ["c", "b"]),  # «прочие» of 2 would reveal c: b (smallest) joins it
        ({"a": 6, "b": 5, "c": 2, "d": 3}, ["b", "a"], ["c", "d"]),  # 2 + 3 = 5: enough on their own
        ({"a": 6, "c": 2}, [], ["c", "a"]),  # one big and one small: only the total may show
        ({"c": 2, "d": 1}, [], ["c", "d"]),  # all small: «прочие» of 3, itself hidden
    ],
)
def test_small_organizations_merge_so_that_the_complement_reveals_nothing(sizes, shown, others):
    assert split_small(sizes) == (shown, others)


def test_option_counts_shares_scale_mean_and_rates_by_hand(cast):
    # given school 1 with 2 + 5 = 7 invited (6 answer) and school 2 with 1 + 4 = 5 invited (none answer)
    people = [cast.teacher, cast.mentor_educator, *colleagues(cast.school1, 5)]
    colleagues(cast.school2, 4, prefix="Вторая")
    survey = sent(cast)
    choices = ["Урок", "Урок", "Урок", "ГИА", "ГИА", "Родители"]
    values = [1, 2, 3, 4, 5, 5]
    for educator, option, value in zip(people, choices, values, strict=False):
        answer(survey, educator, option=option, value=value)

    results = survey_results(survey)

    # then 6 of 12 answered: 50.0 %; school 1 6 of 7 = 85.7 %, school 2 0 of 5
    assert (results.invited, results.responded, results.rate) == (12, 6, Decimal("50.0"))
    assert [(row.name, row.invited, row.responded, row.rate) for row in results.rates] == [
        ("Школа № 1", 7, 6, Decimal("85.7")),
        ("Школа № 2", 5, 0, Decimal("0.0")),
    ]
    choice, scale, written = results.questions
    assert [(option.text, count, share) for option, count, share in choice.options] == [
        ("Урок", 3, Decimal("50.0")),
        ("ГИА", 2, Decimal("33.3")),
        ("Родители", 1, Decimal("16.7")),
    ]
    # (1 + 2 + 3 + 4 + 5 + 5) / 6 = 3.333… → 3.33
    assert scale.mean == Decimal("3.33")
    assert [count for _, count, _ in scale.values] == [1, 1, 1, 1, 2]
    assert written.hidden  # no texts at all


def test_four_answers_are_not_shown_five_are(cast):
    people = [cast.teacher, cast.mentor_educator, *colleagues(cast.school1, 3)]
    survey = sent(cast)
    for educator in people[:4]:
        answer(survey, educator, text="Нужны семинары")

    four = survey_results(survey)
    assert [item.hidden for item in four.questions] == [True, True, True]
    assert four.questions[0].options == [] and four.questions[1].mean is None

    answer(survey, people[4], text="Нужны семинары")
    five = survey_results(survey)
    assert [item.hidden for item in five.questions] == [False, False, False]
    assert five.questions[1].mean == Decimal("3.00")
    assert len(five.questions[2].texts) == 5


def test_a_small_organization_is_merged_with_the_next_smallest_in_the_breakdown(cast):
    # given answers: school 1 six, school 2 five, school 4 two
    school4 = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа № 4")
    first = [cast.teacher, cast.mentor_educator, *colleagues(cast.school1, 4)]
    second = [cast.school2_educator, *colleagues(cast.school2, 4, prefix="Вторая")]
    fourth = colleagues(school4, 2, prefix="Четвёртая")
    survey = sent(cast)
    for educator in first + second + fourth:
        answer(survey, educator, value=5 if educator in fourth else 3)

    rows = survey_results(survey).questions[1].by_organization

    # then school 4 (2) alone would be revealed by 13 − 6 − 5: school 2 joins «прочие», 5 + 2 = 7 answers,
    # mean (5·3 + 2·5) / 7 = 25 / 7 = 3.57
    assert [(row.name, row.answered, row.mean, row.hidden) for row in rows] == [
        ("Школа № 1", 6, Decimal("3.00"), False),
        (OTHERS, 7, Decimal("3.57"), False),
    ]


def test_an_anonymous_survey_hides_the_rate_of_organizations_with_few_invited(cast):
    # given school 1 with 7 invited, school 2 with 1 (Орлова)
    colleagues(cast.school1, 5)
    survey = sent(cast)

    rates = survey_results(survey).rates

    # then school 2 goes into «прочие» (1 invited) together with school 1, and that row of 8 is shown
    assert [(row.name, row.invited, row.hidden) for row in rates] == [(OTHERS, 8, False)]
    named = sent(cast, anonymous=False, title="Именная")
    assert [(row.name, row.invited) for row in survey_results(named).rates] == [("Школа № 1", 7), ("Школа № 2", 1)]


def test_anonymous_texts_are_listed_alphabetically(cast):
    people = [cast.teacher, cast.mentor_educator, *colleagues(cast.school1, 3)]
    survey = sent(cast)
    for educator, text in zip(people, ["в", "Б", "а", "Г", "д"], strict=True):
        answer(survey, educator, text=text)

    texts = survey_results(survey).questions[2].texts

    assert [row.text for row in texts] == ["а", "Б", "в", "Г", "д"]
    assert all(row.who == "" for row in texts)
