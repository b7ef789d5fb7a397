"""Each source of reminders on hand-built data, on a fixed day, scoped to what its user may see."""

from datetime import date

import pytest

from metodist.accounts.models import Role
from metodist.monitoring.tests.campaigns import campaign_fixture, catalogue_fixture  # noqa: F401 (fixtures)
from metodist.people.models import Category
from metodist.recommendations.models import Receipt, RecommendationStatus
from metodist.reminders.models import Stage
from metodist.reminders.sources import SOURCES
from metodist.roadmaps.models import ItemStatus
from metodist.routes.models import RouteStatus, StepStatus
from metodist.testing import factories as f
from metodist.testing.routes import route, step

from .builders import EDUCATOR, ORGANIZATION, SERVICE, give_category, item, recommendation, roadmap

TODAY = date(2025, 1, 15)


def _seen(kind, user, today=TODAY):
    return [(r.text, r.due_on, r.overdue) for r in SOURCES[kind].function(user, today)]


# cards: the cast campaign's cards are due on 2024-06-15


def test_a_card_is_reminded_within_two_weeks_of_its_deadline_and_after_it(cast, campaign):
    card = "«Карта ОО» (Школа № 1), «Мониторинг 2023/24»"

    assert _seen("cards", cast.school1_admin, date(2024, 5, 31)) == []
    assert _seen("cards", cast.school1_admin, date(2024, 6, 1)) == [(card, date(2024, 6, 15), False)]
    assert _seen("cards", cast.school1_admin, date(2024, 6, 16)) == [(card, date(2024, 6, 15), True)]


def test_cards_are_reminded_to_who_fills_them_only(cast, campaign):
    assert [text for text, *_ in _seen("cards", cast.coordinator, date(2024, 6, 10))] == [
        "«Карта муниципалитета» (Город N), «Мониторинг 2023/24»"
    ]
    assert [text for text, *_ in _seen("cards", cast.school2_admin, date(2024, 6, 10))] == [
        "«Карта ОО» (Школа № 2), «Мониторинг 2023/24»"
    ]
    assert _seen("cards", cast.teacher_user, date(2024, 6, 10)) == []


def test_a_card_reminder_is_keyed_by_the_card_and_its_deadline(cast, campaign):
    (reminder,) = SOURCES["cards"].function(cast.school1_admin, date(2024, 6, 20))

    assert reminder.key.endswith(":2024-06-15")
    assert reminder.stage == Stage.OVERDUE
    assert reminder.url.startswith("/monitoring/cards/")


# road maps


@pytest.fixture
def road_maps(cast):
    """Город N's adopted road map: due in 10 days, overdue, due in 20 days (too far), done, cancelled, a recurring
    item with two dates not done, an occurrence marked done; a template and Город M's road map alongside."""
    ours = roadmap(cast.municipality)
    item(ours, "Совещание руководителей ШМО", date(2025, 1, 25))
    item(ours, "Мониторинг дефицитов", date(2024, 12, 20), responsible=cast.teacher_user)
    item(ours, "Конференция", date(2025, 2, 4))
    item(ours, "Семинар", date(2025, 1, 20), status=ItemStatus.DONE)
    item(ours, "Форум", date(2025, 1, 20), status=ItemStatus.CANCELLED)
    item(ours, "Заседание совета (ежемесячно)", date(2024, 11, 30), date(2024, 12, 31), date(2025, 1, 31))
    item(ours, "Отчёт", date(2025, 1, 10), status=ItemStatus.IN_PROGRESS, done=[date(2025, 1, 10)])
    item(roadmap(None, "Шаблон"), "Из шаблона", date(2025, 1, 20))
    item(roadmap(cast.other_municipality, "Карта Города M"), "Чужое", date(2025, 1, 20))


@pytest.mark.parametrize("who", ["coordinator", "methodologist"])
def test_the_municipal_service_is_reminded_of_its_road_map_items_due_or_overdue(cast, road_maps, who):
    assert _seen("roadmaps", getattr(cast, who)) == [
        ("1.6 Заседание совета (ежемесячно) («Дорожная карта МСНМС»)", date(2024, 11, 30), True),
        ("1.2 Мониторинг дефицитов («Дорожная карта МСНМС»)", date(2024, 12, 20), True),
        ("1.1 Совещание руководителей ШМО («Дорожная карта МСНМС»)", date(2025, 1, 25), False),
    ]


def test_the_responsible_user_is_reminded_of_the_items_they_answer_for(cast, road_maps):
    assert _seen("roadmaps", cast.teacher_user) == [
        ("1.2 Мониторинг дефицитов («Дорожная карта МСНМС»)", date(2024, 12, 20), True)
    ]


@pytest.mark.parametrize("who", ["school1_admin", "school2_admin", "regional_operator", "mentor_user"])
def test_nobody_else_is_reminded_of_the_municipality_road_map(cast, road_maps, who):
    assert _seen("roadmaps", getattr(cast, who)) == []


def test_the_other_municipality_coordinator_is_reminded_of_its_own_road_map_only(cast, road_maps):
    other = f.UserFactory(role=Role.COORDINATOR, municipality=cast.other_municipality)

    assert [text for text, *_ in _seen("roadmaps", other)] == ["1.1 Чужое («Карта Города M»)"]


# routes: the teacher's route accompanied by a tutor


@pytest.fixture
def tutor(cast):
    return f.UserFactory(username="tutor", role=Role.TUTOR)


