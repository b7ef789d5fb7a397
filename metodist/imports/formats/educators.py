"""Format «educators»: one row = one employment of an educator, with the educator's personal data and education.

Several rows may describe the same person (several employments or diplomas): rows are grouped by SNILS, else
by full name and birth date, and must agree on the personal data. A person is matched in the registry the
same way; an employment by educator, organization and position; an education by educator, level and
speciality. An empty optional cell never erases a value already in the registry.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from metodist.people import rules
from metodist.people.models import (
    Category,
    Education,
    EducationLevel,
    Educator,
    Employment,
    EmploymentKind,
    Sex,
    category_expiry,
)

from .. import cells
from ..context import ImportContext
from ..locks import lock_birth_dates
from ..plan import Change, Row, display_value
from .base import MUNICIPALITY, Column, ImportFormat, model_problems, resolve_organization
from .staff_positions import ORGANIZATION

CHUNK = 500  # ids per IN (…) query; SQLite allows 999 parameters


def completion_date(value, ctx):
    """A past date, or a year alone (read as rules.GRADUATION_DAY of that year, not later than today)."""
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        return min(rules.completion_of_year(cells.year(value, ctx)), ctx.today)
    return cells.past_date(value, ctx)


SEX_SPELLINGS = {
    "М": Sex.MALE,
    "муж": Sex.MALE,
    "мужской": Sex.MALE,
    "Ж": Sex.FEMALE,
    "жен": Sex.FEMALE,
    "женский": Sex.FEMALE,
}
# Endings of Russian and Turkic patronymics: Петрович, Ильич, Мамед оглы / Петровна, Ильинична, Мамед кызы.
MALE_ENDINGS = ("ич", "оглы", "улы", "уулу")
FEMALE_ENDINGS = ("вна", "чна", "кызы", "гызы")
CATEGORY_SPELLINGS = {
    **{label: value for value, label in Category.choices},
    "ВКК": Category.HIGHEST,
    "Высшая категория": Category.HIGHEST,
    "1КК": Category.FIRST,
    "1 КК": Category.FIRST,
    "Первая категория": Category.FIRST,
    "СЗД": Category.SZD,
    "Нет": Category.NONE,
}
LEVEL_SPELLINGS = {
    **{label: value for value, label in EducationLevel.choices},
    "ВО": EducationLevel.HIGHER,
    "СПО": EducationLevel.SECONDARY_VOCATIONAL,
}
KIND_SPELLINGS = {
    **{label: value for value, label in EmploymentKind.choices},
    "Основное": EmploymentKind.MAIN,
    "Основная": EmploymentKind.MAIN,
    "Внутреннее": EmploymentKind.INTERNAL,
    "Внешнее": EmploymentKind.EXTERNAL,
}


def _labels(choices) -> str:
    return ", ".join(f"«{label}»" for _, label in choices)


COLUMNS = (
    MUNICIPALITY,
    Column("Фамилия", "last_name", cells.text(100), required=True, example="Смирнова"),
    Column("Имя", "first_name", cells.text(100), required=True, example="Ольга"),
    Column("Отчество", "patronymic", cells.text(100), example="Викторовна"),
    Column(
        "Пол",
        "sex",
        cells.choice(SEX_SPELLINGS, "«М» или «Ж»"),
        help="«М» или «Ж». Если пусто, определяется по отчеству (-вич, -ич, -оглы — М; -вна, -чна, -кызы — Ж).",
        example="Ж",
    ),
    Column("Дата рождения", "birth_date", cells.birth_date, required=True, help="ДД.ММ.ГГГГ.", example="12.04.1985"),
    Column(
        "СНИЛС",
        "snils",
        cells.snils,
        help="11 цифр с верным контрольным числом, с дефисами или без. По СНИЛС педагог находится в реестре.",
        example="112-233-445 95",
    ),
    Column("E-mail", "email", cells.email, example="smirnova@example.ru"),
    Column("Телефон", "phone", cells.text(30), example="+7 900 123-45-67"),
    Column(
        "Дата начала педагогической работы",
        "ped_work_start",
        cells.past_date,
        required=True,
        help="ДД.ММ.ГГГГ; от неё считается педагогический стаж.",
        example="01.09.2007",
    ),
    Column(
        "Категория",
        "category",
        cells.choice(CATEGORY_SPELLINGS, _labels(Category.choices) + " или ВКК, 1КК, СЗД"),
        help=f"Одна из: {_labels(Category.choices)}; можно ВКК, 1КК, СЗД. Пусто у нового педагога — без категории.",
        example="ВКК",
    ),
    Column(
        "Дата присвоения категории",
        "category_awarded_on",
        cells.past_date,
        help="ДД.ММ.ГГГГ; обязательна, если указана категория.",
        example="15.03.2022",
    ),
    Column(
        "Уровень образования",
        "level",
        cells.choice(LEVEL_SPELLINGS, _labels(EducationLevel.choices) + " или ВО, СПО"),
        help=f"Одно из: {_labels(EducationLevel.choices)}; можно ВО, СПО. Пусто — образование не загружается.",
        example="Высшее",
    ),
    Column(
        "Педагогическое",
        "is_pedagogical",
        cells.yes_no,
        help="«да» или «нет»; пусто у нового образования — «да».",
        example="да",
    ),
    Column(
        "Специальность",
        "speciality",
        cells.reference("speciality"),
        help="Из справочника специальностей (лист «Справочники»).",
        example="Русский язык и литература",
    ),
    Column(
        "Образовательная организация (вуз/колледж)",
        "institution",
        cells.text(300),
        help="Что окончил(а) педагог.",
        example="Уральский государственный педагогический университет",
    ),
    Column(
        "Дата окончания",
        "completed_on",
        completion_date,
        help="Дата выдачи диплома, ДД.ММ.ГГГГ: с неё образование учитывается в показателях. Можно указать "
        "только год — тогда 30.06 этого года.",
        example="30.06.2007",
    ),
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
        "Вид занятости",
        "kind",
        cells.choice(KIND_SPELLINGS, _labels(EmploymentKind.choices)),
        help=f"Одно из: {_labels(EmploymentKind.choices)}. Пусто у нового места работы — основное.",
        example="Основное место работы",
    ),
    Column(
        "Ставка",
        "rate",
        cells.number(Decimal("0.05"), Decimal("2.5"), 2),
        help="От 0,05 до 2,5. Пусто у нового места работы — 1.",
        example="1",
    ),
    Column(
        "Нагрузка (часов в неделю)",
        "weekly_hours",
        cells.number(Decimal("0"), Decimal("60"), 1),
        help="Учебная нагрузка, от 0 до 60 часов, можно с десятыми. Пусто у нового места работы — 0.",
        example="24",
    ),
    Column(
        "Предметы",
        "subjects",
        cells.references("subject"),
        help="Через запятую, из справочника учебных предметов. Если указаны, заменяют прежний список.",
        example="Русский язык, Литература",
    ),
    Column("Дата приёма", "start_date", cells.past_date, required=True, help="ДД.ММ.ГГГГ.", example="01.09.2010"),
    Column("Дата увольнения", "end_date", cells.parse_date, help="ДД.ММ.ГГГГ; пусто, если работает."),
)

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "sex",
    "birth_date",
    "snils",
    "email",
    "phone",
    "ped_work_start",
    "category",
    "category_awarded_on",
)
EDUCATION_DETAILS = ("is_pedagogical", "institution", "completed_on")
EMPLOYMENT_DETAILS = ("kind", "rate", "weekly_hours", "start_date", "end_date")
IDENTITY_FIELDS = ("last_name", "first_name", "patronymic", "birth_date")  # an import never rewrites them
# The one answer for a SNILS of an educator outside the importer's scope, whatever the registry holds for it:
# whether the name matches, or even that the SNILS is known, is not for the importer to learn (docs/import.md).
SNILS_UNUSABLE = "СНИЛС не может быть использован: обратитесь в ИМЦ или к региональному оператору"


@dataclass(eq=False)
class Person:
    """The rows of one educator in the file, their merged personal data and the registry record, if any."""

    rows: list[Row] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    educator: Educator | None = None  # found in the registry
    instance: Educator | None = None  # what the person's employments and educations will refer to
    educations: dict = field(default_factory=dict)  # (level, speciality id) -> the row that describes it
    employments: dict = field(default_factory=dict)  # (organization id, position id) -> the row


def plan_educators(rows: list[Row], ctx: ImportContext) -> None:
    organizations = {}
    for row in rows:
        values = row.values
        row.title = " — ".join(
            part
            for part in (
                row.text("last_name", "first_name", "patronymic"),
                row.text("position", "organization", sep=", "),
            )
            if part
        )
        organizations[row] = resolve_organization(row, ctx)
        if values["sex"] is None and not row.problems:
            values["sex"] = _sex_from_patronymic(values["patronymic"])
            if values["sex"] is None:
                row.fail("sex", "пол не указан и не определяется по отчеству: укажите «М» или «Ж»")
    people = _group([row for row in rows if not row.problems])
    _match(people, ctx)
    employments, educations = _registry_records([person.educator for person in people if person.educator])
    for person in people:
        first = person.rows[0]
        if first.problems:  # not found or not allowed: nothing of this person can be planned
            for row in person.rows[1:]:
                row.fail("", f"педагог не может быть загружен из-за ошибки в строке {first.number}")
            continue
        _plan_person(person)
        for row in person.rows:
            _plan_education(person, row, educations)
            _plan_employment(person, row, organizations[row], employments)


def _sex_from_patronymic(patronymic: str | None) -> str | None:
    ending = cells.normalize(patronymic or "")
    if ending.endswith(MALE_ENDINGS):
        return Sex.MALE
    if ending.endswith(FEMALE_ENDINGS):
        return Sex.FEMALE
    return None


def _name_key(last_name: str, first_name: str, patronymic: str | None, birth_date) -> tuple:
    return (cells.normalize(last_name), cells.normalize(first_name), cells.normalize(patronymic or ""), birth_date)


def _row_name_key(values: dict) -> tuple:
    return _name_key(values["last_name"], values["first_name"], values["patronymic"], values["birth_date"])


def _group(rows: list[Row]) -> list[Person]:
    """Rows of the same person together; a row that contradicts the person's earlier rows gets a problem."""
    people: list[Person] = []
    by_snils: dict[str, Person] = {}
    by_name: dict[tuple, list[Person]] = defaultdict(list)
    for row in rows:
        snils, name = row.values["snils"], _row_name_key(row.values)
        namesakes = by_name[name]
        if snils:
            person = by_snils.get(snils) or next((p for p in namesakes if not p.values.get("snils")), None)
        elif len(namesakes) > 1:
            row.fail("snils", "в файле несколько педагогов с такими ФИО и датой рождения: укажите СНИЛС")
            continue
        else:
            person = namesakes[0] if namesakes else None
        if person is None:
            person = Person()
            people.append(person)
            namesakes.append(person)
        if _agrees(person, row):
            person.rows.append(row)
            if snils:
                by_snils[snils] = person
    return [person for person in people if person.rows]


