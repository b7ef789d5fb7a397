"""Builders of self-diagnosis test data: a questionnaire of the demo municipality with statements per competency."""

from datetime import date

from metodist.diagnostics import selfcheck
from metodist.diagnostics.questionnaire import Questionnaire, Statement
from metodist.testing import growth as g


def questionnaire(
    cast,
    statements: dict[str, int] | None = None,
    *,
    scale=(0, 3),
    opens_on=date(2025, 1, 10),
    closes_on=date(2025, 1, 31),
    published=True,
    **fields,
) -> Questionnaire:
    """`statements` {competency code: how many statements}; published by the methodologist unless told."""
    fields.setdefault("title", "Самодиагностика педагогов")
    created = Questionnaire.objects.create(
        version=g.framework_version(),
        scale_min=scale[0],
        scale_max=scale[1],
        opens_on=opens_on,
        closes_on=closes_on,
        region=cast.region,
        municipality=cast.municipality,
        created_by=cast.methodologist,
        **fields,
    )
    for code, count in ({"methods.lesson": 2} if statements is None else statements).items():
        for number in range(count):
            Statement.objects.create(
                questionnaire=created,
                competency=g.competency(code),
                text=f"Я умею: {code} ({number + 1})",
                order=number,
            )
    if published:
        selfcheck.publish(created, by=cast.methodologist)
        created.refresh_from_db()
    return created


def answers(questionnaire: Questionnaire, values: dict[str, list[int]]) -> dict[int, int]:
    """{statement id: value} from {competency code: values in statement order}."""
    given = {}
    for code, listed in values.items():
        ids = questionnaire.statements.filter(competency__code=code).values_list("pk", flat=True)
        given.update(dict(zip(ids, listed, strict=True)))
    return given
