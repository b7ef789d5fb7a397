"""Generate → edit → approve → send → read: rerun-safe regeneration, optimistic locking, the audit trail and the
receipts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metodist.accounts.models import Role
from metodist.audit.models import AuditEntry
from metodist.lib.versions import EditConflict, VersionForm
from metodist.monitoring.models import Approval
from metodist.recommendations import actions, rules
from metodist.recommendations.forms import EditForm
from metodist.recommendations.models import (
    Receipt,
    RecipientKind,
    Recommendation,
    RecommendationStatus,
    recipient_users,
)
from metodist.testing import factories as f
from metodist.testing.community import association

GENERATED = 8  # the drafts of test_rules.py


def _regenerate(world):
    return actions.generate(world.campaign, by=world.cast.coordinator, rules=rules.load(world.rules_path))


def _edit(recommendation, by, version=None, title="Исправленная тема", opened=None):
    """The edit form posted as the page sends it: the version and the state of the record when it was opened."""
    version = version or recommendation.version
    shown = VersionForm.of(version, opened or actions.state(recommendation))
    lock = VersionForm({"lock-version": str(version), "lock-opened": shown.initial["opened"]}, prefix="lock")
    form = EditForm({"title": title, "text": recommendation.text}, instance=recommendation)
    assert form.is_valid() and lock.is_valid()
    return actions.change(recommendation, form, lock, by=by)


def _one(world, rule):
    return Recommendation.objects.select_related("campaign").get(campaign=world.campaign, rule=rule)


def test_generation_makes_drafts_with_an_audit_trail(generated):
    drafts = Recommendation.objects.filter(campaign=generated.campaign)

    assert drafts.count() == GENERATED
    assert set(drafts.values_list("status", flat=True)) == {RecommendationStatus.DRAFT}
    assert AuditEntry.objects.filter(model="recommendations.recommendation", action="create").count() == GENERATED


def test_regenerating_untouched_drafts_replaces_them(generated):
    done = _regenerate(generated)

    assert (done.created, done.replaced, done.kept) == (GENERATED, GENERATED, 0)
    assert Recommendation.objects.filter(campaign=generated.campaign).count() == GENERATED


def test_regenerating_keeps_edited_approved_and_sent_ones(generated):
    cast = generated.cast
    edited = _edit(_one(generated, "educator-profile"), by=cast.methodologist)
    approved = actions.approve(_one(generated, "org-peers"), by=cast.coordinator)
    sent = actions.send(actions.approve(_one(generated, "service-below"), by=cast.coordinator), by=cast.coordinator)

    done = _regenerate(generated)

    assert (done.created, done.replaced, done.kept) == (GENERATED - 3, GENERATED - 3, 3)
    rows = Recommendation.objects.filter(campaign=generated.campaign)
    assert rows.count() == GENERATED
    assert set(rows.filter(pk__in=[edited.pk, approved.pk, sent.pk]).values_list("title", "status")) == {
        ("Исправленная тема", RecommendationStatus.DRAFT),
        (approved.title, RecommendationStatus.APPROVED),
        (sent.title, RecommendationStatus.SENT),
    }


def test_regenerating_never_deletes_one_written_by_hand(generated):
    cast = generated.cast
    by_hand = Recommendation.objects.create(
        campaign=generated.campaign, recipient_kind=RecipientKind.ORGANIZATION, organization=cast.school2,
        municipality=cast.municipality, title="Вручную", text="Текст",
    )  # fmt: skip

    _regenerate(generated)

    assert Recommendation.objects.filter(pk=by_hand.pk).exists()


def test_generation_needs_approved_results(world):
    Approval.objects.filter(campaign=world.campaign).update(reopened_at="2024-07-01T00:00:00Z")

    with pytest.raises(ValidationError, match="не утверждены"):
        _regenerate(world)


@pytest.mark.parametrize("who", ["school1_admin", "teacher_user", "regional_operator"])
def test_only_the_municipality_s_service_generates(world, who):
    with pytest.raises(PermissionDenied):
        actions.generate(world.campaign, by=getattr(world.cast, who), rules=rules.load(world.rules_path))


def test_another_municipality_s_coordinator_may_not_generate(world, other_coordinator):
    with pytest.raises(PermissionDenied):
        actions.generate(world.campaign, by=other_coordinator, rules=rules.load(world.rules_path))


def test_an_edit_opened_before_another_save_is_refused(generated):
    cast = generated.cast
    recommendation = _one(generated, "educator-profile")
    opened_at, opened, title = recommendation.version, actions.state(recommendation), recommendation.title
    _edit(recommendation, by=cast.coordinator, title="Первая правка")

    with pytest.raises(EditConflict) as refused:
        _edit(Recommendation.objects.get(pk=recommendation.pk), by=cast.methodologist, version=opened_at, opened=opened)

    assert refused.value.changed() == [("тема", title, "Первая правка")]
    assert Recommendation.objects.get(pk=recommendation.pk).title == "Первая правка"


def test_editing_an_approved_one_returns_it_to_draft(generated):
    cast = generated.cast
    recommendation = actions.approve(_one(generated, "org-peers"), by=cast.coordinator)

    _edit(Recommendation.objects.get(pk=recommendation.pk), by=cast.coordinator)

    assert Recommendation.objects.get(pk=recommendation.pk).status == RecommendationStatus.DRAFT


def test_sending_needs_approval_and_a_sent_one_is_not_edited(generated):
    cast = generated.cast
    recommendation = _one(generated, "org-peers")

    with pytest.raises(ValidationError, match="только утверждённую"):
        actions.send(recommendation, by=cast.coordinator)
    actions.send(actions.approve(recommendation, by=cast.coordinator), by=cast.coordinator)
    with pytest.raises(ValidationError, match="изменить нельзя"):
        _edit(Recommendation.objects.select_related("campaign").get(pk=recommendation.pk), by=cast.coordinator)


def test_send_all_approved_sends_only_the_approved(generated):
    cast = generated.cast
    for rule in ("org-peers", "educator-profile"):
        actions.approve(_one(generated, rule), by=cast.coordinator)

    sent = actions.send_approved(generated.campaign, by=cast.methodologist)

    rows = Recommendation.objects.filter(campaign=generated.campaign)
    assert sent == 2
    assert set(rows.filter(status=RecommendationStatus.SENT).values_list("rule", flat=True)) == {
        "org-peers",
        "educator-profile",
    }
    assert rows.filter(status=RecommendationStatus.DRAFT).count() == GENERATED - 2
    assert set(rows.filter(status=RecommendationStatus.SENT).values_list("sent_by", flat=True)) == {
        cast.methodologist.pk
    }


def test_the_educator_reads_what_was_sent_to_her(generated):
    cast = generated.cast
    recommendation = _one(generated, "educator-profile")
    assert not Recommendation.objects.addressed_to(cast.teacher_user).exists()  # a draft is never seen
    actions.send(actions.approve(recommendation, by=cast.coordinator), by=cast.coordinator)
    assert list(Recommendation.objects.unread_by(cast.teacher_user)) == [recommendation]

    first = actions.confirm_read(recommendation, user=cast.teacher_user)
    again = actions.confirm_read(recommendation, user=cast.teacher_user)

    assert first.read_at == again.read_at
    assert Receipt.objects.filter(recommendation=recommendation).count() == 1
    assert not Recommendation.objects.unread_by(cast.teacher_user).exists()
    assert AuditEntry.objects.filter(summary__startswith="Ознакомлен(а)", actor=cast.teacher_user).count() == 1


def test_a_recommendation_to_someone_else_cannot_be_confirmed(generated):
    cast = generated.cast
    recommendation = _one(generated, "educator-profile")
    actions.send(actions.approve(recommendation, by=cast.coordinator), by=cast.coordinator)

    with pytest.raises(PermissionDenied):
        actions.confirm_read(recommendation, user=cast.mentor_user)


def test_a_withdrawn_one_is_no_longer_seen_by_its_recipient(generated):
    cast = generated.cast
    recommendation = _one(generated, "educator-profile")
    actions.send(actions.approve(recommendation, by=cast.coordinator), by=cast.coordinator)

    actions.withdraw(recommendation, by=cast.coordinator)

    assert not Recommendation.objects.addressed_to(cast.teacher_user).exists()
    assert AuditEntry.objects.filter(model="recommendations.recommendation", object_id=str(recommendation.pk),
                                     action="update").count() == 3  # approved, sent, withdrawn  # fmt: skip


def test_an_association_head_reads_the_service_s_recommendations_of_the_municipality_they_head_in(generated):
    cast = generated.cast
    head = f.UserFactory(username="head_n", role=Role.ASSOCIATION_HEAD)  # no municipality on the account
    elsewhere = f.UserFactory(username="head_m", role=Role.ASSOCIATION_HEAD)
    association(cast.municipality, head_user=head)
    association(cast.other_municipality, head_user=elsewhere)
    recommendation = _one(generated, "service-below")

    actions.send(actions.approve(recommendation, by=cast.coordinator), by=cast.coordinator)

    assert list(Recommendation.objects.unread_by(head)) == [recommendation]
    assert not Recommendation.objects.addressed_to(elsewhere).exists()
    assert head in recipient_users([recommendation])[recommendation.pk]
    assert elsewhere not in recipient_users([recommendation])[recommendation.pk]
