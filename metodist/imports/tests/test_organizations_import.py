"""The organizations format: matched by municipality and short name; only for municipal roles and above."""

from datetime import date

import pytest

from metodist.audit.models import AuditAction, AuditEntry
from metodist.imports import actions
from metodist.imports.formats import FORMATS
from metodist.orgs.models import FlagPeriod, Organization, OrganizationKind
from metodist.testing import factories as f

from .helpers import format_file

ORGANIZATIONS = FORMATS["organizations"]


def organization(**values) -> dict:
    return {
        "short_name": "МАДОУ «Детский сад № 5»",
        "full_name": "Муниципальное автономное дошкольное образовательное учреждение «Детский сад № 5»",
        "kind": "ДОО",
        "inn": "7707083893",
        "ogrn": "1027700132195",
        "address": "г. N, ул. Мира, 5",
        "is_innovation_site": "да",
    } | values


@pytest.fixture
def dry_run(cast, context_of):
    def run(rows, user=None):
        return ORGANIZATIONS.plan(format_file("organizations", rows), context_of(user or cast.coordinator))

    return run


def commit(user, rows, today):
    batch = actions.create_batch(ORGANIZATIONS, "организации.xlsx", format_file("organizations", rows), by=user)
    return actions.commit_batch(batch, by=user, today=today)


def test_a_new_organization_is_created_in_the_users_municipality(cast, today):
    commit(cast.coordinator, [organization()], today)

    created = Organization.objects.get(short_name="МАДОУ «Детский сад № 5»")
    assert (created.municipality, created.kind, created.inn, created.ogrn) == (
        cast.municipality,
        OrganizationKind.PRESCHOOL,
        "7707083893",
        "1027700132195",
    )
    assert created.is_active is True
    assert [(p.flag, p.start_date, p.end_date) for p in created.flag_periods.all()] == [
        ("is_innovation_site", today, None)  # no «Признаки действуют с»: from the import date
    ]
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, model="orgs.organization").count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, model="orgs.flagperiod").count() == 1


def test_a_flag_column_opens_a_period_from_the_start_date_column_with_its_basis(cast, today):
    row = organization(
        short_name="Школа № 1",
        full_name=cast.school1.full_name,
        kind="ОО",
        is_innovation_site=None,
        is_low_results="да",
        flags_from="01.09.2024",
        flags_basis="Приказ УО от 25.08.2024 № 112",
    )

    commit(cast.coordinator, [row], today)

    period = FlagPeriod.objects.get(organization=cast.school1)
    assert (period.flag, period.start_date, period.end_date, period.basis) == (
        "is_low_results",
        date(2024, 9, 1),
        None,
        "Приказ УО от 25.08.2024 № 112",
    )


def test_nie_closes_the_open_period_the_day_before_and_da_keeps_a_held_flag(cast, today):
    f.flag(cast.school1, "is_low_results", start=date(2023, 9, 1))
    f.flag(cast.school1, "is_minpros_school", start=date(2023, 9, 1))
    row = organization(short_name="Школа № 1", full_name=cast.school1.full_name, kind="ОО", is_innovation_site=None)

    commit(cast.coordinator, [row | {"is_low_results": "нет", "is_minpros_school": "да", "flags_from": "01.09.2024"}],
           today)  # fmt: skip

    periods = {p.flag: (p.start_date, p.end_date) for p in cast.school1.flag_periods.all()}
    assert periods == {
        "is_low_results": (date(2023, 9, 1), date(2024, 8, 31)),
        "is_minpros_school": (date(2023, 9, 1), None),
    }


def test_removing_a_flag_before_its_period_began_is_an_error(cast, dry_run):
    f.flag(cast.school1, "is_low_results", start=date(2024, 9, 1))
    row = organization(short_name="Школа № 1", full_name=cast.school1.full_name, kind="ОО", is_innovation_site=None)

    plan = dry_run([row | {"is_low_results": "нет", "flags_from": "01.09.2023"}])

    assert [str(p) for p in plan.problems] == [
        "Строка 2, столбец «ШНОР»: признак действует с 01.09.2024, снять его с 01.09.2023 нельзя: закройте "
        "период в карточке организации"
    ]


