"""Rows of the modules the reminders read, built directly (their own modules build them by their actions)."""

from datetime import date

from django.utils import timezone

from metodist.people.models import Category
from metodist.recommendations.models import RecipientKind, Recommendation, RecommendationStatus
from metodist.roadmaps.models import ItemStatus, Roadmap, RoadmapDue, RoadmapItem, RoadmapSection


def roadmap(municipality, title="Дорожная карта МСНМС") -> Roadmap:
    """An adopted road map of `municipality` (None: a template) with one section."""
    adopted = Roadmap.objects.create(title=title, municipality=municipality, starts_year=2024, ends_year=2026)
    RoadmapSection.objects.create(roadmap=adopted, number="I", title="Организационные мероприятия")
    return adopted


def item(road_map, activity, *dues, status=ItemStatus.PLANNED, responsible=None, done=()) -> RoadmapItem:
    """An item with a RoadmapDue per date of `dues`; those in `done` are marked done that day."""
    created = RoadmapItem.objects.create(
        roadmap=road_map,
        section=road_map.sections.get(),
        number=f"1.{road_map.items.count() + 1}",
        activity=activity,
        status=status,
        responsible_user=responsible,
        order=road_map.items.count(),
    )
    for due_on in dues:
        RoadmapDue.objects.create(item=created, due_on=due_on, done_on=due_on if due_on in done else None)
    return created


def recommendation(campaign, recipient_kind, title, *, status=RecommendationStatus.SENT, **recipient):
    return Recommendation.objects.create(
        campaign=campaign,
        recipient_kind=recipient_kind,
        municipality=campaign.municipality,
        title=title,
        text="Текст рекомендации",
        status=status,
        sent_at=timezone.now() if status == RecommendationStatus.SENT else None,
        **recipient,
    )


def give_category(educator, category=Category.FIRST, awarded_on=date(2020, 3, 1), expires_on=date(2025, 3, 1)):
    educator.category, educator.category_awarded_on, educator.category_expires_on = category, awarded_on, expires_on
    educator.save(update_fields=["category", "category_awarded_on", "category_expires_on"])


EDUCATOR = RecipientKind.EDUCATOR
ORGANIZATION = RecipientKind.ORGANIZATION
SERVICE = RecipientKind.SERVICE
