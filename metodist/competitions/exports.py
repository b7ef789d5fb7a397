"""The .xlsx of a competition's results: one sheet per stage, the entries the user sees."""

from metodist.audit.actions import record
from metodist.audit.models import AuditAction
from metodist.lib.xlsx import NOT_APPLICABLE, Export, Sheet, export_bytes

from .models import CompetitionEntry

HEADERS = ["Участник", "Организация", "Номинация", "Итоговый балл", "Место", "Результат"]


def results(competition, user) -> bytes:
    entries = (
        CompetitionEntry.objects.in_scope(user)
        .filter(stage__competition=competition)
        .select_related("educator", "organization", "stage")
        .order_by("stage__order", "rank", "pk")
    )
    by_stage: dict = {}
    for entry in entries:
        by_stage.setdefault(entry.stage, []).append(entry)
    sheets = [
        Sheet(
            title=f"{stage.order}. {stage.get_level_display()}"[:31],
            headers=HEADERS,
            rows=[
                [
                    entry.participant_name,
                    entry.organization.short_name,
                    entry.nomination or NOT_APPLICABLE,
                    entry.total if entry.total is not None else NOT_APPLICABLE,
                    entry.rank or NOT_APPLICABLE,
                    entry.get_result_display(),
                ]
                for entry in stage_entries
            ],  # fmt: skip
            widths=(36, 30, 24, 12, 8, 14),
        )
        for stage, stage_entries in sorted(by_stage.items(), key=lambda item: item[0].order)
    ] or [Sheet(title="Итоги", headers=HEADERS)]
    export = Export.by(user, title=f"Итоги конкурса «{competition.title}», {competition.year_label}", filters="нет")
    record(user, AuditAction.EXPORT, competition, summary=f"Итоги конкурса: {len(entries)} записей")
    return export_bytes(export, sheets)
