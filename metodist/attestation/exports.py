"""The module's .xlsx exports: the attestation calendar and an educator's portfolio (the .docx / .pdf of the
portfolio wait for the documents of the management-cycle issue). Each export is recorded in the audit trail
without the personal data it holds."""

from django.db import transaction

from metodist.audit.actions import record
from metodist.audit.models import AuditAction
from metodist.lib.xlsx import NOT_APPLICABLE, Export, Sheet, export_bytes
from metodist.people.models import Educator

from .portfolio import NOT_CONNECTED, Portfolio
from .schedule import Calendar

SZD_HEADERS = ["Месяц", "ФИО", "Организация", "Должность", "В должности с", "Последнее СЗД", "Срок СЗД"]
SZD_WIDTHS = [16, 30, 26, 24, 12, 12, 12]
EXPIRY_HEADERS = ["Месяц", "ФИО", "Организация", "Категория", "Присвоена", "Действует до"]
EXPIRY_WIDTHS = [16, 30, 30, 18, 12, 12]
SHEET_NAMES = {
    "attestation": "Аттестация",
    "trainings": "Курсы",
    "routes": "Маршруты",
    "diagnostics": "Диагностика",
    "events": "Мероприятия",
    "competitions": "Конкурсы",
    "mentoring": "Наставничество",
}


def _szd_row(label: str, row) -> list:
    return [
        label,
        row.full_name,
        row.organization,
        row.position,
        row.start_date,
        row.last_szd or NOT_APPLICABLE,
        row.due_on,
    ]


@transaction.atomic
def calendar_workbook(calendar: Calendar, *, months: int, by) -> bytes:
    szd = [_szd_row("просрочено", row) for row in calendar.overdue]
    expiring = []
    for month in calendar.months:
        szd += [_szd_row(month.label, row) for row in month.szd]
        expiring += [
            [month.label, row.full_name, row.organizations_text, row.category_label, row.awarded_on, row.expires_on]
            for row in month.expiring
        ]
    period = f"{calendar.on:%d.%m.%Y} – {calendar.until:%d.%m.%Y}"
    export = Export.by(by, title=f"График аттестации на {period}", filters=f"месяцев вперёд: {months}")
    sheets = [
        Sheet(
            "СЗД", SZD_HEADERS, szd, SZD_WIDTHS, notes=[f"Подтверждение соответствия занимаемой должности: {len(szd)}."]
        ),
        Sheet(
            "Истекают категории",
            EXPIRY_HEADERS,
            expiring,
            EXPIRY_WIDTHS,
            notes=[f"Истекает срок категории (присвоена до 01.09.2023): {len(expiring)}."],
        ),
    ]
    record(
        by,
        AuditAction.EXPORT,
        Educator(),
        summary=f"Выгрузка графика аттестации в Excel: СЗД — {len(szd)}, истекающих категорий — {len(expiring)}",
    )
    return export_bytes(export, sheets)


@transaction.atomic
def portfolio_workbook(portfolio: Portfolio, *, by) -> bytes:
    educator = portfolio.educator
    export = Export.by(
        by, title=f"Аттестационное портфолио: {educator.full_name} на {portfolio.on:%d.%m.%Y}", filters="нет"
    )
    sheets = [Sheet("Сведения", ["Сведения", "Значение"], [list(pair) for pair in portfolio.facts], [34, 80])]
    for section in portfolio.sections:
        if section.connected:
            rows = section.rows or [[section.empty, *[""] * (len(section.headers) - 1)]]
            sheets.append(
                Sheet(SHEET_NAMES[section.code], section.headers, rows, [30] * len(section.headers), [section.title])
            )
        else:
            sheets.append(Sheet(SHEET_NAMES[section.code], ["Раздел"], [[NOT_CONNECTED]], [60], [section.title]))
    record(by, AuditAction.EXPORT, educator, summary=f"Выгрузка аттестационного портфолио педагога {educator} в Excel")
    return export_bytes(export, sheets)
