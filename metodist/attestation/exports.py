"""The module's exports: the attestation calendar (.xlsx) and an educator's portfolio (.xlsx, .docx and the .pdf
printed from the .docx). Each export is recorded in the audit trail without the personal data it holds."""

from django.db import transaction

from metodist.audit.actions import record
from metodist.audit.models import AuditAction
from metodist.lib.pdf import docx_to_pdf
from metodist.lib.xlsx import NOT_APPLICABLE, Export, Sheet, export_bytes
from metodist.people.models import Educator

from . import portfolio_docx
from .portfolio import Portfolio
from .schedule import Calendar

SZD_HEADERS = ["Месяц", "ФИО", "Организация", "Должность", "В должности с", "Последнее СЗД", "Срок СЗД"]
SZD_WIDTHS = [16, 30, 26, 24, 12, 12, 12]
# the exempted: until when, never why (the kind of absence is health or family data: it stays on the card)
EXEMPT_HEADERS = ["ФИО", "Организация", "Должность", "Срок СЗД без освобождения", "Освобождение до"]
EXEMPT_WIDTHS = [30, 26, 24, 14, 18]
EXPIRY_HEADERS = ["Месяц", "ФИО", "Организация", "Категория", "Присвоена", "Действует до"]
EXPIRY_WIDTHS = [16, 30, 30, 18, 12, 12]
SHEET_NAMES = {
    "attestation": "Аттестация",
    "trainings": "Курсы",
    "routes": "Маршруты",
    "diagnostics": "Диагностика",
    "events": "Мероприятия",
    "competitions": "Конкурсы",
    "practices": "Практики",
    "mentoring": "Наставник",
    "mentored": "Наставляемый",
    "expert": "Экспертиза",
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
    exempt = [
        [row.full_name, row.organization, row.position, row.due_on, row.exemption.until or "пока отсутствует"]
        for row in calendar.exempt
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
        Sheet(
            "Освобождены",
            EXEMPT_HEADERS,
            exempt,
            EXEMPT_WIDTHS,
            notes=[
                f"Освобождены от СЗД на время отсутствия (по реестру; причина — в карточке педагога): {len(exempt)}."
            ],
        ),
    ]
    record(
        by,
        AuditAction.EXPORT,
        Educator(),
        summary=f"Выгрузка графика аттестации в Excel: СЗД — {len(szd)}, истекающих категорий — {len(expiring)}",
    )
    return export_bytes(export, sheets)


def _record_portfolio(portfolio: Portfolio, by, where: str) -> None:
    educator = portfolio.educator
    record(by, AuditAction.EXPORT, educator, summary=f"Выгрузка аттестационного портфолио педагога {educator} {where}")


@transaction.atomic
def portfolio_workbook(portfolio: Portfolio, *, by) -> bytes:
    export = Export.by(
        by, title=f"Аттестационное портфолио: {portfolio.educator.full_name} на {portfolio.on:%d.%m.%Y}", filters="нет"
    )
    sheets = [Sheet("Сведения", ["Сведения", "Значение"], [list(pair) for pair in portfolio.facts], [34, 80])]
    for section in portfolio.sections:
        rows = section.rows or [[section.empty, *[""] * (len(section.headers) - 1)]]
        sheets.append(
            Sheet(SHEET_NAMES[section.code], section.headers, rows, [30] * len(section.headers), [section.title])
        )
    _record_portfolio(portfolio, by, "в Excel")
    return export_bytes(export, sheets)


def portfolio_document(portfolio: Portfolio, *, by) -> bytes:
    content = portfolio_docx.build(portfolio, by=by)
    _record_portfolio(portfolio, by, "в Word (.docx)")
    return content


def portfolio_pdf(portfolio: Portfolio, *, by) -> bytes:
    """Raises PdfUnavailable (its message is for the user) before anything is recorded."""
    content = docx_to_pdf(portfolio_docx.build(portfolio, by=by))
    _record_portfolio(portfolio, by, "в PDF")
    return content
