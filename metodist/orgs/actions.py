"""Writes to organizations and their staff lists, each with its audit trail, and who may make them.

Municipal and regional editors manage the organizations of their scope entirely; an organization's own
administrator keeps its requisites and staff list but neither creates organizations nor changes their kind,
flag periods or municipality (those are decisions of the municipal authority).
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from metodist.accounts.models import ScopeLevel
from metodist.audit.actions import diff, record, record_created, record_updated, snapshot
from metodist.audit.models import AuditAction

from .models import FlagPeriod, Municipality, Organization, StaffPosition

ABOVE_ORGANIZATIONS = (ScopeLevel.ALL, ScopeLevel.REGION, ScopeLevel.MUNICIPALITY)
# What an organization's own administrator may change about it.
REQUISITES = ["short_name", "full_name", "inn", "ogrn", "address"]


def may_manage_organizations(user) -> bool:
    """Create organizations and set their kind, flags, municipality and activity."""
    return user.can_edit_registry and user.scope_level in ABOVE_ORGANIZATIONS


def may_edit(user, organization: Organization) -> bool:
    """Edit the requisites and the staff list of `organization`."""
    return user.can_edit_registry and Organization.objects.in_scope(user).filter(pk=organization.pk).exists()


def _within_scope(user, organization: Organization) -> bool:
    """The organization's municipality is one the user may place organizations in."""
    return Municipality.objects.in_scope(user).filter(pk=organization.municipality_id).exists()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Недостаточно прав для изменения организации.")


def _save(obj: models.Model, by) -> None:
    """Saves a new or edited row and records the change against what is stored."""
    if obj.pk is None:
        obj.save()
        obj.refresh_from_db()
        record_created(by, obj)
        return
    before = snapshot(type(obj).objects.select_for_update().get(pk=obj.pk))
    obj.save()
    obj.refresh_from_db()  # values as stored (2 → 2.00), so the diff shows only real changes
    record_updated(by, obj, before)


@transaction.atomic
def create_organization(organization: Organization, *, by) -> Organization:
    _require(may_manage_organizations(by) and _within_scope(by, organization))
    _save(organization, by)
    return organization


@transaction.atomic
def update_organization(organization: Organization, *, by) -> Organization:
    """Saves `organization` as edited; an org administrator's edit may not touch the classification."""
    _require(may_edit(by, organization) and _within_scope(by, organization))
    if not may_manage_organizations(by):
        stored = snapshot(Organization.objects.get(pk=organization.pk))
        _require(set(diff(stored, snapshot(organization))) <= set(REQUISITES))
    _save(organization, by)
    return organization


@transaction.atomic
def save_staff_position(staff: StaffPosition, *, by) -> StaffPosition:
    _require(may_edit(by, staff.organization))
    _save(staff, by)
    return staff


@transaction.atomic
def delete_staff_position(staff: StaffPosition, *, by) -> None:
    _require(may_edit(by, staff.organization))
    record(
        by,
        AuditAction.DELETE,
        staff,
        {field: [value, None] for field, value in snapshot(staff).items() if value},
        summary=f"{staff.organization}: {staff}",
    )
    staff.delete()


def may_manage_flags(user, organization: Organization) -> bool:
    """Add and close the flag periods of `organization` (the lists are the municipal authority's decisions)."""
    return may_manage_organizations(user) and may_edit(user, organization)


@transaction.atomic
def add_flag_period(period: FlagPeriod, *, by) -> FlagPeriod:
    _require(may_manage_flags(by, period.organization))
    _save(period, by)
    return period


@transaction.atomic
def close_flag_period(period: FlagPeriod, end_date, *, by) -> FlagPeriod:
    """Sets the last day of an open period."""
    _require(may_manage_flags(by, period.organization) and period.end_date is None)
    period.end_date = end_date
    _save(period, by)
    return period
