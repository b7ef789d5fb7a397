"""The audience of a survey: who is invited when it is sent, by the registry's rules (metodist/people).

An educator belongs to the audience when on the day of sending they work (an active employment) in one of the
survey's organizations (none chosen: every active organization of the municipality), in one of its positions
and teaching one of its subjects (an empty list does not restrict). The invitation carries the educator's home
organization on that day (the main employment, else the earliest active one: the rule of
`metodist.monitoring.compute.home_employments`), so that response rates by organization count each person once.
"""

from datetime import date

from metodist.monitoring.compute import home_employments
from metodist.orgs.models import Organization
from metodist.people.models import Educator, Employment

from .models import Invitation, Survey


def audience_organizations(survey: Survey):
    chosen = survey.organizations.all()
    if chosen.exists():
        return chosen
    return Organization.objects.filter(municipality_id=survey.municipality_id).active()


def audience_educators(survey: Survey, on: date):
    organizations = audience_organizations(survey)
    employments = Employment.objects.filter(organization__in=organizations)
    positions = list(survey.positions.values_list("pk", flat=True))
    subjects = list(survey.subjects.values_list("pk", flat=True))
    if positions:
        employments = employments.filter(position_id__in=positions)
    if subjects:
        employments = employments.filter(subjects__in=subjects)
    return Educator.objects.working_in(organizations, on).employed_among(employments, on), employments


def audience_count(survey: Survey, on: date) -> int:
    educators, _ = audience_educators(survey, on)
    return educators.count()


def audience_invitations(survey: Survey, on: date) -> list[Invitation]:
    """Unsaved invitations of the audience on `on`, one per educator, in the order of their names."""
    educators, employments = audience_educators(survey, on)
    people = list(educators.order_by("last_name", "first_name", "patronymic", "pk").values_list("pk", flat=True))
    municipality = Organization.objects.filter(municipality_id=survey.municipality_id)
    home = dict(
        home_employments(on, municipality).filter(educator_id__in=people).values_list("educator_id", "organization_id")
    )
    missing = [pk for pk in people if pk not in home]
    if missing:
        # working here only beside a home elsewhere: counted where they meet the audience
        for educator_id, organization_id in (
            employments.active(on)
            .filter(educator_id__in=missing)
            .order_by("start_date", "pk")
            .values_list("educator_id", "organization_id")
        ):
            home.setdefault(educator_id, organization_id)
    return [Invitation(survey=survey, educator_id=pk, organization_id=home[pk]) for pk in people]
