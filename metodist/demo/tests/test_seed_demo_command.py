"""manage.py seed_demo and demo_logins: determinism, --if-empty, --replace, refusals, the table of logins."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from metodist.accounts.models import User
from metodist.demo.seeding import clear_registry
from metodist.demo.users import educators_count
from metodist.orgs.models import Organization, Region, StaffPosition
from metodist.people.models import Educator, Employment

from .helpers import SEED, Sink, loaded_demo, registry_digest

ON = date(2024, 1, 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with loaded_demo(ON, django_db_blocker) as loaded:
        yield loaded


def test_same_seed_gives_the_same_rows(demo, db):
    call_command("seed_demo", "--replace", "--seed", str(SEED), "--on", demo.on.isoformat(), stdout=Sink())

    digest = registry_digest()

    assert digest == demo.digest


def test_another_seed_gives_other_rows_with_the_same_figures(demo, db):
    call_command("seed_demo", "--replace", "--seed", str(SEED + 1), "--on", demo.on.isoformat(), stdout=Sink())
    educators = Educator.objects.working_in(
        Organization.objects.filter(municipality__name=demo.municipality.name), demo.on
    )

    digest = registry_digest()

    assert digest != demo.digest
    assert (educators.count(), educators.young(demo.on).count()) == (757, 39)


def test_the_demo_municipality_is_the_same_at_the_nation_scale(demo, db):
    before = _people_of(demo.municipality.name)

    call_command(
        "seed_demo", "--replace", "--scale", "nation", "--educators", "1500", "--seed", str(SEED), "--on",
        demo.on.isoformat(), stdout=Sink(),
    )  # fmt: skip

    assert Region.objects.count() == 2
    assert Educator.objects.count() == 1500
    assert _people_of(demo.municipality.name) == before


def _people_of(municipality: str) -> list[tuple]:
    return list(
        Educator.objects.filter(employments__organization__municipality__name=municipality)
        .distinct()
        .order_by("snils")
        .values_list("snils", "last_name", "first_name", "birth_date", "category", "category_awarded_on")
    )


def test_if_empty_does_nothing_when_the_registry_has_data(demo, db):
    out = Sink()

    call_command("seed_demo", "--if-empty", "--seed", "99", "--on", demo.on.isoformat(), stdout=out)

    assert "уже есть данные" in out.text
    assert registry_digest() == demo.digest


def test_without_a_flag_the_command_refuses_to_touch_existing_data(demo, db):
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed_demo", "--seed", "99", "--on", demo.on.isoformat(), stdout=Sink())

    assert registry_digest() == demo.digest


def test_if_empty_loads_into_an_empty_registry(demo, db):
    clear_registry()

    call_command("seed_demo", "--if-empty", "--seed", str(SEED), "--on", demo.on.isoformat(), stdout=Sink())

    assert registry_digest() == demo.digest


def test_replace_keeps_a_real_account_that_is_called_like_a_demo_login(demo, db):
    User.objects.filter(username="admin").delete()
    real = User.objects.create_user("admin", email="boss@example.org", password="own-password-123")
    err = Sink()

    call_command("seed_demo", "--replace", "--seed", str(SEED), "--on", demo.on.isoformat(), stdout=Sink(), stderr=err)

    real.refresh_from_db()
    assert real.email == "boss@example.org" and real.check_password("own-password-123")
    assert "«admin» уже есть" in err.text
    assert User.objects.filter(username="teacher", email__endswith="@demo.metodist.invalid").exists()


def test_clear_registry_removes_registry_rows_and_demo_users_only(demo, db):
    real = User.objects.create_user("ivanova", email="ivanova@example.org")

    clear_registry()

    assert [m.objects.count() for m in (Region, Organization, Educator, Employment, StaffPosition)] == [0] * 5
    assert list(User.objects.values_list("username", flat=True)) == [real.username]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scale", "municipality", "--educators", "1000"], "--educators не нужен"),
        (["--scale", "nation"], "--educators N"),
        (["--scale", "region", "--educators", "500"], "не меньше 817"),
    ],
)
def test_impossible_sizes_are_refused_with_a_reason(demo, db, arguments, message):
    clear_registry()

    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", *arguments, "--on", demo.on.isoformat(), stdout=Sink())

    assert not Organization.objects.exists()


def test_demo_logins_prints_each_login_with_its_role_and_what_it_sees(demo, db):
    out = Sink()

    call_command("demo_logins", stdout=out)

    lines = out.text.splitlines()
    assert "пароль у всех: metodist-demo" in lines[0]
    assert [line.split()[0] for line in lines[3:]] == [
        "admin", "region", "coordinator", "methodist", "school", "assoc", "tutor", "mentor", "teacher",
    ]  # fmt: skip
    assert "регион «Демонстрационная область»: 2 МО, 25 ОО, 817 педагогов" in out.text
    assert "«Городской округ Энск»: 22 ОО, 757 педагогов" in out.text
    teacher = User.objects.get(username="teacher").educator
    assert f"только свои данные: {teacher.full_name}, учитель (математика," in lines[-1]


def test_demo_logins_says_how_to_load_the_demo_when_there_are_no_demo_users(demo, db):
    clear_registry()
    out = Sink()

    call_command("demo_logins", stdout=out)

    assert out.text.strip() == "Демонстрационных пользователей нет. Загрузите данные: manage.py seed_demo"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1 педагог"),
        (2, "2 педагога"),
        (4, "4 педагога"),
        (5, "5 педагогов"),
        (11, "11 педагогов"),
        (12, "12 педагогов"),
        (21, "21 педагог"),
        (22, "22 педагога"),
        (111, "111 педагогов"),
        (757, "757 педагогов"),
    ],
)
def test_the_number_of_educators_is_written_with_the_noun_in_agreement(number, expected):
    text = educators_count(number)

    assert text == expected
