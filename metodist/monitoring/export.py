"""The results of a snapshot as a formatted .xlsx workbook that a methodologist can send upward.

One sheet per group of the regulation (track), the municipalities of a regional campaign, the
organizations, one sheet per breakdown the results page shows (by subject, organization kind, position, age and
experience band, municipality), and the targets with the sources of every indicator. Values are numbers where they
were computed and the reason where they were not («нет данных: …»), never 0. Every threshold in force (a federal
minimum and a regional target) is assessed on its own, in the wording of the results page (display.py).
"""

import re

from django.utils import timezone

from metodist.lib.xlsx import Export, Sheet, export_bytes
from metodist.orgs.models import Municipality, Organization

from . import display, lifecycle, vocabulary
from .models import IndicatorKind, Level, ResultStatus, Snapshot, SnapshotValue

GROUP_HEADERS = [
    "№", "Показатель (дословно)", "Раздел", "Значение", "Ед.", "Числитель", "Знаменатель", "Целевое значение",
    "Оценка", "Прошлый период", "Динамика", "Полнота данных", "Примечание",
]  # fmt: skip
GROUP_WIDTHS = [7, 70, 40, 14, 5, 11, 12, 18, 16, 14, 10, 14, 40]
PLACE_HEADERS = [
    "Территория", "№", "Показатель (дословно)", "Значение", "Ед.", "Числитель", "Знаменатель", "Оценка",
    "Полнота данных", "Примечание",
]  # fmt: skip
PLACE_WIDTHS = [30, 7, 70, 14, 5, 11, 12, 16, 14, 40]
# The sheet and the column of the part of each breakdown, in the order of vocabulary.BREAKDOWNS.
BREAKDOWN_SHEETS = {
    "subject": ("По предметам", "Учебный предмет"),
    "org_kind": ("По типам организаций", "Тип организации"),
    "position": ("По должностям", "Должность"),
    "age": ("По возрастным группам", "Возрастная группа"),
    "experience": ("По педагогическому стажу", "Педагогический стаж"),
    "municipality": ("По муниципальным образованиям", "Муниципальное образование"),
}
BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
TITLE_LENGTH = 31  # Excel's limit for a sheet name
NO_DATA = "нет данных"


def cell_value(value: SnapshotValue | None):
    """A number for a computed value (a share in percent), «да»/«нет» for one answer, else «нет данных»
    (the reason goes to the note column)."""
    if value is None or value.status != ResultStatus.OK:
        return NO_DATA
    if display.is_yes_no(value):
        return "да" if value.value else "нет"
    return value.value


def unit_of(value: SnapshotValue | None, indicator) -> str:
    if indicator.kind == IndicatorKind.SHARE or (
        indicator.kind == IndicatorKind.PRESENCE and value is not None and not display.is_yes_no(value)
    ):
        return "%"
    return ""


def _mark(row: display.Row) -> str:
    """The assessment: the mark of the one target (its text is in the next column), or the verdict of each of
    several thresholds («федеральный минимум: не менее 20 % — достигнуто; региональная цель: …»), then the band."""
    thresholds = row.thresholds
    if len(thresholds) > 1:
        text = "; ".join(threshold["verdict"] for threshold in thresholds)
    else:
        text = row.mark[1] if row.target else ""
    band = row.band
    return f"{text}; {band['label']}" if band and text else (band["label"] if band else text)


def _group_row(row: display.Row) -> list:
    value, indicator = row.value, row.indicator
    trend = row.trend
    return [
        indicator.number,
        indicator.name,
        " → ".join(indicator.group[1:]),
        cell_value(value),
        unit_of(value, indicator),
        value.numerator if value is not None else None,
        value.denominator if value is not None else None,
        row.thresholds_text,
        _mark(row),
        trend.previous if trend else "",
        f"{trend.arrow} {trend.change}" if trend else "",
        row.completeness,
        "" if row.has_value else row.text,
    ]


def _place_row(place: str, value: SnapshotValue) -> list:
    indicator = value.indicator
    row = display.Row(indicator, value, value.snapshot.campaign.period, value.level)
    return [
        place,
        indicator.number,
        indicator.name,
        cell_value(value),
        unit_of(value, indicator),
        value.numerator,
        value.denominator,
        _mark(row),
        row.completeness,
        "" if row.has_value else row.text,
    ]


def _titles(names) -> list[str]:
    """Sheet names Excel accepts: no []:*?/\\, at most 31 characters, all different."""
    titles: list[str] = []
    for name in names:
        title = " ".join(BAD_TITLE.sub(" ", name).split())[:TITLE_LENGTH] or "Показатели"
        base, number = title, 2
        while title in titles:
            suffix = f" ({number})"
            title, number = base[: TITLE_LENGTH - len(suffix)].rstrip() + suffix, number + 1
        titles.append(title)
    return titles


