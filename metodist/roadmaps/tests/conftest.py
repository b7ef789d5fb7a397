import pytest

from metodist.accounts.models import Role
from metodist.roadmaps import actions
from metodist.roadmaps.models import Roadmap, RoadmapItem, RoadmapSection
from metodist.testing import factories as f

# (section, number, deadline words) of the hand-built template; TODAY is 2025-01-15.
ITEMS = [
    (1, "1.1.", "ежегодно (сентябрь)"),  # 30.09.2024, 30.09.2025, 30.09.2026
    (1, "1.2.", "Май 2024 г."),  # 31.05.2024
    (2, "2.1.", "по запросу"),  # не определяется
    (2, "2.2.", "2024-2026 (июнь-июль)"),  # 31.07.2024, 31.07.2025, 31.07.2026
]


@pytest.fixture
def template(db) -> Roadmap:
    roadmap = Roadmap.objects.create(title="Дорожная карта (шаблон)", code="test", starts_year=2024, ends_year=2026)
    sections = {
        n: RoadmapSection.objects.create(roadmap=roadmap, number=roman, title=title, order=n)
        for n, roman, title in ((1, "I", "Целеполагание"), (2, "II", "Мониторинг"))
    }
    for order, (section, number, deadline) in enumerate(ITEMS, start=1):
        RoadmapItem.objects.create(roadmap=roadmap, section=sections[section], number=number, order=order,
                                   activity=f"Мероприятие {number}", executors="Управление образования",
                                   deadline=deadline, result="Приказ")  # fmt: skip
    return roadmap


@pytest.fixture
def adopted(cast, template) -> Roadmap:
    """The template adopted by the coordinator of «Город N» for 2024–2026."""
    return actions.adopt(template, municipality=cast.municipality, starts_year=2024, ends_year=2026,
                         by=cast.coordinator)  # fmt: skip


@pytest.fixture
def other_coordinator(cast):
    return f.UserFactory(username="other-coordinator", role=Role.COORDINATOR, municipality=cast.other_municipality)


def item(roadmap: Roadmap, number: str) -> RoadmapItem:
    return roadmap.items.get(number=number)
