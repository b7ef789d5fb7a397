"""Campaign.objects.in_scope: a region-wide campaign is seen once by everyone in its region's municipalities."""

from datetime import date

import pytest

from metodist.monitoring.models import Campaign

from .builders import load_test_catalogue


@pytest.fixture
def campaigns(cast, tmp_path):
    catalogue = load_test_catalogue(tmp_path)

    def campaign(title, municipality=None):
        return Campaign.objects.create(
            catalogue=catalogue, title=title, period="2024/25", period_start=date(2024, 9, 1),
            period_end=date(2025, 5, 31), region=cast.region, municipality=municipality, deadline=date(2025, 6, 15),
        )  # fmt: skip

    return {
        "region": campaign("Регион"),
        "n": campaign("Город N", cast.municipality),
        "m": campaign("Город M", cast.other_municipality),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("regional_operator", ["Город M", "Город N", "Регион"]),
        ("coordinator", ["Город N", "Регион"]),
        ("school1_admin", ["Город N", "Регион"]),
        ("school2_admin", ["Город N", "Регион"]),
        ("teacher_user", []),
        ("mentor_user", []),
        ("other_user", []),
    ],
)
def test_each_role_sees_its_campaigns_once(cast, campaigns, who, expected):
    seen = Campaign.objects.in_scope(getattr(cast, who)).order_by("title")

    assert [c.title for c in seen] == expected