def snapshot_workbook(snapshot: Snapshot, user=None) -> bytes:
    """The workbook of a snapshot; with `user`, only the municipalities and organizations in their scope."""
    campaign = snapshot.campaign
    municipalities = campaign.municipalities()
    organizations = campaign.organizations()
    if user is not None:
        municipalities = municipalities.filter(pk__in=Municipality.objects.in_scope(user).values("pk"))
        organizations = organizations.filter(pk__in=Organization.objects.in_scope(user).values("pk"))
    top_level = Level.MUNICIPALITY if campaign.municipality_id else Level.REGION
    top_place = campaign.municipality or campaign.region
    subjects_of = list(municipalities.values_list("pk", flat=True))
    rows = display.indicator_rows(snapshot, top_level, municipality=campaign.municipality, subjects_of=subjects_of)
    notes = _notes(snapshot)

    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.indicator.group[0] if row.indicator.group else "Показатели", []).append(row)
    sheets = [
        Sheet(title, GROUP_HEADERS, [_group_row(row) for row in group_rows], GROUP_WIDTHS, [group, *notes])
        for title, (group, group_rows) in zip(_titles(groups), groups.items(), strict=True)
    ]
    if top_level == Level.REGION:
        values = _values(snapshot, Level.MUNICIPALITY, municipality__in=municipalities).order_by(
            "municipality__name", "indicator__order"
        )
        table = [_place_row(str(value.municipality), value) for value in values]
        sheets.append(Sheet("По муниципалитетам", PLACE_HEADERS, table, PLACE_WIDTHS, notes))
    values = _values(snapshot, Level.ORGANIZATION, organization__in=organizations).order_by(
        "organization__municipality__name", "organization__sort_name", "indicator__order"
    )
    table = [_place_row(str(value.organization), value) for value in values]
    sheets.append(Sheet("По организациям", PLACE_HEADERS, table, PLACE_WIDTHS, notes))
    sheets.extend(_breakdown_sheets(rows, notes))
    sheets.append(_targets_sheet(snapshot, rows))
    return export_bytes(_export(snapshot, str(top_place), user), sheets)


def _export(snapshot: Snapshot, place: str, user) -> Export:
    title = f"Результаты мониторинга: {snapshot.campaign.title}"
    if user is None:  # written by `manage.py monitoring compute --format xlsx`
        return Export(title, place, "нет", "командная строка (manage.py monitoring)", timezone.now())
    return Export.by(user, title=title, filters="нет (все данные кампании в пределах доступа)", place=place)


def _values(snapshot: Snapshot, level: str, **where):
    values = snapshot.values.filter(level=level, breakdown="", **where)
    return values.select_related("indicator", "organization__municipality", "municipality", "snapshot__campaign")


def _notes(snapshot: Snapshot) -> list[str]:
    campaign = snapshot.campaign
    who = snapshot.computed_by.get_full_name() or snapshot.computed_by.username if snapshot.computed_by else "система"
    return [
        f"{campaign.title}. {campaign.catalogue.display_title}",
        f"Отчётный период {campaign.period} ({campaign.period_start:%d.%m.%Y} — {campaign.period_end:%d.%m.%Y})",
        f"Расчёт от {timezone.localtime(snapshot.data_read_at):%d.%m.%Y %H:%M} (выполнил: {who}); версия каталога "
        f"{snapshot.catalogue_version[:12]}; {_official_note(snapshot)}",
        "Доля = числитель / знаменатель × 100, округление до 0,1 «половина вверх»; «нет данных» — значение не "
        "вычислено (причина указана), а не ноль.",
    ]


def _official_note(snapshot: Snapshot) -> str:
    approval = lifecycle.final_approval(snapshot.campaign)
    if approval is None or approval.snapshot_id != snapshot.pk:
        return "рабочий расчёт, результаты не утверждены"
    who = approval.approved_by.get_full_name() or approval.approved_by.username if approval.approved_by else "система"
    return f"официальный расчёт: результаты утверждены {timezone.localtime(approval.approved_at):%d.%m.%Y} ({who})"


def _breakdown_sheets(rows: list[display.Row], notes: list[str]) -> list[Sheet]:
    """A sheet per breakdown, each part of an indicator on its own row, as the results page shows it; a share
    gives its numerator and denominator, a count its amount. A breakdown no indicator has is left out."""
    parts: dict[str, list] = {code: [] for code in BREAKDOWN_SHEETS}
    for row in rows:
        breakdowns = [{"code": "subject", "rows": row.subjects}, *row.breakdowns]
        for breakdown in breakdowns:
            parts[breakdown["code"]].extend(
                [
                    row.indicator.number,
                    row.indicator.name,
                    part["subject"],
                    part["text"],
                    part["numerator"],
                    part["denominator"] if part["fraction"] else None,
                ]
                for part in breakdown["rows"]
            )
    return [
        Sheet(
            title,
            ["№", "Показатель (дословно)", column, "Значение", "Числитель", "Знаменатель"],
            parts[code],
            [7, 70, 30, 16, 11, 12],
            [vocabulary.BREAKDOWNS[code].capitalize(), *notes],
        )
        for code, (title, column) in BREAKDOWN_SHEETS.items()
        if parts[code]
    ]


def _targets_sheet(snapshot: Snapshot, rows: list[display.Row]) -> Sheet:
    catalogue = snapshot.campaign.catalogue
    table = [
        [
            row.indicator.number,
            row.indicator.code,
            row.indicator.name,
            " → ".join(row.indicator.group),
            row.indicator.get_kind_display(),
            row.indicator.get_unit_display(),
            row.thresholds_text,
            "; ".join(f"от {display.number(band['min'])}: {band['label']}" for band in row.indicator.scale),
            row.indicator.source_text,
            row.indicator.method,
        ]
        for row in rows
    ]
    headers = [
        "№", "Код", "Показатель (дословно)", "Группа", "Вид", "Что считается", "Целевое значение", "Шкала оценки",
        "Источник (место в документе)", "Методы сбора и источники информации",
    ]  # fmt: skip
    notes = [f"{catalogue.display_title}", f"Документ: {catalogue.document}"]
    return Sheet("Цели и источники", headers, table, [7, 12, 70, 50, 16, 24, 18, 30, 40, 50], notes)
