"""Importing the results of one procedure from the .xlsx an operator (the region's ЦНППМ, the federal operator's
unloading) sends: checked first (a dry run, a report), then committed in one transaction.

The layout is the one a ЦНППМ sends: one row per participant, one column per competency code (a «wide» table):

    СНИЛС | Фамилия | Имя | Отчество | Дата рождения | Дата прохождения | Максимальный балл | subject.content | …

- a competency column's header is its code in the procedure's framework version, the cell is the score;
  an empty cell — the competency was not scored for that participant;
- «Максимальный балл» is the maximum of every competency of the row; a column «<код> макс» gives one
  competency its own maximum instead;
- «Дата прохождения» may be left out (then the procedure's end date), and must fall within the procedure's dates.

A participant is matched by SNILS, else by full name and birth date, among the educators of the importing
user's territory. Unknown participants are listed in the report and nothing is written for them; any other error
(a score above the maximum, an unknown code, a bad date, a participant twice) stops the whole file.
"""

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from metodist.audit.actions import record
from metodist.audit.models import AuditAction
from metodist.imports import reading
from metodist.imports.cells import CellError, as_text, birth_date, normalize, number, parse_date, snils
from metodist.people.models import Educator

from . import deficits
from .actions import assign_levels
from .models import Diagnostic, DiagnosticResult, ImportStatus, ResultImport, ResultSource

MAX_ROWS = 60_000  # participants; a region has about 50 000 educators
MAX_ERRORS = 200  # errors and unknown participants kept in the report; the rest are counted
BATCH = 5_000

TEMPLATE = (
    ("СНИЛС", "snils"),
    ("Фамилия", "last_name"),
    ("Имя", "first_name"),
    ("Отчество", "patronymic"),
    ("Дата рождения", "birth_date"),
    ("Дата прохождения", "taken_on"),
    ("Максимальный балл", "max_score"),
)
FIXED = {header.lower(): key for header, key in TEMPLATE}
HEADERS = {key: header for header, key in TEMPLATE}
MAX_SUFFIX = " макс"
score_cell = number(Decimal("0"), Decimal("99999.99"), 2)
max_cell = number(Decimal("0.01"), Decimal("99999.99"), 2)


@dataclass
class Context:
    today: date


