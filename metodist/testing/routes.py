"""Builders of individual routes for tests: a route in a given status with steps, built directly (the
transitions themselves are tested through actions)."""

from datetime import date

from metodist.routes.models import (
    DEFAULT_FORM,
    LearningRoute,
    RouteBase,
    RouteDeficit,
    RouteStatus,
    RouteStep,
    StepKind,
    StepStatus,
)


def route(educator, *, region, status=RouteStatus.IN_PROGRESS, base=RouteBase.CNPPM, tutor=None,
          starts_on=date(2024, 9, 1), ends_on=date(2025, 6, 30), agreed_on=None, completed_on=None,
          deficits=(), **fields) -> LearningRoute:  # fmt: skip
    """A route; agreed on its start unless drafted or under review; `deficits` are Deficit rows."""
    if agreed_on is None and status not in (RouteStatus.DRAFT, RouteStatus.REVIEW):
        agreed_on = starts_on
    created = LearningRoute.objects.create(
        educator=educator, region=region, status=status, base=base, tutor=tutor, starts_on=starts_on,
        ends_on=ends_on, agreed_on=agreed_on, completed_on=completed_on, goal=fields.pop("goal", "Закрыть дефициты"),
        **fields,
    )  # fmt: skip
    for deficit in deficits:
        RouteDeficit.objects.create(
            route=created, deficit=deficit, competency=deficit.competency, code=deficit.competency.code,
            diagnostic=deficit.diagnostic, measured_on=deficit.diagnostic.ends_on, percent=deficit.percent,
        )  # fmt: skip
    return created


def step(route, *, status=StepStatus.PLANNED, kind=StepKind.SELF_EDUCATION, title="Самообразование",
         done_on=None, **fields) -> RouteStep:  # fmt: skip
    if status == StepStatus.DONE and done_on is None:
        done_on = route.starts_on
    return RouteStep.objects.create(
        route=route, status=status, kind=kind, form=DEFAULT_FORM[kind], title=title, done_on=done_on, **fields
    )