def _agrees(person: Person, row: Row) -> bool:
    for name in PERSON_FIELDS:
        known, value = person.values.get(name), row.values[name]
        if known is not None and value is not None and known != value:
            shown = display_value(Educator._meta, name, known)
            row.fail(name, f"не совпадает со строкой {person.rows[0].number} того же педагога, где «{shown}»")
    if row.problems:
        return False
    for name in PERSON_FIELDS:
        if person.values.get(name) is None:
            person.values[name] = row.values[name]
    return True


def _chunks(items: list) -> list[list]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


def _match(people: list[Person], ctx: ImportContext) -> None:
    """Finds each person in the registry by SNILS, else by full name and birth date; refuses people out of scope."""
    birth_dates = sorted({p.values["birth_date"] for p in people})
    if ctx.committing:
        lock_birth_dates(birth_dates)  # before reading anyone: a commit into another municipality may add them
    by_snils: dict[str, Educator] = {}
    for chunk in _chunks(sorted({p.values["snils"] for p in people if p.values["snils"]})):
        by_snils.update({educator.snils: educator for educator in Educator.objects.filter(snils__in=chunk)})
    by_name: dict[tuple, list[Educator]] = defaultdict(list)
    for chunk in _chunks(birth_dates):
        for educator in Educator.objects.filter(birth_date__in=chunk):
            key = _name_key(educator.last_name, educator.first_name, educator.patronymic, educator.birth_date)
            by_name[key].append(educator)
    for person in people:
        snils = person.values["snils"]
        if snils and snils in by_snils:
            person.educator = by_snils[snils]
            continue
        namesakes = by_name.get(_row_name_key(person.values), [])
        if snils:  # a namesake with another SNILS is another person
            namesakes = [educator for educator in namesakes if not educator.snils]
        if len(namesakes) > 1:
            person.rows[0].fail(
                "snils", "в реестре несколько педагогов с такими ФИО и датой рождения: укажите СНИЛС, чтобы выбрать"
            )
        elif namesakes:
            person.educator = namesakes[0]
    matched = [person.educator.pk for person in people if person.educator]
    visible = set()
    for chunk in _chunks(matched):
        visible.update(Educator.objects.in_scope(ctx.user).filter(pk__in=chunk).values_list("pk", flat=True))
    for person in people:
        educator = person.educator
        if educator is None:
            continue
        by_snils_match = bool(person.values["snils"]) and educator.snils == person.values["snils"]
        if educator.pk not in visible:
            if by_snils_match:
                person.rows[0].fail("snils", SNILS_UNUSABLE)
            else:
                person.rows[0].fail(
                    "last_name",
                    "педагог с такими ФИО и датой рождения уже есть в реестре вне доступных вам организаций; место "
                    "работы ему может добавить координатор муниципалитета или региональный оператор",
                )
            person.educator = None
        elif by_snils_match and (differing := _identity_differences(educator, person.values)):
            person.rows[0].fail(
                "snils",
                f"этот СНИЛС в реестре у педагога с другими данными ({', '.join(differing)}): проверьте СНИЛС; если "
                "данные педагога изменились (например, фамилия), исправьте их в его карточке и загрузите файл снова",
            )
            person.educator = None


