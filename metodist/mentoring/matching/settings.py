"""Saving the coordinator's matching weights: optimistically locked (two coordinators may edit them) and audited."""

from django.db import transaction

from metodist.audit.actions import record_created, record_updated, snapshot
from metodist.lib.versions import EditConflict, claim

from ..models_matching import WEIGHT_FIELDS, MatchWeights

FIELDS = (*WEIGHT_FIELDS, "default_limit", "mode", "min_score")


def state(weights: MatchWeights) -> dict:
    """{field label: value as shown}: what a refused save lists as changed."""
    shown = {name: getattr(weights, name) for name in FIELDS} | {"mode": weights.get_mode_display()}
    return {str(MatchWeights._meta.get_field(name).verbose_name): str(value) for name, value in shown.items()}


@transaction.atomic
def save(form, lock, *, municipality_id: int, by) -> MatchWeights:
    """Saves the weights form; raises EditConflict (writing nothing) when someone saved the weights since."""
    stored, created = MatchWeights.objects.get_or_create(municipality_id=municipality_id)
    version, opened = lock.opened_version()
    if not created and not claim(stored, version):
        fresh = MatchWeights.objects.get(pk=stored.pk)
        raise EditConflict(opened, state(fresh), fresh.version)
    before = snapshot(MatchWeights.objects.get(pk=stored.pk))
    weights = form.save(commit=False)
    weights.pk, weights.municipality_id, weights.updated_by = stored.pk, municipality_id, by
    weights.version = stored.version
    weights.save()
    if created:
        record_created(by, weights)
    else:
        record_updated(by, weights, before)
    return weights
