"""The result of an import counts people, and the history of imports is scoped like the registry."""

import pytest
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.imports import actions
from metodist.imports.formats.educators import EDUCATORS
from metodist.imports.models import BatchStatus, ImportBatch
from metodist.testing import factories as f

from .helpers import SNILS_2, educator, format_file

# Смирнова of the cast, as she is in the registry, with 20 hours instead of 18: only her employment changes.
SMIRNOVA = {
    "last_name": "Смирнова",
    "first_name": "Анна",
    "patronymic": "Игоревна",
    "birth_date": "02.03.1999",
    "ped_work_start": "01.09.2023",
    "organization": "Школа № 1",
    "position": "Учитель",
    "weekly_hours": 20,
    "start_date": "01.09.2010",
}
ROWS = [
    educator(),  # Лебедева: new, a diploma and a teaching post…
    educator(position="Методист", kind="Внутреннее совместительство", rate=0.5, subjects=None),  # …and a second post
    educator(snils=SNILS_2, first_name="Вера", last_name="Зуева"),  # new, a diploma and a post
    SMIRNOVA,
]


def test_the_totals_count_people_not_rows_or_records(cast, context_of):
    plan = EDUCATORS.plan(format_file("educators", ROWS, [*educator(), "kind"]), context_of(cast.methodologist))

    totals = plan.totals()

    assert plan.ok, [str(problem) for problem in plan.problems]
    assert totals == [("педагогические работники", 2, 1), ("образование", 2, 0), ("места работы", 3, 1)]


def test_the_committed_batch_says_how_many_people_it_changed(cast, today):
    content = format_file("educators", ROWS, [*educator(), "kind"])
    batch = actions.create_batch(EDUCATORS, "кадры.xlsx", content, by=cast.methodologist)

    actions.commit_batch(batch, by=cast.methodologist, today=today)

    batch.refresh_from_db()
    assert batch.totals_text() == (
        "педагогические работники: 3 (новых 2, изменено 1); образование: 2 (новых 2); "
        "места работы: 4 (новых 3, изменено 1)"
    )


def batch_of(user, status=BatchStatus.COMMITTED, name="школа1.xlsx") -> ImportBatch:
    return ImportBatch.objects.create(
        format="educators",
        file_name=name,
        sha256="0",
        created_by=user,
        status=status,
        totals=[["педагогические работники", 1, 0]],
    )


@pytest.fixture
def school1_batch(cast):
    return batch_of(cast.school1_admin)


def listed(client, user) -> list[str]:
    client.force_login(user)
    return [item.file_name for item in client.get(reverse("imports:history")).context["page"]]


@pytest.mark.parametrize("who", ["school1_admin", "coordinator", "methodologist", "regional_operator"])
def test_those_over_school1_see_its_committed_import(client, cast, school1_batch, who):
    files = listed(client, getattr(cast, who))

    assert files == ["школа1.xlsx"]


def test_a_second_administrator_of_school1_sees_the_import_of_the_first(client, cast, school1_batch):
    colleague = f.UserFactory(role=Role.ORG_ADMIN, organizations=[cast.school1])

    files = listed(client, colleague)

    assert files == ["школа1.xlsx"]


def test_school2_and_another_municipality_see_nothing_of_school1s_imports(client, cast, school1_batch):
    other_coordinator = f.UserFactory(role=Role.COORDINATOR, municipality=cast.other_municipality)

    assert listed(client, cast.school2_admin) == []
    assert listed(client, other_coordinator) == []
    client.force_login(cast.school2_admin)
    assert client.get(reverse("imports:batch", args=[school1_batch.pk])).status_code == 404


def test_a_file_not_yet_committed_is_seen_only_by_its_author(client, cast):
    checked = batch_of(cast.school1_admin, status=BatchStatus.CHECKED, name="черновик.xlsx")

    assert listed(client, cast.coordinator) == []
    assert client.get(reverse("imports:batch", args=[checked.pk])).status_code == 404
    assert listed(client, cast.school1_admin) == ["черновик.xlsx"]


def test_the_history_names_who_imported_what_and_links_the_batch(client, cast, school1_batch):
    client.force_login(cast.coordinator)

    page = client.get(reverse("imports:history")).content.decode()

    assert "school1" in page
    assert "Администратор образовательной организации" in page
    assert "педагогические работники: 1 (новых 1)" in page
    assert reverse("imports:batch", args=[school1_batch.pk]) in page
    assert client.get(reverse("imports:batch", args=[school1_batch.pk])).status_code == 200


def test_an_educator_has_no_import_history(client, cast):
    client.force_login(cast.teacher_user)

    response = client.get(reverse("imports:history"))

    assert response.status_code == 403


def test_the_history_takes_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    for user in (cast.school1_admin, cast.school2_admin, cast.methodologist):
        for number in range(3):
            batch_of(user, name=f"{user.username}-{number}.xlsx")
    client.force_login(cast.coordinator)

    with django_assert_max_num_queries(5):  # session, user, count, page with the uploaders
        response = client.get(reverse("imports:history"))

    assert len(response.context["page"]) == 9
