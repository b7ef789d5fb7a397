"""Writes of the structure: loading a template into a municipality, editing, adding and deleting bodies. Each is
atomic and leaves an audit trail."""

from django.db import transaction

from metodist.accounts.models import Role
from metodist.audit.actions import record, record_created, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import EditConflict, claim

from . import template
from .models import SystemBody


class StructureRefused(Exception):
    pass


def can_edit(user, municipality_id: int) -> bool:
    """The structure is kept by the methodological service of its municipality and by the administrator."""
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role in (Role.COORDINATOR, Role.METHODOLOGIST) and user.municipality_id == municipality_id


def _check(user, municipality_id: int) -> None:
    if user is not None and not can_edit(user, municipality_id):
        raise StructureRefused("Структуру изменяют координатор и методисты муниципалитета.")


@transaction.atomic
def load_template(municipality, key: str = template.DEFAULT, *, by=None) -> tuple[int, int]:
    """Creates the bodies of template `key` that `municipality` lacks (matched by template_key), with their
    parents; the bodies already there are kept as their coordinator left them. Returns (created, kept)."""
    _check(by, municipality.pk)
    _, rows = template.read(key)
    existing = {body.template_key: body for body in SystemBody.objects.filter(municipality=municipality)}
    created = []
    for row in rows:
        if row.key in existing:
            continue
        body = SystemBody.objects.create(
            municipality=municipality, region_id=municipality.region_id, level=row.level, kind=row.kind,
            name=row.name, functions=row.functions, order=row.order, template_key=row.key,
        )  # fmt: skip
        existing[row.key] = body
        created.append((row, body))
    for row, body in created:
        if row.parent:
            body.parent = existing[row.parent]
            body.save(update_fields=["parent"])
        record_created(by, body)
    return len(created), len(rows) - len(created)


def body_state(body: SystemBody) -> dict:
    return {key: str(value) for key, value in snapshot(body).items() if key != "version"}


@transaction.atomic
def create_body(form, municipality, *, by) -> SystemBody:
    _check(by, municipality.pk)
    body = form.save(commit=False)
    body.municipality, body.region_id = municipality, municipality.region_id
    body.save()
    form.save_m2m()
    record_created(by, body)
    return body


@transaction.atomic
def update_body(body: SystemBody, form, lock, *, by) -> SystemBody:
    """Saves the edit form; raises EditConflict (writing nothing) when someone saved the body since."""
    _check(by, body.municipality_id)
    version, opened = lock.opened_version()
    if not claim(body, version):
        stored = SystemBody.objects.get(pk=body.pk)
        raise EditConflict(opened, body_state(stored), stored.version)
    before = snapshot(SystemBody.objects.get(pk=body.pk))
    form.save()
    changes = {k: [before.get(k), v] for k, v in snapshot(body).items() if before.get(k) != v and k != "version"}
    if changes:
        record(by, AuditAction.UPDATE, body, changes)
    return body


@transaction.atomic
def delete_body(body: SystemBody, *, by) -> None:
    """Deletes a body; its children move up to its parent, so the rest of the diagram stays connected."""
    _check(by, body.municipality_id)
    moved = list(body.children.values_list("pk", flat=True))
    SystemBody.objects.filter(pk__in=moved).update(parent=body.parent)
    record(by, AuditAction.DELETE, body, {"children_moved": [str(pk) for pk in moved]}, summary=body.name)
    body.delete()
