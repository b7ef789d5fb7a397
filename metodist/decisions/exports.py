"""The register and a campaign's summary as .xlsx workbooks (metodist.lib.xlsx)."""

from django.db.models import Prefetch

from metodist.lib.xlsx import NOT_APPLICABLE, Export, Sheet, export_bytes

from .models import Review
from .summary import of_record

REGISTER = ["Документ", "Дата", "Наименование", "По итогам кампании", "Мероприятие", "Ответственный",
            "Ответственная организация", "Срок", "Просрочена", "Организации, на которые направлена", "Показатели",
            "Ожидаемый результат", "Статус", "Подтверждение", "Эффективность"]  # fmt: skip


def register(measures, *, filters: str, by, today) -> bytes:
    measures = (
        measures.select_related("decision__campaign", "responsible_organization")
        .prefetch_related("organizations", "indicators",
                          Prefetch("reviews", queryset=Review.objects.order_by("-computed_at", "-pk")))
        .order_by("-decision__date", "decision_id", "deadline", "pk")
    )  # fmt: skip
    rows = []
    for measure in measures:
        decision, review = measure.decision, of_record(measure.reviews.all())
        rows.append([
            f"{decision.get_kind_display()} № {decision.number}", decision.date, decision.title,
            str(decision.campaign) if decision.campaign else NOT_APPLICABLE, measure.activity, measure.responsible,
            str(measure.responsible_organization or ""), measure.deadline, measure.is_overdue(today),
            "; ".join(org.short_name for org in measure.organizations.all()),
            "; ".join(f"{item.number} {item.name}" for item in measure.indicators.all()),
            measure.expected_result, measure.get_status_display(), measure.evidence,
            review.verdict_text if review else "не рассчитана",
        ])  # fmt: skip
    export = Export.by(by, title="Реестр управленческих решений и мер", filters=filters)
    widths = [18, 12, 40, 24, 50, 24, 28, 12, 11, 36, 40, 30, 14, 30, 20]
    return export_bytes(export, [Sheet("Решения и меры", REGISTER, rows, widths)])


def summary(found: dict, *, by) -> bytes:
    campaign = found["campaign"]
    export = Export.by(by, title=f"Эффективность мер по итогам кампании «{campaign}»", filters="нет")
    verdicts = Sheet("Меры по выводам", ["Вывод", "Мер"], found["counts"], [40, 10])
    failed = Sheet(
        "Что не сработало",
        ["Решение", "Мероприятие", "Вывод", "Показатель", "Результат"],
        [
            [
                str(row["measure"].decision),
                row["measure"].activity,
                row["review"].verdict_text,
                f"{item['number']} {item['name']}",
                item["outcome_text"],
            ]
            for row in found["failed"]
            for item in row["indicators"]
        ],  # fmt: skip
        [30, 50, 22, 50, 28],
    )
    below = found["below"]
    remaining = Sheet(
        "Ниже целевого",
        ["Муниципалитет", "Показатель", "Значение", "Прошлый период", "Целевое", "Были меры"],
        [
            [
                str(row["municipality"]),
                f"{row['indicator'].number} {row['indicator'].name}",
                row["value"],
                row["previous"],
                row["target"],
                row["addressed"],
            ]
            for row in below["rows"]
        ],  # fmt: skip
        [28, 60, 12, 14, 12, 12],
        notes=[
            f"По результатам кампании «{below['campaign']}»"
            + ("" if below["approved"] else " (результаты не утверждены)")
        ],  # fmt: skip
    )
    return export_bytes(export, [verdicts, failed, remaining])
