"""The .xlsx export of a filtered list of activity records; recorded in the audit trail without the personal
data it holds."""

from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import record
from metodist.audit.models import AuditAction
from metodist.lib.xlsx import NOT_APPLICABLE, Export, Sheet, export_bytes

from .forms import KINDS


def _period(item) -> list:
    return [item.started_on, item.ended_on or NOT_APPLICABLE]


def _name(item) -> str:
    return item.educator.full_name if item.educator_id else NOT_APPLICABLE


COLUMNS = {
    "experts": (
        ["Роль", "Уровень", "Педагог", "Организация", "Комиссия, конкурс", "С", "По", "Документ"],
        [26, 16, 30, 30, 30, 12, 12, 20],
        lambda r: [r.get_kind_display(), r.get_level_display(), _name(r), str(r.organization), r.body,
                   *_period(r), r.document_ref],
    ),
    "records": (
        ["Вид", "Педагог", "Организация", "Проект, программа", "С", "По", "Документ"],
        [30, 30, 30, 30, 12, 12, 20],
        lambda r: [r.get_kind_display(), _name(r), str(r.organization), r.title, *_period(r), r.document_ref],
    ),
    "contracts": (
        ["Обучающийся", "Колледж, вуз", "Направила", "Договор", "Окончил", "Трудоустроен", "Организация"],
        [30, 30, 30, 12, 12, 12, 30],
        lambda r: [r.student, r.institution, str(r.organization), r.started_on, r.graduated_on or NOT_APPLICABLE,
                   r.employed_on or NOT_APPLICABLE, str(r.employer) if r.employer_id else NOT_APPLICABLE],
    ),
}  # fmt: skip


@transaction.atomic
def workbook(tab: str, records, *, filters: str, by) -> bytes:
    title, model, _ = KINDS[tab]
    headers, widths, row = COLUMNS[tab]
    rows = [row(item) for item in records]
    export = Export.by(by, title=f"{title} на {timezone.localdate():%d.%m.%Y}", filters=filters)
    record(by, AuditAction.EXPORT, model(), summary=f"Выгрузка в Excel: {title.lower()} — {len(rows)}")
    return export_bytes(export, [Sheet(title, headers, rows, widths)])
