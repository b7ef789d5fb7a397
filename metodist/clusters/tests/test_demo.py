from datetime import date

import pytest

from metodist.clusters import demo
from metodist.clusters.models import Placement
from metodist.demo.monitoring import DEMO_MUNICIPALITY
from metodist.testing import factories as f

from .builders import build_case, catalogue

pytestmark = pytest.mark.django_db


def test_the_demo_places_every_snapshot_of_the_demo_municipality_once(cast):
    municipality = f.MunicipalityFactory(region=cast.region, name=DEMO_MUNICIPALITY)
    build_case(municipality)
    build_case(cast.municipality, catalogue("other"))  # not the demo's

    lines = demo.seed(today=date(2025, 1, 15), progress=lambda line: None)
    again = demo.seed(today=date(2025, 1, 15), progress=lambda line: None)

    assert (
        lines
        == again
        == [
            "Кластеры «Мониторинг 2023/24»: кластер методической поддержки — 3, кластер выравнивания — 2, "
            "кластер развития — 4, не размещены — 1."
        ]
    )
    assert Placement.objects.count() == 10
    demo.clear()
    assert not Placement.objects.exists()
