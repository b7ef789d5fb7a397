"""Format «staff_positions»: one row = the rates of one position (and subject) in an organization's staff list.

A row of the staff list is valid for a period. A file row describes the line from the date in «Действует с»
(the import date when that cell is empty): the line valid on that date is updated when it starts on that very
date, or closed on the day before and followed by a new one when the rates differ; a line that starts later
is an error (edit it on the organization's card).
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from metodist.orgs.models import StaffPosition

from .. import cells
from ..context import ImportContext
from ..plan import Change, Row
from .base import MUNICIPALITY, Column, ImportFormat, resolve_organization

ORGANIZATION = Column(
    "Организация",
    "organization",
    cells.text(200),
    required=True,
    help="Краткое наименование организации, как в реестре (лист «Справочники» шаблона).",
    example="МАОУ СОШ № 1",
)
RATES = cells.number(Decimal("0"), Decimal("99999.99"), 2)

COLUMNS = (
    MUNICIPALITY,
    ORGANIZATION,
    Column(
        "Должность",
        "position",
        cells.reference("position"),
        required=True,
        help="Из справочника должностей (лист «Справочники»).",
        example="Учитель",
    ),
    Column(
        "Предмет",
        "subject",
        cells.reference("subject"),
        help="Для учителей и преподавателей — учебный предмет из справочника; иначе пусто.",
        example="Математика",
    ),
    Column(
        "Ставок по штатному расписанию",
        "rates",
        RATES,
        required=True,
        help="Число ставок, до двух знаков после запятой.",
        example="4,5",
    ),
    Column(
        "Из них вакантных",
        "vacant_rates",
        RATES,
        help="Не больше числа ставок; пустая ячейка у новой штатной единицы — 0.",
        example="0,5",
    ),
    Column(
        "Действует с",
        "valid_from",
        cells.parse_date,
        help="Дата, с которой действует строка штатного расписания (дата его утверждения); пусто — дата загрузки.",
        example="01.09.2025",
    ),
)


def plan_staff_positions(rows: list[Row], ctx: ImportContext) -> None:
    organizations = {}
    for row in rows:
        organizations[row] = resolve_organization(row, ctx)
        row.title = row.text("organization", "position", "subject", sep=", ")
    existing = defaultdict(list)
    for item in StaffPosition.objects.filter(organization__in={o for o in organizations.values() if o}):
        existing[(item.organization_id, item.position_id, item.subject_id)].append(item)
    seen: dict[tuple, Row] = {}
    for row in rows:
        if row.problems:
            continue
        organization, position, subject = organizations[row], row.values["position"], row.values["subject"]
        key = (organization.pk, position.pk, subject.pk if subject else None)
        if key in seen:
            row.fail(
                "position", f"эта должность{' и предмет' if subject else ''} уже указаны в строке {seen[key].number}"
            )
            continue
        seen[key] = row
        start = row.values["valid_from"] or ctx.today
        values = {"rates": row.values["rates"]}
        if row.values["vacant_rates"] is not None:
            values["vacant_rates"] = row.values["vacant_rates"]
        current = next((item for item in existing[key] if item.is_valid_on(start)), None)
        vacant = values.get("vacant_rates", current.vacant_rates if current else Decimal("0"))
        later = [item.valid_from for item in existing[key] if item.valid_from and item.valid_from > start]
        if vacant > values["rates"]:
            rates = cells.number_text(values["rates"])
            row.fail(
                "vacant_rates", f"вакантных ставок ({cells.number_text(vacant)}) больше, чем ставок в штате ({rates})"
            )
        elif later:
            row.fail(
                "valid_from",
                f"эта строка штатного расписания уже задана с {min(later):%d.%m.%Y}: "
                "измените её в карточке организации",
            )
        elif current is not None and current.valid_from == start:
            if change := Change.update(current, values):
                row.changes.append(change)
        elif current is None or Change.update(current, values):
            if current is not None:
                row.changes.append(Change.update(current, {"valid_to": start - timedelta(days=1)}))
            new = {"organization": organization, "position": position, "subject": subject, "valid_from": start}
            row.changes.append(Change.create(StaffPosition, {**new, "vacant_rates": vacant, **values}))


STAFF_POSITIONS = ImportFormat(
    code="staff_positions",
    title="Штатное расписание",
    description="Ставки по должностям и предметам в штатном расписании организаций и сколько из них вакантно.",
    row_meaning="Одна строка — ставки одной должности (и предмета) в одной организации.",
    match_rule="Штатная единица находится по организации, должности, предмету и дате «Действует с» (пусто — "
    "дата загрузки): строка, начатая в эту дату, обновляется; более ранняя при изменении ставок закрывается "
    "накануне и продолжается новой; иначе создаётся новая.",
    columns=COLUMNS,
    plan_rows=plan_staff_positions,
    models=(StaffPosition,),
    registry=("orgs:list", "Открыть список организаций"),
    references=("organization", "position", "subject"),
)
