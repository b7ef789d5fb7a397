"""Builders of the community modules' records for tests (mentoring programs and mentorships, associations and
memberships), built directly; the rules themselves are tested through actions."""

from datetime import date

from metodist.community.models import Association, AssociationKind, AssociationLevel, Membership
from metodist.mentoring.models import MentoringForm, MentoringProgram, Mentorship, MentorshipMentee, MentorshipStatus


def program(organization=None, *, municipality=None, starts_on=date(2024, 9, 1), **fields) -> MentoringProgram:
    """An organization's program (or the municipality's when `organization` is None)."""
    municipality = municipality or organization.municipality
    return MentoringProgram.objects.create(
        title=fields.pop("title", "Программа наставничества"), organization=organization, municipality=municipality,
        region=municipality.region, starts_on=starts_on, **fields,
    )  # fmt: skip


def mentorship(mentor, mentees, *, program, form=MentoringForm.EXPERIENCED_YOUNG, status=MentorshipStatus.ACTIVE,
               starts_on=date(2024, 9, 1), ends_on=None, **fields) -> Mentorship:  # fmt: skip
    """A mentorship of `mentor` with `mentees` (each joined on its start)."""
    created = Mentorship.objects.create(
        program=program, form=form, mentor=mentor, municipality=program.municipality, region=program.region,
        status=status, starts_on=starts_on, ends_on=ends_on, **fields,
    )  # fmt: skip
    for mentee in mentees:
        MentorshipMentee.objects.create(mentorship=created, educator=mentee, joined_on=starts_on, left_on=ends_on)
    return created


def association(municipality, *, kind=AssociationKind.DISTRICT, level=AssociationLevel.MUNICIPAL,
                founded_on=date(2020, 9, 1), members=(), **fields) -> Association:  # fmt: skip
    """An association of `municipality` with `members` (each joined on its founding)."""
    created = Association.objects.create(
        title=fields.pop("title", "РМО учителей"), kind=kind, level=level, municipality=municipality,
        region=municipality.region, founded_on=founded_on, **fields,
    )  # fmt: skip
    for member in members:
        Membership.objects.create(association=created, educator=member, joined_on=founded_on)
    return created
