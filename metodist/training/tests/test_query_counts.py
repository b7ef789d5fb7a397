"""The module's list pages, and the form recording a training, cost the same number of queries with few and with
many rows behind them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist.people.models import Educator, Employment
from metodist.testing import factories as f
from metodist.testing import growth as g
from metodist.training import plan
from metodist.training.models import Program, ProgramCohort, Review, Topic, Training, TrainingSource


def grow(cast, count: int, start: int) -> None:
    """`count` more programs with a topic and a cohort, and educators of school 1 with a training and a request."""
    topic = Topic.objects.get(code="fgos")
    programs = Program.objects.bulk_create(
        Program(title=f"Программа {start + n}", provider="ЦНППМ", provider_kind="cnppm", hours=36) for n in range(count)
    )
    Program.topics.through.objects.bulk_create(Program.topics.through(program=p, topic=topic) for p in programs)
    ProgramCohort.objects.bulk_create(
        ProgramCohort(program=p, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 20), seats=10) for p in programs
    )
    people = Educator.objects.bulk_create(
        Educator(last_name=f"Педагог{start + n}", first_name="Ольга", sex="F", birth_date=date(1980, 1, 1),
                 ped_work_start=date(2005, 9, 1)) for n in range(count)
    )  # fmt: skip
    teacher = f.position("teacher")
    employments = Employment.objects.bulk_create(
        Employment(educator=p, organization=cast.school1, position=teacher, start_date=date(2010, 9, 1)) for p in people
    )
    maths = f.subject("mathematics")
    Employment.subjects.through.objects.bulk_create(
        Employment.subjects.through(employment=e, subject=maths) for e in employments
    )
    Training.objects.bulk_create(
        Training(educator=p, program=programs[n], starts_on=date(2024, 3, 1), ends_on=date(2024, 3, 20),
                 region=cast.region, kind="pp" if n % 2 else "pk") for n, p in enumerate(people)
    )  # fmt: skip
    Training.objects.bulk_create(
        Training(educator=p, title="Вне каталога", starts_on=date(2024, 5, 1), ends_on=date(2024, 5, 20),
                 region=cast.region, source=TrainingSource.REQUEST, review=Review.PENDING) for p in people
    )  # fmt: skip


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name", ["training:programs", "training:trainings", "training:requests", "training:retraining",
             "training:effectiveness", "training:orders"],
)  # fmt: skip
def test_a_list_page_costs_the_same_with_more_rows(client, cast, name, on_today):
    client.force_login(cast.methodologist)
    grow(cast, 3, 0)
    few = queries(client, reverse(name))

    grow(cast, 40, 100)
    many = queries(client, reverse(name))

    assert few == many


def test_the_plan_order_page_costs_the_same_with_more_rows(client, cast, on_today):
    client.force_login(cast.methodologist)
    grow(cast, 3, 0)
    order = plan.generate(cast.municipality, 2025, on=date(2024, 12, 1))
    few = queries(client, reverse("training:order", args=[order.pk]))

    grow(cast, 40, 100)
    g.diagnostic(cast.region)
    order = plan.generate(cast.municipality, 2025, on=date(2024, 12, 1))
    many = queries(client, reverse("training:order", args=[order.pk]))

    assert few == many


def test_the_educator_page_costs_the_same_with_more_trainings(client, cast, on_today):
    client.force_login(cast.teacher_user)
    program = g.program()
    g.training(cast.teacher, program, ends_on=date(2024, 1, 1), region=cast.region)
    few = queries(client, reverse("training:my"))

    for day in range(1, 20):
        g.training(cast.teacher, program, ends_on=date(2023, 1, day), region=cast.region)
    many = queries(client, reverse("training:my"))

    assert few == many


def test_the_form_recording_a_training_costs_the_same_with_more_educators(client, cast, on_today):
    client.force_login(cast.methodologist)
    url = reverse("training:training_create") + "?educator_q=ольга"  # every educator that grow() adds
    grow(cast, 3, 0)
    few = queries(client, url)

    grow(cast, 40, 100)
    many = queries(client, url)

    assert few == many