def _identity_differences(educator: Educator, values: dict) -> list[str]:
    """The fields naming the person («фамилия», «дата рождения») in which a row contradicts the registry record.

    Spelling (case, ё, spaces) is no contradiction, and neither is an empty patronymic on either side.
    """
    differing = []
    for name in IDENTITY_FIELDS:
        known, value = getattr(educator, name), values[name]
        if name == "patronymic" and not (known and value):
            continue
        if (cells.normalize(known) != cells.normalize(value)) if name != "birth_date" else known != value:
            differing.append(str(Educator._meta.get_field(name).verbose_name))
    return differing


def _registry_records(educators: list[Educator]) -> tuple[dict, dict]:
    """Employments (latest first) and educations of the matched educators, grouped by educator id."""
    employments, educations = defaultdict(list), defaultdict(list)
    for chunk in _chunks([educator.pk for educator in educators]):
        for employment in (
            Employment.objects.filter(educator_id__in=chunk).prefetch_related("subjects").order_by("-start_date", "-pk")
        ):
            employments[employment.educator_id].append(employment)
        for education in Education.objects.filter(educator_id__in=chunk).select_related("speciality"):
            educations[education.educator_id].append(education)
    return employments, educations


def _plan_person(person: Person) -> None:
    first, educator = person.rows[0], person.educator
    values = {name: value for name, value in person.values.items() if value is not None}
    if educator:  # matched, so the names agree up to spelling: the registry's spelling stays
        for name in IDENTITY_FIELDS:
            if name in values and (name != "patronymic" or educator.patronymic):
                del values[name]
    current = (educator.category, educator.category_awarded_on) if educator else (Category.NONE, None)
    category = values.get("category", current[0])
    awarded_on = values.get("category_awarded_on", current[1])
    if (category, awarded_on) != current:
        values["category_expires_on"] = category_expiry(category, awarded_on)
    candidate = copy.copy(educator) if educator else Educator()
    for name, value in values.items():
        setattr(candidate, name, value)
    _check(first, candidate)
    if educator is None:
        change = Change.create(Educator, values)
        person.instance = change.instance
    else:
        change = Change.update(educator, values)
        person.instance = educator
    if change:
        first.changes.append(change)


