"""Pages of the diagnostics analytics: heat map (+ .xlsx), risk zone, calibration. Scope: analytics.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from metodist.accounts.models import ScopeLevel
from metodist.audit import actions as audit
from metodist.audit.models import AuditAction, AuditEntry
from metodist.lib.xlsx import Export, Sheet, export_bytes, export_filename, xlsx_response
from metodist.people.models import Educator

from . import analytics
from .forms_selfcheck import AnalyticsFilterForm

RISK_PAGE_SIZE = 50
VIEWS = {"subject": "по предметам", "organization": "по организациям", "municipality": "по муниципалитетам"}


def _allowed(request):
    if not analytics.can_see(request.user):
        raise PermissionDenied(
            "Аналитика диагностик доступна методической службе, региональному оператору и администрации организаций."
        )


def _filters(request):
    form = AnalyticsFilterForm(request.GET or None)
    return form, form.filters(timezone.localdate())


def _common(request, tab: str, form) -> dict:
    return {"form": form, "tab": tab, "can_calibrate": analytics.can_calibrate(request.user)}


def _views(user) -> dict[str, str]:
    """The columns a heat map offers: over a region municipalities (a column for each of its 1,500
    organizations would be unreadable, and its page too slow to build); else organizations."""
    wide = user.scope_level in (ScopeLevel.ALL, ScopeLevel.REGION)
    return {key: label for key, label in VIEWS.items() if key != ("organization" if wide else "municipality")}


def _by(request) -> str:
    by = request.GET.get("by", "subject")
    return by if by in _views(request.user) else "subject"


@login_required
def heatmap(request):
    _allowed(request)
    form, filters = _filters(request)
    by = _by(request)
    heat_map = analytics.heat_map(request.user, filters, by=by)
    return render(
        request,
        "diagnostics/analytics/heatmap.html",
        {
            **_common(request, "heatmap", form),
            "heat_map": heat_map,
            "by": by,
            "views": _views(request.user),
            "legend": analytics.HEAT_LEGEND,
        },
    )


@login_required
def heatmap_export(request):
    _allowed(request)
    form, filters = _filters(request)
    by = _by(request)
    heat_map = analytics.heat_map(request.user, filters, by=by)
    headers = ["Компетенция", *[name for _, name in heat_map.columns]]
    rows = [
        [name, *[f"{cell.share.display} ({cell.deficient} из {cell.diagnosed})" if cell else "—" for cell in cells]]
        for _, name, cells in heat_map.table()
    ]
    notes = [
        "В ячейке: доля продиагностированных педагогов с открытым дефицитом (с дефицитом из продиагностированных)."
    ]
    title = f"Тепловая карта дефицитов {VIEWS[by]}"
    export = Export.by(request.user, title=title, filters=filters.describe())
    content = export_bytes(export, [Sheet("Тепловая карта", headers, rows, widths=(50,), notes=notes)])
    audit.record(request.user, AuditAction.EXPORT, AuditEntry(), summary=f"Выгрузка: {title}")
    return xlsx_response(content, export_filename("Дефициты", export.place, filters.on))


class _Counted:
    """The risk list for the Paginator: its length is the total, and it holds one page fetched by SQL."""

    def __init__(self, total: int, rows: list, offset: int):
        self.total, self.rows, self.offset = total, rows, offset

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, chosen: slice):
        return self.rows[chosen.start - self.offset : chosen.stop - self.offset]


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    return max(int(raw), 1) if raw.isdigit() else 1


@login_required
def risk(request):
    _allowed(request)
    form, filters = _filters(request)
    number = _page_number(request)
    rows, total, places = analytics.risk_zone(
        request.user, filters, limit=RISK_PAGE_SIZE, offset=(number - 1) * RISK_PAGE_SIZE
    )
    if not rows and total == 0 and number > 1:  # past the end (the count comes with the rows): the last page
        _, total, _ = analytics.risk_zone(request.user, filters, limit=1)
        number = max((total + RISK_PAGE_SIZE - 1) // RISK_PAGE_SIZE, 1)
        rows, total, places = analytics.risk_zone(
            request.user, filters, limit=RISK_PAGE_SIZE, offset=(number - 1) * RISK_PAGE_SIZE
        )
    page = Paginator(_Counted(total, rows, (number - 1) * RISK_PAGE_SIZE), RISK_PAGE_SIZE).get_page(number)
    details = analytics.risk_rows(request.user, filters, [educator_id for educator_id, _ in rows])
    people = [{**details[educator_id], "count": count} for educator_id, count in rows]
    return render(
        request,
        "diagnostics/analytics/risk.html",
        {
            **_common(request, "risk", form),
            "page": page,
            "people": people,
            "places": places,
            "risk_min": analytics.RISK_MIN_DEFICITS,
        },
    )


@login_required
def calibration(request):
    if not analytics.can_calibrate(request.user):
        raise PermissionDenied("Калибровку самооценки видит только методист муниципалитета.")
    form, filters = _filters(request)
    return render(
        request,
        "diagnostics/analytics/calibration.html",
        {
            **_common(request, "calibration", form),
            "gaps": analytics.calibration(request.user, filters),
            "margin": analytics.CALIBRATION_MARGIN,
            "few": analytics.CALIBRATION_FEW,
        },
    )


@login_required
def calibration_person(request, educator_id: int):
    """One educator's gap, for the methodologist (the educator sees theirs in the cabinet panel)."""
    if not analytics.can_calibrate(request.user):
        raise PermissionDenied("Калибровку самооценки педагога видят только он сам и методист муниципалитета.")
    today = timezone.localdate()
    in_scope = analytics.employments(request.user, today).values("educator_id")
    educator = Educator.objects.filter(pk=educator_id, pk__in=in_scope).first()
    if educator is None:
        raise Http404("Педагог не найден среди работающих в вашем муниципалитете.")
    audit.record(request.user, AuditAction.READ, educator, summary="Просмотр калибровки самооценки педагога")
    return render(
        request,
        "diagnostics/analytics/calibration_person.html",
        {"educator": educator, "gaps": analytics.own_gaps(educator.pk, today), "margin": analytics.CALIBRATION_MARGIN},
    )
