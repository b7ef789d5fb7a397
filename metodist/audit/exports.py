"""The audit trail as an .xlsx workbook; the export is itself recorded."""

from metodist.lib.xlsx import Export, Sheet, export_bytes

from .actions import record
from .models import AuditAction, AuditEntry

# A trail read in a spreadsheet is read by a person: beyond this many rows, narrow the filters.
EXPORT_LIMIT = 20_000
HEADERS = ["Когда", "Кто (логин)", "Действие", "Объект", "Идентификатор", "Описание", "Изменения и подробности"]
WIDTHS = [17, 16, 14, 24, 14, 50, 70]


def export_entries(entries, *, filters: str, by) -> bytes:
    chosen = list(entries[: EXPORT_LIMIT + 1])
    cut = len(chosen) > EXPORT_LIMIT
    chosen = chosen[:EXPORT_LIMIT]
    rows = [
        [
            entry.at,
            entry.actor.username if entry.actor else "—",
            entry.get_action_display(),
            entry.object_type,
            entry.object_id or "—",
            entry.summary or "—",
            entry.changes_text() or "—",
        ]
        for entry in chosen
    ]
    note = f"Записей: {len(rows)}." + (f" Показаны первые {EXPORT_LIMIT}: уточните отбор." if cut else "")
    export = Export.by(by, title="Журнал аудита", filters=filters, place="все данные")
    record(by, AuditAction.EXPORT, AuditEntry(), summary=f"Выгрузка журнала аудита в Excel: записей — {len(rows)}")
    return export_bytes(export, [Sheet("Журнал аудита", HEADERS, rows, WIDTHS, notes=[note])])
