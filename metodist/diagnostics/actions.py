"""Writes of the diagnostics module: procedures, their rule, results' scale levels, framework edits — each
atomic, each recorded in the audit trail."""

from datetime import date

from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When

from metodist.audit.actions import diff, record, record_created, snapshot
from metodist.audit.models import AuditAction

from . import deficits, framework
from .models import Competency, Diagnostic, DiagnosticResult, ScaleLevel

RULE_FIELDS = ("rule_basis", "threshold", "thresholds", "version")


def assign_levels(diagnostic: Diagnostic) -> int:
    """Sets every result's scale level of the version in one UPDATE: the highest level whose `min_percent` the
    result reaches (score × 100 ≥ min_percent × max_score, no rounding of the percent). The scale has a few
    levels, so the rule is one CASE over them, highest first."""
    levels = list(ScaleLevel.objects.filter(version_id=diagnostic.version_id).order_by("-min_percent"))
    results = DiagnosticResult.objects.filter(diagnostic=diagnostic)
    if not levels:
        return results.update(level=None)
    reached = Case(
        *(When(score__gte=F("max_score") * level.min_percent / 100, then=Value(level.pk)) for level in levels),
        default=Value(None),
        output_field=IntegerField(),
    )
    return results.update(level=reached)


@transaction.atomic
def create_diagnostic(diagnostic: Diagnostic, *, by) -> Diagnostic:
    diagnostic.save()
    record_created(by, diagnostic)
    return diagnostic


@transaction.atomic
def update_diagnostic(diagnostic: Diagnostic, before: dict, *, by) -> int | None:
    """Saves an edited procedure; when its rule changed, its deficits are derived again in the same
    transaction. Returns the number of deficits when they were re-derived."""
    diagnostic.save()
    after = snapshot(diagnostic)
    changes = diff(before, after)
    if changes:
        record(by, AuditAction.UPDATE, diagnostic, changes)
    if any(field in changes for field in RULE_FIELDS):
        if "version" in changes:
            assign_levels(diagnostic)
        return deficits.derive(diagnostic)
    return None


@transaction.atomic
def delete_diagnostic(diagnostic: Diagnostic, *, by) -> None:
    record(by, AuditAction.DELETE, diagnostic, snapshot(diagnostic), summary=str(diagnostic))
    diagnostic.delete()


# Framework edits: each takes the version shown to the user and edits its draft (made on the first edit).


@transaction.atomic
def save_competency(version, *, by, node: Competency | None = None, **fields) -> Competency:
    """Adds (node None) or changes a competency or block of `version`'s draft; returns the draft's node."""
    draft = framework.editable(version)
    if "parent_code" in fields:
        code = fields.pop("parent_code")
        fields["parent"] = draft.competencies.get(code=code, parent__isnull=True) if code else None
    if node is not None:
        node = draft.competencies.get(code=node.code)  # the same code in the draft
        before = snapshot(node)
        for name, value in fields.items():
            setattr(node, name, value)
        if node.parent_id:
            node.group, node.for_managers = node.parent.group, node.parent.for_managers
        node.save()
        changes = diff(before, snapshot(node))
        if changes:
            record(by, AuditAction.UPDATE, node, changes, summary=f"{draft}: {node.code}")
        if node.parent_id is None:
            node.children.update(group=node.group, for_managers=node.for_managers)
        return node
    node = Competency(version=draft, **fields)
    if node.parent_id:
        node.group, node.for_managers = node.parent.group, node.parent.for_managers
    node.save()
    record_created(by, node)
    return node


@transaction.atomic
def remove_competency(version, code: str, *, by) -> None:
    draft = framework.editable(version)
    node = draft.competencies.get(code=code)
    summary = f"{draft}: {node.code}"
    changes = snapshot(node)
    framework.remove(node)
    record(by, AuditAction.DELETE, draft, changes, summary=summary)


@transaction.atomic
def save_levels(version, levels: list[dict], *, by):
    """Replaces the scale of `version`'s draft with `levels` [{name, min_percent, mastered}]."""
    draft = framework.editable(version)
    before = [(lv.name, str(lv.min_percent), lv.mastered) for lv in draft.levels.all()]
    draft.levels.all().delete()
    ScaleLevel.objects.bulk_create(ScaleLevel(version=draft, **level) for level in levels)
    after = [(lv.name, str(lv.min_percent), lv.mastered) for lv in draft.levels.all()]
    if before != after:
        record(by, AuditAction.UPDATE, draft, {"levels": [str(before), str(after)]}, summary=f"{draft}: шкала")
    return draft


@transaction.atomic
def publish_version(draft, *, by, on: date):
    framework.publish(draft, on)
    record(by, AuditAction.UPDATE, draft, {"published_on": [None, str(on)]}, summary=f"{draft}: опубликована")
    return draft
