"""The demo seeder: set-based, rerun-safe, the demo mentor's pair with the demo teacher, and clear()."""

from datetime import date

from metodist.mentoring import demo
from metodist.mentoring.models import MentoringProgram, Mentorship, MentorshipMentee, MentorshipStatus
from metodist.testing import factories as f

TODAY = date(2025, 1, 15)


def test_seed_gives_the_demo_mentor_the_demo_teacher_and_clears(cast, django_assert_max_num_queries):
    for i in range(6):
        young = f.EducatorFactory(last_name=f"Молодая{i}", birth_date=date(2000, 1, 1), ped_work_start=date(2023, 9, 1))
        f.EmploymentFactory(educator=young, organization=cast.school2)
    f.EmploymentFactory(educator=f.EducatorFactory(last_name="Опытная"), organization=cast.school2)

    with django_assert_max_num_queries(40):
        lines = demo.seed(TODAY, progress=lambda line: None)

    pair = Mentorship.objects.get(mentor=cast.mentor_educator)
    assert pair.status == MentorshipStatus.ACTIVE
    assert list(pair.mentees.all()) == [cast.teacher]
    # school 2 has one experienced educator: a pair or a group of two of its six young ones
    assert MentorshipMentee.objects.filter(educator__last_name__startswith="Молодая").count() in (1, 2)
    assert pair.meetings.exists() and pair.goal_items.count() == 3
    assert "Наставничество: программ" in lines[0]
    assert demo.seed(TODAY, progress=lambda line: None) == ["Наставничество: уже есть — пропущено."]

    demo.clear()

    assert not MentoringProgram.objects.exists()
