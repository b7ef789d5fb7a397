from datetime import date

import pytest

from metodist.testing import community as c
from metodist.testing import factories as f


@pytest.fixture
def pair(cast):
    """The teacher of school 1 (young) mentored by her colleague since 01.09.2024, in school 1's program."""
    program = c.program(cast.school1, starts_on=date(2024, 9, 1))
    return c.mentorship(cast.mentor_educator, [cast.teacher], program=program, starts_on=date(2024, 9, 1))


@pytest.fixture
def school2_pair(cast):
    """A pair of school 2: a mentor of school 2 with school 2's educator."""
    mentor = f.EducatorFactory(last_name="Белова")
    f.EmploymentFactory(educator=mentor, organization=cast.school2)
    program = c.program(cast.school2, starts_on=date(2024, 9, 1))
    return c.mentorship(mentor, [cast.school2_educator], program=program, starts_on=date(2024, 9, 1))


@pytest.fixture
def other_pair(cast):
    """A pair of another municipality."""
    mentor = f.EducatorFactory(last_name="Чужой")
    f.EmploymentFactory(educator=mentor, organization=cast.school3)
    program = c.program(cast.school3, starts_on=date(2024, 9, 1))
    return c.mentorship(mentor, [cast.other_educator], program=program, starts_on=date(2024, 9, 1))
