"""The demo seeder on the test cast: stages closed in order, places follow the totals, rerun-safe, cleared."""

from metodist.competitions import demo
from metodist.competitions.models import Competition, CompetitionEntry, Result, Score


def test_demo_seeds_closed_municipal_stages_with_jury_scores_and_clears(cast, today, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_REGION", cast.region.name)

    lines = demo.seed(today, progress=lambda line: None)

    assert Competition.objects.filter(municipality=cast.municipality).exists()
    assert Score.objects.exists()
    winners = CompetitionEntry.objects.filter(stage__order=1, rank=1)
    assert winners.exists() and set(winners.values_list("result", flat=True)) == {Result.WINNER}
    assert all(entry.advanced_from.result == Result.WINNER for entry in CompetitionEntry.objects.filter(stage__order=2))
    assert demo.seed(today, progress=lambda line: None) == ["Конкурсы: уже заполнены — пропущено."]
    assert lines[0].startswith("Конкурсы:")

    demo.clear()

    assert not Competition.objects.exists() and not CompetitionEntry.objects.exists()
