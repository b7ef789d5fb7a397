"""The demo seeder: nothing without deficits, routes in every status for the demo tutor, rerun-safe."""

from datetime import date

import pytest

from metodist.accounts.models import Role
from metodist.routes import demo
from metodist.routes.models import LearningRoute, RouteEvent, RouteStatus, StepStatus
from metodist.testing import factories as f
from metodist.testing import growth

TODAY = date(2025, 1, 15)


def test_without_deficits_nothing_is_seeded_and_it_says_so(cast):
    lines = demo.seed(today=TODAY, progress=lambda line: None)

    assert lines == [
        "Маршруты: открытых профессиональных дефицитов нет — маршруты не созданы (нужна демо-диагностика)."
    ]
    assert not LearningRoute.objects.exists()


@pytest.fixture
def demo_world(cast):
    tutor = f.UserFactory(username="tutor", role=Role.TUTOR)
    f.UserFactory(username="methodist", role=Role.METHODOLOGIST, municipality=cast.municipality)
    growth.program(title="Формирующее оценивание", competencies=["assess.formative"], in_federal_registry=True)
    diagnostic = growth.diagnostic(cast.region, ends_on=date(2024, 5, 31))
    for number in range(40):
        educator = f.EducatorFactory(last_name=f"Педагог{number}")
        f.EmploymentFactory(educator=educator, organization=cast.school1 if number % 2 else cast.school2)
        growth.results(diagnostic, educator, {"assess.formative": 3, "digital.safety": 2, "fl.math": 8})
    return tutor


def test_the_demo_tutor_gets_routes_in_every_status(demo_world):
    lines = demo.seed(today=TODAY, progress=lambda line: None)

    tutored = LearningRoute.objects.filter(tutor=demo_world)
    assert set(tutored.values_list("status", flat=True)) == set(RouteStatus.values)
    assert lines[-1] == "Маршруты: тьютор «tutor» сопровождает 12 маршрутов демо-муниципалитета."
    finished = tutored.filter(status__in=[RouteStatus.COMPLETED, RouteStatus.EVALUATED])
    assert all(route.recommendations.exists() and route.support.exists() for route in finished)
    assert all(route.progress() == 100 for route in finished)
    drafts = tutored.filter(status=RouteStatus.DRAFT)
    assert not drafts.exclude(steps__status=StepStatus.PROPOSED).exists()
    assert demo_world.route_notices.exists()


def test_the_demo_is_deterministic_and_rerun_safe(demo_world):
    demo.seed(today=TODAY, progress=lambda line: None)
    first = list(LearningRoute.objects.order_by("educator_id").values_list("educator_id", "status", "base"))

    again = demo.seed(today=TODAY, progress=lambda line: None)
    assert again == ["Маршруты: уже есть — пропущено."]
    demo.clear()
    assert not RouteEvent._base_manager.exists()
    demo.seed(today=TODAY, progress=lambda line: None)

    assert list(LearningRoute.objects.order_by("educator_id").values_list("educator_id", "status", "base")) == first
