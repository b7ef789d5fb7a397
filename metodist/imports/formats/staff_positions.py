"""Format «staff_positions»: one row = the rates of one position (and subject) in an organization's staff list."""

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
)


def plan_staff_positions(rows: list[Row], ctx: ImportContext) -> None:
    organizations = {}
    for row in rows:
        organizations[row] = resolve_organization(row, ctx)
        row.title = row.text("organization", "position", "subject", sep=", ")
    existing = {
        (item.organization_id, item.position_id, item.subject_id): item
        for item in StaffPosition.objects.filter(organization__in={o for o in organizations.values() if o})
    }
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
        values = {"rates": row.values["rates"]}
        if row.values["vacant_rates"] is not None:
            values["vacant_rates"] = row.values["vacant_rates"]
        current = existing.get(key)
        vacant = values.get("vacant_rates", current.vacant_rates if current else Decimal("0"))
        if vacant > values["rates"]:
            rates = cells.number_text(values["rates"])
            row.fail(
                "vacant_rates", f"вакантных ставок ({cells.number_text(vacant)}) больше, чем ставок в штате ({rates})"
            )
        elif current is None:
            new = {"organization": organization, "position": position, "subject": subject, **values}
            row.changes.append(Change.create(StaffPosition, new))
        elif change := Change.update(current, values):
            row.changes.append(change)


STAFF_POSITIONS = ImportFormat(
    code="staff_positions",
    title="Штатное расписание",
    description="Ставки по должностям и предметам в штатном расписании организаций и сколько из них вакантно.",
    row_meaning="Одна строка — ставки одной должности (и предмета) в одной организации.",
    match_rule="Штатная единица находится по организации, должности и предмету; найденная обновляется, "
    "иначе создаётся новая.",
    columns=COLUMNS,
    plan_rows=plan_staff_positions,
    models=(StaffPosition,),
    registry=("orgs:list", "Открыть список организаций"),
    references=("organization", "position", "subject"),
)
