from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from metodist.lib.xlsx import Export, Sheet, export_bytes, export_filename, xlsx_response
from metodist.monitoring.display import number
from metodist.monitoring.lifecycle import official_snapshot, shown_snapshot
from metodist.monitoring.models import Campaign, Indicator
from metodist.orgs.models import Municipality

from . import ranking
from .actions import place
from .models import NOT_PLACED, Cluster, Placement
from .peers import context_lines, describe
from .series import series

# The clusters in the order the pages show them, from the weakest to the strongest (seed 003's order).
CLUSTER_ORDER = (Cluster.SUPPORT, Cluster.LEVELLING, Cluster.DEVELOPMENT)


def _campaigns(user):
    if not user.sees_organizations:
        raise PermissionDenied("Кластеры доступны сотрудникам органов и организаций.")
    return Campaign.objects.in_scope(user).select_related("catalogue", "region", "municipality")


def _shown(request, pk: int):
    """The campaign in the user's scope, its shown snapshot and whether that one is approved. The first page
    to show a snapshot places its organizations (once: then the placements are read)."""
    campaign = get_object_or_404(_campaigns(request.user), pk=pk)
    snapshot = shown_snapshot(campaign)
    if snapshot is not None:
        place(snapshot)
    approved = snapshot is not None and snapshot == official_snapshot(campaign)
    return campaign, snapshot, approved


def _placements(user, snapshot):
    found = Placement.objects.filter(snapshot=snapshot).in_scope(user).select_related("organization")
    return found.order_by(F("score").desc(nulls_last=True), "organization__sort_name", "organization_id")


def _municipality(request, campaign):
    """A regional campaign's page may be narrowed to one municipality the user sees (`?municipality=ID`).
    Returns the municipalities to choose from and the chosen one (or None)."""
    if not campaign.is_regional:
        return [], None
    choices = list(Municipality.objects.in_scope(request.user).filter(region_id=campaign.region_id))
    chosen = request.GET.get("municipality", "")
    return choices, next((m for m in choices if str(m.pk) == chosen), None)


def _shown_placements(request, campaign, snapshot) -> tuple[list, list, object]:
    """The placements a campaign's page and export show: (placements, municipalities to choose, chosen)."""
    choices, chosen = _municipality(request, campaign)
    if snapshot is None:
        return [], choices, chosen
    found = _placements(request.user, snapshot)
    if chosen is not None:
        found = found.filter(organization__municipality=chosen)
    return list(found), choices, chosen


def _row(placement: Placement) -> dict:
    return {
        "placement": placement,
        "group": describe(placement.peer_group),
        "context": context_lines(placement.context),
    }


@login_required
def index(request):
    campaigns = _campaigns(request.user).annotate(computed_at=Max("snapshots__data_read_at"))
    campaigns = campaigns.distinct().order_by("-period_end", "pk")
    return render(request, "clusters/index.html", {"campaigns": campaigns})


@login_required
def campaign(request, pk: int):
    campaign, snapshot, approved = _shown(request, pk)
    placements, municipalities, chosen = _shown_placements(request, campaign, snapshot)
    sections = [
        (value, label, [_row(p) for p in placements if p.cluster == value])
        for value, label in ((value, Cluster(value).label) for value in CLUSTER_ORDER)
    ]
    sections.append(("", NOT_PLACED, [_row(p) for p in placements if not p.is_placed]))
    context = {
        "campaign": campaign,
        "snapshot": snapshot,
        "approved": approved,
        "sections": sections,
        "total": len(placements),
        "municipalities": municipalities,
        "chosen": chosen,
        "thresholds": (ranking.SUPPORT_BELOW, ranking.DEVELOPMENT_FROM),
    }
    return render(request, "clusters/campaign.html", context)


@login_required
def organization(request, pk: int, organization_pk: int):
    campaign, snapshot, approved = _shown(request, pk)
    if snapshot is None:
        raise Http404("По кампании ещё нет расчёта показателей.")
    placement = get_object_or_404(_placements(request.user, snapshot), organization_id=organization_pk)
    indicators = Indicator.objects.in_bulk([row["indicator"] for row in placement.profile])
    profile = []
    for row in placement.profile:
        indicator = indicators[row["indicator"]]
        link = reverse("monitoring:drilldown", args=[campaign.pk, indicator.code])
        shown = {key: ranking.shown(indicator, Decimal(row[key])) for key in ("value", "median")}
        profile.append({**row, **shown, "percentile": number(Decimal(row["percentile"])), "name": indicator.name,
                        "link": f"{link}?organization={organization_pk}"})  # fmt: skip
    over_years = series(campaign, request.user)
    history = next(row for row in over_years.rows if row.organization.pk == organization_pk)
    context = {
        "campaign": campaign,
        "snapshot": snapshot,
        "approved": approved,
        "row": _row(placement),
        "profile": profile,
        "history": history,
        "campaigns": over_years.campaigns,
    }
    return render(request, "clusters/organization.html", context)


@login_required
def years(request, pk: int):
    campaign = get_object_or_404(_campaigns(request.user), pk=pk)
    context = {"campaign": campaign, "series": series(campaign, request.user)}
    return render(request, "clusters/years.html", context)


@login_required
def export(request, pk: int):
    campaign, snapshot, _ = _shown(request, pk)
    placements, _, chosen = _shown_placements(request, campaign, snapshot)
    order = {value: index for index, value in enumerate((*CLUSTER_ORDER, ""))}
    placements.sort(key=lambda p: order[p.cluster])
    rows = [
        (p.get_cluster_display() or NOT_PLACED, p.organization.short_name, describe(p.peer_group),
         "; ".join(context_lines(p.context)), p.score, "\n".join(p.reasons))
        for p in placements
    ]  # fmt: skip
    sheet = Sheet(
        title="Кластеры",
        headers=["Кластер", "Организация", "Группа сопоставимых", "Контекст", "Сводная оценка", "Основания"],
        rows=rows,
        widths=[24, 30, 40, 40, 10, 90],
    )
    place_name = str(campaign.municipality or campaign.region)
    filters = f"муниципалитет {chosen}" if chosen else "нет"
    made = Export.by(request.user, title=f"Кластеры организаций: {campaign.title}", filters=filters, place=place_name)
    content = export_bytes(made, [sheet])
    return xlsx_response(content, export_filename("Кластеры", place_name, timezone.localdate()))
