"""Pages of the best practices: the scoped list and card, submission, the expert review, and the public registry
of accepted practices (no login: authors' names and organizations only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.accounts.models import Role
from metodist.audit.actions import record_download

from . import actions
from .forms import FIELDS, FilterForm, MaterialForm, PracticeForm, ReviewForm, SubmitForm
from .models import Practice, PracticeAuthor, PracticeMaterial, Status

PAGE_SIZE = 30
REVIEWER_ROLES = (Role.METHODOLOGIST, Role.COORDINATOR, Role.REGIONAL_OPERATOR, Role.ADMIN)
# How long a browser or a proxy may keep a page of the public registry: it holds no personal data.
PUBLIC_MAX_AGE = 300


def can_review(user) -> bool:
    return user.is_superuser or user.role in REVIEWER_ROLES


def can_submit(user) -> bool:
    return user.role == Role.ORG_ADMIN or (user.scope_level == "self" and user.educator_id is not None)


def _authors():
    return Prefetch("authors", queryset=PracticeAuthor.objects.select_related("educator"))


def _listed(practices):
    return practices.select_related("organization", "municipality", "subject").prefetch_related(_authors())


def _filtered(practices, data):
    form = FilterForm(data)
    if form.is_valid():
        if form.cleaned_data["status"]:
            practices = practices.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["level"]:
            practices = practices.filter(level=form.cleaned_data["level"])
        if q := form.cleaned_data["q"].strip():
            practices = practices.filter(Q(title__icontains=q) | Q(theme__icontains=q))
    return form, practices


@login_required
def index(request):
    user = request.user
    form, practices = _filtered(Practice.objects.in_scope(user), request.GET)
    page = Paginator(_listed(practices).order_by("-submitted_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = Practice.objects.in_scope(user).filter(status__in=(Status.SUBMITTED, Status.UNDER_REVIEW)).count()
    context = {
        "page": page,
        "form": form,
        "can_submit": can_submit(user),
        "can_review": can_review(user),
        "waiting": waiting,
    }
    return render(request, "practices/list.html", context)


def _scoped(user, pk):
    return get_object_or_404(_listed(Practice.objects.in_scope(user)).distinct(), pk=pk)


@login_required
def detail(request, pk):
    practice = _scoped(request.user, pk)
    form = None
    if can_review(request.user) and practice.is_open:
        form = ReviewForm(initial={"level": practice.level, "version": practice.version})
    return _card(request, practice, form=form)


def _card(request, practice, *, form=None, material_form=None, status=200):
    user = request.user
    may_change = _may_change_materials(user, practice)
    context = {
        "practice": practice,
        "reviews": practice.reviews.select_related("expert"),
        "materials": practice.materials.all(),
        "form": form,
        "can_edit": _may_edit(user, practice),
        "can_change_materials": may_change,
        "material_form": (material_form or MaterialForm()) if may_change else None,
    }
    return render(request, "practices/detail.html", context, status=status)


def _may_edit(user, practice) -> bool:
    return practice.status == Status.RETURNED and can_submit(user)


def _may_change_materials(user, practice) -> bool:
    """Those who may submit a practice change its materials until a methodologist takes it for review, and
    again when it is returned; an accepted practice's materials stay as the expert saw them."""
    return practice.is_editable and can_submit(user)


@login_required
def submit(request):
    user = request.user
    if not can_submit(user):
        raise PermissionDenied
    form = SubmitForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FIELDS}
        practice = actions.submit(
            fields, form.cleaned_data["authors"], by=user, today=timezone.localdate(), materials=form.materials()
        )
        messages.success(request, "Практика подана на экспертизу.")
        return redirect("practices:detail", pk=practice.pk)
    return render(request, "practices/form.html", {"form": form, "title": "Подать практику"})


