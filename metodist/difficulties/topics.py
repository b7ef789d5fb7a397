"""The default list of topics (data/topics.toml), loaded for a region by a rerun-safe function."""

import tomllib
from pathlib import Path

from .models import Topic

DATA = Path(__file__).parent / "data" / "topics.toml"


def default_topic_names() -> list[str]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))["topics"]


def ensure_default_topics(region) -> list[Topic]:
    """The region's shared topics (municipality empty) of the default list, created where missing."""
    topics = []
    for order, name in enumerate(default_topic_names(), start=1):
        topic, _ = Topic.objects.get_or_create(region=region, municipality=None, name=name, defaults={"order": order})
        topics.append(topic)
    return topics


def current_competencies():
    """The competencies (not blocks) of the current version of every framework: the latest published one."""
    from django.db.models import Max, OuterRef, Subquery

    from metodist.diagnostics.models import Competency, FrameworkVersion

    latest = (
        FrameworkVersion.objects.filter(framework_id=OuterRef("version__framework_id"), published_on__isnull=False)
        .values("framework_id")
        .annotate(number=Max("number"))
        .values("number")
    )
    return (
        Competency.objects.filter(parent__isnull=False, version__published_on__isnull=False)
        .filter(version__number=Subquery(latest))
        .select_related("parent")
        .order_by("version__framework__name", "parent__order", "order", "code")
    )


def topic_choices(municipality_id) -> list:
    """The grouped choices of a topic: «c:<competency id>» of the current framework, «t:<topic id>» of the
    municipality's kept list and the region's shared one (archived topics are not offered)."""
    competencies = [(f"c:{c.pk}", c.name) for c in current_competencies()]
    kept = [(f"t:{t.pk}", t.name) for t in Topic.objects.active().for_municipality(municipality_id)]
    choices = [("", "— выберите тему —")]
    if competencies:
        choices.append(("Компетенции (модель компетенций)", competencies))
    if kept:
        choices.append(("Темы методической службы", kept))
    return choices