def _check(row: Row, candidate) -> None:
    try:
        candidate.clean()
    except ValidationError as error:
        model_problems(row, error)


def _plan_education(person: Person, row: Row, registry: dict) -> None:
    values = row.values
    details = {name: values[name] for name in EDUCATION_DETAILS if values[name] is not None}
    if values["level"] is None:
        if details or values["speciality"]:
            row.fail("level", "укажите уровень образования, иначе сведения об образовании не загрузятся")
        return
    speciality = values["speciality"]
    key = (values["level"], speciality.pk if speciality else None)
    if key in person.educations:
        earlier = person.educations[key]
        for name, value in details.items():
            if earlier.values[name] is not None and earlier.values[name] != value:
                row.fail(name, f"не совпадает со строкой {earlier.number}, где описано то же образование")
        return
    person.educations[key] = row
    existing = None
    if person.educator:
        existing = next(
            (item for item in registry[person.educator.pk] if (item.level, item.speciality_id) == key), None
        )
    wanted = {"level": values["level"], "speciality": speciality, **details}
    change = (
        Change.update(existing, wanted)
        if existing
        else Change.create(Education, {"educator": person.instance, **wanted})
    )
    if change:
        row.changes.append(change)


def _plan_employment(person: Person, row: Row, organization, registry: dict) -> None:
    position = row.values["position"]
    key = (organization.pk, position.pk)
    if key in person.employments:
        row.fail(
            "position",
            f"это место работы (организация и должность) уже указано в строке {person.employments[key].number}",
        )
        return
    person.employments[key] = row
    existing = None
    if person.educator:
        existing = next(
            (item for item in registry[person.educator.pk] if (item.organization_id, item.position_id) == key), None
        )
    values = {name: row.values[name] for name in EMPLOYMENT_DETAILS if row.values[name] is not None}
    many = {"subjects": row.values["subjects"]} if row.values["subjects"] is not None else {}
    candidate = copy.copy(existing) if existing else Employment()
    for name, value in values.items():
        setattr(candidate, name, value)
    _check(row, candidate)
    if existing:
        change = Change.update(existing, values, many)
    else:
        new = {"educator": person.instance, "organization": organization, "position": position, **values}
        change = Change.create(Employment, new, many)
    if change:
        row.changes.append(change)


EDUCATORS = ImportFormat(
    code="educators",
    title="Педагоги и места работы",
    description="Педагогические работники и управленческие кадры: личные данные, категория, образование, "
    "места работы с должностью, ставкой, нагрузкой и предметами.",
    row_meaning="Одна строка — одно место работы педагога. Если у педагога несколько мест работы или несколько "
    "дипломов, его личные данные повторяются в каждой строке.",
    match_rule="Педагог находится по СНИЛС, а если СНИЛС не указан или не найден — по фамилии, имени, отчеству и "
    "дате рождения. Место работы — по педагогу, организации и должности. Образование — по педагогу, уровню "
    "образования и специальности. Найденные записи обновляются, остальные создаются; пустая необязательная "
    "ячейка не стирает значение в реестре.",
    columns=COLUMNS,
    plan_rows=plan_educators,
    models=(Educator, Education, Employment),
    registry=("people:list", "Открыть список педагогов"),
    references=("organization", "position", "subject", "speciality", "category", "level", "employment_kind"),
)
