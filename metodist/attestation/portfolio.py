"""The attestation portfolio of an educator: what the system knows and has verified about their work, by
section. Sections of modules that do not exist yet are shown as such («модуль ещё не подключён»), never as
empty lists, so that a portfolio does not read as «nothing was done».
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, Max, Min, Q

from metodist.diagnostics.models import Deficit, DiagnosticLevel, DiagnosticResult
from metodist.lib.xlsx import NOT_APPLICABLE
from metodist.people.models import Category, Educator
from metodist.routes.portfolio import completed_routes
from metodist.training.models import Training

from .models import Attestation

NOT_CONNECTED = "модуль ещё не подключён"
PENDING_SECTIONS = (
    ("events", "Проведённые методические мероприятия (мастер-классы, выступления, стажировки)"),
    ("competitions", "Участие в конкурсах профессионального мастерства"),
    ("mentoring", "Наставничество"),
)


@dataclass
class Section:
    code: str
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    connected: bool = True
    empty: str = "Подтверждённых записей нет."


@dataclass
class Portfolio:
    educator: Educator
    on: date
    facts: list[tuple[str, str]]
    sections: list[Section]


def _d(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else NOT_APPLICABLE


def _facts(educator: Educator, on: date) -> list[tuple[str, str]]:
    category = educator.category_on(on)
    educations = [
        ", ".join(
            filter(
                None,
                (
                    education.get_level_display(),
                    "педагогическое" if education.is_pedagogical else "непедагогическое",
                    str(education.speciality) if education.speciality_id else "",
                    education.institution,
                    f"окончено {education.completed_on:%d.%m.%Y}" if education.completed_on else "",
                ),
            )
        )
        for education in educator.educations.select_related("speciality")
    ]
    employments = [
        f"{employment.position}, {employment.organization} (с {employment.start_date:%d.%m.%Y})"
        for employment in educator.employments.active(on).select_related("position", "organization")
    ]
    valid = NOT_APPLICABLE
    if category != Category.NONE:
        valid = _d(educator.category_expires_on) if educator.category_expires_on else "без срока"
    return [
        ("ФИО", educator.full_name),
        ("Место работы, должность", "; ".join(employments) or "нет действующих мест работы"),
        ("Образование", "; ".join(educations) or "не указано"),
        ("Педагогический стаж, полных лет", str(educator.experience_years(on))),
        ("Педагогическая работа с", _d(educator.ped_work_start)),
        ("Квалификационная категория", Category(category).label),
        ("Присвоена", _d(educator.category_awarded_on) if category != Category.NONE else NOT_APPLICABLE),
        ("Действует до", valid),
    ]


def _valid(record: Attestation) -> str:
    if not record.is_awarded:
        return NOT_APPLICABLE
    return _d(record.valid_until) if record.valid_until else "без срока"


def _order(record: Attestation) -> str:
    parts = [f"№ {record.order_number}" if record.order_number else "", record.order_date and _d(record.order_date)]
    return " от ".join(part for part in parts if part) or NOT_APPLICABLE


def _attestations(educator: Educator) -> Section:
    records = Attestation.objects.current().filter(educator=educator).select_related("position", "organization")
    return Section(
        "attestation",
        "История аттестации",
        ["Вид", "Решение", "Дата решения", "Приказ", "Должность, организация", "Действует до"],
        [
            [
                record.get_kind_display(),
                record.get_decision_display(),
                _d(record.decided_on),
                _order(record),
                f"{record.position}, {record.organization}",
                _valid(record),
            ]
            for record in records
        ],
        empty="Решений об аттестации в системе нет.",
    )


def _trainings(educator: Educator) -> Section:
    trainings = Training.objects.counted().filter(educator=educator).select_related("program").order_by("-ends_on")
    return Section(
        "trainings",
        "Повышение квалификации и переподготовка (подтверждённые)",
        ["Программа", "Вид", "Объём, ч", "Организация", "Сроки", "Удостоверение (диплом)"],
        [
            [
                training.display_title,
                training.get_kind_display(),
                training.program.hours if training.program_id else training.hours,
                training.program.provider if training.program_id else training.provider,
                f"{training.starts_on:%d.%m.%Y} – {training.ends_on:%d.%m.%Y}",
                training.certificate_number or NOT_APPLICABLE,
            ]
            for training in trainings
        ],
    )


def _routes(educator: Educator) -> Section:
    return Section(
        "routes",
        "Завершённые индивидуальные образовательные маршруты",
        ["Маршрут", "Завершён", "Итог"],
        [[line["title"], _d(line.get("date")), line.get("detail", "")] for line in completed_routes(educator)],
    )


def _diagnostics(educator: Educator) -> Section:
    """One line per diagnostic taken: how many competencies, the mean result, mastered ones, deficits found."""
    summaries = (
        DiagnosticResult.objects.filter(educator=educator)
        .values("diagnostic_id", "diagnostic__name", "diagnostic__level")
        .annotate(
            taken=Max("taken_on"),
            first=Min("taken_on"),
            competencies=Count("pk"),
            mean=Avg(F("score") * 100 / F("max_score")),
            mastered=Count("pk", filter=Q(level__mastered=True)),
        )
        .order_by("-taken", "diagnostic_id")
    )
    deficits = dict(
        Deficit.objects.filter(educator=educator)
        .values("diagnostic_id")
        .annotate(n=Count("pk"))
        .values_list("diagnostic_id", "n")
    )
    return Section(
        "diagnostics",
        "Диагностика профессиональных компетенций",
        ["Диагностика", "Уровень", "Дата", "Компетенций", "Средний результат, %", "Освоено", "Дефицитов"],
        [
            [
                row["diagnostic__name"],
                DiagnosticLevel(row["diagnostic__level"]).label,
                _d(row["taken"]),
                row["competencies"],
                Decimal(row["mean"]).quantize(Decimal("0.1")) if row["mean"] is not None else NOT_APPLICABLE,
                row["mastered"],
                deficits.get(row["diagnostic_id"], 0),
            ]
            for row in summaries
        ],
    )


def assemble(educator: Educator, on: date) -> Portfolio:
    sections = [_attestations(educator), _trainings(educator), _routes(educator), _diagnostics(educator)]
    sections += [Section(code, title, connected=False) for code, title in PENDING_SECTIONS]
    return Portfolio(educator, on, _facts(educator, on), sections)
