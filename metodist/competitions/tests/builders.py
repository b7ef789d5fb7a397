"""Small builders of competitions for the module's tests."""

from datetime import date

from metodist.competitions.models import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    Kind,
    Level,
    Participants,
    Result,
)


def competition(region, municipality=None, *, kind=Kind.TEACHER_OF_YEAR, year=2024, levels=(Level.MUNICIPAL,),
                participants=Participants.EDUCATORS, ends_on=date(2024, 12, 20), title=None):  # fmt: skip
    """A competition with one stage per level, every stage from the 1st of its month to `ends_on` (the same)."""
    made = Competition.objects.create(
        title=title or Kind(kind).label, kind=kind, year=year, region=region, municipality=municipality,
        participants=participants,
    )  # fmt: skip
    for order, level in enumerate(levels, start=1):
        CompetitionStage.objects.create(
            competition=made, level=level, order=order, starts_on=ends_on.replace(day=1), ends_on=ends_on
        )
    return made


def stage(region, level=Level.MUNICIPAL, ends_on=date(2024, 12, 20), **kwargs) -> CompetitionStage:
    return competition(region, levels=(level,), ends_on=ends_on, **kwargs).stages.get()


def entry(stage, educator=None, organization=None, result=Result.PARTICIPANT) -> CompetitionEntry:
    if organization is None:
        organization = educator.employments.first().organization
    return CompetitionEntry.objects.create(stage=stage, educator=educator, organization=organization, result=result)
