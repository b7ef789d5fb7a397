"""The plan-order: demand from open deficits, expiring categories and the three-year cycle, against seats."""

from datetime import date

from metodist.people.models import Category, Educator
from metodist.testing import factories as f
from metodist.testing import growth as g
from metodist.training import plan
from metodist.training.models import ProgramCohort, TrainingOrderRow

ON = date(2024, 12, 1)


def test_the_plan_order_of_a_municipality(cast):
    diagnostic = g.diagnostic(cast.region, ends_on=date(2024, 11, 30))
    g.results(diagnostic, cast.teacher, {"assess.formative": 3})  # 30 % < 50 %: a deficit
    g.results(diagnostic, cast.mentor_educator, {"assess.formative": 4, "digital.content": 9})
    g.results(diagnostic, cast.other_educator, {"assess.formative": 2})  # another municipality
    course = g.program(title="Формирующее оценивание", competencies=["assess.formative"])
    ProgramCohort.objects.create(program=course, starts_on=date(2025, 3, 10), ends_on=date(2025, 3, 28), seats=1)
    # Орлова's first category of 2020 expires on 01.04.2025: planned three months before
    Educator.objects.filter(pk=cast.school2_educator.pk).update(
        category=Category.FIRST, category_awarded_on=date(2020, 4, 1), category_expires_on=date(2025, 4, 1)
    )
    # the cycle: a ПК ended 20.05.2022 runs out on 20.05.2025 (due: older than 2 years 6 months on 01.12.2024);
    # one ended 01.07.2022 is not due yet
    due, not_due = f.EducatorFactory(last_name="Давно"), f.EducatorFactory(last_name="Недавно")
    for person, ended in ((due, date(2022, 5, 20)), (not_due, date(2022, 7, 1))):
        f.EmploymentFactory(educator=person, organization=cast.school2)
        g.training(person, course, ends_on=ended, region=cast.region)

    order = plan.generate(cast.municipality, 2025, on=ON, by=cast.methodologist)

    rows = {(row.program_id, row.month): (row.from_deficits, row.from_attestation, row.from_cycle, row.quantity,
                                          row.seats, row.shortage) for row in order.rows.all()}  # fmt: skip
    assert rows == {
        (course.pk, 3): (2, 0, 0, 2, 1, 1),  # two people with the deficit, one seat in the March cohort
        (None, 1): (0, 1, 0, 1, None, 0),  # Орлова's attestation
        (None, 5): (0, 0, 1, 1, None, 0),  # «Давно»'s three years run out in May
    }


def test_regenerating_replaces_the_rows_of_that_year(cast):
    first = plan.generate(cast.municipality, 2025, on=ON)

    again = plan.generate(cast.municipality, 2025, on=ON)

    assert first.pk == again.pk
    # Смирнова, Кузнецов and Орлова have no ПК on record: the cycle spreads them over the school months
    assert sorted(TrainingOrderRow.objects.filter(order=again).values_list("month", "from_cycle")) == [
        (1, 1),
        (2, 1),
        (3, 1),
    ]


def test_the_methodologist_edits_and_exports_the_plan_order(client, cast, on_today):
    from django.urls import reverse

    from metodist.testing.xlsx import read_table

    order = plan.generate(cast.municipality, 2025, on=ON)
    row = order.rows.order_by("month").first()
    client.force_login(cast.methodologist)
    page = client.get(reverse("training:order", args=[order.pk]))
    management = page.context["formset"].management_form.initial
    data = {"rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "1", "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "1000", "rows-0-id": str(row.pk), "rows-0-month": "2", "rows-0-quantity": "7",
            "rows-0-program": "", "rows-0-note": "по заявке ОО"}  # fmt: skip
    assert management["INITIAL_FORMS"] == 3

    response = client.post(reverse("training:order", args=[order.pk]), data)

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.month, row.quantity, row.note) == (2, 7, "по заявке ОО")
    table = read_table(client.get(reverse("training:order_export", args=[order.pk])).content)
    first = table.records()[0]
    assert (first["Месяц"], first["Программа"], first["Количество человек"]) == ("февраль", "любая программа ПК", 7)
    assert "План-заказ на повышение квалификации на 2025 год" in table.lines[0]


def test_another_municipality_cannot_open_the_plan_order(client, cast):
    from django.urls import reverse

    from metodist.accounts.models import Role

    order = plan.generate(cast.municipality, 2025, on=ON)
    other = f.UserFactory(username="methodist_m", role=Role.METHODOLOGIST, municipality=cast.other_municipality)
    client.force_login(other)

    assert client.get(reverse("training:order", args=[order.pk])).status_code == 404
    assert client.get(reverse("training:order_export", args=[order.pk])).status_code == 404
