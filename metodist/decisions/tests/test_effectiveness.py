"""The effectiveness review on hand-built cases: «лучше, чем у сопоставимых» is the test, not «выросло»."""

from datetime import date

from metodist.decisions import actions, effectiveness
from metodist.decisions.models import Decision, DecisionKind, Measure, Verdict
from metodist.decisions.summary import of_record
from metodist.testing import factories as f

from . import builders as b
from .builders import put


def test_targeted_schools_that_grew_less_than_their_peers_read_not_effective(world):
    # Given: the targeted schools grew by 5 (10→15, 20→25), their peers by 8 (10→18, 20→28, 30→38); the
    # kindergartens grew by 90 and are another context
    put(world, world["share"], [10, 20], [15, 25], [10, 20, 30], [18, 28, 38])
    world["measure"].indicators.set([world["share"]])

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then: 5 − 8 = −3 п.п.: worse than the comparable schools, although the value grew
    item = found["details"]["indicators"][0]
    assert found["verdict"] == Verdict.NOT_EFFECTIVE
    assert (item["targeted_change"], item["peer_change"], item["effect"]) == ("5.00", "8.00", "-3.00")
    assert (item["targeted"], item["peers"], item["outcome"]) == (2, 3, effectiveness.WORSE)
    assert (item["targeted_before"], item["targeted_after"]) == ("15.00", "20.00")
    assert {row["name"] for row in item["rows"]} == {"Школа № 1", "Школа № 2", "Школа П1", "Школа П2", "Школа П3"}


def test_targeted_schools_that_outgrew_their_peers_read_effective(world):
    # Given: +6 and +4 (mean +5) against +1, +2, +0 (mean +1)
    put(world, world["share"], [10, 20], [16, 24], [10, 20, 30], [11, 22, 30])
    world["measure"].indicators.set([world["share"]])

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then: 5 − 1 = 4 п.п. better
    assert found["verdict"] == Verdict.EFFECTIVE
    assert found["details"]["indicators"][0]["effect"] == "4.00"
    assert found["details"]["warning"] == ""


def test_a_lower_is_better_indicator_credits_a_fall_larger_than_the_peers(world):
    # Given: vacancies («≤ 10»: lower is better) fell by 4 at the targeted schools, by 1 at the peers
    put(world, world["lower"], [20, 16], [16, 12], [20, 16, 12], [19, 15, 11])
    world["measure"].indicators.set([world["lower"]])

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then: the raw difference −4 − (−1) = −3 is an effect of +3 in the better direction
    item = found["details"]["indicators"][0]
    assert (item["difference"], item["effect"], item["lower_is_better"]) == ("-3.00", "3.00", True)
    assert found["verdict"] == Verdict.EFFECTIVE


def test_one_indicator_better_and_one_level_with_peers_reads_partly_effective(world):
    # Given: share +4 against +1 (better); vacancies −1.5 against −1 (0.5 < the margin of 1: level)
    put(world, world["share"], [10, 20], [14, 24], [10, 20, 30], [11, 21, 31])
    put(world, world["lower"], [20, 16], [18.5, 14.5], [20, 16, 12], [19, 15, 11])
    world["measure"].indicators.set([world["share"], world["lower"]])

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then
    outcomes = [item["outcome"] for item in found["details"]["indicators"]]
    assert outcomes == [effectiveness.BETTER, effectiveness.SAME]
    assert found["details"]["indicators"][1]["effect"] == "0.50"
    assert found["verdict"] == Verdict.PARTLY


def test_a_peer_without_data_is_not_read_as_zero_and_too_few_peers_make_it_unmeasurable(world):
    # Given: the third peer has «нет данных» in the following campaign (stored as 0)
    put(world, world["share"], [10, 20], [16, 24], [10, 20, 30], [11, 22, None])
    world["measure"].indicators.set([world["share"]])

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then: two peers with data, fewer than the minimum of three
    item = found["details"]["indicators"][0]
    assert found["verdict"] == Verdict.NOT_MEASURABLE
    assert item["outcome"] == effectiveness.UNMEASURABLE
    assert "не менее 3 в группе" in item["reason"]
    assert item["peers"] == 0


def test_a_measure_with_one_targeted_school_with_data_is_not_measurable(world):
    # Given: school 2 has no data in the cause campaign
    put(world, world["share"], [10, None], [16, 24], [10, 20, 30], [11, 22, 30])
    world["measure"].indicators.set([world["share"]])

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then
    assert found["verdict"] == Verdict.NOT_MEASURABLE
    assert "у 1 из 2 организаций" in found["details"]["reason"]


def test_without_a_following_campaign_the_measure_is_not_yet_measurable(world):
    # Given
    world["following"].approvals.all().delete()
    world["following"].delete()
    world["measure"].indicators.set([world["share"]])

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then
    assert found["verdict"] == Verdict.NOT_MEASURABLE
    assert found["details"]["reason"] == "кампании следующего периода после 2022/23 ещё нет"


