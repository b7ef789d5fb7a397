"""The seeds' road maps as templates: the items per section as counted by hand in the documents, the text as the
data files hold it, and — where the seed documents are at hand — the words as the documents write them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from metodist.roadmaps.library import documents, load_templates
from metodist.roadmaps.models import Roadmap, RoadmapItem

# Items per section, counted by hand in the documents.
COUNTS = {
    "egorlyk-2021-2025": [  # seed 000, «План мероприятий («дорожная карта»)», приложение №2
        ("Организационно-управленческая деятельность.", 8),
        ("Повышение квалификации педагогических работников образовательных организаций.", 7),
        ("Методическая поддержка педагогических работников образовательных организаций.", 7),
        (
            "Мониторинг реализации мероприятий «дорожной карты» по комплексу мер профессионального развития "
            "педагогических работников.",
            3,
        ),
    ],  # fmt: skip
    "korsakov-2021": [  # seed 001, приложение 6 к приказу № 50-0
        ("Целеполагание.", 3),
        ("Показатели. Методы сбора информации.", 3),
        ("Мониторинг.", 1),
        ("Анализ. Адресные рекомендации.", 3),
        ("Меры. Управленческие решения.", 5),
        ("Анализ эффективности принятых мер.", 3),
    ],
    "alapaevsk-2024-2026": [  # seed 002, комплекс мероприятий Программы 2024–2026: 1–9; 10–38 and the sub-item of 28
        ("Организационное и нормативное обеспечение Программы", 9),
        ("Научно-методическое сопровождение по направлениям деятельности (Трекам)", 30),
    ],
    "kizel-2021-2024": [  # seed 004, приказ № 92
        ("Нормативно-правовое обеспечение", 3),
        ("Общесистемные мероприятия", 8),
        ("Мониторинг управления ходом реализации Плана", 1),
    ],
}
SEEDS = [Path("/work/shared/seeds"), Path(settings.BASE_DIR).parent / "shared" / "seeds"]


def test_load_counts_the_items_per_section_as_the_documents(db):
    # When the templates are loaded
    load_templates()
    # Then every section has the number of items counted in its document
    for code, sections in COUNTS.items():
        roadmap = Roadmap.objects.templates().get(code=code)
        assert [(s.title, s.items.count()) for s in roadmap.sections.all()] == sections


def test_loaded_text_equals_the_data_files(db):
    load_templates()
    for document in documents():
        roadmap = Roadmap.objects.get(code=document["code"])
        assert roadmap.title == document["title"]
        written = [tuple(item.get(key, "") for key in ("number", "activity", "executors", "deadline", "result"))
                   for section in document["sections"] for item in section["items"]]  # fmt: skip
        loaded = list(
            RoadmapItem.objects.filter(roadmap=roadmap).values_list(
                "number", "activity", "executors", "deadline", "result"
            )
        )
        assert loaded == written


def test_load_again_changes_nothing(db):
    # Given the templates loaded once
    call_command("roadmaps", "load")
    ids = sorted(Roadmap.objects.values_list("pk", flat=True))
    items = RoadmapItem.objects.count()
    # When loaded again
    call_command("roadmaps", "load")
    # Then the same templates, no twins
    assert sorted(Roadmap.objects.values_list("pk", flat=True)) == ids
    assert RoadmapItem.objects.count() == items == 25 + 18 + 39 + 12


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def _written_in(words: list[str], seed: list[str], gap: int = 40) -> bool:
    """The words in the seed's order, a run of other cells allowed between two of them (a table row the
    conversion split over a page break)."""
    for start in (i for i, word in enumerate(seed) if word == words[0]):
        at = start
        for word in words[1:]:
            following = seed[at + 1 : at + 2 + gap]
            if word not in following:
                break
            at += 1 + following.index(word)
        else:
            return True
    return False


def test_the_words_are_the_documents_words():
    """Each activity, executors, result and deadline as the seed writes them (skipped where the seeds are absent)."""
    folder = next((path for path in SEEDS if path.is_dir()), None)
    if folder is None:
        pytest.skip("the seed documents are not at hand (../shared/seeds)")
    for document in documents():
        seed = _plain((folder / document["source"]).read_text(encoding="utf-8"))
        words = seed.split()
        for section in document["sections"]:
            assert section["title"] in seed
            for item in section["items"]:
                for key in ("activity", "executors", "result"):
                    assert not item.get(key) or _written_in(item[key].split(), words), item[key]
                assert item["deadline"] in seed, item["deadline"]