@dataclass
class Parsed:
    """What a file says: the rows to write, the problems, the participants not found."""

    rows: list[tuple[int, date, list[tuple[int, Decimal, Decimal]]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    unknown: list[str] = field(default_factory=list)
    unknown_count: int = 0
    read: int = 0
    warnings: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)

    def missing(self, message: str) -> None:
        self.unknown_count += 1
        if len(self.unknown) < MAX_ERRORS:
            self.unknown.append(message)

    @property
    def results(self) -> int:
        return sum(len(scores) for _, _, scores in self.rows)

    def report(self) -> dict:
        return {
            "read": self.read,
            "participants": len(self.rows),
            "results": self.results,
            "errors": self.errors,
            "error_count": self.error_count,
            "unknown": self.unknown,
            "unknown_count": self.unknown_count,
            "warnings": self.warnings,
        }


def template_headers(diagnostic: Diagnostic) -> list[str]:
    codes = diagnostic.version.competencies.filter(parent__isnull=False).order_by("order", "code")
    return [header for header, _ in TEMPLATE] + [c.code for c in codes]


def template_bytes(diagnostic: Diagnostic) -> bytes:
    from metodist.lib.xlsx import Sheet, workbook_bytes

    headers = template_headers(diagnostic)
    codes = diagnostic.version.competencies.filter(parent__isnull=False).select_related("parent")
    legend = [[c.code, c.name, c.parent.name] for c in codes.order_by("order", "code")]
    return workbook_bytes(
        [
            Sheet(title="Результаты", headers=headers, widths=[16, 16, 14, 16, 14, 14, 12] + [12] * (len(headers) - 7)),
            Sheet(title="Коды компетенций", headers=["Код", "Компетенция", "Блок"], rows=legend, widths=[24, 70, 40]),
        ]
    )


def _rows(content: bytes, progress) -> Iterator:
    """(row number, values) of the first sheet, the header first: the imports' reader (formulas and errors kept
    as markers, blank rows counted)."""

    def stream(sheet):
        return list(_stream(sheet, progress))

    return iter(reading._with_workbook(content, stream))


def _stream(sheet, progress):
    empty_run = 0
    for number_, values in reading._rows(sheet):
        if progress and number_ % 2000 == 0:
            progress(number_, None, "Прочитано строк")
        if all(value is None for value in values):
            empty_run += 1
            if empty_run >= reading.EMPTY_RUN:
                return
            continue
        empty_run = 0
        yield number_, values


class Matcher:
    """The educators of the importing user's territory, by SNILS and by (full name, birth date)."""

    def __init__(self, user):
        people = Educator.objects.in_scope(user).values_list(
            "pk", "snils", "last_name", "first_name", "patronymic", "birth_date"
        )
        self.by_snils, self.by_name = {}, {}
        for pk, number_, last, first, middle, born in people.iterator(chunk_size=10_000):
            if number_:
                self.by_snils[number_] = pk
            self.by_name.setdefault((normalize(f"{last} {first} {middle or ''}"), born), pk)

    def find(self, number_: str | None, name: str, born: date | None) -> int | None:
        if number_ and number_ in self.by_snils:
            return self.by_snils[number_]
        if name and born:
            return self.by_name.get((normalize(name), born))
        return None


def parse(diagnostic: Diagnostic, content: bytes, *, user, today: date, progress=None) -> Parsed:
    parsed = Parsed()
    try:
        stream = _rows(content, progress)
    except reading.FileRejected as rejected:
        parsed.error(str(rejected))
        return parsed
    first = next(stream, None)
    if first is None:
        parsed.error("Лист пуст: нет ни заголовков, ни данных.")
        return parsed
    columns = _columns(diagnostic, first[1], parsed)
    if parsed.error_count:
        return parsed
    matcher, ctx = Matcher(user), Context(today=today)
    seen: dict[int, int] = {}
    for number_, values in stream:
        parsed.read += 1
        if parsed.read > MAX_ROWS:
            parsed.rows.clear()
            parsed.error(f"В файле больше {MAX_ROWS:,} строк с данными; разделите его на несколько.".replace(",", " "))
            return parsed
        if progress and parsed.read % 2000 == 0:
            progress(parsed.read, None, "Проверено строк")
        _row(diagnostic, number_, values, columns, matcher, ctx, seen, parsed)
    if not parsed.read:
        parsed.error("В файле нет строк с данными: под строкой заголовков ничего не заполнено.")
    return parsed


@dataclass
class Columns:
    fixed: dict[str, int]
    scores: list[tuple[int, int, str, int | None]]  # (column, competency id, code, its max column)


def _columns(diagnostic: Diagnostic, header: list, parsed: Parsed) -> Columns:
    nodes = {c.code: c for c in diagnostic.version.competencies.all()}
    fixed, scores, maxima = {}, {}, {}
    for index, value in enumerate(header):
        if value is None:
            continue
        text = as_text(value)
        key = " ".join(text.lower().split())
        if key in FIXED:
            fixed[FIXED[key]] = index
        elif key.endswith(MAX_SUFFIX) and key[: -len(MAX_SUFFIX)].strip() in nodes:
            maxima[key[: -len(MAX_SUFFIX)].strip()] = index
        elif text in nodes and nodes[text].is_block:
            parsed.error(f"Столбец «{text}»: это блок, а баллы ставятся по компетенциям блока.")
        elif text in nodes:
            scores[text] = index
        else:
            parsed.error(
                f"Столбец «{text[:60]}»: такого кода компетенции нет в версии {diagnostic.version.number} модели "
                "«{}», и это не столбец шаблона.".format(diagnostic.version.framework)
            )
    if "snils" not in fixed and not {"last_name", "first_name", "birth_date"} <= fixed.keys():
        parsed.error("Нет столбца «СНИЛС», а без него нужны «Фамилия», «Имя» и «Дата рождения».")
    if not scores:
        parsed.error("В заголовке нет ни одного столбца с кодом компетенции: скачайте шаблон этой диагностики.")
    missing_max = [code for code in scores if code not in maxima]
    if missing_max and "max_score" not in fixed:
        parsed.error("Нет столбца «Максимальный балл» (или столбцов «<код> макс» для каждой компетенции).")
    return Columns(
        fixed=fixed, scores=[(index, nodes[code].pk, code, maxima.get(code)) for code, index in scores.items()]
    )


def _cell(values, index):
    return values[index] if index is not None and index < len(values) else None


def _row(diagnostic, number_, values, columns: Columns, matcher: Matcher, ctx, seen, parsed: Parsed) -> None:
    fixed = columns.fixed
    problems = []

    def read(key, parser):
        value = _cell(values, fixed.get(key))
        if value is None:
            return None
        if isinstance(value, reading.Formula | reading.ExcelError):
            problems.append(f"столбец «{HEADERS[key]}»: в ячейке формула или ошибка Excel, нужно значение")
            return None
        try:
            return parser(value, ctx)
        except CellError as error:
            problems.append(f"столбец «{HEADERS[key]}»: {error}")
            return None

    person_snils = read("snils", snils)
    born = read("birth_date", birth_date)
    taken = read("taken_on", parse_date) or diagnostic.ends_on
    common_max = read("max_score", max_cell)
    if taken and not diagnostic.starts_on <= taken <= diagnostic.ends_on:
        problems.append(
            f"столбец «Дата прохождения»: {taken:%d.%m.%Y} вне сроков диагностики "
            f"({diagnostic.starts_on:%d.%m.%Y} — {diagnostic.ends_on:%d.%m.%Y})"
        )
    scores = []
    for index, competency_id, code, max_index in columns.scores:
        value = _cell(values, index)
        if value is None:
            continue
        try:
            if isinstance(value, reading.Formula | reading.ExcelError):
                raise CellError("в ячейке формула или ошибка Excel, нужно число")
            score = score_cell(value, ctx)
            raw_max = _cell(values, max_index)
            maximum = max_cell(raw_max, ctx) if raw_max is not None else common_max
            if maximum is None:
                raise CellError("не указан максимальный балл")
            if score > maximum:
                raise CellError(f"балл {as_text(value)} больше максимального {maximum.normalize():f}")
        except CellError as error:
            problems.append(f"столбец «{code}»: {error}")
            continue
        scores.append((competency_id, score, maximum))
    name = " ".join(
        as_text(v) for v in (_cell(values, fixed.get(k)) for k in ("last_name", "first_name", "patronymic")) if v
    )
    if problems:
        for problem in problems:
            parsed.error(f"Строка {number_}, {problem}.")
        return
    if not scores:
        parsed.error(f"Строка {number_}: нет ни одного балла по компетенциям.")
        return
    educator = matcher.find(person_snils, name, born)
    if educator is None:
        who = name or "без ФИО"
        parsed.missing(
            f"Строка {number_}: {who}"
            + (f", СНИЛС {person_snils}" if person_snils else "")
            + (f", {born:%d.%m.%Y} г. р." if born else "")
            + " — не найден среди педагогов вашей территории"
        )
        return
    if educator in seen:
        parsed.error(f"Строка {number_}: этот педагог уже указан в строке {seen[educator]}.")
        return
    seen[educator] = number_
    parsed.rows.append((educator, taken, scores))


def pack(rows) -> bytes:
    """The checked rows, compact: «educator;taken;competency:score:max,…» per line, zlib-compressed."""
    lines = (
        f"{educator};{taken.isoformat()};" + ",".join(f"{c}:{score}:{maximum}" for c, score, maximum in scores)
        for educator, taken, scores in rows
    )
    return zlib.compress("\n".join(lines).encode(), 1)


def unpack(data: bytes):
    for line in zlib.decompress(data).decode().splitlines():
        educator, taken, scores = line.split(";")
        yield (
            int(educator),
            date.fromisoformat(taken),
            [(int(c), Decimal(s), Decimal(m)) for c, s, m in (item.split(":") for item in scores.split(","))],
        )


def check(result_import: ResultImport, *, by, today: date, progress=None) -> Parsed:
    """Reads and checks the file (writing nothing but the report); the file is then erased, its checked rows
    kept for the commit."""
    parsed = parse(result_import.diagnostic, bytes(result_import.content), user=by, today=today, progress=progress)
    result_import.report = parsed.report()
    result_import.status = ImportStatus.REJECTED if parsed.error_count else ImportStatus.CHECKED
    result_import.rows = b"" if parsed.error_count else pack(parsed.rows)
    result_import.content = b""
    result_import.save(update_fields=["report", "status", "rows", "content"])
    return parsed


class ImportRejected(Exception):
    pass


@transaction.atomic
def commit(result_import: ResultImport, *, by, progress: Callable | None = None) -> dict:
    """Writes the checked results in one transaction: the participants' earlier results of this procedure are
    replaced, the scale levels set and the deficits derived again. Returns the report with the counts written."""
    if result_import.status != ImportStatus.CHECKED:
        raise ImportRejected("Файл не проверен, содержит ошибки или уже загружен.")
    diagnostic = result_import.diagnostic
    educators = [educator for educator, _, _ in unpack(result_import.rows)]
    for start in range(0, len(educators), BATCH):
        DiagnosticResult.objects.filter(
            diagnostic=diagnostic, educator_id__in=educators[start : start + BATCH]
        ).delete()
    rows = (
        (diagnostic.pk, educator, competency, score, maximum, taken, ResultSource.IMPORT)
        for educator, taken, scores in unpack(result_import.rows)
        for competency, score, maximum in scores
    )
    written = write_results(diagnostic, rows, progress=progress, total=result_import.report.get("results"))
    found = deficits.derive(diagnostic)
    result_import.status, result_import.rows = ImportStatus.COMMITTED, b""
    result_import.committed_at = timezone.now()
    result_import.report = {**result_import.report, "written": written, "deficits": found}
    result_import.save(update_fields=["status", "rows", "committed_at", "report"])
    record(
        by,
        AuditAction.IMPORT,
        diagnostic,
        {"results": [None, str(written)], "participants": [None, str(len(educators))]},
        summary=f"Импорт из «{result_import.file_name}»: участников {len(educators)}, результатов {written}",
    )
    return result_import.report


COLUMNS = ("diagnostic_id", "educator_id", "competency_id", "score", "max_score", "taken_on", "source")


def write_results(diagnostic: Diagnostic, rows, *, progress=None, total=None) -> int:
    """Inserts result rows (tuples in COLUMNS order) with their scale levels; returns how many.

    On PostgreSQL the rows are copied into a temporary table and moved with one INSERT … SELECT that sets the
    level by the scale's CASE (each row written once, instead of an insert and then an update); elsewhere they
    are inserted with executemany and the levels set by one UPDATE (actions.assign_levels)."""
    if connection.vendor != "postgresql":
        written = _executemany(rows, progress, total)
        assign_levels(diagnostic)
        return written
    table = connection.ops.quote_name(DiagnosticResult._meta.db_table)
    names = ", ".join(COLUMNS)
    levels = list(diagnostic.version.levels.order_by("-min_percent").values_list("pk", "min_percent"))
    case = " ".join("WHEN score * 100 >= %s * max_score THEN %s" for _ in levels)
    params = [value for pk, minimum in levels for value in (minimum, pk)]
    level = f"CASE {case} END" if levels else "NULL"
    written = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE diagnostics_result_stage (diagnostic_id integer, educator_id integer, "
            "competency_id integer, score numeric(7, 2), max_score numeric(7, 2), taken_on date, "
            "source varchar(20)) ON COMMIT DROP"
        )
        with cursor.copy(f"COPY diagnostics_result_stage ({names}) FROM STDIN") as copy:
            lines = []
            for row in rows:
                lines.append("\t".join((str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]),
                                         row[5].isoformat(), row[6])))  # fmt: skip
                if len(lines) >= BATCH:
                    copy.write("\n".join(lines) + "\n")
                    written += len(lines)
                    lines.clear()
                    if progress and written % 50_000 < BATCH:
                        progress(written, total, "Записано результатов")
            if lines:
                copy.write("\n".join(lines) + "\n")
                written += len(lines)
        cursor.execute(
            f"INSERT INTO {table} ({names}, level_id) SELECT {names}, {level} FROM diagnostics_result_stage", params
        )
        cursor.execute("DROP TABLE diagnostics_result_stage")
    return written


def _executemany(rows, progress, total) -> int:
    table = connection.ops.quote_name(DiagnosticResult._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    written, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append((*row[:3], str(row[3]), str(row[4]), row[5].isoformat(), row[6]))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch.clear()
                if progress and written % 50_000 < BATCH:
                    progress(written, total, "Записано результатов")
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
