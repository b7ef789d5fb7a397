"""What the routes module gives an attestation portfolio (contract with metodist.attestation)."""

from .models import FINISHED, LearningRoute


def completed_routes(educator) -> list[dict]:
    """Completed routes of `educator` as portfolio lines: {"title", "date", "detail"}, newest first."""
    routes = (
        LearningRoute.objects.filter(educator=educator, status__in=FINISHED, completed_on__isnull=False)
        .select_related("tutor")
        .prefetch_related("deficits__competency")
        .order_by("-completed_on", "-pk")
    )
    lines = []
    for route in routes:
        competencies = ", ".join(row.competency.name for row in route.deficits.all())
        detail = f"{route.get_base_display()}; {route.starts_on:%d.%m.%Y}–{route.ends_on:%d.%m.%Y}"
        if competencies:
            detail += f"; компетенции: {competencies}"
        if route.rating:
            detail += f"; оценка результата: {route.rating} из 5"
        lines.append({"title": f"{route.kind_name}: {route.goal[:200]}", "date": route.completed_on, "detail": detail})
    return lines
