"""What a request, a reported difficulty or a survey option may be about, in one place for every module: the
default list of kept topics (data/topics.toml, loaded for a region by a rerun-safe function), and the choices
of a topic select — the scored competencies of the current version of each framework, grouped by block, then
the municipality's kept topics — with their values «c<pk>» and «t<pk>» read back by `topical_of`."""

import tomllib
from pathlib import Path

from django.db.models import Max, OuterRef, Subquery

from metodist.diagnostics.models import Competency, FrameworkVersion

from .models import Topic

DATA = Path(__file__).parent / "data" / "topics.toml"
NOT_OFFERED = "Выберите тему из списка."


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
        .order_by("version__framework__name", "parent__order", "parent__code", "order", "code")
    )


def topic_choices(municipality_id, empty_label: str = "— выберите тему —") -> list:
    """Grouped choices: one group per block of the current frameworks, then «Темы из перечня методической
    службы» (the municipality's and the region's shared ones; archived topics are not offered)."""
    blocks: dict[str, list] = {}
    for competency in current_competencies():
        blocks.setdefault(competency.parent.name, []).append((f"c{competency.pk}", competency.name))
    choices = [("", empty_label), *blocks.items()]
    if municipality_id:
        kept = [(f"t{topic.pk}", topic.name) for topic in Topic.objects.active().for_municipality(municipality_id)]
        if kept:
            choices.append(("Темы из перечня методической службы", kept))
    return choices


def topical_of(value: str, municipality_id) -> dict:
    """{"competency", "topic"} of a choice value ("" gives neither); a value not offered now raises ValueError."""
    empty = {"competency": None, "topic": None}
    if not value:
        return empty
    kind, pk = value[:1], value[1:]
    if pk.isdigit():
        if kind == "c" and (competency := current_competencies().filter(pk=pk).first()):
            return {**empty, "competency": competency}
        if kind == "t" and (topic := Topic.objects.active().for_municipality(municipality_id).filter(pk=pk).first()):
            return {**empty, "topic": topic}
    raise ValueError(value)


def topical_value(item) -> str:
    """The choice value of a Topical row (the initial value of its topic select)."""
    if item.competency_id:
        return f"c{item.competency_id}"
    if item.topic_id:
        return f"t{item.topic_id}"
    return ""
