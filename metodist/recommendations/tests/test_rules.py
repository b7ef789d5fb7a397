"""Generating drafts by the rules on the hand-built campaign of world.py: each condition with its hand-computed
expectation, the peers' quartile, values without data, and the checks of a rules file."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from metodist.recommendations import rules
from metodist.recommendations.models import RecipientKind

from .world import RULES, rules_file

CATALOGUES = Path(__file__).resolve().parents[2] / "monitoring" / "catalogues"


def _drafts(world):
    return rules.drafts(world.campaign, world.snapshot, rules.load(world.rules_path))


def _keys(found) -> set:
    return {draft.key for draft in found}


def test_the_rules_give_exactly_the_hand_computed_drafts(world):
    cast = world.cast

    found = _drafts(world)

    assert _keys(found) == {
        f"org-below-young:young:organization:{cast.school1.pk}",  # 5 % < 10 %
        f"org-below:part_time:organization:{cast.school2.pk}",  # 15 % not < 10 %
        f"org-below:profile:organization:{cast.school1.pk}",  # 50 % < 75 %
        f"org-falling:young:organization:{cast.school1.pk}",  # 8 → 5, higher is better
        f"org-falling:part_time:organization:{cast.school2.pk}",  # 11 → 15, lower is better
        f"org-peers:young:organization:{cast.school1.pk}",  # 5 ≤ Q1 10,25 and < median 16
        f"service-below:part_time:service:{cast.municipality.pk}",  # 12 % not < 10 %
        f"educator-profile:profile:educator:{cast.teacher.pk}",  # in the denominator, not in the numerator
    }


def test_a_rule_naming_an_indicator_takes_it_from_the_general_rule(world):
    found = _drafts(world)

    below_young = [draft for draft in found if draft.key.startswith(("org-below:young", "org-below-young"))]
    assert [draft.rule for draft in below_young] == ["org-below-young"]


def test_the_template_is_filled_with_the_numbers(world):
    draft = next(draft for draft in _drafts(world) if draft.rule == "org-below-young")

    assert draft.title == "Молодые педагоги: 5,0\u00a0%"
    assert draft.text == "Школа № 1: 5,0\u00a0% при цели не менее 10\u00a0%, 1 из 20 (2023/24)."
    assert (draft.recipient_kind, draft.organization_id, draft.municipality_id) == (
        RecipientKind.ORGANIZATION, world.cast.school1.pk, world.cast.municipality.pk,
    )  # fmt: skip


def test_each_draft_keeps_its_evidence_with_the_drill_down_link(world):
    cast = world.cast
    draft = next(draft for draft in _drafts(world) if draft.rule == "org-falling" and "young" in draft.key)

    (proof,) = draft.evidence

    assert proof["indicator"] == "young"
    assert (proof["value"], proof["value_text"], proof["previous"]) == ("5.00", "5,0\u00a0%", "8,0\u00a0%")
    assert (proof["numerator"], proof["denominator"], proof["target"]) == ("1", "20", "не менее 10\u00a0%")
    assert proof["url"] == f"/monitoring/{world.campaign.pk}/indicators/young/?organization={cast.school1.pk}"


def test_lowest_quartile_among_peers_names_the_peers_median(world):
    draft = next(draft for draft in _drafts(world) if draft.rule == "org-peers")

    # peers 5, 12, 20, 30: Q1 = (5·1 + 12·3) / 4 = 10,25 (inclusive method); median (12 + 20) / 2 = 16
    assert draft.evidence[0]["peers_q1"] == "10.25"
    assert draft.evidence[0]["peers_median"] == "16,0\u00a0%"
    assert draft.text == "Школа № 1: 5,0\u00a0%; медиана 4 сопоставимых — 16,0\u00a0%."


def test_a_value_without_data_is_not_a_zero(world):
    found = _drafts(world)

    # the kindergarten's young and school 4's part_time have no data: no rule fires on them, and school 4 does
    # not make part_time's peer group big enough for a quartile (3 values with data, fewer than MIN_PEERS)
    places = {draft.organization_id for draft in found}
    assert world.kindergarten.pk not in places
    assert world.school4.pk not in places
    assert not any(draft.rule == "org-peers" and "part_time" in draft.key for draft in found)


def test_the_peer_group_of_the_kindergarten_is_too_small(world):
    from metodist.monitoring.models import ResultStatus

    world.snapshot.values.filter(organization=world.kindergarten).update(value=0, status=ResultStatus.OK)

    found = _drafts(world)

    assert not any(draft.rule == "org-peers" and draft.organization_id == world.kindergarten.pk for draft in found)


def test_equal_peers_give_no_quartile(world):
    world.snapshot.values.filter(indicator__code="young", level="organization").update(value=10)

    found = _drafts(world)

    assert not any(draft.rule == "org-peers" for draft in found)


def test_falling_without_a_target_needs_the_rule_to_say_which_way_is_better(world, tmp_path):
    world.snapshot.values.filter(indicator__code="young").update(target_status="no_target")
    world.campaign.catalogue.indicators.filter(code="young").update(targets=[])
    text = RULES.replace('code = "org-falling"\n', 'code = "org-falling"\nbetter = "lower"\n')

    found = rules.drafts(world.campaign, world.snapshot, rules.load(rules_file(tmp_path, text)))

    falling = {draft.key for draft in found if draft.rule == "org-falling"}
    # young without a target, lower declared better: school 2 rose 10 → 12 (worse); school 1 fell 8 → 5 (better)
    assert falling == {
        f"org-falling:young:organization:{world.cast.school2.pk}",
        f"org-falling:part_time:organization:{world.cast.school2.pk}",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('condition = "falling"', 'condition = "rising"'), "неизвестное условие rising"),
        (('condition = "lowest_quartile_among_peers"\nrecipient = "organization"',
          'condition = "lowest_quartile_among_peers"\nrecipient = "service"'), "не для адресата service"),
        (("{educator} ({organization})", "{teacher} ({organization})"), "неизвестные подстановки teacher"),
        (('code = "org-below"\n', 'code = "org-below-young"\n'), "код повторяется"),
        (('code = "org-peers"\n', 'code = "org-peers"\nbetter = "up"\n'), "better"),
    ],
)  # fmt: skip
def test_a_rules_file_with_a_mistake_is_refused(tmp_path, change, message):
    old, new = change
    assert old in RULES

    with pytest.raises(ImproperlyConfigured, match=message):
        rules.load(rules_file(tmp_path, RULES.replace(old, new, 1)))


def test_the_shipped_rules_load_and_name_indicators_of_the_catalogues():
    import tomllib

    codes = set()
    for path in CATALOGUES.glob("*.toml"):
        codes |= {item["code"] for item in tomllib.loads(path.read_text(encoding="utf-8")).get("indicators", [])}

    shipped = rules.load()

    assert {rule.recipient for rule in shipped} == set(RecipientKind.values)
    assert {rule.condition for rule in shipped} == set(rules.CONDITIONS)
    assert {code for rule in shipped for code in rule.indicators} <= codes