@login_required
def edit(request, pk):
    user = request.user
    practice = _scoped(user, pk)
    if not _may_edit(user, practice):
        raise PermissionDenied
    initial = {"authors": [author.educator_id for author in practice.authors.all()]}
    form = PracticeForm(request.POST or None, instance=practice, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            actions.resubmit(
                practice, fields, by=user, today=timezone.localdate(), version=_int(request.POST.get("version"))
            )
        except actions.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Исправленная практика снова подана на экспертизу.")
            return redirect("practices:detail", pk=practice.pk)
    title = f"Исправить практику «{practice.title}»"
    context = {"form": form, "title": title, "version": practice.version, "practice": practice}
    return render(request, "practices/form.html", context)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def take(request, pk):
    if not can_review(request.user):
        raise PermissionDenied
    practice = _scoped(request.user, pk)
    try:
        actions.take_for_review(practice, by=request.user)
        messages.success(request, "Практика взята на экспертизу.")
    except actions.ReviewError as error:
        messages.error(request, str(error))
    return redirect("practices:detail", pk=pk)


@login_required
@require_POST
def review(request, pk):
    if not can_review(request.user):
        raise PermissionDenied
    practice = _scoped(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.conclude(
                practice,
                by=request.user,
                conclusion=data["conclusion"],
                remarks=data["remarks"].strip(),
                level=data["level"],
                today=timezone.localdate(),
                version=data["version"],
            )
        except actions.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Экспертное заключение сохранено.")
            return redirect("practices:detail", pk=pk)
    return _card(request, practice, form=form, status=400)


def _with_materials_changed_by(user, pk):
    """The practice, if `user` may change its materials: not found out of their scope, forbidden otherwise."""
    practice = _scoped(user, pk)
    if not _may_change_materials(user, practice):
        raise PermissionDenied
    return practice


@login_required
@require_POST
def add_material(request, pk):
    practice = _with_materials_changed_by(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_material(practice, **form.cleaned_data, by=request.user)
        except actions.MaterialError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Материал добавлен.")
            return redirect(f"{reverse('practices:detail', args=[pk])}#materials")
    return _card(request, practice, material_form=form, status=400)


@login_required
@require_POST
def remove_material(request, pk, material_pk):
    practice = _with_materials_changed_by(request.user, pk)
    material = get_object_or_404(practice.materials, pk=material_pk)
    try:
        actions.remove_material(material, by=request.user)
        messages.success(request, f"Материал «{material}» удалён.")
    except actions.MaterialError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('practices:detail', args=[pk])}#materials")


@login_required
def material(request, pk, material_pk):
    practice = _scoped(request.user, pk)
    material = get_object_or_404(practice.materials.files(), pk=material_pk)
    response = _file(material)
    record_download(request.user, practice, "файл материалов практики", {"material": material.reference()})
    return response


def _file(material):
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден.") from error
    return FileResponse(handle, as_attachment=True, filename=material.reference())


def _public(response):
    """A page of the public registry may be cached (metodist.lib.serving.NoStoreMiddleware lets it through)."""
    response.public_cache = PUBLIC_MAX_AGE
    return response


def public_list(request):
    practices = Practice.objects.accepted()
    form, practices = _filtered(practices, request.GET)
    practices = _listed(practices).order_by("-decided_on", "-pk")
    page = Paginator(practices, PAGE_SIZE).get_page(request.GET.get("page"))
    return _public(render(request, "practices/public_list.html", {"page": page, "form": form}))


def public_detail(request, pk):
    practice = get_object_or_404(_listed(Practice.objects.accepted()), pk=pk)
    context = {"practice": practice, "materials": practice.materials.all()}
    return _public(render(request, "practices/public_detail.html", context))


def public_material(request, pk, material_pk):
    material = get_object_or_404(PracticeMaterial.objects.of_accepted().files(), practice_id=pk, pk=material_pk)
    return _public(_file(material))


def public_first_material(request, pk):
    """The address of the single file a practice had before materials became a list, shared outside the
    system: it leads to the practice's first file (of an accepted practice only)."""
    material = PracticeMaterial.objects.of_accepted().files().filter(practice_id=pk).order_by("order", "pk").first()
    if material is None:
        raise Http404("Файл не найден.")
    return redirect("practices:public_material", pk=pk, material_pk=material.pk, permanent=True)
