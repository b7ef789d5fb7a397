"""The workbooks a user downloads: the empty template of a format and the sample files of the educators format."""

import io
from itertools import zip_longest

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from metodist.lib.xlsx import Sheet, workbook_bytes
from metodist.orgs.models import OrganizationKind
from metodist.people.models import Category, EducationLevel, EmploymentKind

from . import cells
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


# Column field → the «Справочники» lists that may serve as its drop-down, the first one on the sheet is used
# («kind» is an organization's type in one format and an employment's kind in another).
DROPDOWNS = {
    "municipality": ("municipality",),
    "organization": ("organization",),
    "position": ("position",),
    "subject": ("subject",),
    "subjects": ("subject",),
    "speciality": ("speciality",),
    "category": ("category",),
    "level": ("level",),
    "kind": ("organization_kind", "employment_kind"),
}
# Short lists written into the validation itself.
INLINE_DROPDOWNS = {"sex": ("М", "Ж")}
YES_NO = ("да", "нет")
SEVERAL_VALUES = {"subjects"}  # a comma-separated list: the drop-down helps with one, typing more stays allowed
DROPDOWN_ROWS = 10000  # rows of the data sheet that get the drop-downs


def template_bytes(fmt: ImportFormat, ctx: ImportContext) -> bytes:
    content = workbook_bytes([data_sheet(fmt, ctx, rows=()), reference_sheet(fmt, ctx), columns_sheet(fmt, ctx)])
    return with_dropdowns(content, fmt, ctx)


def with_dropdowns(content: bytes, fmt: ImportFormat, ctx: ImportContext) -> bytes:
    """Adds drop-down lists to the coded columns of the data sheet, fed from the «Справочники» sheet.

    A value typed by hand (an abbreviation such as «ВКК» the import accepts) is warned about, not refused:
    the check of the uploaded file is what decides.
    """
    book = load_workbook(io.BytesIO(content))
    data = book.worksheets[0]
    lists = {kind: (index, len(values)) for index, (kind, values) in enumerate(_reference_lists(fmt, ctx), start=1)}
    for index, column in enumerate(fmt.columns_for(ctx), start=1):
        source = _dropdown_source(column, lists)
        if source is None:
            continue
        several = column.field in SEVERAL_VALUES
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=not several,
            errorStyle="warning",
            errorTitle="Значение не из списка",
            error="Такого значения нет в списке. Проверка файла при загрузке покажет, подходит ли оно.",
            showInputMessage=several,
            prompt="Выберите предмет из списка; несколько предметов перечислите через запятую.",
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{DROPDOWN_ROWS}")
        data.add_data_validation(validation)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _dropdown_source(column, lists: dict) -> str | None:
    if column.parse is cells.yes_no:
        return _inline(YES_NO)
    if column.field in INLINE_DROPDOWNS:
        return _inline(INLINE_DROPDOWNS[column.field])
    kind = next((kind for kind in DROPDOWNS.get(column.field, ()) if lists.get(kind, (0, 0))[1]), None)
    if kind is None:
        return None
    index, count = lists[kind]
    letter = get_column_letter(index)
    return f"'{REFERENCE_SHEET}'!${letter}$2:${letter}${count + 1}"


def _inline(values) -> str:
    return '"' + ",".join(values) + '"'


def data_sheet(fmt: ImportFormat, ctx: ImportContext, rows) -> Sheet:
    """Required columns are marked with «*», which the reader ignores."""
    columns = fmt.columns_for(ctx)
    return Sheet(
        title=fmt.title,
        headers=[f"{column.header} *" if column.required else column.header for column in columns],
        rows=[[row.get(column.field) for column in columns] for row in rows],
        widths=[max(14, min(len(column.header) + 4, 36)) for column in columns],
    )


def _reference_lists(fmt: ImportFormat, ctx: ImportContext) -> list[tuple[str, list]]:
    """(kind, values) of each column of the «Справочники» sheet, in its order."""
    kinds = list(fmt.references)
    if ctx.wide_scope:
        kinds.insert(0, "municipality")
        if "organization" in kinds:
            kinds.insert(kinds.index("organization") + 1, "organization_municipality")
    return [(kind, REFERENCE_LISTS[kind][1](ctx)) for kind in kinds]


def reference_sheet(fmt: ImportFormat, ctx: ImportContext) -> Sheet:
    lists = _reference_lists(fmt, ctx)
    return Sheet(
        title=REFERENCE_SHEET,
        headers=[REFERENCE_LISTS[kind][0] for kind, _ in lists],
        rows=zip_longest(*(values for _, values in lists), fillvalue=None),
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
    return with_dropdowns(
        workbook_bytes([data_sheet(EDUCATORS, ctx, rows), reference_sheet(EDUCATORS, ctx)]), EDUCATORS, ctx
    )


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
