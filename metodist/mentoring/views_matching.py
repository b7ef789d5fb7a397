"""Pages of mentor matching: the whole-pool proposal with its review and publication, the ranked mentors of one
educator, and the weights. Only the coordinator and the methodologists of a municipality match its mentors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.accounts.models import Role
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.orgs.models import Municipality
from metodist.people.models import Educator

from .matching import Pair, ProposalStale, propose, publish, rank
from .matching import settings as weights_settings
from .matching.candidates import current_memberships
from .matching.forms import WeightsForm
from .matching.publish import sign, unsign
from .models_matching import MatchWeights

MATCHING_ROLES = (Role.COORDINATOR, Role.METHODOLOGIST)


def _municipality(user) -> int:
    """The municipality whose mentors the user matches; others are refused."""
    if not (user.role in MATCHING_ROLES and user.municipality_id):
        raise PermissionDenied("Подбор наставников доступен координатору и методистам муниципального образования.")
    return user.municipality_id


@login_required
def matching(request):
    municipality_id, today = _municipality(request.user), timezone.localdate()
    settings = MatchWeights.for_municipality(municipality_id)
    context = {"settings": settings, "municipality": get_object_or_404(Municipality, pk=municipality_id),
               "today": today}  # fmt: skip
    if request.GET.get("educator"):
        educator = get_object_or_404(Educator.objects.in_scope(request.user), pk=_number(request.GET["educator"]))
        choices = rank(municipality_id, educator.pk, today, settings)
        current = current_memberships(today).filter(educator=educator).select_related("mentorship__mentor").first()
        context.update(educator=educator, current=current, choices=[
            (choice, sign([Pair(educator.pk, choice.mentor_id, choice.reason)], municipality_id, today))
            for choice in choices
        ])  # fmt: skip
        return render(request, "mentoring/matching_educator.html", context)
    if request.GET.get("run"):
        proposal = propose(municipality_id, today, settings)
        context.update(proposal=proposal, token=sign(
            [Pair(line.mentee_id, line.choice.mentor_id, line.choice.reason) for line in proposal.lines],
            municipality_id, today,
        ))  # fmt: skip
    return render(request, "mentoring/matching.html", context)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0


@login_required
@require_POST
def matching_publish(request):
    municipality_id = _municipality(request.user)
    # the lines the coordinator left out (only they are posted: a proposal of a thousand lines stays within
    # Django's limit on the number of fields)
    excluded = {_number(value) for value in request.POST.getlist("exclude")}
    try:
        pairs = [
            pair for pair in unsign(request.POST.get("token", ""), municipality_id) if pair.mentee_id not in excluded
        ]
        created = publish(pairs, municipality_id=municipality_id, by=request.user, today=timezone.localdate())
    except ProposalStale as stale:
        messages.error(request, str(stale))
    else:
        messages.success(request, f"Утверждено наставнических пар: {len(created)}. Пары действуют с сегодняшнего дня.")
    back = request.POST.get("back", "")
    return redirect(back if back.startswith(reverse("mentoring:matching")) else reverse("mentoring:matching"))


@login_required
def weights(request):
    municipality_id = _municipality(request.user)
    stored = MatchWeights.for_municipality(municipality_id)
    form = WeightsForm(request.POST or None, instance=MatchWeights.for_municipality(municipality_id))
    lock = VersionForm.of(stored.version, weights_settings.state(stored), request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            weights_settings.save(form, lock, municipality_id=municipality_id, by=request.user)
        except EditConflict as refused:
            form = WeightsForm(request.POST, instance=MatchWeights.for_municipality(municipality_id))
            lock = VersionForm(lock.refreshed(request.POST, refused), prefix="lock")
            form.is_valid()
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        else:
            messages.success(request, "Веса подбора сохранены.")
            return redirect("mentoring:matching")
    return render(request, "mentoring/matching_weights.html", {"form": form, "lock": lock, "conflict": conflict})
