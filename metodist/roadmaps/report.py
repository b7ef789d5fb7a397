"""The annual report on a road map's implementation as .docx (seed 004 asks for one each August): for every
section its items with the year's due dates, status, evidence and what is overdue; a summary first."""

from datetime import date

from metodist.lib.docx import OfficialDocument

from . import board
from .models import Roadmap

WIDTHS_CM = (1.2, 7.6, 3.6, 3, 3.2, 2.8, 3.8)  # 25.2 cm: A4 landscape less the margins


def annual_report(roadmap: Roadmap, year: int, today: date) -> bytes:
    grouped = board.sections(roadmap, today)
    rows = [row for group in grouped for row in group.rows]
    totals = board.summary(rows)
    doc = OfficialDocument(
        authority=f"Муниципальная методическая служба: {roadmap.municipality}",
        title=f"Отчёт о реализации дорожной карты за {year} год",
        subtitle=roadmap.title,
        landscape=True,
    )
    doc.heading("Общие сведения")
    if roadmap.document:
        doc.paragraph(f"Документ: {roadmap.document}.")
    doc.paragraph(
        f"Срок реализации: {roadmap.starts_year}–{roadmap.ends_year} гг. Состояние на {today:%d.%m.%Y}: "
        f"мероприятий — {totals['total']}, выполнено — {totals['done']}, выполняется — {totals['in_progress']}, "
        f"запланировано — {totals['planned']}, отменено — {totals['cancelled']}; "
        f"с просроченными сроками — {totals['overdue']}; срок не определяется — {totals['undetermined']}."
    )
    for group in grouped:
        if not group.rows:
            continue
        doc.heading(str(group.section))
        doc.table(
            ["№", "Мероприятие", "Ответственные исполнители", "Срок (по документу)", f"Сроки {year} г.", "Статус",
             "Подтверждение выполнения"],
            [_row(row, year, today) for row in group.rows],
            widths_cm=WIDTHS_CM,
        )  # fmt: skip
    overdue = [row for row in rows if row.overdue]
    doc.heading(f"Просроченные мероприятия на {today:%d.%m.%Y}")
    if overdue:
        for row in overdue:
            dates = ", ".join(f"{due.due_on:%d.%m.%Y}" for due in row.overdue)
            doc.bullet(f"{row.item.number} {row.item.activity} — срок {dates}.".strip())
    else:
        doc.paragraph("Просроченных мероприятий нет.")
    doc.signature("Руководитель муниципальной методической службы", date_line=f"{today:%d.%m.%Y}")
    return doc.bytes()


def _row(row: board.ItemRow, year: int, today: date) -> list[str]:
    if row.undetermined:
        dates = "срок не определяется"
    else:
        marks = []
        for due in row.dues:
            if due.due_on.year != year:
                continue
            state = board.due_state(due, today)
            note = {"done": " — выполнено", "overdue": " — просрочено", "cancelled": " — отменено"}.get(state, "")
            marks.append(f"{due.due_on:%d.%m.%Y}{note}")
        dates = "; ".join(marks) or "нет сроков в этом году"
    item = row.item
    return [item.number, item.activity, item.executors, item.deadline, dates, item.get_status_display(),
            item.evidence]  # fmt: skip


def report_filename(roadmap: Roadmap, year: int) -> str:
    return f"roadmap-{roadmap.pk}-report-{year}.docx"
