"""Imports of the catalogue of programs and of trainings from .xlsx: check first, then commit all or nothing.

The file is read with the registry import's reader (metodist/imports/reading.py: size, format, zip bombs,
formulas), each row is parsed into what it would write or into Russian errors naming the row and the column,
and nothing is written while any row has an error. A file of more than JOB_ROWS rows is committed by a
background job with progress (jobs.py).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from metodist.imports.cells import CellError, as_text, normalize, parse_date, snils
from metodist.imports.reading import Formula, read_table
from metodist.lib.xlsx import Sheet, workbook_bytes

from .models import (
    Program,
    ProgramCohort,
    ProgramFormat,
    ProgramKind,
    ProviderKind,
    Review,
    Topic,
    Training,
    TrainingResult,
    TrainingSource,
)

JOB_ROWS = 2_000  # above this many rows the commit runs as a background job
BATCH = 2_000
YES = {"да", "д", "yes", "1", "true", "истина", "+"}
NO = {"нет", "н", "no", "0", "false", "ложь", "-", ""}


@dataclass
class Column:
    header: str
    required: bool
    help: str
    example: str


PROGRAM_COLUMNS = [
    Column("Наименование", True, "название программы", "Формирование функциональной грамотности обучающихся"),
    Column("Организация", True, "кто реализует программу", "ЦНППМ Свердловской области"),
    Column("Вид организации", True, "; ".join(ProviderKind.labels), ProviderKind.CNPPM.label),
    Column("Часов", True, "объём программы, целое число", "36"),
    Column("Вид программы", True, "ПК или ПП", "ПК"),
    Column("В федеральном реестре", False, "да / нет", "да"),
    Column("Номер в реестре", False, "номер программы в ФР ДПП", ""),
    Column("Форма", False, "; ".join(ProgramFormat.labels), ProgramFormat.BLENDED.label),
    Column("Темы", False, "коды или названия тем через «;»", "functional_literacy"),
    Column("Компетенции", False, "коды компетенций модели через «;»", "fl.reading; fl.math"),
    Column("Предметы", False, "коды или названия учебных предметов через «;»", ""),
    Column("Для управленческих кадров", False, "да / нет", "нет"),
    Column("На основе диагностики дефицитов", False, "да / нет", "да"),
    Column("На основе ИОМ", False, "да / нет", "нет"),
    Column("Для нужд муниципалитета", False, "да / нет", "нет"),
    Column("Потоки", False, "через «;»: ДД.ММ.ГГГГ-ДД.ММ.ГГГГ мест, например 01.03.2025-20.03.2025 25", ""),
]

TRAINING_COLUMNS = [
    Column("СНИЛС", False, "СНИЛС педагога; без него — ФИО и дата рождения", "112-233-445 95"),
    Column("ФИО", False, "фамилия, имя, отчество, если нет СНИЛС", "Иванова Мария Петровна"),
    Column("Дата рождения", False, "ДД.ММ.ГГГГ, если нет СНИЛС", "12.04.1985"),
    Column("Программа", True, "наименование программы каталога или её номер в федеральном реестре", ""),
    Column("Начало", True, "ДД.ММ.ГГГГ", "03.02.2025"),
    Column("Окончание", True, "ДД.ММ.ГГГГ", "21.02.2025"),
    Column("Результат", False, "; ".join(TrainingResult.labels) + " (по умолчанию — завершил)", ""),
    Column("Номер удостоверения", False, "номер удостоверения или диплома", "662412345678"),
]


@dataclass
class RowResult:
    number: int
    errors: list[str] = field(default_factory=list)
    label: str = ""
    values: dict = field(default_factory=dict)


@dataclass
class Check:
    kind: str  # "programs" or "trainings"
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # people or programs not found

    @property
    def errors(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors and bool(self.rows)


def template_bytes(columns: list[Column]) -> bytes:
    """The template: the header row, an example row, and a sheet describing every column."""
    return workbook_bytes(
        [
            Sheet("Данные", [column.header for column in columns], [[column.example for column in columns]]),
            Sheet(
                "Описание столбцов",
                ["Столбец", "Обязательный", "Что писать"],
                [[column.header, "да" if column.required else "нет", column.help] for column in columns],
            ),
        ]
    )


# ---- storing the uploaded file between the check and the commit


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "training_imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(content: bytes, user) -> str:
    token = f"{user.pk}-{uuid.uuid4().hex}"
    (_folder() / f"{token}.xlsx").write_bytes(content)
    return token


def stored(token: str, user) -> bytes | None:
    if not token.startswith(f"{user.pk}-") or not token.replace("-", "").isalnum():
        return None
    path = _folder() / f"{token}.xlsx"
    return path.read_bytes() if path.exists() else None


def discard(token: str) -> None:
    (_folder() / f"{token}.xlsx").unlink(missing_ok=True)


# ---- reading rows


def _columns(table, columns: list[Column]) -> tuple[dict[str, int], list[str]]:
    by_header = {normalize(header): index for index, header in table.headers.items()}
    found, errors = {}, []
    for column in columns:
        index = by_header.get(normalize(column.header))
        if index is None:
            if column.required:
                errors.append(f"В файле нет обязательного столбца «{column.header}»: скачайте шаблон.")
            continue
        found[column.header] = index
    return found, errors


def _cell(values, found, header):
    index = found.get(header)
    if index is None or index >= len(values):
        return None
    value = values[index]
    if isinstance(value, Formula):
        raise CellError("в ячейке формула: вставьте значение")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _flag(value) -> bool:
    text = normalize(as_text(value)) if value is not None else ""
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"«{as_text(value)[:40]}»: ожидается «да» или «нет»")


def _choice(value, choices, aliases=None) -> str:
    text = normalize(as_text(value))
    options = {normalize(label): code for code, label in choices}
    options.update({normalize(code): code for code, _ in choices})
    options.update(aliases or {})
    if text in options:
        return options[text]
    raise CellError(
        f"«{as_text(value)[:60]}» — нет такого значения; допустимо: {', '.join(label for _, label in choices)}"
    )


def _list(value) -> list[str]:
    return [part.strip() for part in as_text(value).replace(",", ";").split(";") if part.strip()] if value else []


def _parse(table, columns, parse_row, kind: str) -> Check:
    check = Check(kind)
    found, check.file_errors = _columns(table, columns)
    if check.file_errors:
        return check
    if not table.rows:
        check.file_errors.append("В файле нет строк с данными.")
        return check
    for number, values in table.rows:
        row = RowResult(number)
        try:
            parse_row(row, lambda header, values=values: _cell(values, found, header))
        except CellError as error:
            row.errors.append(str(error))
        check.rows.append(row)
    return check


def _field(row: RowResult, header: str, parse, cell, required=False):
    """Parses one cell; an error is added to the row as «столбец «X»: …» and None returned."""
    try:
        value = cell(header)
    except CellError as error:
        row.errors.append(f"столбец «{header}»: {error}")
        return None
    if value is None:
        if required:
            row.errors.append(f"столбец «{header}»: не заполнено")
        return None
    try:
        return parse(value)
    except CellError as error:
        row.errors.append(f"столбец «{header}»: {error}")
        return None


def _period(text: str) -> tuple[date, date, int | None]:
    parts = text.split()
    dates = parts[0].split("-") if parts else []
    if len(dates) != 2:
        raise CellError(f"поток «{text[:40]}»: ожидается ДД.ММ.ГГГГ-ДД.ММ.ГГГГ и число мест")
    starts, ends = parse_date(dates[0], None), parse_date(dates[1], None)
    if starts > ends:
        raise CellError(f"поток «{text[:40]}»: начало позже окончания")
    seats = None
    if len(parts) > 1:
        if not parts[1].isdigit():
            raise CellError(f"поток «{text[:40]}»: число мест должно быть целым")
        seats = int(parts[1])
    return starts, ends, seats


def check_programs(content: bytes, *, region_id=None) -> Check:
    from metodist.diagnostics.models import Competency
    from metodist.people.models import Subject

    table = read_table(content)
    topics = {normalize(topic.code): topic.pk for topic in Topic.objects.all()}
    topics.update({normalize(topic.name): topic.pk for topic in Topic.objects.all()})
    codes = set(Competency.objects.values_list("code", flat=True))
    subjects = {}
    for subject in Subject.objects.all():
        subjects[normalize(subject.code)] = subject.pk
        subjects[normalize(subject.name)] = subject.pk
    existing = {normalize(title) for title in Program.objects.values_list("title", flat=True)}
    seen = set()

    def parse_row(row: RowResult, cell):
        title = _field(row, "Наименование", lambda v: as_text(v)[:500], cell, required=True)
        provider = _field(row, "Организация", lambda v: as_text(v)[:300], cell, required=True)
        provider_kind = _field(
            row, "Вид организации", lambda v: _choice(v, ProviderKind.choices, {"цнппм": "cnppm", "иро": "institute"}),
            cell, required=True,
        )  # fmt: skip
        hours = _field(row, "Часов", _hours, cell, required=True)
        kind = _field(
            row, "Вид программы", lambda v: _choice(v, ProgramKind.choices, {"пк": "pk", "пп": "pp"}), cell,
            required=True,
        )  # fmt: skip
        values = {
            "title": title,
            "provider": provider,
            "provider_kind": provider_kind,
            "hours": hours,
            "kind": kind,
            "in_federal_registry": _field(row, "В федеральном реестре", _flag, cell) or False,
            "registry_number": _field(row, "Номер в реестре", lambda v: as_text(v)[:50], cell) or "",
            "format": _field(row, "Форма", lambda v: _choice(v, ProgramFormat.choices), cell) or ProgramFormat.BLENDED,
            "for_managers": _field(row, "Для управленческих кадров", _flag, cell) or False,
            "on_deficit_diagnostics": _field(row, "На основе диагностики дефицитов", _flag, cell) or False,
            "on_routes": _field(row, "На основе ИОМ", _flag, cell) or False,
            "for_municipal_needs": _field(row, "Для нужд муниципалитета", _flag, cell) or False,
            "region_id": region_id,
        }
        if kind == ProgramKind.PK and hours and hours < 16:
            row.errors.append("столбец «Часов»: программа повышения квалификации — не менее 16 часов")
        if kind == ProgramKind.PP and hours and hours < 250:
            row.errors.append("столбец «Часов»: программа профессиональной переподготовки — не менее 250 часов")
        row.values = {"program": values}
        row.values["topics"] = _lookup(row, "Темы", cell, topics, "тема")
        row.values["subjects"] = _lookup(row, "Предметы", cell, subjects, "предмет")
        wanted = _field(row, "Компетенции", _list, cell) or []
        missing = [code for code in wanted if code not in codes]
        if missing:
            row.errors.append(f"столбец «Компетенции»: нет в модели компетенций кодов {', '.join(missing)}")
        row.values["competencies"] = wanted
        cohorts = []
        for part in _field(row, "Потоки", _list, cell) or []:
            try:
                cohorts.append(_period(part))
            except CellError as error:
                row.errors.append(f"столбец «Потоки»: {error}")
        row.values["cohorts"] = cohorts
        if title:
            row.label = title
            key = normalize(title)
            if key in existing:
                row.errors.append(f"программа «{title[:80]}» уже есть в каталоге")
            if key in seen:
                row.errors.append(f"программа «{title[:80]}» повторяется в файле")
            seen.add(key)

    return _parse(table, PROGRAM_COLUMNS, parse_row, "programs")


def _hours(value) -> int:
    text = as_text(value)
    if not text.isdigit() or not 1 <= int(text) <= 2000:
        raise CellError("ожидается целое число часов от 1 до 2000")
    return int(text)


def _lookup(row, header, cell, known: dict, what: str) -> list[int]:
    ids = []
    for name in _field(row, header, _list, cell) or []:
        pk = known.get(normalize(name))
        if pk is None:
            row.errors.append(f"столбец «{header}»: {what} «{name[:60]}» не найден(а) в справочнике")
        else:
            ids.append(pk)
    return ids


@transaction.atomic
def commit_programs(check: Check, *, by, progress=None) -> int:
    from metodist.audit.actions import record
    from metodist.audit.models import AuditAction
    from metodist.diagnostics.models import Competency

    if not check.ok:
        raise ValueError("a checked file with errors is never committed")
    created = 0
    for row in check.rows:
        program = Program.objects.create(**row.values["program"])
        program.topics.set(row.values["topics"])
        program.subjects.set(row.values["subjects"])
        program.competencies.set(Competency.objects.filter(code__in=row.values["competencies"]))
        ProgramCohort.objects.bulk_create(
            ProgramCohort(program=program, starts_on=s, ends_on=e, seats=n) for s, e, n in row.values["cohorts"]
        )
        created += 1
        if progress:
            progress(created, len(check.rows), "программ")
    record(by, AuditAction.IMPORT, Program(), summary=f"Импорт каталога ДПП: программ {created}")
    return created


def check_trainings(content: bytes, *, user, today: date) -> Check:
    from metodist.people.models import Educator

    table = read_table(content)
    people = Educator.objects.in_scope(user)
    programs = Program.objects.visible_to(user)
    by_title = {normalize(title): pk for pk, title in programs.values_list("pk", "title")}
    by_number = {
        normalize(n): pk for pk, n in programs.exclude(registry_number="").values_list("pk", "registry_number")
    }
    kinds = dict(programs.values_list("pk", "kind"))
    rows_values = []

    def parse_row(row: RowResult, cell):
        number = _field(row, "СНИЛС", lambda v: snils(v, None), cell)
        name = _field(row, "ФИО", as_text, cell)
        birth = _field(row, "Дата рождения", lambda v: parse_date(v, None), cell)
        program_name = _field(row, "Программа", as_text, cell, required=True)
        starts = _field(row, "Начало", lambda v: parse_date(v, None), cell, required=True)
        ends = _field(row, "Окончание", lambda v: parse_date(v, None), cell, required=True)
        result = (
            _field(row, "Результат", lambda v: _choice(v, TrainingResult.choices), cell) or TrainingResult.COMPLETED
        )
        certificate = _field(row, "Номер удостоверения", lambda v: as_text(v)[:100], cell) or ""
        if starts and ends and starts > ends:
            row.errors.append("дата начала позже даты окончания")
        if ends and result == TrainingResult.COMPLETED and ends > today:
            row.errors.append(f"обучение завершено, а дата окончания {ends:%d.%m.%Y} ещё не наступила")
        if not number and not (name and birth):
            row.errors.append("укажите СНИЛС или ФИО и дату рождения педагога")
        row.label = name or (number or "")
        row.values = {"snils": number, "name": name, "birth": birth, "program_name": program_name, "starts": starts,
                      "ends": ends, "result": result, "certificate": certificate}  # fmt: skip
        rows_values.append(row)

    check = _parse(table, TRAINING_COLUMNS, parse_row, "trainings")
    if check.file_errors:
        return check
    # resolve people and programs in two queries for the whole file
    numbers = {row.values["snils"] for row in rows_values if row.values.get("snils")}
    by_snils = dict(people.filter(snils__in=numbers).values_list("snils", "pk"))
    births = {row.values["birth"] for row in rows_values if not row.values.get("snils") and row.values.get("birth")}
    by_name = {}
    for pk, last, first, middle, born in people.filter(birth_date__in=births).values_list(
        "pk", "last_name", "first_name", "patronymic", "birth_date"
    ):
        by_name.setdefault((normalize(f"{last} {first} {middle}".strip()), born), []).append(pk)
    for row in rows_values:
        values = row.values
        if values.get("snils"):
            educator = by_snils.get(values["snils"])
            missing = f"педагог со СНИЛС {values['snils'][:3]}-… не найден среди педагогов ваших организаций"
        elif values.get("name") and values.get("birth"):
            found = by_name.get((normalize(values["name"]), values["birth"]), [])
            educator = found[0] if len(found) == 1 else None
            missing = (
                f"найдено несколько педагогов «{values['name']}» с этой датой рождения: укажите СНИЛС"
                if len(found) > 1
                else f"педагог «{values['name']}», {values['birth']:%d.%m.%Y} г. р., не найден среди педагогов "
                "ваших организаций"
            )
        else:
            continue
        if educator is None:
            row.errors.append(missing)
            check.unknown.append(f"строка {row.number}: {missing}")
        values["educator_id"] = educator
        if values.get("program_name"):
            key = normalize(values["program_name"])
            program = by_number.get(key) or by_title.get(key)
            if program is None:
                message = f"программа «{values['program_name'][:80]}» не найдена в каталоге"
                row.errors.append(message)
                check.unknown.append(f"строка {row.number}: {message}")
            values["program_id"] = program
            values["kind"] = kinds.get(program, ProgramKind.PK)
    return check


@transaction.atomic
def commit_trainings(check: Check, *, by, progress=None) -> int:
    from metodist.audit.actions import record
    from metodist.audit.models import AuditAction
    from metodist.people.models import Employment

    if not check.ok:
        raise ValueError("a checked file with errors is never committed")
    educators = {row.values["educator_id"] for row in check.rows}
    regions = {}
    for educator_id, region_id in (
        Employment.objects.filter(educator_id__in=educators)
        .order_by("educator_id", "start_date", "pk")
        .values_list("educator_id", "organization__region_id")
    ):
        regions[educator_id] = region_id  # the latest employment's region wins
    fallback = by.region_id or (by.municipality.region_id if by.municipality_id else None)
    batch, written = [], 0
    for row in check.rows:
        values = row.values
        batch.append(
            Training(
                educator_id=values["educator_id"], program_id=values["program_id"], kind=values["kind"],
                starts_on=values["starts"], ends_on=values["ends"], result=values["result"],
                certificate_number=values["certificate"], source=TrainingSource.IMPORT, review=Review.VERIFIED,
                region_id=regions.get(values["educator_id"]) or fallback,
            )
        )  # fmt: skip
        if len(batch) >= BATCH:
            Training.objects.bulk_create(batch)
            written += len(batch)
            batch = []
            if progress:
                progress(written, len(check.rows), "записей")
    Training.objects.bulk_create(batch)
    written += len(batch)
    if progress:
        progress(written, len(check.rows), "записей")
    record(by, AuditAction.IMPORT, Training(), summary=f"Импорт прохождения ДПП: записей {written}")
    return written
