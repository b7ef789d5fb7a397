"""The demo seeder: set-based, rerun-safe, the demo mentor's pair with the demo teacher, pairs of the demo's
early monitoring years (started on 1 September 2022 and 2023), and clear()."""

import random
from datetime import date

from metodist.mentoring import demo, reports
from metodist.mentoring.models import MentoringProgram, Mentorship, MentorshipMentee, MentorshipStatus
from metodist.people.models import Educator
from metodist.testing import factories as f

TODAY = date(2025, 1, 15)


def early_world(cast):
    """School 1 gets four educators young since 01.09.2022 and two experienced colleagues; school 2 six young
    since 01.09.2023 (working there since 2010 by the factory's default) and one more experienced colleague."""
    for i in range(4):
        young = f.EducatorFactory(last_name=f"Ранняя{i}", birth_date=date(2000, 1, 1), ped_work_start=date(2022, 9, 1))
        f.EmploymentFactory(educator=young, organization=cast.school1, start_date=date(2022, 9, 1))
    for i in range(2):
        f.EmploymentFactory(educator=f.EducatorFactory(last_name=f"Стажист{i}"), organization=cast.school1)
    for i in range(6):
        young = f.EducatorFactory(last_name=f"Молодая{i}", birth_date=date(2000, 1, 1), ped_work_start=date(2023, 9, 1))
        f.EmploymentFactory(educator=young, organization=cast.school2)
    f.EmploymentFactory(educator=f.EducatorFactory(last_name="Опытная"), organization=cast.school2)


def test_seed_gives_the_demo_mentor_the_demo_teacher_and_clears(cast, django_assert_max_num_queries):
    early_world(cast)

    with django_assert_max_num_queries(45):
        lines = demo.seed(TODAY, progress=lambda line: None)

    pair = Mentorship.objects.get(mentor=cast.mentor_educator)
    assert pair.status == MentorshipStatus.ACTIVE
    assert cast.teacher in pair.mentees.all()  # and one more young colleague of school 1
    assert MentorshipMentee.objects.filter(educator__last_name__startswith="Молодая").exists()
    assert pair.meetings.exists() and pair.goal_items.count() == 3
    # the campaigns 2022/23 and 2023/24 have mentees; today's young educators are not all mentored
    assert MentorshipMentee.objects.during(date(2022, 9, 1), date(2023, 5, 31)).exists()
    assert MentorshipMentee.objects.during(date(2023, 9, 1), date(2024, 5, 31)).exists()
    assert reports.needing_mentor(Educator.objects.all(), TODAY).exists()
    assert "Наставничество: программ" in lines[0] and "начаты в 2022, 2023" in lines[0]
    assert demo.seed(TODAY, progress=lambda line: None) == ["Наставничество: уже есть — пропущено."]

    demo.clear()

    assert not MentoringProgram.objects.exists()


def test_early_pairs_start_on_1_september_with_educators_young_then(cast):
    early_world(cast)
    municipal = {cast.municipality.pk: municipal_program(cast)}
    young_now = set(Educator.objects.employed(TODAY).young(TODAY).values_list("pk", flat=True))
    starts = [date(2022, 9, 1), date(2023, 9, 1)]

    plans, kept = demo._early(starts, municipal, young_now, random.Random(demo.SEED), exclude={cast.teacher.pk})

    assert plans == demo._early(starts, municipal, young_now, random.Random(demo.SEED), exclude={cast.teacher.pk})[0]
    assert plans and {fixed[0] for _, _, _, fixed in plans} <= set(starts)
    mentees = [e for _, _, group, _ in plans for e in group]
    assert len(mentees) == len(set(mentees)) and cast.teacher.pk not in mentees  # each once; the demo's own apart
    for _, mentor, [mentee], (starts_on, ends_on, status) in plans:
        assert Educator.objects.filter(pk=mentee).young(starts_on).exists()
        if status == MentorshipStatus.COMPLETED:
            assert (ends_on.year, ends_on.month in (5, 6)) == (starts_on.year + 1, True)
        else:  # kept: the last early year, a mentee still young today, a mentor busy with her
            assert (starts_on, ends_on, mentee in young_now, mentor in kept) == (starts[-1], None, True, True)


def municipal_program(cast):
    return MentoringProgram.objects.create(title="Муниципальная", municipality=cast.municipality, region=cast.region,
                                           starts_on=date(2022, 9, 1))  # fmt: skip
