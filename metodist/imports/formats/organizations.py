"""Format «organizations»: one row = one educational organization of a municipality."""

from metodist.orgs.models import ORGANIZATION_FLAGS, Organization, OrganizationKind

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
        Column(header, name, cells.yes_no, help="«да» или «нет»; пустая ячейка у новой организации — «нет».")
        for name, header in ORGANIZATION_FLAGS.items()
    ),
    Column(
        "Действующая",
        "is_active",
        cells.yes_no,
        help="«да» или «нет»; пустая ячейка у новой организации — «да».",
        example="да",
    ),
)

FIELDS = ("short_name", "full_name", "kind", "inn", "ogrn", "address", *ORGANIZATION_FLAGS, "is_active")


def plan_organizations(rows: list[Row], ctx: ImportContext) -> None:
    for row in rows:
        if row.values["municipality"] is None and not ctx.wide_scope:
            row.values["municipality"] = ctx.own_municipality
        row.title = row.text("short_name")
    existing = {
        (organization.municipality_id, cells.normalize(organization.short_name)): organization
        for organization in Organization.objects.filter(
            municipality__in={row.values["municipality"] for row in rows if row.values["municipality"]}
        )
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
        values = {name: row.values[name] for name in FIELDS if row.values[name] is not None}
        organization = existing.get(key)
        if organization is None:
            row.changes.append(Change.create(Organization, {"municipality": municipality, **values}))
        elif change := Change.update(organization, values):
            row.changes.append(change)


ORGANIZATIONS = ImportFormat(
    code="organizations",
    title="Образовательные организации",
    description="Организации муниципалитета: наименования, тип, ИНН, адрес и признаки (ШНОР, ШССУ, площадки).",
    row_meaning="Одна строка — одна образовательная организация.",
    match_rule="Организация находится по муниципалитету и краткому наименованию (без учёта регистра, вида "
    "кавычек и пробелов); найденная обновляется, иначе создаётся новая.",
    columns=COLUMNS,
    plan_rows=plan_organizations,
    models=(Organization,),
    registry=("orgs:list", "Открыть список организаций"),
    references=("organization_kind",),
    levels=MUNICIPAL_LEVELS,
)
