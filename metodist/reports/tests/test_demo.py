"""The demo seeder: nothing without an approved campaign, rerun-safe once the report is approved."""

from metodist.reports import demo


def test_without_the_demo_campaign_the_seeder_says_so(db, today):
    assert demo.seed(today=today, progress=lambda line: None) == [
        "Аналитическая справка не сформирована: нет утверждённой кампании 2022/23 (Городской округ Энск)."
    ]
