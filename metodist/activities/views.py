"""Pages of the activity records: the scoped lists (expert roles, activity records, targeted training
contracts) with filters, one educator's and one organization's records, and the entry forms."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.diagnostics.forms import ImportUploadForm
from metodist.imports.context import ImportContext
from metodist.jobs import actions as jobs
from metodist.lib.forms import BootstrapFormMixin
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.lib.xlsx import export_filename, xlsx_response
from metodist.orgs.models import Organization
from metodist.people.models import Educator

from . import actions, exports, importing
from .forms import KINDS
from .models import ActivityImport, ImportStatus

PAGE_SIZE = 50
RELATED = {"experts": ("educator", "organization"), "records": ("educator", "organization"),
           "contracts": ("organization", "employer", "educator")}  # fmt: skip


class FilterForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Вид", required=False)
    q = forms.CharField(label="Педагог или название", required=False, max_length=100)
    year = forms.IntegerField(label="Год", required=False, min_value=2000, max_value=2100)

    def __init__(self, data, model):
        super().__init__(data)
        choices = model._meta.get_field("kind").choices if hasattr(model, "kind") else []
        self.fields["kind"].choices = [("", "Все")] + list(choices)
        if not choices:
            del self.fields["kind"]


def _search(tab: str, q: str) -> Q:
    if tab == "contracts":
        return Q(student__icontains=q) | Q(institution__icontains=q)
    name = Q(educator__last_name__icontains=q)
    return name | Q(title__icontains=q) if tab == "records" else name | Q(body__icontains=q)


def _tab(request) -> str:
    tab = request.GET.get("tab", "experts")
    return tab if tab in KINDS else "experts"


def _filtered(request, tab, records):
    """The records the filters choose, and the filters in words (for an export's title block)."""
    form = FilterForm(request.GET, KINDS[tab][1])
    said = []
    if form.is_valid():
        data = form.cleaned_data
        if data.get("kind"):
            records = records.filter(kind=data["kind"])
            said.append(f"вид: {dict(form.fields['kind'].choices)[data['kind']]}")
        if q := data["q"].strip():
            records = records.filter(_search(tab, q))
            said.append(f"поиск: {q}")
        if data["year"]:
            records = records.filter(started_on__year__lte=data["year"]).filter(
                Q(ended_on__isnull=True) | Q(ended_on__year__gte=data["year"])
            )
            said.append(f"год: {data['year']}")
    return form, records.select_related(*RELATED[tab]).order_by("-started_on", "-pk"), "; ".join(said)


def _page(request, tab, records):
    form, records, _ = _filtered(request, tab, records)
    return form, Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))


def _context(request, tab, records, **extra):
    form, page = _page(request, tab, records)
    tabs = [(code, title) for code, (title, _, _) in KINDS.items()]
    return {"tab": tab, "tabs": tabs, "form": form, "page": page, "can_add": request.user.can_edit_registry, **extra}


@login_required
def index(request):
    tab = _tab(request)
    records = KINDS[tab][1].objects.in_scope(request.user)
    return render(request, "activities/list.html", _context(request, tab, records))


def _records_of(request, owner, field: str, context_name: str):
    """The records of one educator or one organization of the user's scope (404 outside it)."""
    tab = _tab(request)
    records = KINDS[tab][1].objects.in_scope(request.user).filter(**{field: owner})
    return render(request, "activities/list.html", _context(request, tab, records, **{context_name: owner}))


@login_required
def educator(request, pk):
    person = get_object_or_404(Educator.objects.in_scope(request.user), pk=pk)
    return _records_of(request, person, "educator", "educator")


@login_required
def organization(request, pk):
    org = get_object_or_404(Organization.objects.in_scope(request.user), pk=pk)
    return _records_of(request, org, "organization", "organization")


@login_required
def export(request):
    tab = _tab(request)
    _, records, filters = _filtered(request, tab, KINDS[tab][1].objects.in_scope(request.user))
    content = exports.workbook(tab, records, filters=filters, by=request.user)
    name = export_filename(KINDS[tab][0].replace(" ", "-"), request.user.scope_name(), timezone.localdate())
    return xlsx_response(content, name)


def _educator_query(request) -> str:
    """The search narrowing a form's list of educators; the form posts to its page's address, so it holds."""
    return request.GET.get("educator_q", "").strip()[:100]


