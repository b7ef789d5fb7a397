"""The routes panel of the start page (contract with metodist.home): for an educator their route and next steps,
for a tutor their educators and the evidence that has arrived."""

from datetime import date

from .models import FINISHED, LearningRoute, RouteNotice, RouteStatus, StepStatus


def panel(user, today: date) -> dict | None:
    """None when the user neither follows a route nor tutors one."""
    data = {}
    if user.educator_id:
        route = (
            LearningRoute.objects.filter(educator_id=user.educator_id)
            .exclude(status=RouteStatus.DRAFT)
            .with_progress()
            .order_by("-starts_on", "-pk")
            .first()
        )
        if route is not None:
            steps = route.steps.filter(status=StepStatus.PLANNED).order_by("due_on", "order")[:3]
            data["route"] = route
            data["next_steps"] = list(steps)
            data["finished"] = route.status in FINISHED
            data["overdue"] = [step for step in data["next_steps"] if step.is_overdue(today)]
    tutored = LearningRoute.objects.filter(tutor=user).exclude(status__in=FINISHED)
    count = tutored.count()
    if count:
        notices = RouteNotice.objects.filter(recipient=user).unread().select_related("route")
        data["tutored"] = count
        data["educators"] = tutored.values("educator_id").distinct().count()
        data["overdue_routes"] = tutored.overdue(today).count()
        data["unread"] = notices.count()
        data["notices"] = list(notices[:5])
    return data or None
