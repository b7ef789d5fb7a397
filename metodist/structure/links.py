"""What a body's card shows from the rest of the system: its members within the reader's scope, and, by kind,
the municipality's associations (community), its flagged sites (orgs) or its methodologists and tutors."""

from datetime import date

from django.db.models import Count, Q

from metodist.accounts.models import Role, ScopeLevel, User
from metodist.community.models import Association
from metodist.orgs.models import Organization, OrganizationFlag
from metodist.people.models import Educator

from .models import BodyKind, SystemBody

SITE_FLAGS = (OrganizationFlag.INNOVATION_SITE, OrganizationFlag.RESOURCE_CENTRE, OrganizationFlag.INTERNSHIP_SITE)
# Who sees the names of the municipality's methodologists and tutors: the territory's service.
TERRITORY = (ScopeLevel.ALL, ScopeLevel.REGION, ScopeLevel.MUNICIPALITY)


def visible_educators(user, pks) -> bool:
    """Every one of `pks` is an educator `user` may see in the registry."""
    pks = {pk for pk in pks if pk}
    return Educator.objects.in_scope(user).filter(pk__in=pks).count() == len(pks)


def members(body: SystemBody, user) -> list[Educator]:
    """The members `user` may see (the registry's scope): an educator sees only themself among them."""
    return list(
        body.members.filter(pk__in=Educator.objects.in_scope(user).values("pk")).order_by(
            "last_name", "first_name", "patronymic"
        )
    )


def associations(body: SystemBody, user, on: date):
    return (
        Association.objects.in_scope(user)
        .filter(municipality_id=body.municipality_id)
        .active(on)
        .with_counts(on)
        .select_related("head", "subject")
        .order_by("title")
    )


def sites(body: SystemBody, on: date):
    return (
        Organization.objects.filter(municipality_id=body.municipality_id, is_active=True)
        .flagged(SITE_FLAGS, on)
        .prefetch_related("flag_periods")
        .order_by("sort_name", "pk")
    )


def specialists(body: SystemBody, user) -> dict:
    """The municipality's methodologists (users of the service) and tutors (users whose educator works there):
    their counts for everyone, their names for the territory's service."""
    working_here = Q(educator__employments__organization__municipality_id=body.municipality_id)
    users = User.objects.filter(is_active=True).filter(
        Q(role=Role.METHODOLOGIST, municipality_id=body.municipality_id) | (Q(role=Role.TUTOR) & working_here)
    )
    counts = dict(users.values("role").annotate(n=Count("pk", distinct=True)).values_list("role", "n"))
    people = []
    if user.scope_level in TERRITORY:
        people = list(users.distinct().select_related("educator").order_by("role", "last_name", "first_name"))
    return {
        "methodologists": counts.get(Role.METHODOLOGIST, 0),
        "tutors": counts.get(Role.TUTOR, 0),
        "people": people,
    }


def linked(body: SystemBody, user, on: date) -> dict:
    if body.kind in (BodyKind.ASSOCIATION, BodyKind.COUNCIL):
        return {"associations": list(associations(body, user, on))}
    if body.kind == BodyKind.SITE:
        labels = dict(OrganizationFlag.choices)
        return {"sites": [(org, [labels[f] for f in org.flags_on(on) if f in SITE_FLAGS]) for org in sites(body, on)]}
    if body.kind == BodyKind.SPECIALISTS:
        return {"specialists": specialists(body, user)}
    return {}
