"""The attestation portfolio of an educator: what the system knows and has verified about their work, by
section, each read from the records of one educator (the views check who may see that educator).

Every section holds all the educator's records, not those of a window of years: the history of attestation
is the whole history, and the other sections follow it. The names of other people (mentees, a mentor,
co-authors) are never shown: a portfolio is handed to a commission, and theirs is not its business.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, Max, Min, Q
from django.utils import timezone

from metodist.activities.models import ExpertRole
from metodist.competitions.models import CompetitionEntry
from metodist.diagnostics.models import Deficit, DiagnosticLevel, DiagnosticResult
from metodist.events.models import PRESENTER_ROLES, EventStatus, Participation, RegistrationStatus
from metodist.lib.xlsx import NOT_APPLICABLE
from metodist.mentoring.models import Mentorship, MentorshipMentee, MentorshipStatus
from metodist.people.models import Category, Educator
from metodist.practices.models import Practice
from metodist.routes.portfolio import completed_routes
from metodist.training.models import Training

from .models import Attestation

PENDING_RESULT = "итоги не подведены"


@dataclass
class Section:
    code: str
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    empty: str = "Подтверждённых записей нет."


@dataclass
class Portfolio:
    educator: Educator
    on: date
    facts: list[tuple[str, str]]
    sections: list[Section]


def _d(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else NOT_APPLICABLE


def _span(start: date, end: date | None) -> str:
    """«01.09.2024 – 30.06.2025», «с 01.09.2024» while open, one date for a single day."""
    if end is None:
        return f"с {start:%d.%m.%Y}"
    return _d(start) if end == start else f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"


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


def _events(educator: Educator) -> Section:
    """Events the educator spoke at or hosted (criterion 5.3) and came to, unless the event was cancelled."""
    conducted = (
        Participation.objects.filter(educator=educator, role__in=PRESENTER_ROLES, status=RegistrationStatus.ATTENDED)
        .exclude(event__status=EventStatus.CANCELLED)
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
    )
    return Section(
        "events",
        "Проведённые методические мероприятия (мастер-классы, выступления, стажировки)",
        ["Дата", "Мероприятие", "Форма", "Уровень", "Роль"],
        [
            [
                _span(timezone.localdate(row.event.starts_at), timezone.localdate(row.event.ends_at)),
                row.event.title,
                row.event.get_kind_display(),
                row.event.get_level_display(),
                row.get_role_display(),
            ]
            for row in conducted
        ],
        empty="Проведённых мероприятий в системе нет.",
    )


def _result(entry: CompetitionEntry, on: date) -> str:
    if entry.stage.closed_at is None and entry.stage.ends_on > on:
        return PENDING_RESULT
    return entry.get_result_display()


def _competitions(educator: Educator, on: date) -> Section:
    """Entries at every stage; the result once the stage's results are dated (or the stage is closed)."""
    entries = (
        CompetitionEntry.objects.filter(educator=educator)
        .select_related("stage__competition")
        .order_by("-stage__ends_on", "-pk")
    )
    return Section(
        "competitions",
        "Участие в конкурсах профессионального мастерства",
        ["Конкурс", "Этап", "Учебный год", "Подведение итогов", "Номинация", "Результат"],
        [
            [
                entry.stage.competition.title,
                entry.stage.get_level_display(),
                entry.stage.competition.year_label,
                _d(entry.stage.ends_on),
                entry.nomination or NOT_APPLICABLE,
                _result(entry, on),
            ]
            for entry in entries
        ],
        empty="Участия в конкурсах в системе нет.",
    )


def _practices(educator: Educator) -> Section:
    """Practices and developments the educator is an author of, accepted by the expert review."""
    practices = (
        Practice.objects.authored_by(educator.pk)
        .accepted()
        .select_related("organization")
        .order_by("-decided_on", "-pk")
    )
    return Section(
        "practices",
        "Методические разработки и практики",
        ["Название", "Вид", "Уровень тиражирования", "Организация", "Экспертиза"],
        [
            [
                practice.title,
                practice.get_kind_display(),
                practice.get_level_display(),
                str(practice.organization),
                f"принята {_d(practice.decided_on)}",
            ]
            for practice in practices
        ],
        empty="Практик и разработок, принятых экспертизой, в системе нет.",
    )


def _mentoring(educator: Educator) -> list[Section]:
    """As a mentor: the form and how many mentees (never who); as a mentee: the form and their own dates.
    A proposal of the matching not yet published is no mentorship."""
    led = (
        Mentorship.objects.filter(mentor=educator)
        .exclude(status=MentorshipStatus.PROPOSED)
        .select_related("program")
        .annotate(mentee_count=Count("memberships"))
        .order_by("-starts_on", "-pk")
    )
    memberships = (
        MentorshipMentee.objects.filter(educator=educator)
        .exclude(mentorship__status=MentorshipStatus.PROPOSED)
        .select_related("mentorship__program")
        .order_by("-mentorship__starts_on", "-pk")
    )
    return [
        Section(
            "mentoring",
            "Наставничество: педагог — наставник",
            ["Программа", "Форма наставничества", "Наставляемых", "Сроки", "Состояние"],
            [
                [
                    row.program.title,
                    row.get_form_display(),
                    row.mentee_count,
                    _span(row.starts_on, row.ends_on),
                    row.get_status_display(),
                ]
                for row in led
            ],
            empty="Наставнических пар, где педагог — наставник, нет.",
        ),
        Section(
            "mentored",
            "Наставничество: педагог — наставляемый",
            ["Программа", "Форма наставничества", "Участие", "Состояние"],
            [
                [
                    row.mentorship.program.title,
                    row.mentorship.get_form_display(),
                    _span(row.joined_on, row.left_on),
                    row.mentorship.get_status_display(),
                ]
                for row in memberships
            ],
            empty="Наставнических пар, где педагог — наставляемый, нет.",
        ),
    ]


def _expert(educator: Educator) -> Section:
    roles = ExpertRole.objects.filter(educator=educator).order_by("-started_on", "-pk")
    return Section(
        "expert",
        "Экспертная деятельность",
        ["Роль", "Уровень", "Комиссия, конкурс, актив", "Сроки", "Документ"],
        [
            [
                role.get_kind_display(),
                role.get_level_display(),
                role.body or NOT_APPLICABLE,
                _span(role.started_on, role.ended_on),
                role.document_ref or NOT_APPLICABLE,
            ]
            for role in roles
        ],
        empty="Экспертных ролей в системе нет.",
    )


def assemble(educator: Educator, on: date) -> Portfolio:
    sections = [
        _attestations(educator),
        _trainings(educator),
        _routes(educator),
        _diagnostics(educator),
        _events(educator),
        _competitions(educator, on),
        _practices(educator),
        *_mentoring(educator),
        _expert(educator),
    ]
    return Portfolio(educator, on, _facts(educator, on), sections)
