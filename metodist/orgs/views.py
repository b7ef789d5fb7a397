from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from metodist.accounts.models import ScopeLevel
from metodist.lib.shares import Share
from metodist.lib.xlsx import Export, Sheet, export_bytes, export_filename, xlsx_response
from metodist.people.models import Educator, Employment

from . import actions
from .forms import (
    FlagCloseForm,
    FlagPeriodForm,
    OrganizationFilterForm,
    OrganizationForm,
    OrganizationRequisitesForm,
    StaffPositionForm,
)
from .models import FlagPeriod, Organization, StaffPosition

PAGE_SIZE = 25


def organization_rows(user, on: date):
    """Organizations in scope with their figures, all computed in the one query of the list.

    educator_count: distinct people with an active employment there on `on`; staffing: the filled part of
    the staff rates (NULL without a staff list), for sorting only: pages show `Share`, rounded by its rule.
    Staff rates are those of the staff list valid on `on`; the flag periods are prefetched for `flag_labels`.
    """
    educators = (
        Employment.objects.active(on)
        .filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(count=Count("educator", distinct=True))
        .values("count")
    )
    rates = DecimalField(max_digits=9, decimal_places=2)
    return (
        Organization.objects.in_scope(user)
        .with_staffing(on)
        .annotate(
            educator_count=Coalesce(Subquery(educators, output_field=IntegerField()), 0),
            filled_rates=ExpressionWrapper(F("staff_rates") - F("vacant_rates"), output_field=rates),
            # Floats on purpose: SQLite keeps whole rates as integers and would divide them as integers.
            staffing=Cast("filled_rates", FloatField()) / NullIf(Cast("staff_rates", FloatField()), Value(0.0)),
        )
        .select_related("municipality")
        .prefetch_related("flag_periods")
    )