def test_an_existing_organization_is_matched_by_short_name_whatever_the_quotes_and_case(cast, dry_run):
    plan = dry_run(
        [organization(short_name="школа №1", full_name=cast.school1.full_name, kind="ОО", is_innovation_site=None)]
    )

    (row,) = plan.rows
    assert row.status == "update"
    assert row.changes[0].instance == cast.school1
    assert row.changes[0].lines() == [
        ("краткое наименование", "Школа № 1", "школа №1"),
        ("ИНН", "—", "7707083893"),
        ("ОГРН", "—", "1027700132195"),
        ("адрес", "—", "г. N, ул. Мира, 5"),
    ]
    assert row.changes[0].instance.sort_name == "школа № 0000000001"


def test_reimporting_organizations_changes_nothing(cast, dry_run, today):
    rows = [organization(), organization(short_name="МАОУ СОШ № 9", kind="Общеобразовательная организация")]
    commit(cast.coordinator, rows, today)
    entries = AuditEntry.objects.count()

    plan = dry_run(rows)
    commit(cast.coordinator, rows, today)

    assert [row.status for row in plan.rows] == ["unchanged", "unchanged"]
    assert AuditEntry.objects.count() == entries


def test_the_same_organization_twice_is_an_error(dry_run):
    plan = dry_run([organization(), organization(short_name='МАДОУ "Детский сад №5"')])

    assert [str(p) for p in plan.problems] == [
        "Строка 3, столбец «Краткое наименование»: организация уже описана в строке 2"
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"inn": "7707083894"}, "Строка 2, столбец «ИНН»: неверное контрольное число ИНН"),
        ({"inn": "12345"}, "Строка 2, столбец «ИНН»: ИНН организации должен содержать 10 цифр"),
        ({"ogrn": "1027700132194"}, "Строка 2, столбец «ОГРН»: неверное контрольное число ОГРН"),
        (
            {"ogrn": "10277001321"},
            "Строка 2, столбец «ОГРН»: ОГРН состоит из 13 цифр (ОГРНИП индивидуального предпринимателя — из 15)",
        ),
        (
            {"kind": "Лицей"},
            "Строка 2, столбец «Тип»: недопустимое значение «Лицей»: ожидается одно из: Общеобразовательная "
            "организация; Дошкольная образовательная организация; Организация дополнительного образования; "
            "Профессиональная образовательная организация; Методический центр; Иная организация (или ОО, ДОО, УДО, "
            "ПОО)",
        ),
        (
            {"is_low_results": "может быть"},
            "Строка 2, столбец «ШНОР»: недопустимое значение «может быть»: ожидается «да» или «нет»",
        ),
        ({"full_name": None}, "Строка 2, столбец «Полное наименование»: не заполнено обязательное поле"),
    ],
)
def test_a_bad_organization_cell_is_reported(dry_run, values, message):
    plan = dry_run([organization(**values)])

    assert [str(p) for p in plan.problems] == [message]


def test_an_org_admin_may_not_use_the_organizations_format(cast):
    assert not ORGANIZATIONS.allowed(cast.school1_admin)
    assert ORGANIZATIONS.allowed(cast.coordinator)


def test_a_municipal_user_cannot_name_another_municipality(cast, dry_run):
    plan = dry_run([organization(municipality="Город M")])

    assert [str(p) for p in plan.problems] == [
        "Строка 2, столбец «Муниципалитет»: муниципалитет «Город M» не найден среди доступных вам: выберите значение "
        "из листа «Справочники» шаблона"
    ]


def test_a_regional_operator_creates_organizations_in_named_municipalities(cast, today):
    commit(cast.regional_operator, [organization(municipality="Город M")], today)

    assert Organization.objects.get(short_name="МАДОУ «Детский сад № 5»").municipality == cast.other_municipality
