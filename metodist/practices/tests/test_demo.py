"""The demo seeders of practices and activity records on the test cast: something of every kind, rerun-safe,
and clear() removes it."""

from metodist.activities import demo as activities_demo
from metodist.activities.models import ActivityRecord, ExpertRole, TargetContract
from metodist.practices import demo
from metodist.practices.models import Practice, PracticeAuthor


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
    assert "пропущено" in demo.seed(today=today, progress=lambda line: None)[0]
    assert len(lines) == 2

    activities_demo.clear()
    demo.clear()

    assert not (Practice.objects.exists() or ExpertRole.objects.exists() or ActivityRecord.objects.exists()
                or TargetContract.objects.exists())  # fmt: skip
