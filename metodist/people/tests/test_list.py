"""The educators list: scope, every filter, search, sorting, pagination and its query count.

The cast on TODAY (15.01.2025): Смирнова (born 02.03.1999, teaching since 01.09.2023: 25 years old, 1 year,
young) and Кузнецов (born 10.01.1970, since 01.09.2003: 55 years old, 21 years) in school 1, Орлова
(born 17.05.1980, since 01.09.2003: 44 years, 21 years) in school 2, Волкова in school 3 of another municipality.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodist.orgs.models import OrganizationKind
from metodist.people.models import Category, EmploymentKind
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")

KUZNETSOV = "Кузнецов Павел Андреевич"
ORLOVA = "Орлова Вера Петровна"
SMIRNOVA = "Смирнова Анна Игоревна"
VOLKOVA = "Волкова Ирина Петровна"


def names(response) -> list[str]:
    assert response.status_code == 200
    return [row["educator"].full_name for row in response.context["rows"]]


@pytest.fixture
def methodologist(client, cast):
    client.force_login(cast.methodologist)
    return client


def test_methodologist_sees_her_municipality_sorted_by_name(methodologist):
    response = methodologist.get("/people/")

    assert names(response) == [KUZNETSOV, ORLOVA, SMIRNOVA]
    assert '<strong id="total">3</strong>' in response.content.decode()


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("coordinator", [KUZNETSOV, ORLOVA, SMIRNOVA]),
        ("regional_operator", [VOLKOVA, KUZNETSOV, ORLOVA, SMIRNOVA]),
        ("school1_admin", [KUZNETSOV, SMIRNOVA]),
        ("school2_admin", [ORLOVA]),
        ("teacher_user", [SMIRNOVA]),
        ("mentor_user", [KUZNETSOV]),
        ("other_user", [VOLKOVA]),
    ],
)
def test_each_member_of_the_cast_sees_only_their_scope(client, cast, member, expected):
    client.force_login(getattr(cast, member))

    response = client.get("/people/")

    assert names(response) == expected


def test_anonymous_visitor_is_sent_to_the_login_page(client, cast):
    response = client.get("/people/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_young_filter_returns_exactly_the_teacher_of_school_1(methodologist):
    assert names(methodologist.get("/people/", {"young": "1"})) == [SMIRNOVA]


def test_organization_filter_keeps_those_working_there_today(methodologist, cast):
    f.EmploymentFactory(
        educator=cast.mentor_educator,
        organization=cast.school2,
        start_date=date(2015, 9, 1),
        end_date=date(2020, 5, 31),
    )

    response = methodologist.get("/people/", {"organization": cast.school2.pk})

    assert names(response) == [ORLOVA]  # Кузнецов left school 2 in 2020


def test_organization_outside_the_scope_is_refused_and_reveals_nothing(client, cast):
    client.force_login(cast.school2_admin)

    response = client.get("/people/", {"organization": cast.school1.pk})

    assert response.context["form"].errors["organization"]
    assert names(response) == [ORLOVA]


def test_kind_filter_uses_the_organization_kind(methodologist, cast):
    cast.school2.kind = OrganizationKind.PRESCHOOL
    cast.school2.save()

    assert names(methodologist.get("/people/", {"kind": "preschool"})) == [ORLOVA]
    assert names(methodologist.get("/people/", {"kind": "general"})) == [KUZNETSOV, SMIRNOVA]


def test_position_filter(methodologist, cast):
    employment = cast.school2_educator.employments.get()
    employment.position = f.position("educator")
    employment.save()

    response = methodologist.get("/people/", {"position": f.position("educator").pk})

    assert names(response) == [ORLOVA]


def test_subject_filter(methodologist):
    assert names(methodologist.get("/people/", {"subject": f.subject("physics").pk})) == [KUZNETSOV]


@pytest.fixture
def categories(cast):
    """Кузнецов: highest since 01.03.2024 (no expiry); Орлова: first since 20.12.2019, expired 20.12.2024."""
    cast.mentor_educator.category = Category.HIGHEST
    cast.mentor_educator.category_awarded_on = date(2024, 3, 1)
    cast.mentor_educator.save()
    cast.school2_educator.category = Category.FIRST
    cast.school2_educator.category_awarded_on = date(2019, 12, 20)
    cast.school2_educator.category_expires_on = date(2024, 12, 20)
    cast.school2_educator.save()


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("highest", [KUZNETSOV]),
        ("first", []),  # Орлова's has expired
        ("none", [ORLOVA, SMIRNOVA]),  # an expired category counts as none
    ],
)
def test_category_filter_counts_an_expired_category_as_none(methodologist, categories, category, expected):
    assert names(methodologist.get("/people/", {"category": category})) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"experience_min": "2"}, [KUZNETSOV, ORLOVA, "Третьякова Ольга"]),
        ({"experience_max": "1"}, [SMIRNOVA]),
        ({"experience_min": "21", "experience_max": "21"}, [KUZNETSOV, ORLOVA]),
        ({"experience_min": "3", "experience_max": "3"}, ["Третьякова Ольга"]),  # exactly 3 years on TODAY
        ({"experience_min": "0", "experience_max": "2"}, [SMIRNOVA]),
    ],
)
def test_experience_filters_count_full_years(methodologist, cast, params, expected):
    three_years = f.EducatorFactory(
        last_name="Третьякова", first_name="Ольга", patronymic="", ped_work_start=date(2022, 1, 15)
    )
    f.EmploymentFactory(educator=three_years, organization=cast.school1)

    assert names(methodologist.get("/people/", params)) == expected


def test_part_time_filter(methodologist, cast):
    f.EmploymentFactory(educator=cast.mentor_educator, organization=cast.school2, kind=EmploymentKind.EXTERNAL)

    response = methodologist.get("/people/", {"part_time": "1"})

    assert names(response) == [KUZNETSOV]
    assert response.context["rows"][0]["educator"].is_part_time


def test_out_of_profile_filter(methodologist, cast):
    # Кузнецов's physics is covered by his speciality; Смирнова has no education on record for mathematics.
    f.EducationFactory(educator=cast.mentor_educator, speciality=f.speciality("Физика"))

    response = methodologist.get("/people/", {"out_of_profile": "1"})

    assert names(response) == [SMIRNOVA]


def test_load_filter_sums_the_hours_of_active_employments(methodologist, cast):
    # Кузнецов: 18 + 6 = 24 hours; the others 18.
    f.EmploymentFactory(
        educator=cast.mentor_educator,
        organization=cast.school2,
        kind=EmploymentKind.INTERNAL,
        weekly_hours=Decimal("6"),
    )

    assert names(methodologist.get("/people/", {"load_min": "20"})) == [KUZNETSOV]
    assert names(methodologist.get("/people/", {"load_min": "18"})) == [KUZNETSOV, ORLOVA, SMIRNOVA]
    assert names(methodologist.get("/people/", {"load_min": "25"})) == []


@pytest.fixture
def seniors(cast):
    """A woman born 01.06.1968 (pension age 60: 01.06.2028, pre-pension since 01.06.2023) and a man born
    01.03.1960 (pension age 61.5: 01.09.2021)."""
    woman = f.EducatorFactory(last_name="Белова", first_name="Нина", patronymic="", birth_date=date(1968, 6, 1))
    man = f.EducatorFactory(last_name="Гусев", first_name="Олег", patronymic="", sex="M", birth_date=date(1960, 3, 1))
    for educator in (woman, man):
        f.EmploymentFactory(educator=educator, organization=cast.school1)


@pytest.mark.parametrize(("band", "expected"), [("pre", ["Белова Нина"]), ("pension", ["Гусев Олег"])])
def test_pension_filter(methodologist, seniors, band, expected):
    assert names(methodologist.get("/people/", {"pension": band})) == expected


@pytest.mark.parametrize(
    "text",
    ["смир", "СМИРНОВА", "Смирнова", "сМиРнОвА", "анна игоревна", "игоревна смирнова", "  анна  "],
)
def test_search_finds_cyrillic_names_in_any_case(methodologist, text):
    assert names(methodologist.get("/people/", {"q": text})) == [SMIRNOVA]


def test_search_reads_yo_as_ye(methodologist, cast):
    f.EmploymentFactory(educator=f.EducatorFactory(last_name="Семёнова", first_name="Ольга"), organization=cast.school1)

    assert names(methodologist.get("/people/", {"q": "семенова"})) == ["Семёнова Ольга Петровна"]
    assert names(methodologist.get("/people/", {"q": "СЕМЁН"})) == ["Семёнова Ольга Петровна"]


def test_search_stays_within_the_scope(methodologist):
    # Волкова of school 3 is also «Петровна», but in another municipality.
    assert names(methodologist.get("/people/", {"q": "петровна"})) == [ORLOVA]


@pytest.mark.parametrize("text", ["112-233-445 95", "11223344595", " 112 233 445 95 ", "112-233-44595"])
def test_search_by_snils_with_or_without_separators(methodologist, cast, text):
    cast.school2_educator.snils = "11223344595"
    cast.school2_educator.save()

    assert names(methodologist.get("/people/", {"q": text})) == [ORLOVA]


def test_search_by_snils_stays_within_the_scope(methodologist, cast):
    # Волкова's SNILS is known, but she works in another municipality.
    cast.other_educator.snils = "11223344595"
    cast.other_educator.save()

    assert names(methodologist.get("/people/", {"q": "112-233-445 95"})) == []


def test_digits_that_are_not_a_whole_snils_search_names(methodologist, cast):
    cast.school2_educator.snils = "11223344595"
    cast.school2_educator.save()

    assert names(methodologist.get("/people/", {"q": "112-233"})) == []


def test_search_for_nobody_says_so(methodologist):
    response = methodologist.get("/people/", {"q": "Иванов"})

    assert names(response) == []
    assert "Никого не найдено" in response.content.decode()


def test_filters_are_shown_again_with_their_values(methodologist, cast):
    response = methodologist.get("/people/", {"q": "смир", "young": "1", "organization": cast.school1.pk})

    html = response.content.decode()
    assert 'value="смир"' in html
    assert 'name="young" value="1" class="form-check-input" id="id_young" checked' in html
    assert f'<option value="{cast.school1.pk}" selected>Школа № 1</option>' in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"experience_min": "много"}, "experience_min"),
        ({"load_min": "-1"}, "load_min"),
        ({"category": "golden"}, "category"),
        ({"sort": "salary"}, "sort"),
    ],
)
def test_bad_filter_is_shown_with_an_error_and_ignored(methodologist, params, field):
    response = methodologist.get("/people/", params)

    assert response.context["form"].errors[field]
    assert names(response) == [KUZNETSOV, ORLOVA, SMIRNOVA]


def test_inverted_experience_range_keeps_only_its_lower_bound(methodologist):
    response = methodologist.get("/people/", {"experience_min": "5", "experience_max": "2"})

    assert response.context["form"].errors["experience_max"] == ["Верхняя граница стажа меньше нижней."]
    assert names(response) == [KUZNETSOV, ORLOVA]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", [KUZNETSOV, ORLOVA, SMIRNOVA]),
        ("-name", [SMIRNOVA, ORLOVA, KUZNETSOV]),
        ("birth_date", [KUZNETSOV, ORLOVA, SMIRNOVA]),  # 1970, 1980, 1999
        ("-birth_date", [SMIRNOVA, ORLOVA, KUZNETSOV]),
        ("experience", [SMIRNOVA, KUZNETSOV, ORLOVA]),  # 1 year, then 21 and 21 by name
        ("-experience", [KUZNETSOV, ORLOVA, SMIRNOVA]),
        ("category", [ORLOVA, SMIRNOVA, KUZNETSOV]),  # expired first = none, none, highest
        ("-category", [KUZNETSOV, ORLOVA, SMIRNOVA]),
    ],
)
def test_sorting(methodologist, categories, sort, expected):
    assert names(methodologist.get("/people/", {"sort": sort})) == expected


def test_column_header_toggles_the_sort(methodologist):
    response = methodologist.get("/people/", {"sort": "name", "young": "1"})

    sorts = response.context["column_sorts"]
    assert sorts["name"] == {"sort": "-name", "arrow": "▲"}
    assert sorts["age"] == {"sort": "-birth_date", "arrow": ""}
    assert 'href="?sort=-name&amp;young=1"' in response.content.decode()


@pytest.fixture
def crowd(cast):
    """55 more teachers of school 1: 58 in the municipality."""
    for _ in range(55):
        f.EmploymentFactory(organization=cast.school1, educator=f.EducatorFactory(last_name=f"Яковлева{_:02}"))


@pytest.mark.parametrize(("page", "rows", "number"), [("1", 50, 1), ("2", 8, 2), ("abc", 50, 1), ("99", 8, 2)])
def test_pagination_by_fifty(methodologist, crowd, page, rows, number):
    response = methodologist.get("/people/", {"page": page})

    assert len(response.context["rows"]) == rows
    assert response.context["page"].number == number
    assert response.context["page"].paginator.count == 58


def test_page_links_keep_the_filters(methodologist, crowd):
    response = methodologist.get("/people/", {"organization": "", "sort": "-name"})

    assert 'href="?organization=&amp;sort=-name&amp;page=2"' in response.content.decode()


def test_flags_of_the_row(methodologist):
    response = methodologist.get("/people/", {"q": "смирнова"})

    (row,) = response.context["rows"]
    assert (row["age"], row["experience"], row["young"], row["pre_pension"]) == (25, 1, True, False)
    assert row["educator"].is_out_of_profile  # mathematics without education on record
    assert "молодой педагог" in response.content.decode()
    assert "Школа № 1 — учитель" in response.content.decode()


def test_htmx_request_gets_only_the_results(methodologist):
    response = methodologist.get("/people/", {"young": "1"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert SMIRNOVA in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(methodologist):
    response = methodologist.get("/people/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in response.content.decode()


def _staff(cast, count: int) -> None:
    for number in range(count):
        educator = f.EducatorFactory()
        f.EducationFactory(educator=educator, speciality=f.speciality("Математика"))
        f.EmploymentFactory(educator=educator, organization=cast.school1, subjects=[f.subject("algebra")])
        if number % 2:
            f.EmploymentFactory(educator=educator, organization=cast.school2, kind=EmploymentKind.INTERNAL)


def test_query_count_does_not_grow_with_the_rows(methodologist, cast):
    _staff(cast, 3)
    with CaptureQueriesContext(connection) as few:
        methodologist.get("/people/")
    _staff(cast, 40)

    with CaptureQueriesContext(connection) as many:
        response = methodologist.get("/people/")

    assert len(response.context["rows"]) == 46
    assert len(many.captured_queries) == len(few.captured_queries)


def test_list_page_query_budget(methodologist, cast, django_assert_max_num_queries):
    _staff(cast, 30)

    with django_assert_max_num_queries(12):
        methodologist.get("/people/")


def test_a_regional_operator_tells_organizations_of_the_same_name_apart_by_their_municipality(client, cast):
    f.OrganizationFactory(municipality=cast.other_municipality, short_name="Школа № 1")
    client.force_login(cast.regional_operator)

    choices = [label for _, label in client.get("/people/").context["form"].fields["organization"].choices][1:]

    assert "Школа № 1 (Город N)" in choices
    assert "Школа № 1 (Город M)" in choices


def test_a_coordinator_sees_organization_names_alone(client, cast):
    client.force_login(cast.coordinator)

    choices = [label for _, label in client.get("/people/").context["form"].fields["organization"].choices][1:]

    assert choices == ["Школа № 1", "Школа № 2"]
