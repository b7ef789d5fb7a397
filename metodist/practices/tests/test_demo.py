"""The demo seeders of practices and activity records on the test cast: something of every kind, rerun-safe,
and clear() removes it."""

from metodist.activities import demo as activities_demo
from metodist.activities.models import ActivityRecord, ExpertRole, TargetContract
from metodist.practices import demo
from metodist.practices.models import Practice, PracticeAuthor, PracticeMaterial


def test_demo_seeds_practices_and_records_and_clears_them(cast, today):
    lines = demo.seed(today=today, progress=lambda line: None) + activities_demo.seed(
        today=today, progress=lambda line: None
    )

    assert Practice.objects.exists() and PracticeAuthor.objects.exists()
    assert ActivityRecord.objects.exists()
    assert all(
        p.submitted_on <= today and (p.decided_on is None or p.decided_on <= today) for p in Practice.objects.all()
    )
    assert not ActivityRecord.objects.filter(ended_on__gt=today).exists()  # records tell what has happened
    # every practice has its description first, then perhaps a presentation and a video; the teacher's all three
    shown = {}
    for item in PracticeMaterial.objects.order_by("practice_id", "order"):
        shown.setdefault(item.practice_id, []).append(item.title)
    assert set(shown) == set(Practice.objects.values_list("pk", flat=True))
    full = ["Описание практики на портале «Педсовет 66»", "Презентация", "Видеозапись занятия"]
    assert all(titles == full[: len(titles)] for titles in shown.values())
    assert {len(shown[pk]) for pk in Practice.objects.authored_by(cast.teacher.pk).values_list("pk", flat=True)} == {3}
    assert "пропущено" in demo.seed(today=today, progress=lambda line: None)[0]
    assert len(lines) == 2

    activities_demo.clear()
    demo.clear()

    assert not (Practice.objects.exists() or PracticeMaterial.objects.exists() or ExpertRole.objects.exists()
                or ActivityRecord.objects.exists() or TargetContract.objects.exists())  # fmt: skip