@pytest.fixture
def routes(cast, tutor):
    working = route(cast.teacher, region=cast.region, tutor=tutor)
    step(working, title="Курс по функциональной грамотности", due_on=date(2025, 1, 29))
    step(working, title="Открытый урок", due_on=date(2025, 1, 10))
    step(working, title="Далёкий шаг", due_on=date(2025, 1, 30))
    step(working, title="Без срока")
    step(working, title="Выполненный", status=StepStatus.DONE, due_on=date(2025, 1, 10), done_on=date(2025, 1, 9))
    step(working, title="Отменённый", status=StepStatus.CANCELLED, due_on=date(2025, 1, 10))
    step(working, title="Предложенный", status=StepStatus.PROPOSED, due_on=date(2025, 1, 10))
    drafted = route(cast.teacher, region=cast.region, tutor=tutor, status=RouteStatus.DRAFT)
    step(drafted, title="Шаг черновика", due_on=date(2025, 1, 20))
    someone_elses = route(cast.school2_educator, region=cast.region)
    step(someone_elses, title="Чужой шаг", due_on=date(2025, 1, 20))


def test_the_educator_is_reminded_of_the_planned_steps_of_her_route(cast, routes):
    assert _seen("routes", cast.teacher_user) == [
        ("Мой маршрут — шаг «Открытый урок»", date(2025, 1, 10), True),
        ("Мой маршрут — шаг «Курс по функциональной грамотности»", date(2025, 1, 29), False),
    ]


def test_the_tutor_is_reminded_of_the_steps_of_the_routes_he_accompanies(cast, routes, tutor):
    assert _seen("routes", tutor) == [
        ("Маршрут: Смирнова Анна Игоревна — шаг «Открытый урок»", date(2025, 1, 10), True),
        ("Маршрут: Смирнова Анна Игоревна — шаг «Курс по функциональной грамотности»", date(2025, 1, 29), False),
    ]


@pytest.mark.parametrize("who", ["mentor_user", "school1_admin", "coordinator", "other_user"])
def test_nobody_else_is_reminded_of_her_steps(cast, routes, who):
    assert _seen("routes", getattr(cast, who)) == []


# recommendations


@pytest.fixture
def recommendations(cast, campaign):
    recommendation(campaign, EDUCATOR, "Смирновой", educator=cast.teacher)
    recommendation(campaign, EDUCATOR, "Не отправлена", educator=cast.teacher, status=RecommendationStatus.DRAFT)
    recommendation(campaign, ORGANIZATION, "Школе № 1", organization=cast.school1)
    recommendation(campaign, ORGANIZATION, "Школе № 2", organization=cast.school2)
    return recommendation(campaign, SERVICE, "Методической службе")


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("teacher_user", ["Смирновой"]),
        ("school1_admin", ["Школе № 1"]),
        ("school2_admin", ["Школе № 2"]),
        ("coordinator", ["Методической службе"]),
        ("mentor_user", []),
        ("other_user", []),
    ],
)
def test_each_recipient_is_reminded_of_the_recommendations_sent_to_them(cast, recommendations, who, titles):
    reminders = SOURCES["recommendations"].function(getattr(cast, who), TODAY)

    assert [r.text.split("«")[1].split("»")[0] for r in reminders] == titles
    assert all(r.due_on is None and r.stage == Stage.NEW for r in reminders)


def test_a_recommendation_read_by_the_user_is_no_longer_reminded(cast, recommendations):
    Receipt.objects.create(recommendation=recommendations, user=cast.coordinator, read_at="2025-01-14T10:00:00Z")

    assert _seen("recommendations", cast.coordinator) == []
    assert len(_seen("recommendations", cast.methodologist)) == 1


# attestation: Смирнова's first category (awarded 2020-03-01) expires on 2025-03-01; Кузнецов holds the highest
# without a term; Орлова of school 2 has none and has worked since 2010-09-01, so her СЗД was due on 2012-09-01


@pytest.fixture
def categories(cast):
    give_category(cast.teacher)
    give_category(cast.mentor_educator, Category.HIGHEST, date(2024, 1, 10), None)


def test_the_educator_is_reminded_that_her_category_expires(cast, categories):
    assert _seen("attestation", cast.teacher_user) == [
        ("Моя аттестация: истекает срок категории", date(2025, 3, 1), False)
    ]


def test_a_category_expiring_later_than_three_months_is_not_reminded(cast, categories):
    assert _seen("attestation", cast.teacher_user, date(2024, 11, 30)) == []


def test_the_school_administrator_is_reminded_of_the_staff_attestation_dates(cast, categories):
    assert _seen("attestation", cast.school1_admin) == [
        ("Смирнова Анна Игоревна (Школа № 1): истекает срок категории (первая)",
         date(2025, 3, 1), False),
        ("Смирнова Анна Игоревна (Школа № 1, Учитель): подтверждение соответствия должности", date(2025, 3, 2), False),
    ]  # fmt: skip


def test_the_school2_administrator_gets_nothing_of_school1_staff(cast, categories):
    assert _seen("attestation", cast.school2_admin) == [
        ("Орлова Вера Петровна (Школа № 2, Учитель): подтверждение соответствия должности", date(2012, 9, 1), True)
    ]


@pytest.mark.parametrize("who", ["coordinator", "regional_operator"])
def test_the_staff_attestation_is_reminded_to_the_employer_only(cast, categories, who):
    assert _seen("attestation", getattr(cast, who)) == []