def test_unapproved_following_results_are_used_and_flagged(world):
    # Given: the following campaign's approval is withdrawn; its latest snapshot is still shown
    world["following"].approvals.all().delete()
    put(world, world["share"], [10, 20], [16, 24], [10, 20, 30], [11, 22, 30])
    world["measure"].indicators.set([world["share"]])

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then
    assert found["verdict"] == Verdict.EFFECTIVE
    assert found["following_approved"] is False
    assert found["details"]["warning"] == "результаты следующей кампании не утверждены"


def test_a_municipal_measure_of_a_municipal_campaign_shows_the_plain_change_only(world):
    # Given: a measure of the municipality as a whole
    measure = world["measure"]
    measure.organizations.clear()
    measure.indicators.set([world["share"]])
    municipality = world["cast"].municipality
    b.municipal_values(world["before"], world["share"], {municipality: 20})
    b.municipal_values(world["after"], world["share"], {municipality: 26.5})

    # When
    review = actions.review(measure, by=world["cast"].methodologist)

    # Then
    item = review.details["indicators"][0]
    assert review.verdict == Verdict.NOT_MEASURABLE
    assert review.verdict_text == "пока не измерима против сопоставимых"
    assert (item["targeted_before"], item["targeted_after"], item["targeted_change"]) == ("20.00", "26.50", "6.50")


def test_a_municipal_measure_of_a_regional_campaign_is_compared_with_the_other_municipalities(cast):
    # Given: a regional campaign; Город N +6, three other municipalities +2, +4, +0 (mean +2)
    row, share, _ = b.catalogue()
    others = [cast.other_municipality, *[f.MunicipalityFactory(region=cast.region) for _ in range(2)]]
    cause, following = b.campaign(row, cast.region, None, 2022), b.campaign(row, cast.region, None, 2023)
    before, after = b.snapshot(cause, approved=True), b.snapshot(following, approved=True)
    b.municipal_values(before, share, {cast.municipality: 20, others[0]: 20, others[1]: 30, others[2]: 40})
    b.municipal_values(after, share, {cast.municipality: 26, others[0]: 22, others[1]: 34, others[2]: 40})
    decision = Decision.objects.create(municipality=cast.municipality, campaign=cause, kind=DecisionKind.PROTOCOL,
                                       number="3", date=date(2023, 9, 1), title="Протокол")  # fmt: skip
    measure = Measure.objects.create(decision=decision, activity="Семинары", deadline=date(2024, 1, 1))
    measure.indicators.set([share])

    # When
    found = effectiveness.evaluate(measure)

    # Then: 6 − 2 = 4
    item = found["details"]["indicators"][0]
    assert (item["targeted_change"], item["peer_change"], item["effect"], item["peers"]) == ("6.00", "2.00", "4.00", 3)
    assert found["verdict"] == Verdict.EFFECTIVE


def test_a_signed_verdict_stays_when_the_data_change_and_the_review_is_recomputed(world):
    # Given: a review signed as effective
    put(world, world["share"], [10, 20], [16, 24], [10, 20, 30], [11, 22, 30])
    world["measure"].indicators.set([world["share"]])
    methodologist = world["cast"].methodologist
    signed = actions.sign(actions.review(world["measure"], by=methodologist), "Курсы помогли", by=methodologist)

    # When: the following campaign is recomputed and the peers now grew more; the review is recomputed
    newer = b.snapshot(world["following"])
    world["following"].approvals.update(snapshot=newer)
    b.values(newer, world["share"], {world["targeted"][0]: 16, world["targeted"][1]: 24,
                                     **dict.fromkeys(world["peers"], 40)})  # fmt: skip
    recomputed = actions.review(world["measure"], by=methodologist)

    # Then: the new computation differs, the signed one is still the verdict of record
    signed.refresh_from_db()
    assert recomputed.verdict == Verdict.NOT_EFFECTIVE
    assert signed.verdict == Verdict.EFFECTIVE and signed.note == "Курсы помогли"
    assert of_record(world["measure"].reviews.order_by("-computed_at", "-pk")) == signed


def test_a_cancelled_measure_is_not_reviewed(world):
    # Given: the data would show an effect, but the measure was cancelled
    put(world, world["share"], [10, 20], [16, 24], [10, 20, 30], [11, 22, 30])
    world["measure"].indicators.set([world["share"]])
    world["measure"].status = "cancelled"

    # When
    found = effectiveness.evaluate(world["measure"])

    # Then
    assert found["verdict"] == Verdict.NOT_MEASURABLE
    assert found["details"]["reason"] == "мера отменена: её эффективность не оценивается"
