"""A published municipality for the portal's tests: an approved report (and a draft one), road maps, events."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from metodist.events.models import Event, EventKind, EventStatus, OrganizerKind, Participation
from metodist.monitoring.models import (
    Campaign,
    CampaignStatus,
    Catalogue,
    Indicator,
    IndicatorKind,
    Level,
    ResultStatus,
    Snapshot,
    SnapshotValue,
    TargetStatus,
    Unit,
)
from metodist.reports.models import AnalyticReport, ReportStatus
from metodist.roadmaps.models import ItemStatus, Roadmap, RoadmapDue, RoadmapItem, RoadmapSection

MOSCOW = ZoneInfo("Europe/Moscow")
SNILS = "11223344595"


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=MOSCOW)


def catalogue():
    catalogue = Catalogue.objects.create(
        code="portal", title="Каталог", document="Положение", source="p.txt", version="1"
    )
    young = Indicator.objects.create(
        catalogue=catalogue, code="young", number="1.1", name="доля молодых педагогов", group=["Трек 1", "1. кадры"],
        source="п. 1", kind=IndicatorKind.SHARE, unit=Unit.EDUCATORS, targets=[{"op": ">=", "value": 25}], order=1,
    )  # fmt: skip
    mentors = Indicator.objects.create(
        catalogue=catalogue, code="mentors", number="1.2", name="количество наставников", group=["Трек 1", "1. кадры"],
        source="п. 2", kind=IndicatorKind.COUNT, unit=Unit.EDUCATORS, order=2,
    )  # fmt: skip
    schools = Indicator.objects.create(
        catalogue=catalogue, code="schools", number="2.1", name="доля ОО с программой наставничества",
        group=["Трек 2", "2. организации"], source="п. 3", kind=IndicatorKind.SHARE, unit=Unit.ORGANIZATIONS, order=3,
    )  # fmt: skip
    return catalogue, young, mentors, schools


def value(snapshot, indicator, numerator, denominator, result, *, organization=None, municipality=None, **fields):
    return SnapshotValue.objects.create(
        snapshot=snapshot,
        indicator=indicator,
        level=Level.ORGANIZATION if organization else Level.MUNICIPALITY,
        organization=organization,
        municipality=municipality,
        numerator=numerator,
        denominator=denominator,
        value=result,
        status=ResultStatus.OK,
        **fields,
    )


def campaign(cast, catalogue, period, end):
    return Campaign.objects.create(
        catalogue=catalogue, title=f"Мониторинг {period}", period=period, period_start=date(end.year - 1, 9, 1),
        period_end=end, region=cast.region, municipality=cast.municipality, deadline=end, status=CampaignStatus.CLOSED,
    )  # fmt: skip


def report(cast):
    """The approved report of 2023/24 over Город N: young teachers 2 of 20 in school 1 (small: hidden, and
    school 2's 10 of 20 with it), 12 of 40 in the municipality, 25,0 % a year before; 3 mentors (small); one
    of two schools with a mentoring programme (organizations: not suppressed). A draft report of 2024/25."""
    catalogue_, young, mentors, schools = catalogue()
    approved = campaign(cast, catalogue_, "2023/24", date(2024, 5, 31))
    snapshot = Snapshot.objects.create(campaign=approved, catalogue_version="1", data_read_at=at(date(2024, 6, 1)))
    value(snapshot, young, 12, 40, Decimal("30.0"), municipality=cast.municipality, previous_value=Decimal("25.0"),
          target_status=TargetStatus.MET)  # fmt: skip
    value(snapshot, young, 2, 20, Decimal("10.0"), organization=cast.school1, target_status=TargetStatus.NOT_MET)
    value(snapshot, young, 10, 20, Decimal("50.0"), organization=cast.school2, target_status=TargetStatus.MET)
    value(snapshot, mentors, 3, None, 3, municipality=cast.municipality)
    value(snapshot, mentors, 3, None, 3, organization=cast.school1)
    value(snapshot, mentors, 0, None, 0, organization=cast.school2)
    value(snapshot, schools, 1, 2, Decimal("50.0"), municipality=cast.municipality)
    value(snapshot, young, 1, 10, Decimal("10.0"), organization=cast.school3)  # another municipality's school
    published = AnalyticReport.objects.create(
        campaign=approved, municipality=cast.municipality, snapshot=snapshot, title="Справка 2023/24",
        status=ReportStatus.APPROVED, generated_at=at(date(2024, 6, 2)), approved_at=at(date(2024, 6, 3)),
    )  # fmt: skip
    later = campaign(cast, catalogue_, "2024/25", date(2025, 5, 31))
    draft_snapshot = Snapshot.objects.create(campaign=later, catalogue_version="1", data_read_at=at(date(2025, 1, 1)))
    draft = AnalyticReport.objects.create(
        campaign=later, municipality=cast.municipality, snapshot=draft_snapshot, title="Черновик справки 2024/25",
        status=ReportStatus.DRAFT, generated_at=at(date(2025, 1, 2)),
    )  # fmt: skip
    return published, draft


def roadmaps(cast):
    """Город N's road map: section I with 3 items (one done; one planned due 2024-12-01 and not done: overdue;
    one due 2025-03-01), section II with a done item and a cancelled one; and a template (not published)."""
    adopted = Roadmap.objects.create(title="Дорожная карта Города N", municipality=cast.municipality,
                                     starts_year=2024, ends_year=2026)  # fmt: skip
    first = RoadmapSection.objects.create(roadmap=adopted, number="I", title="Диагностика", order=1)
    second = RoadmapSection.objects.create(roadmap=adopted, number="II", title="Наставничество", order=2)
    items = [
        (first, ItemStatus.DONE, date(2024, 10, 1), date(2024, 10, 1)),
        (first, ItemStatus.PLANNED, date(2024, 12, 1), None),
        (first, ItemStatus.IN_PROGRESS, date(2025, 3, 1), None),
        (second, ItemStatus.DONE, date(2024, 11, 1), None),
        (second, ItemStatus.CANCELLED, date(2024, 11, 1), None),
    ]
    for order, (section, status, due, done) in enumerate(items):
        item = RoadmapItem.objects.create(
            roadmap=adopted, section=section, activity=f"Мероприятие {order}", status=status, order=order,
            executors="Смирнова Анна Игоревна, учитель", responsible_user=cast.teacher_user,
        )  # fmt: skip
        RoadmapDue.objects.create(item=item, due_on=due, done_on=done)
    template = Roadmap.objects.create(title="Шаблон дорожной карты", starts_year=2024, ends_year=2026)
    RoadmapSection.objects.create(roadmap=template, number="I", title="Раздел шаблона", order=1)
    return adopted, template


def events(cast):
    """An upcoming published seminar of school 1 with the teacher registered; a draft and a past event."""
    upcoming = Event.objects.create(
        title="Семинар по функциональной грамотности", kind=EventKind.SEMINAR,
        organizer_kind=OrganizerKind.ORGANIZATION, organization=cast.school1, place="Актовый зал",
        starts_at=at(date(2025, 2, 1)), ends_at=at(date(2025, 2, 1), 12),
        municipality=cast.municipality, region=cast.region, status=EventStatus.PUBLISHED,
        description="Ведёт Кузнецов Павел Андреевич", created_by=cast.coordinator,
    )  # fmt: skip
    Participation.objects.create(event=upcoming, educator=cast.teacher)
    Event.objects.create(
        title="Черновик мероприятия", municipality=cast.municipality, region=cast.region, status=EventStatus.DRAFT,
        starts_at=at(date(2025, 2, 2)), ends_at=at(date(2025, 2, 2), 12),
    )  # fmt: skip
    Event.objects.create(
        title="Прошедший семинар", municipality=cast.municipality, region=cast.region, status=EventStatus.PUBLISHED,
        starts_at=at(date(2024, 12, 2)), ends_at=at(date(2024, 12, 2), 12),
    )  # fmt: skip
    return upcoming


def published_municipality(cast):
    """Everything above, with the named educators of the cast carrying their SNILS."""
    cast.teacher.snils = SNILS
    cast.teacher.save(update_fields=["snils"])
    cast.teacher_user.last_name, cast.teacher_user.first_name = "Смирнова", "Анна"
    cast.teacher_user.save(update_fields=["last_name", "first_name"])
    return {"report": report(cast), "roadmaps": roadmaps(cast), "event": events(cast)}