def _form_page(request, form, **context):
    context = {"form": form.for_page(), "educator_query": _educator_query(request), **context}
    return render(request, "activities/form.html", context)


@login_required
def new(request, tab):
    if tab not in KINDS:
        raise Http404
    if not request.user.can_edit_registry:
        raise PermissionDenied
    title, _, form_class = KINDS[tab]
    form = form_class(request.POST or None, request.FILES or None, user=request.user, query=_educator_query(request))
    if request.method == "POST" and form.is_valid():
        actions.add(form, by=request.user)
        messages.success(request, "Запись сохранена.")
        return redirect(f"{reverse('activities:index')}?tab={tab}")
    return _form_page(request, form, title=title, tab=tab)


def _importer(request, tab=None) -> None:
    """Who may enter records by hand may import them (404 for an unknown tab, 403 without the right)."""
    if tab is not None and tab not in KINDS:
        raise Http404
    if not request.user.can_edit_registry:
        raise PermissionDenied("Загружать записи могут методисты, координаторы и администраторы организаций.")


def _job(request, kind: str, item: ActivityImport):
    """Starts the check or the commit of a file (one at a time per file) and shows the job's page."""
    today = timezone.localdate().isoformat()
    job = jobs.start(kind, by=request.user, key=f"{kind}:{item.pk}", import_id=item.pk, today=today)
    return redirect("jobs:detail", job.pk)


@login_required
def import_new(request, tab):
    _importer(request, tab)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = ActivityImport.objects.create(
            tab=tab, file_name=form.cleaned_data["file"].name[:255], content=form.content, created_by=request.user
        )
        return _job(request, "activities.check", item)
    columns = importing.FORMATS[tab].columns_for(ImportContext(request.user, timezone.localdate()))
    context = {"form": form, "tab": tab, "title": KINDS[tab][0], "columns": columns}
    return render(request, "activities/import_new.html", context)


@login_required
def import_template(request, tab):
    _importer(request, tab)
    content = importing.template(tab, request.user, timezone.localdate())
    return xlsx_response(content, f"Шаблон_{KINDS[tab][0].replace(' ', '_')}.xlsx")


@login_required
def import_detail(request, pk):
    item = get_object_or_404(ActivityImport.objects.in_scope(request.user), pk=pk)
    context = {"item": item, "report": item.report, "title": KINDS.get(item.tab, ("",))[0]}
    return render(request, "activities/import.html", context)


@login_required
@require_POST
def import_commit(request, pk):
    _importer(request)
    item = get_object_or_404(ActivityImport.objects.in_scope(request.user), pk=pk)
    if item.status != ImportStatus.CHECKED:
        messages.error(request, "Этот файл нельзя загрузить: он не проверен, содержит ошибки или уже загружен.")
        return redirect(item)
    return _job(request, "activities.commit", item)


def _editable(request, tab, pk):
    """A record of the user's scope that they may correct (404 outside the scope, 403 without the right)."""
    if tab not in KINDS:
        raise Http404
    if not request.user.can_edit_registry:
        raise PermissionDenied("Исправлять записи могут методисты, координаторы и администраторы организаций.")
    return get_object_or_404(KINDS[tab][1].objects.in_scope(request.user), pk=pk)


@login_required
def edit(request, tab, pk):
    obj = _editable(request, tab, pk)
    title, model, form_class = KINDS[tab]
    data, files, query = request.POST or None, request.FILES or None, _educator_query(request)
    form = form_class(data, files, instance=obj, user=request.user, query=query)
    lock = VersionForm.of(obj.version, actions.state(obj, form_class.Meta.fields), data)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            actions.change(obj, form, lock, by=request.user)
        except EditConflict as refused:
            form = form_class(data, files, instance=model.objects.get(pk=pk), user=request.user, query=query)
            lock = VersionForm(lock.refreshed(data, refused), prefix="lock")
            form.is_valid()
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        else:
            messages.success(request, "Запись исправлена.")
            return redirect(f"{reverse('activities:index')}?tab={tab}")
    return _form_page(request, form, lock=lock, conflict=conflict, title=title, tab=tab, record=obj)


@login_required
@require_POST
def delete(request, tab, pk):
    obj = _editable(request, tab, pk)
    actions.remove(obj, by=request.user)
    messages.success(request, "Запись удалена.")
    return redirect(f"{reverse('activities:index')}?tab={tab}")
