from datetime import date
from decimal import Decimal

import pytest

from metodist.accounts.models import Role
from metodist.competitions.models import JuryMember, Level, ScoringCriterion
from metodist.testing import factories as f

from . import builders


@pytest.fixture
def other_methodologist(cast):
    """A methodologist of the other municipality: must see nothing of «Город N»."""
    return f.UserFactory(username="other_methodologist", role=Role.METHODOLOGIST, municipality=cast.other_municipality)


@pytest.fixture
def judged(cast):
    """A municipal Учитель года of «Город N» (two stages) with the teacher and the school 2 educator entered, two
    criteria and two jury members: the mentor (a user) and the methodologist."""
    competition = builders.competition(
        cast.region, cast.municipality, levels=(Level.MUNICIPAL, Level.REGIONAL), ends_on=date(2024, 12, 20)
    )
    stage = competition.stages.get(order=1)
    teacher = builders.entry(stage, cast.teacher)
    orlova = builders.entry(stage, cast.school2_educator)
    lesson = ScoringCriterion.objects.create(stage=stage, name="Урок", max_points=Decimal(10), order=1)
    essay = ScoringCriterion.objects.create(stage=stage, name="Эссе", max_points=Decimal(5), order=2)
    mentor = JuryMember.objects.create(stage=stage, user=cast.mentor_user)
    methodologist = JuryMember.objects.create(stage=stage, user=cast.methodologist)
    return {
        "competition": competition, "stage": stage, "teacher": teacher, "orlova": orlova, "lesson": lesson,
        "essay": essay, "mentor": mentor, "methodologist": methodologist,
    }  # fmt: skip
