"""What an option may be about: a competency of the current published version of each competency framework
(blocks excluded) or an active kept topic of the municipality (metodist/difficulties)."""

from metodist.diagnostics.models import Competency, CompetencyFramework
from metodist.difficulties.models import Topic


def current_competencies():
    versions = [
        version.pk for version in map(CompetencyFramework.current, CompetencyFramework.objects.all()) if version
    ]
    return Competency.objects.filter(version_id__in=versions, parent__isnull=False).order_by("version", "order", "code")


def topic_choices(municipality_id) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices of a select: «c<pk>» a competency, «t<pk>» a kept topic."""
    competencies = [(f"c{item.pk}", item.name) for item in current_competencies()]
    topics = [(f"t{item.pk}", item.name) for item in Topic.objects.active().for_municipality(municipality_id)]
    return [("", [("", "без темы")]), ("Компетенции", competencies), ("Темы затруднений", topics)]


def topical_of(value: str, municipality_id) -> dict:
    """{competency, topic} of a choice value; refuses a value outside the current choices."""
    empty = {"competency": None, "topic": None}
    if not value:
        return empty
    kind, pk = value[0], value[1:]
    if pk.isdigit():
        if kind == "c":
            competency = current_competencies().filter(pk=pk).first()
            if competency:
                return {**empty, "competency": competency}
        if kind == "t":
            topic = Topic.objects.active().for_municipality(municipality_id).filter(pk=pk).first()
            if topic:
                return {**empty, "topic": topic}
    raise ValueError(value)


def topical_value(option) -> str:
    if option.competency_id:
        return f"c{option.competency_id}"
    if option.topic_id:
        return f"t{option.topic_id}"
    return ""
