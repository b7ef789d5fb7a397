"""The ready survey (data/needs.toml) a methodologist copies into a new draft, its options tied to the
competencies of the current framework version or to the kept topics of the municipality."""

import tomllib
from pathlib import Path

from django.db import transaction

from metodist.audit.actions import record_created
from metodist.difficulties.models import Topic
from metodist.difficulties.topics import current_competencies

from .models import Option, Question, Survey

NEEDS = Path(__file__).parent / "data" / "needs.toml"


def needs_template() -> dict:
    return tomllib.loads(NEEDS.read_text(encoding="utf-8"))


@transaction.atomic
def copy_template(*, municipality, by, deadline=None, anonymous: bool | None = None) -> Survey:
    """A new draft with the template's questions; an option's competency code is looked up in the current
    published framework version, its topic name in the municipality's active kept topics."""
    data = needs_template()
    competencies = {competency.code: competency for competency in current_competencies()}
    topics = {topic.name: topic for topic in Topic.objects.active().for_municipality(municipality.pk)}
    survey = Survey.objects.create(
        title=data["title"],
        description=data["description"],
        anonymous=data["anonymous"] if anonymous is None else anonymous,
        municipality=municipality,
        region_id=municipality.region_id,
        deadline=deadline,
        created_by=by,
    )
    for order, item in enumerate(data["questions"], start=1):
        scale = {
            key: item[key] for key in ("scale_min", "scale_max", "scale_min_label", "scale_max_label") if key in item
        }
        question = Question.objects.create(
            survey=survey, order=order, text=item["text"], kind=item["kind"], required=item["required"], **scale
        )
        options = []
        for number, option in enumerate(item.get("options", []), start=1):
            competency = competencies.get(option.get("competency"))
            topic = None if competency else topics.get(option.get("topic"))
            options.append(
                Option(question=question, order=number, text=option["text"], competency=competency, topic=topic)
            )
        Option.objects.bulk_create(options)
    record_created(by, survey)
    return survey
