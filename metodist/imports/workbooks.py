"""The workbooks a user downloads: the empty template of a format and the sample files of the educators format."""

from itertools import zip_longest

from metodist.lib.xlsx import Sheet, workbook_bytes
from metodist.orgs.models import OrganizationKind
from metodist.people.models import Category, EducationLevel, EmploymentKind

from .context import ImportContext
from .formats import ImportFormat
from .formats.educators import EDUCATORS
from .samples import educator_rows

REFERENCE_SHEET = "Справочники"
COLUMNS_SHEET = "Описание столбцов"


def _labels(choices):
    return lambda ctx: [label for _, label in choices]


# The lists of allowed values a format may put on its «Справочники» sheet, by kind.
REFERENCE_LISTS = {
    "municipality": ("Муниципалитеты", lambda ctx: [item.name for item in ctx.municipalities]),
    "organization": ("Организации", lambda ctx: [item.short_name for item in ctx.organizations]),
    "organization_municipality": (
        "Муниципалитет организации",
        lambda ctx: [o.municipality.name for o in ctx.organizations],
    ),
    "position": ("Должности", lambda ctx: [item.name for item in ctx.reference_items("position")]),
    "subject": ("Учебные предметы", lambda ctx: [item.name for item in ctx.reference_items("subject")]),
    "speciality": ("Специальности", lambda ctx: [item.name for item in ctx.reference_items("speciality")]),
    "category": ("Категории", _labels(Category.choices)),
    "level": ("Уровни образования", _labels(EducationLevel.choices)),
    "employment_kind": ("Виды занятости", _labels(EmploymentKind.choices)),
    "organization_kind": ("Типы организаций", _labels(OrganizationKind.choices)),
}


def template_bytes(fmt: ImportFormat, ctx: ImportContext) -> bytes:
    return workbook_bytes([data_sheet(fmt, ctx, rows=()), reference_sheet(fmt, ctx), columns_sheet(fmt, ctx)])


def data_sheet(fmt: ImportFormat, ctx: ImportContext, rows) -> Sheet:
    """Required columns are marked with «*», which the reader ignores."""
    columns = fmt.columns_for(ctx)
    return Sheet(
        title=fmt.title,
        headers=[f"{column.header} *" if column.required else column.header for column in columns],
        rows=[[row.get(column.field) for column in columns] for row in rows],
        widths=[max(14, min(len(column.header) + 4, 36)) for column in columns],
    )


def reference_sheet(fmt: ImportFormat, ctx: ImportContext) -> Sheet:
    kinds = list(fmt.references)
    if ctx.wide_scope:
        kinds.insert(0, "municipality")
        if "organization" in kinds:
            kinds.insert(kinds.index("organization") + 1, "organization_municipality")
    lists = [REFERENCE_LISTS[kind] for kind in kinds]
    return Sheet(
        title=REFERENCE_SHEET,
        headers=[title for title, _ in lists],
        rows=zip_longest(*(values(ctx) for _, values in lists), fillvalue=None),
        widths=[40] * len(lists),
    )


def columns_sheet(fmt: ImportFormat, ctx: ImportContext) -> Sheet:
    return Sheet(
        title=COLUMNS_SHEET,
        headers=["Столбец", "Обязательный", "Что вводить", "Пример"],
        rows=[
            [column.header, "да" if column.required else "", column.help, column.example]
            for column in fmt.columns_for(ctx)
        ],
        widths=[34, 14, 80, 40],
        notes=[fmt.row_meaning, fmt.match_rule],
    )


def sample_bytes(ctx: ImportContext, broken: bool = False) -> bytes:
    """A filled educators file naming organizations the user may import into (or the demo names if none)."""
    school, kindergarten = sample_organizations(ctx)
    rows = educator_rows(school, kindergarten, broken=broken)
    return workbook_bytes([data_sheet(EDUCATORS, ctx, rows), reference_sheet(EDUCATORS, ctx)])


DEMO_MUNICIPALITY = "Городской округ Энск"
DEMO_SCHOOL = ("МАОУ СОШ № 1", DEMO_MUNICIPALITY)
DEMO_KINDERGARTEN = ("МАДОУ «Детский сад № 1»", DEMO_MUNICIPALITY)


def sample_organizations(ctx: ImportContext) -> tuple[tuple[str, str], tuple[str, str]]:
    """(short name, municipality) of a school and a kindergarten in scope: the demo ones if present, else the first
    of their kind; the demo names when the user has no organization at all."""
    organizations = ctx.organizations
    if not organizations:
        return DEMO_SCHOOL, DEMO_KINDERGARTEN

    def pick(demo: tuple[str, str], kind: str, fallback):
        return (
            next((o for o in organizations if (o.short_name, o.municipality.name) == demo), None)
            or next((o for o in organizations if o.kind == kind), None)
            or fallback
        )

    school = pick(DEMO_SCHOOL, OrganizationKind.GENERAL, organizations[0])
    kindergarten = pick(DEMO_KINDERGARTEN, OrganizationKind.PRESCHOOL, school)
    return (school.short_name, school.municipality.name), (kindergarten.short_name, kindergarten.municipality.name)
