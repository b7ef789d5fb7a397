"""The seeds' road maps as templates: declarative files in data/*.toml (the text of the documents, verbatim — the
tables' HTML markup and line breaks of the source files dropped), loaded by `manage.py roadmaps load`.

A template is found again by its `code`, so a second load updates it in place instead of adding a twin; municipal
copies (adoptions) have items of their own and are not touched."""

import tomllib
from pathlib import Path

from django.db import transaction

from .models import Roadmap, RoadmapItem, RoadmapSection

DATA = Path(__file__).parent / "data"
ITEM_FIELDS = ("number", "direction", "activity", "executors", "deadline", "result")


def documents() -> list[dict]:
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(DATA.glob("*.toml"))]


@transaction.atomic
def load_templates() -> list[tuple[Roadmap, bool]]:
    """(template, created) for every data file."""
    return [_load(document) for document in documents()]


def _load(document: dict) -> tuple[Roadmap, bool]:
    fields = {key: document[key] for key in ("title", "document", "source", "starts_year", "ends_year")}
    roadmap, created = Roadmap.objects.templates().update_or_create(code=document["code"], defaults=fields)
    roadmap.sections.all().delete()
    for order, section_data in enumerate(document["sections"], start=1):
        section = RoadmapSection.objects.create(
            roadmap=roadmap, number=section_data["number"], title=section_data["title"], order=order
        )
        RoadmapItem.objects.bulk_create(
            RoadmapItem(
                roadmap=roadmap, section=section, order=index, **{key: item.get(key, "") for key in ITEM_FIELDS}
            )  # fmt: skip
            for index, item in enumerate(section_data["items"], start=1)
        )
    return roadmap, created
