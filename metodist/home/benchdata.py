"""The demo users, campaigns and page addresses that the page benchmarks request (bench_pages, bench_load).

Works after `seed_demo` at any scale followed by `seed_demo_monitoring`; the campaign over the whole region is
created (and computed) on the first run and reused afterwards.
"""

import time
from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.urls import reverse

from metodist.accounts.models import Role, User
from metodist.demo.users import demo_users_q
from metodist.lib.dates import school_year
from metodist.monitoring.actions import compute_snapshot, open_campaign
from metodist.monitoring.compute import members
from metodist.monitoring.models import Campaign, Unit
from metodist.orgs.models import Organization
from metodist.people.models import Category, Subject

REGION_TITLE = "Мониторинг региона {period} (замер страниц)"
SUBJECT = "mathematics"  # the subject of the second list filter, the commonest one


def demo_user(role: str) -> User:
    user = User.objects.filter(demo_users_q(), role=role).select_related("municipality", "region").first()
    if user is None:
        raise CommandError("Нет демонстрационных пользователей: сначала выполните manage.py seed_demo.")
    return user


def municipal_campaign(user: User, *, approved: bool = False) -> Campaign:
    """The latest computed (or approved) campaign of the coordinator's municipality, made by
    seed_demo_monitoring."""
    campaigns = Campaign.objects.filter(municipality=user.municipality, snapshots__isnull=False)
    if approved:
        campaigns = campaigns.filter(approvals__reopened_at__isnull=True)
    campaign = campaigns.order_by("-period_start", "-pk").first()
    if campaign is None:
        raise CommandError("Нет кампаний муниципалитета: сначала выполните manage.py seed_demo_monitoring.")
    return campaign


def regional_campaign(user: User, on: date, *, compute: bool = True, say: Callable[[str], None] = print) -> Campaign:
    """A campaign of the municipal campaign's catalogue over the whole region, computed once."""
    catalogue = municipal_campaign(demo_user(Role.COORDINATOR)).catalogue
    year = school_year(on)
    period = f"{year}/{(year + 1) % 100:02d}"
    campaign, created = Campaign.objects.get_or_create(
        catalogue=catalogue,
        region=user.region,
        municipality=None,
        period=period,
        defaults={
            "title": REGION_TITLE.format(period=period),
            "period_start": date(year, 9, 1),
            "period_end": date(year + 1, 5, 31),
            "deadline": date(year + 1, 6, 15),
        },
    )
    if created:
        open_campaign(campaign, by=user)
    if compute and not campaign.snapshots.exists():
        say(f"Расчёт кампании «{campaign.title}» на весь регион (один раз)…")
        started = time.perf_counter()
        compute_snapshot(campaign, by=user)
        say(f"  рассчитана за {time.perf_counter() - started:.1f} с")
    return campaign


def page_url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def subject_list_url() -> str:
    subject = Subject.objects.filter(code=SUBJECT).first() or Subject.objects.first()
    return page_url("people:list", category=Category.HIGHEST, subject=subject.pk if subject else "")


def drilldown_url(campaign: Campaign) -> str:
    """The denominator of the campaign's first indicator counted from the registry over educators."""
    for indicator in campaign.catalogue.indicators.filter(unit=Unit.EDUCATORS).order_by("order"):
        if members(campaign, indicator, "denominator") is not None:
            return page_url("monitoring:drilldown", campaign.pk, indicator.code, part="denominator")
    raise CommandError(f"В каталоге {campaign.catalogue.code} нет показателей реестра по педагогам.")


def largest_organization(user: User, *, exclude_municipality: int | None = None) -> Organization:
    """The organization of the user's scope with the most employments: the heaviest card a user opens."""
    organizations = Organization.objects.in_scope(user)
    if exclude_municipality:
        organizations = organizations.filter(~Q(municipality_id=exclude_municipality))
    organization = organizations.annotate(staff=Count("employments")).order_by("-staff", "pk").first()
    if organization is None:
        raise CommandError("Нет организаций: сначала выполните manage.py seed_demo.")
    return organization
