"""Importing activity records from .xlsx: one file per tab of the module (expert roles, activity records,
targeted training contracts), with the columns of that tab's entry form.

The file is read by the registry import's reader and its columns parsed by its formats' machinery
(metodist/imports: size, format, formulas, the row limit counted while streaming, «Строка N, столбец «X»: …»);
the educator is found by the diagnostics import's matcher, among the educators of the importer's territory only,
so that a SNILS outside it reads exactly like an unknown one; the organization by its short name, as in the
registry import. Every row then goes through the tab's entry form, so the rules of a record (dates, an educator
for a person's record, employment after graduation) are the form's, and is written by actions.add, as a record
entered by hand is.

All or nothing: a file with any bad row or unknown educator writes nothing. A row repeating a record already
kept (the same educator, or organization, kind and dates) is reported as «уже есть» and skipped, so a file
loaded twice creates nothing the second time.
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import record
from metodist.audit.models import AuditAction
from metodist.diagnostics.importing import Matcher
from metodist.imports import cells, workbooks
from metodist.imports.cells import CellError, normalize
from metodist.imports.context import ImportContext
from metodist.imports.formats.base import MUNICIPALITY, Column, ImportFormat, clause, resolve_organization
from metodist.imports.formats.staff_positions import ORGANIZATION
from metodist.imports.plan import Row
from metodist.imports.reading import FileRejected, read_table
from metodist.lib.xlsx import workbook_bytes

from . import actions
from .forms import KINDS
from .models import (
    EDUCATOR_KINDS,
    ORGANIZATION_KINDS,
    ActivityImport,
    ActivityRecord,
    ExpertKind,
    ExpertLevel,
    ExpertRole,
    ImportStatus,
    RecordKind,
    TargetContract,
)

MAX_LISTED = 200  # errors, unknown educators and existing records kept in the report; the rest are counted
CHUNK = 500  # ids per IN (…) query; SQLite allows 999 parameters
NOT_FOUND = "не найден среди педагогов вашей территории"


def _spellings(choices, **more) -> dict:
    """Every label and code of `choices` (any case), and the short spellings `more`."""
    return {**{label: value for value, label in choices}, **{value: value for value, _ in choices}, **more}


def _labels(choices) -> str:
    return ", ".join(f"«{label}»" for _, label in choices)


def _choice(choices, **more):
    return cells.choice(_spellings(choices, **more), _labels(choices))


def _format(tab: str, *, columns, **texts) -> ImportFormat:
    """A format of the registry import's machinery (the columns, their parsing, the template); its rows are
    then checked here (check), not planned by the format."""
    return ImportFormat(
        code=f"activities.{tab}",
        columns=(MUNICIPALITY, *columns),
        plan_rows=lambda rows, ctx: None,
        references=("organization",),
        **texts,
    )


SNILS = Column(
    "СНИЛС",
    "snils",
    cells.snils,
    help="11 цифр, с дефисами или без. По СНИЛС педагог находится среди педагогов вашей территории.",
    example="112-233-445 95",
)
FULL_NAME = Column(
    "ФИО",
    "full_name",
    cells.text(300),
    help="Если СНИЛС не указан: фамилия, имя и отчество, как в реестре, вместе с датой рождения.",
    example="Смирнова Анна Игоревна",
)
BIRTH_DATE = Column(
    "Дата рождения", "birth_date", cells.birth_date, help="ДД.ММ.ГГГГ; нужна вместе с ФИО.", example="02.03.1999"
)
STARTED = Column("Дата начала", "started_on", cells.parse_date, required=True, help="ДД.ММ.ГГГГ.", example="01.02.2024")
ENDED = Column(
    "Дата окончания", "ended_on", cells.parse_date, help="ДД.ММ.ГГГГ; пусто, если не окончено.", example="14.02.2024"
)
DOCUMENT_REF = Column(
    "Реквизиты документа",
    "document_ref",
    cells.text(300),
    help="Приказ, сертификат, путёвка; файл документа прикладывается в карточке записи.",
    example="Приказ № 15 от 25.01.2024",
)
NOTE = Column("Примечание", "note", cells.text(500), help="До 500 символов; пусто, если нечего добавить.")
EDUCATOR_COLUMNS = (SNILS, FULL_NAME, BIRTH_DATE)
COMMON = (STARTED, ENDED, DOCUMENT_REF, NOTE)

RECORD_KINDS = _choice(
    RecordKind.choices,
    **{
        "Сетевой проект": RecordKind.NETWORK_PROJECT,
        "Профилактика выгорания": RecordKind.BURNOUT_PROJECT,
        "Санаторий": RecordKind.SANATORIUM,
        "Психолого-педагогический класс": RecordKind.TEACHER_CLASS,
        "Педагогический класс": RecordKind.TEACHER_CLASS,
    },
)

EXPERTS = _format(
    "experts",
    title="Экспертные роли",
    description="Экспертные роли педагогов: комиссии, жюри, региональный методический актив.",
    row_meaning="Одна строка — одна роль одного педагога на период.",
    match_rule="Педагог — по СНИЛС, без него — по ФИО и дате рождения; роль уже есть, если у педагога есть роль "
    "того же вида и уровня с теми же датами.",
    columns=(
        ORGANIZATION,
        *EDUCATOR_COLUMNS,
        Column(
            "Роль",
            "kind",
            _choice(ExpertKind.choices),
            required=True,
            help=f"Одна из: {_labels(ExpertKind.choices)}.",
            example=ExpertKind.JURY.label,
        ),
        Column(
            "Уровень",
            "level",
            _choice(ExpertLevel.choices, ОО=ExpertLevel.ORGANIZATION),
            required=True,
            help=f"Один из: {_labels(ExpertLevel.choices)}; можно «ОО».",
            example=ExpertLevel.REGIONAL.label,
        ),
        Column(
            "Комиссия, конкурс, актив",
            "body",
            cells.text(300),
            help="Название комиссии, конкурса или актива.",
            example="Конкурс «Учитель года»",
        ),
        *COMMON,
    ),
)
RECORDS = _format(
    "records",
    title="Записи о деятельности",
    description="Сетевые проекты, профилактика выгорания, санаторно-курортное лечение, психолого-педагогические "
    "классы.",
    row_meaning="Одна строка — одна запись: участие педагога или класс организации.",
    match_rule="Педагог — по СНИЛС, без него — по ФИО и дате рождения; запись уже есть, если у педагога (у "
    "организации — для класса) есть запись того же вида с теми же датами.",
    columns=(
        ORGANIZATION,
        Column(
            "Вид",
            "kind",
            RECORD_KINDS,
            required=True,
            help=f"Один из: {_labels(RecordKind.choices)}; можно коротко: «Сетевой проект», «Профилактика "
            "выгорания», «Санаторий», «Психолого-педагогический класс». Для класса педагог не указывается.",
            example="Санаторий",
        ),
        *EDUCATOR_COLUMNS,
        Column(
            "Проект, мероприятие, программа",
            "title",
            cells.text(300),
            required=True,
            help="Название проекта, клуба, санатория или класса.",
            example="Профилакторий «Юбилейный»",
        ),
        *COMMON,
    ),
)
CONTRACTS = _format(
    "contracts",
    title="Целевое обучение",
    description="Договоры о целевом обучении, окончание обучения и трудоустройство выпускников.",
    row_meaning="Одна строка — один договор о целевом обучении.",
    match_rule="Договор уже есть, если у направившей организации есть договор с тем же обучающимся, заключённый "
    "в тот же день; педагог (после трудоустройства) — только по СНИЛС.",
    columns=(
        Column(
            "Обучающийся (Ф. И. О.)",
            "student",
            cells.text(200),
            required=True,
            help="Фамилия, имя и отчество выпускника организации, заключившего договор.",
            example="Петров Пётр Ильич",
        ),
        Column(
            "Колледж или вуз",
            "institution",
            cells.text(300),
            required=True,
            help="Где обучается по договору.",
            example="Свердловский областной педагогический колледж",
        ),
        dataclasses.replace(ORGANIZATION, header="Направившая организация"),
        Column(
            "Договор заключён", "started_on", cells.parse_date, required=True, help="ДД.ММ.ГГГГ.", example="01.09.2021"
        ),
        Column("Окончил обучение", "graduated_on", cells.parse_date, help="ДД.ММ.ГГГГ.", example="30.06.2025"),
        Column(
            "Трудоустроен",
            "employed_on",
            cells.parse_date,
            help="ДД.ММ.ГГГГ; только вместе с датой окончания и организацией трудоустройства.",
            example="01.09.2025",
        ),
        Column(
            "Организация трудоустройства",
            "employer",
            cells.text(200),
            help="Краткое наименование, как в реестре (лист «Справочники»).",
            example="МАОУ СОШ № 1",
        ),
        dataclasses.replace(
            SNILS,
            help="СНИЛС выпускника, если он трудоустроен педагогом вашей территории: договор свяжется с его "
            "карточкой. Пусто, если не трудоустроен.",
            example="",
        ),
        Column("Договор расторгнут", "ended_on", cells.parse_date, help="ДД.ММ.ГГГГ; пусто, если действует."),
        dataclasses.replace(DOCUMENT_REF, help="Номер и дата договора.", example="Договор № 7 от 01.09.2021"),
        NOTE,
    ),
)
FORMATS = {"experts": EXPERTS, "records": RECORDS, "contracts": CONTRACTS}  # keyed as forms.KINDS


def template(tab: str, user, today: date) -> bytes:
    """The format's template of the registry import (drop-down of organizations, «Справочники», «Описание
    столбцов»), with one example row under the header."""
    fmt, ctx = FORMATS[tab], ImportContext(user, today)
    example = {column.field: column.example or None for column in fmt.columns_for(ctx)}
    sheets = [
        workbooks.data_sheet(fmt, ctx, rows=[example]),
        workbooks.reference_sheet(fmt, ctx),
        workbooks.columns_sheet(fmt, ctx),
    ]
    return workbooks.with_dropdowns(workbook_bytes(sheets), fmt, ctx)


@dataclass
class Checked:
    """What a file says: the valid forms of the records to create, and everything reported."""

    read: int = 0
    forms: list = field(default_factory=list)  # (row number, a valid entry form) of each record to create
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    unknown: list[str] = field(default_factory=list)
    unknown_count: int = 0
    existing: list[str] = field(default_factory=list)
    existing_count: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error_count and not self.unknown_count

    def add(self, kind: str, message: str) -> None:
        """Counts a message of `kind` («errors», «unknown», «existing») and keeps the first MAX_LISTED."""
        counter = f"{kind.removesuffix('s')}_count"
        setattr(self, counter, getattr(self, counter) + 1)
        listed = getattr(self, kind)
        if len(listed) < MAX_LISTED:
            listed.append(message)

    def report(self) -> dict:
        return {
            "read": self.read,
            "create": len(self.forms) if self.ok else 0,
            **{name: getattr(self, name) for name in ("errors", "error_count", "unknown", "unknown_count")},
            **{name: getattr(self, name) for name in ("existing", "existing_count", "warnings")},
        }


def check(content: bytes, tab: str, *, user, today: date) -> Checked:
    """Reads and checks a file of `tab` against the registry and the records kept. Writes nothing."""
    checked = Checked()
    fmt, ctx = FORMATS[tab], ImportContext(user, today)
    try:
        table = read_table(content)
    except FileRejected as rejected:
        checked.add("errors", str(rejected))
        return checked
    plan = fmt.plan_table(table, ctx)
    checked.warnings = plan.warnings
    for problem in plan.file_problems:
        checked.add("errors", str(problem))
    checked.read = len(plan.rows)
    matcher = Matcher(user) if not plan.file_problems else None
    candidates, seen = [], {}  # (row, form, key) of the valid rows; key -> the first row with it
    for row in plan.rows:
        form = _form(tab, row, ctx, matcher) if not row.problems else None
        if form is not None:
            key = _key(tab, form.cleaned_data)
            if key in seen:
                row.fail("", f"эта запись уже указана в строке {seen[key]}")
            else:
                seen[key] = row.number
                candidates.append((row, form, key))
        for problem in row.problems:
            checked.add("unknown" if problem.message.endswith(NOT_FOUND) else "errors", str(problem))
    kept = _kept(tab, [form.cleaned_data for _, form, _ in candidates])
    for row, form, key in candidates:
        if key in kept:
            checked.add("existing", f"Строка {row.number}: {_title(tab, form.cleaned_data)} — уже есть, пропущена.")
        else:
            checked.forms.append((row.number, form))
    return checked


def _form(tab: str, row: Row, ctx: ImportContext, matcher: Matcher):
    """The tab's entry form bound to the row's values; None (the row failed) when a name is not found or the
    form refuses the record."""
    values = row.values
    data = {name: values[name] for name in ("kind", "level", "body", "title", "student", "institution",
                                             "note", "document_ref") if values.get(name) is not None}  # fmt: skip
    for name in ("started_on", "ended_on", "graduated_on", "employed_on"):
        if values.get(name) is not None:
            data[name] = values[name].isoformat()
    organization = resolve_organization(row, ctx)
    if organization is not None and not organization.is_active:
        row.fail("organization", f"организация «{organization.short_name}» закрыта: записи ей не вносятся")
    elif organization is not None:
        data["organization"] = organization.pk
    if values.get("employer") is not None:
        try:
            data["employer"] = ctx.organization(values["employer"], values.get("municipality")).pk
        except CellError as error:
            row.fail("employer", str(error))
    educator = _educator(tab, row, matcher)
    if educator is not None:
        data["educator"] = educator
    if row.problems:
        return None
    form = KINDS[tab][2](data, user=ctx.user)
    if not form.is_valid():
        for name, messages in form.errors.items():
            for message in messages:
                row.fail(_column(name), clause(message))
        return None
    return form


def _educator(tab: str, row: Row, matcher: Matcher) -> int | None:
    """The educator a row names, by SNILS, else by full name and birth date, among those of the importer's
    territory; a row naming nobody of it fails with the same words whatever the registry holds outside it."""
    number, name, born = (row.values.get(key) for key in ("snils", "full_name", "birth_date"))
    if not (number or name or born):
        if tab == "experts" or row.values.get("kind") in EDUCATOR_KINDS:
            row.fail("snils", "укажите педагога: СНИЛС или ФИО и дату рождения")
        return None
    if row.values.get("kind") in ORGANIZATION_KINDS:
        row.fail("kind", "для психолого-педагогического класса педагог не указывается: очистите СНИЛС, ФИО и дату")
        return None
    if number:
        found = matcher.find(number, "", None)
        if found is None:
            row.fail("snils", f"педагог с этим СНИЛС {NOT_FOUND}")
        return found
    if not (name and born):
        row.fail("full_name" if born else "birth_date", "без СНИЛС педагог находится по ФИО и дате рождения вместе")
        return None
    found = matcher.find(None, name, born)
    if found is None:
        row.fail("full_name", f"педагог «{name}», {born:%d.%m.%Y} г. р., {NOT_FOUND}")
    return found


def _column(name: str) -> str:
    """The row's field a form error belongs to: the educator's is the SNILS column."""
    return "snils" if name == "educator" else name


def _key(tab: str, data: dict) -> tuple:
    """What makes two records one: the same educator (an organization for its own records), kind and dates."""
    if tab == "experts":
        return (data["educator"].pk, data["kind"], data["level"], data["started_on"], data["ended_on"])
    if tab == "records":
        educator = data["educator"]
        owner = ("educator", educator.pk) if educator else ("organization", data["organization"].pk)
        return (*owner, data["kind"], data["started_on"], data["ended_on"])
    return (data["organization"].pk, normalize(data["student"]), data["started_on"])


def _chunks(ids) -> list[list[int]]:
    ids = sorted(set(ids))
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


def _kept(tab: str, rows: list[dict]) -> set[tuple]:
    """The keys of the records already kept for the educators and organizations the rows name, whoever
    entered them: a stay recorded by another school is the same stay."""
    found = set()
    educators = [data["educator"].pk for data in rows if data.get("educator")]
    organizations = [data["organization"].pk for data in rows if tab == "contracts" or not data.get("educator")]
    if tab == "experts":
        for chunk in _chunks(educators):
            found.update(
                ExpertRole.objects.filter(educator_id__in=chunk).values_list(
                    "educator_id", "kind", "level", "started_on", "ended_on"
                )
            )
    elif tab == "records":
        kept = ActivityRecord.objects.values_list("educator_id", "organization_id", "kind", "started_on", "ended_on")
        for chunk in _chunks(educators):
            found.update(("educator", e, k, s, f) for e, _, k, s, f in kept.filter(educator_id__in=chunk))
        for chunk in _chunks(organizations):
            own = kept.filter(educator__isnull=True, organization_id__in=chunk)
            found.update(("organization", o, k, s, f) for _, o, k, s, f in own)
    else:
        kept = TargetContract.objects.values_list("organization_id", "student", "started_on")
        for chunk in _chunks(organizations):
            found.update((o, normalize(student), s) for o, student, s in kept.filter(organization_id__in=chunk))
    return found


def _title(tab: str, data: dict) -> str:
    period = f"{data['started_on']:%d.%m.%Y}" + (f"–{data['ended_on']:%d.%m.%Y}" if data.get("ended_on") else "")
    if tab == "contracts":
        return f"договор с «{data['student']}» от {data['started_on']:%d.%m.%Y}"
    model = ExpertRole if tab == "experts" else ActivityRecord
    kind = dict(model._meta.get_field("kind").flatchoices)[data["kind"]]
    who = data["educator"].full_name if data.get("educator") else str(data["organization"])
    return f"{who}: {kind.lower()}, {period}"


def check_import(item: ActivityImport, *, by, today: date) -> Checked:
    """The dry run of a stored file: the report is saved; a rejected file is erased at once (personal data
    is kept no longer than needed), a checked one is kept for the commit."""
    checked = check(bytes(item.content), item.tab, user=by, today=today)
    item.report = checked.report()
    item.status = ImportStatus.CHECKED if checked.ok else ImportStatus.REJECTED
    if not checked.ok:
        item.content = b""
    item.save(update_fields=["report", "status", "content"])
    return checked


class ImportRejected(Exception):
    pass


@transaction.atomic
def commit(item: ActivityImport, *, by, today: date) -> dict:
    """Checks the file again inside the transaction (a record may have been entered since the check) and, if it
    still holds no error, creates every new record with actions.add; the file is erased. Returns the report."""
    if item.status != ImportStatus.CHECKED:
        raise ImportRejected("Файл не проверен, содержит ошибки или уже загружен.")
    checked = check(bytes(item.content), item.tab, user=by, today=today)
    if not checked.ok:
        raise ImportRejected("С момента проверки данные изменились, и в файле появились ошибки: проверьте его снова.")
    for _, form in checked.forms:
        actions.add(form, by=by)
    item.status, item.content, item.committed_at = ImportStatus.COMMITTED, b"", timezone.now()
    item.report = {**checked.report(), "created": len(checked.forms)}
    item.save(update_fields=["status", "content", "committed_at", "report"])
    record(
        by,
        AuditAction.IMPORT,
        item,
        {"created": [None, str(len(checked.forms))], "existing": [None, str(checked.existing_count)]},
        summary=f"Импорт из «{item.file_name}»: создано записей {len(checked.forms)}, уже были "
        f"{checked.existing_count}",
    )
    return item.report