def _is_partial(request) -> bool:
    """An htmx request for the results only (history restoration asks for the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


@login_required
def organization_list(request):
    on = timezone.localdate()
    form = OrganizationFilterForm(request.GET, user=request.user)
    organizations = form.filter(organization_rows(request.user, on), on)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    for organization in page:
        organization.flags = organization.flag_labels(on)
    context = {
        "form": form,
        "page": page,
        "sort": form.cleaned_data.get("sort") or "name",
        "may_create": actions.may_manage_organizations(request.user),
        "show_municipality": request.user.scope_level in (ScopeLevel.ALL, ScopeLevel.REGION),
    }
    template = "orgs/_results.html" if _is_partial(request) else "orgs/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


EXPORT_HEADERS = [
    "Краткое наименование",
    "Полное наименование",
    "Тип",
    "Муниципальное образование",
    "ИНН",
    "ОГРН",
    "Адрес",
    "Признаки",
    "Действующая",
    "Педагогов",
    "Ставок по штатному расписанию",
    "Вакантных ставок",
    "Укомплектованность, %",
]


@login_required
def organization_export(request):
    on = timezone.localdate()
    form = OrganizationFilterForm(request.GET, user=request.user)
    organizations = form.filter(organization_rows(request.user, on), on)
    rows = (
        [
            org.short_name,
            org.full_name,
            org.get_kind_display(),
            str(org.municipality),
            org.inn,
            org.ogrn,
            org.address,
            ", ".join(org.flag_labels(on)),
            "да" if org.is_active else "нет",
            org.educator_count,
            org.staff_rates,
            org.vacant_rates,
            Share(org.filled_rates, org.staff_rates).percent,
        ]
        for org in organizations
    )
    widths = [30, 60, 28, 24, 14, 17, 40, 30, 12, 11, 14, 12, 14]
    export = Export.by(
        request.user, title=f"Образовательные организации на {on:%d.%m.%Y}", filters="; ".join(form.describe())
    )
    content = export_bytes(export, [Sheet("Организации", EXPORT_HEADERS, rows, widths)])
    return xlsx_response(content, export_filename("Организации", export.place, on))


@login_required
def organization_detail(request, pk):
    on = timezone.localdate()
    organization = get_object_or_404(organization_rows(request.user, on), pk=pk)
    staff = list(
        organization.staff_positions.select_related("position", "subject").order_by(
            "position__order", "subject__order", "valid_from"
        )
    )
    educators = (
        Educator.objects.in_scope(request.user)
        .working_in([organization], on)
        .prefetch_related(
            Prefetch(
                "employments",
                queryset=Employment.objects.active(on)
                .filter(organization=organization)
                .select_related("position")
                .prefetch_related("subjects"),
                to_attr="here",
            )
        )
    )
    return render(
        request,
        "orgs/detail.html",
        {
            "organization": organization,
            "staff": [row for row in staff if row.is_valid_on(on)],
            "staff_other_periods": [row for row in staff if not row.is_valid_on(on)],
            "flags": organization.flag_labels(on),
            "flag_periods": sorted(
                organization.flag_periods.all(), key=lambda p: (p.flag, p.start_date or date.min), reverse=True
            ),
            "educators": educators,
            "on": on,
            "may_edit": actions.may_edit(request.user, organization),
            "may_manage_flags": actions.may_manage_flags(request.user, organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    if not actions.may_manage_organizations(request.user):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organization = actions.create_organization(form.save(commit=False), by=request.user)
        messages.success(request, "Организация добавлена.")
        return redirect("orgs:detail", pk=organization.pk)
    return render(request, "orgs/form.html", {"form": form, "organization": None})


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk):
    organization = get_object_or_404(Organization.objects.in_scope(request.user), pk=pk)
    if not actions.may_edit(request.user, organization):
        raise PermissionDenied
    if actions.may_manage_organizations(request.user):
        form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    else:
        form = OrganizationRequisitesForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        actions.update_organization(form.save(commit=False), by=request.user)
        messages.success(request, "Сведения об организации сохранены.")
        return redirect("orgs:detail", pk=organization.pk)
    return render(request, "orgs/form.html", {"form": form, "organization": organization})


def _editable_organization(request, pk) -> Organization:
    organization = get_object_or_404(Organization.objects.in_scope(request.user), pk=pk)
    if not actions.may_edit(request.user, organization):
        raise PermissionDenied
    return organization


def _editable_staff(request, pk) -> StaffPosition:
    staff = get_object_or_404(StaffPosition.objects.in_scope(request.user).select_related("organization"), pk=pk)
    if not actions.may_edit(request.user, staff.organization):
        raise PermissionDenied
    return staff


@login_required
@require_http_methods(["GET", "POST"])
def staff_add(request, pk):
    organization = _editable_organization(request, pk)
    form = StaffPositionForm(request.POST or None, instance=StaffPosition(organization=organization))
    if request.method == "POST" and form.is_valid():
        actions.save_staff_position(form.save(commit=False), by=request.user)
        messages.success(request, "Строка штатного расписания добавлена.")
        return redirect("orgs:detail", pk=organization.pk)
    return render(request, "orgs/staff_form.html", {"form": form, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk):
    staff = _editable_staff(request, pk)
    form = StaffPositionForm(request.POST or None, instance=staff)
    if request.method == "POST" and form.is_valid():
        actions.save_staff_position(form.save(commit=False), by=request.user)
        messages.success(request, "Строка штатного расписания сохранена.")
        return redirect("orgs:detail", pk=staff.organization_id)
    return render(request, "orgs/staff_form.html", {"form": form, "organization": staff.organization, "staff": staff})


@login_required
@require_http_methods(["GET", "POST"])
def staff_delete(request, pk):
    staff = _editable_staff(request, pk)
    if request.method == "POST":
        actions.delete_staff_position(staff, by=request.user)
        messages.success(request, "Строка штатного расписания удалена.")
        return redirect("orgs:detail", pk=staff.organization_id)
    return render(request, "orgs/staff_confirm_delete.html", {"staff": staff, "organization": staff.organization})


def _flag_organization(request, pk) -> Organization:
    organization = get_object_or_404(Organization.objects.in_scope(request.user), pk=pk)
    if not actions.may_manage_flags(request.user, organization):
        raise PermissionDenied
    return organization


@login_required
@require_http_methods(["GET", "POST"])
def flag_add(request, pk):
    organization = _flag_organization(request, pk)
    form = FlagPeriodForm(request.POST or None, instance=FlagPeriod(organization=organization))
    if request.method == "POST" and form.is_valid():
        actions.add_flag_period(form.save(commit=False), by=request.user)
        messages.success(request, "Период признака добавлен.")
        return redirect("orgs:detail", pk=organization.pk)
    return render(request, "orgs/flag_form.html", {"form": form, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def flag_close(request, pk):
    period = get_object_or_404(
        FlagPeriod.objects.in_scope(request.user).filter(end_date__isnull=True).select_related("organization"), pk=pk
    )
    organization = _flag_organization(request, period.organization_id)
    form = FlagCloseForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        actions.close_flag_period(period, form.cleaned_data["end_date"], by=request.user)
        messages.success(request, "Период признака закрыт.")
        return redirect("orgs:detail", pk=organization.pk)
    return render(request, "orgs/flag_form.html", {"form": form, "organization": organization, "period": period})
