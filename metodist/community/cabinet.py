"""The associations panel of the start page (contract with metodist.home): for an educator the associations they
are a member of now, for an association head the ones they head, with the nearest items of their plans."""

from datetime import date

from .models import Association, AssociationPlanItem, Membership


def panel(user, today: date) -> dict | None:
    """None when the user neither heads an association nor is a member of one."""
    data = {}
    headed = list(Association.objects.filter(head_user=user).active(today).order_by("title"))
    if headed:
        data["headed"] = headed
    if user.educator_id:
        memberships = (
            Membership.objects.current(today)
            .filter(educator_id=user.educator_id)
            .select_related("association")
            .order_by("association__title")
        )
        data["memberships"] = list(memberships)
    associations = [a.pk for a in headed] + [m.association_id for m in data.get("memberships", [])]
    if not associations:
        return None
    data["next_items"] = list(
        AssociationPlanItem.objects.upcoming(today).filter(plan__association_id__in=associations)[:3]
    )
    return data
