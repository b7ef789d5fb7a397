"""The shape of an import format: its columns, who may use it, and how its rows become a Plan."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError

from metodist.accounts.models import ScopeLevel

from .. import cells
from ..cells import CellError, normalize
from ..context import ImportContext
from ..plan import Plan, Problem, Row
from ..reading import ExcelError, FileRejected, Formula, Table, read_headers, read_table


@dataclass(frozen=True)
class Column:
    header: str  # as in the template; matched ignoring case, ё, extra spaces and a trailing «*»
    field: str  # key of the parsed row; the model field name where there is one
    parse: Callable  # (raw value, ImportContext) -> value, raises CellError
    required: bool = False
    help: str = ""  # what to enter: the template's column sheet and docs/import.md
    example: str = ""
    wide_scope_only: bool = False  # offered in the template only to users above one municipality


MUNICIPALITY = Column(
    "Муниципалитет",
    "municipality",
    lambda value, ctx: ctx.municipality(cells.as_text(value)),
    help="Муниципальное образование организации. Обязателен для регионального оператора и администратора "
    "системы; остальным не нужен.",
    example="Городской округ Энск",
    wide_scope_only=True,
)

PROGRESS_EVERY = 500  # rows between two progress reports of the check
CHECKED = "Проверено строк"

# Scope levels at which a user manages a whole municipality or more.
MUNICIPAL_LEVELS = (ScopeLevel.ALL, ScopeLevel.REGION, ScopeLevel.MUNICIPALITY)


@dataclass(frozen=True)
class ImportFormat:
    code: str
    title: str
    description: str  # one sentence for the format's card on the import page
    row_meaning: str  # what one row describes
    match_rule: str  # how a row finds the record it updates, in words
    columns: tuple[Column, ...]
    plan_rows: Callable[[list[Row], ImportContext], None]  # adds problems, titles and changes to the rows
    models: tuple = ()  # the kinds of records written, in the order the preview totals them
    registry: tuple[str, str] = ("", "")  # (URL name, label) of the registry page that shows the imported records
    references: tuple[str, ...] = ()  # reference lists for the template's «Справочники» sheet
    levels: tuple[str, ...] = (*MUNICIPAL_LEVELS, ScopeLevel.ORGANIZATIONS)

    def allowed(self, user) -> bool:
        return user.is_authenticated and user.can_edit_registry and user.scope_level in self.levels

    def columns_for(self, ctx: ImportContext) -> list[Column]:
        """The columns a user works with: «Муниципалитет» is required above a municipality and absent below."""
        result = []
        for column in self.columns:
            if column.wide_scope_only:
                if not ctx.wide_scope:
                    continue
                column = dataclasses.replace(column, required=True)
            result.append(column)
        return result

    def check_file(self, content: bytes, ctx: ImportContext) -> None:
        """The checks of the upload form: the file is a workbook with the required columns; raises FileRejected.

        Only the header row is read: the rows are read once, by the check of the stored file.
        """
        self._columns(read_headers(content), ctx)

    def plan(self, content: bytes, ctx: ImportContext) -> Plan:
        """The dry run of a file: reads it and checks every row against the registry. Writes nothing."""
        try:
            table = read_table(content)
        except FileRejected as rejected:
            return Plan(file_problems=[Problem(str(rejected))])
        return self.plan_table(table, ctx)

    def plan_table(self, table: Table, ctx: ImportContext, progress=None) -> Plan:
        """Checks the rows of a file already read against the registry. Writes nothing.

        `progress(rows checked, rows, unit)` is called as the cells are parsed, for the job's progress bar.
        """
        try:
            by_index, warnings = self._columns(table.headers, ctx)
        except FileRejected as rejected:
            return Plan(file_problems=[Problem(str(rejected))])
        required = self._required(ctx)
        rows = []
        for number, values in table.rows:
            rows.append(self._row(number, values, by_index, required, ctx))
            if progress and len(rows) % PROGRESS_EVERY == 0:
                progress(len(rows), len(table.rows), CHECKED)
        self.plan_rows(rows, ctx)
        if progress:
            progress(len(rows), len(rows), CHECKED)
        return Plan(rows=rows, warnings=[*table.warnings, *warnings], models=self.models)

    def _columns(self, headers: dict[int, str], ctx: ImportContext) -> tuple[dict[int, Column], list[str]]:
        """Which column of the file is which column of the format; unknown ones are reported and skipped."""
        known = {normalize(column.header): column for column in self.columns}
        by_index: dict[int, Column] = {}
        warnings = []
        for index, header in headers.items():
            column = known.get(normalize(header).rstrip("*").strip())
            if column is None:
                warnings.append(f"Столбец «{header}» не входит в формат «{self.title}» и не будет загружен.")
            elif column in by_index.values():
                raise FileRejected(f"Столбец «{column.header}» встречается в строке заголовков дважды.")
            else:
                by_index[index] = column
        present = {column.field for column in by_index.values()}
        missing = [column.header for column in self._required(ctx) if column.field not in present]
        if missing:
            names = ", ".join(f"«{name}»" for name in missing)
            raise FileRejected(
                f"В файле нет обязательных столбцов: {names}. Скачайте шаблон формата «{self.title}» и "
                "перенесите данные в него."
            )
        return by_index, warnings

    def _required(self, ctx: ImportContext) -> list[Column]:
        return [column for column in self.columns_for(ctx) if column.required]

    @cached_property
    def headers(self) -> dict[str, str]:
        return {column.field: column.header for column in self.columns}

    def _row(self, number: int, values: list, by_index: dict, required: list[Column], ctx: ImportContext) -> Row:
        row = Row(number=number, values=dict.fromkeys(self.headers), headers=self.headers)
        for index, column in by_index.items():
            raw = values[index] if index < len(values) else None
            if raw is not None and not isinstance(raw, Formula | ExcelError):
                row.raw[column.field] = cells.as_text(raw)
            row.values[column.field] = _parse_cell(row, column, raw, ctx)
        for column in required:
            if row.values[column.field] is None and column.header not in {p.column for p in row.problems}:
                row.fail(column.field, "не заполнено обязательное поле")
        return row


def _parse_cell(row: Row, column: Column, raw, ctx: ImportContext):
    if isinstance(raw, Formula):
        row.fail(column.field, "в ячейке формула: замените её значением (Копировать → Специальная вставка → Значения)")
        return None
    if isinstance(raw, ExcelError):
        row.fail(column.field, f"в ячейке ошибка Excel {raw.code}: введите значение")
        return None
    if raw is None:
        return None
    try:
        return column.parse(raw, ctx)
    except CellError as error:
        row.fail(column.field, str(error))
        return None


def model_problems(row: Row, error: ValidationError) -> None:
    """Problems found by a model's clean() (rules about one object live there), attached to their columns."""
    for name, messages in error.message_dict.items():
        for message in messages:
            row.fail(name, clause(message))


def clause(message: str) -> str:
    """«Дата окончания раньше даты начала.» -> «дата окончания раньше даты начала», keeping «СНИЛС» as is."""
    message = message.rstrip(".")
    if len(message) > 1 and message[1].islower():
        message = message[0].lower() + message[1:]
    return message


def resolve_organization(row: Row, ctx: ImportContext):
    """The organization a row names, searched within the user's scope (and the row's municipality, if given)."""
    name = row.values.get("organization")
    if name is None:
        return None
    try:
        organization = ctx.organization(name, row.values.get("municipality"))
    except CellError as error:
        row.fail("organization", str(error))
        return None
    row.municipality_id = organization.municipality_id
    return organization
