"""Format «organizations»: one row = one educational organization of a municipality.

A flag is a period (`FlagPeriod`): «да» in a flag column opens a period from the date in «Признаки действуют с»
(the import date when that cell is empty) unless the flag is already held then; «нет» closes an open period
on the day before that date. An empty flag cell changes nothing.
"""

from datetime import date, timedelta

from metodist.orgs.models import ORGANIZATION_FLAGS, FlagPeriod, Organization, OrganizationKind

from .. import cells
from ..context import ImportContext
from ..plan import Change, Row
from .base import MUNICIPAL_LEVELS, MUNICIPALITY, Column, ImportFormat

KIND_SPELLINGS = {
    **{label: value for value, label in OrganizationKind.choices},
    "ОО": OrganizationKind.GENERAL,
    "Школа": OrganizationKind.GENERAL,
    "ДОО": OrganizationKind.PRESCHOOL,
    "Детский сад": OrganizationKind.PRESCHOOL,
    "УДО": OrganizationKind.ADDITIONAL,
    "ОДО": OrganizationKind.ADDITIONAL,
    "ПОО": OrganizationKind.COLLEGE,
    "СПО": OrganizationKind.COLLEGE,
    "ИМЦ": OrganizationKind.METHODOLOGICAL,
}
KIND_EXPECTED = "одно из: " + "; ".join(label for _, label in OrganizationKind.choices) + " (или ОО, ДОО, УДО, ПОО)"


COLUMNS = (
    MUNICIPALITY,
    Column(
        "Краткое наименование",
        "short_name",
        cells.text(200),
        required=True,
        help="Как в уставе; по нему организация находится при повторной загрузке и в других форматах.",
        example="МАОУ СОШ № 1",
    ),
    Column(
        "Полное наименование",
        "full_name",
        cells.text(500),
        required=True,
        example="Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
    ),
    Column(
        "Тип",
        "kind",
        cells.choice(KIND_SPELLINGS, KIND_EXPECTED),
        required=True,
        help=KIND_EXPECTED[0].upper() + KIND_EXPECTED[1:] + ".",
        example="ОО",
    ),
    Column("ИНН", "inn", cells.inn, help="10 цифр с верным контрольным числом.", example="6601002010"),
    Column("ОГРН", "ogrn", cells.ogrn, help="13 цифр с верным контрольным числом.", example="1026605235095"),
    Column("Адрес", "address", cells.text(300), example="г. Энск, ул. Ленина, 1"),
    *(
        Column(
            header,
            name,
            cells.yes_no,
            help="«да» — признак есть с даты «Признаки действуют с»; «нет» — снят с этой даты; пусто — без изменений.",
        )
        for name, header in ORGANIZATION_FLAGS.items()
    ),
    Column(
        "Признаки действуют с",
        "flags_from",
        cells.parse_date,
        help="Дата, с которой действуют признаки строки (дата приказа о перечне ШНОР, площадок); "
        "пусто — дата загрузки.",
        example="01.09.2025",
    ),
    Column(
        "Основание признаков",
        "flags_basis",
        cells.text(300),
        help="Документ, которым установлены признаки, например «Приказ УО от 25.08.2025 № 112».",
        example="Приказ УО от 25.08.2025 № 112",
    ),
    Column(
        "Действующая",
        "is_active",
        cells.yes_no,
        help="«да» или «нет»; пустая ячейка у новой организации — «да».",
        example="да",
    ),
)

FIELDS = ("short_name", "full_name", "kind", "inn", "ogrn", "address", "is_active")


def plan_organizations(rows: list[Row], ctx: ImportContext) -> None:
    for row in rows:
        if row.values["municipality"] is None and not ctx.wide_scope:
            row.values["municipality"] = ctx.own_municipality
        row.title = row.text("short_name")
    existing = {
        (organization.municipality_id, cells.normalize(organization.short_name)): organization
        for organization in Organization.objects.filter(
            municipality__in={row.values["municipality"] for row in rows if row.values["municipality"]}
        ).prefetch_related("flag_periods")
    }
    seen: dict[tuple, Row] = {}
    for row in rows:
        if row.problems:
            continue
        municipality = row.values["municipality"]
        if municipality is None:
            row.fail("municipality", "не указан муниципалитет, а у вашей учётной записи он не задан")
            continue
        key = (municipality.pk, cells.normalize(row.values["short_name"]))
        if key in seen:
            row.fail("short_name", f"организация уже описана в строке {seen[key].number}")
            continue
        seen[key] = row
        row.municipality_id = municipality.pk
        values = {name: row.values[name] for name in FIELDS if row.values[name] is not None}
        organization = existing.get(key)
        if organization is None:
            organization = Change.create(Organization, {"municipality": municipality, **values})
            row.changes.append(organization)
            organization, periods = organization.instance, []
        else:
            if change := Change.update(organization, values):
                row.changes.append(change)
            periods = list(organization.flag_periods.all())
        _plan_flags(row, organization, periods, row.values["flags_from"] or ctx.today)


def _plan_flags(row: Row, organization: Organization, periods: list[FlagPeriod], start: date) -> None:
    """Opens the periods of the flags marked «да» and closes those marked «нет», from `start`."""
    for flag in ORGANIZATION_FLAGS:
        wanted = row.values[flag]
        if wanted is None:
            continue
        own = [period for period in periods if period.flag == flag]
        if wanted and not any(period.holds_on(start) for period in own):
            later = [period for period in own if period.start_date and period.start_date > start]
            values = {
                "organization": organization,
                "flag": flag,
                "start_date": start,
                "basis": row.values["flags_basis"] or "",
            }
            if later:
                values["end_date"] = min(period.start_date for period in later) - timedelta(days=1)
            row.changes.append(Change.create(FlagPeriod, values))
        if not wanted:
            for period in own:
                if period.end_date is not None and period.end_date < start:
                    continue
                if period.start_date is not None and period.start_date >= start:
                    row.fail(
                        flag,
                        f"признак действует с {period.start_date:%d.%m.%Y}, снять его с {start:%d.%m.%Y} "
                        "нельзя: закройте период в карточке организации",
                    )
                elif change := Change.update(period, {"end_date": start - timedelta(days=1)}):
                    row.changes.append(change)


ORGANIZATIONS = ImportFormat(
    code="organizations",
    title="Образовательные организации",
    description="Организации муниципалитета: наименования, тип, ИНН, адрес и признаки (ШНОР, ШССУ, площадки).",
    row_meaning="Одна строка — одна образовательная организация.",
    match_rule="Организация находится по муниципалитету и краткому наименованию (без учёта регистра, вида "
    "кавычек и пробелов); найденная обновляется, иначе создаётся новая. Признаки — периоды: «да» открывает "
    "период с даты «Признаки действуют с» (пусто — с даты загрузки), «нет» закрывает действующий накануне её.",
    columns=COLUMNS,
    plan_rows=plan_organizations,
    models=(Organization, FlagPeriod),
    registry=("orgs:list", "Открыть список организаций"),
    references=("organization_kind",),
    levels=MUNICIPAL_LEVELS,
)
