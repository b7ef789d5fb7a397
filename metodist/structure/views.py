"""Pages of the structure of the municipal system: the diagram of a municipality, a body's card, editing by the
methodological service, and the public page of the portal (official contacts only, see docs/structure.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from metodist.lib.docx import docx_response
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.orgs.models import Municipality
from metodist.portal.views import PUBLIC_MAX_AGE

from . import actions, diagram, document, links, template
from .forms import BodyForm
from .models import SystemBody


def _municipality(request):
    """The municipality the page shows: the user's own, or the one chosen among those of their scope."""
    places = Municipality.objects.in_scope(request.user).select_related("region").order_by("name")
    chosen = request.GET.get("municipality") or request.POST.get("municipality")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        return get_object_or_404(places, pk=chosen), places
    return places.first(), places


def outline(bodies: list[SystemBody]) -> list[tuple[SystemBody, int]]:
    """The bodies in the order of the tree (a parent before its children), each with its depth."""
    present = {body.pk for body in bodies}
    children: dict[int | None, list[SystemBody]] = {}
    for body in bodies:
        children.setdefault(body.parent_id if body.parent_id in present else None, []).append(body)
    ordered, seen = [], set()

    def visit(body: SystemBody, depth: int) -> None:
        seen.add(body.pk)
        ordered.append((body, depth))
        for child in children.get(body.pk, []):
            if child.pk not in seen:
                visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    ordered += [(body, 0) for body in bodies if body.pk not in seen]
    return ordered


def _bodies(queryset) -> list[SystemBody]:
    return list(
        queryset.select_related("head", "organization", "association", "parent").order_by("level", "order", "pk")
    )


@login_required
def index(request):
    place, places = _municipality(request)
    bodies = _bodies(SystemBody.objects.in_scope(request.user).filter(municipality=place)) if place else []
    editable = place is not None and actions.can_edit(request.user, place.pk)
    missing = 0
    if editable:
        loaded = {body.template_key for body in bodies}
        missing = sum(row.key not in loaded for row in template.read()[1])
    context = {
        "municipality": place,
        "places": places if len(places) > 1 else [],
        "outline": outline(bodies),
        "diagram": diagram.svg(
            bodies, lambda body: reverse("structure:detail", args=[body.pk]), f"Структура системы: {place}"
        )
        if bodies
        else "",
        "editable": editable,
        "missing": missing,
    }
    return render(request, "structure/index.html", context)


def _body(request, pk: int) -> SystemBody:
    return get_object_or_404(
        SystemBody.objects.in_scope(request.user).select_related(
            "municipality", "head", "organization", "association", "parent"
        ),
        pk=pk,
    )


@login_required
def export(request):
    place, _ = _municipality(request)
    if place is None:
        raise Http404
    on = timezone.localdate()
    bodies = _bodies(SystemBody.objects.in_scope(request.user).filter(municipality=place))
    content = document.structure_docx(place, outline(bodies), request.user, on)
    return docx_response(content, document.filename(place, on))


@login_required
def detail(request, pk: int):
    body = _body(request, pk)
    on = timezone.localdate()
    context = {
        "body": body,
        "editable": actions.can_edit(request.user, body.municipality_id),
        "head_visible": links.visible_educators(request.user, [body.head_id]) if body.head_id else False,
        "members": links.members(body, request.user),
        "members_total": body.members.count(),
        "children": body.children.order_by("level", "order", "pk"),
        "linked": links.linked(body, request.user, on),
    }
    return render(request, "structure/detail.html", context)


def _editable(request, pk: int) -> SystemBody:
    body = _body(request, pk)
    if not actions.can_edit(request.user, body.municipality_id):
        raise PermissionDenied("Структуру изменяют координатор и методисты муниципалитета.")
    return body


@login_required
def edit(request, pk: int):
    body = _editable(request, pk)
    on = timezone.localdate()
    form = BodyForm(request.POST or None, instance=body, municipality=body.municipality, on=on)
    lock = VersionForm.of(body.version, actions.body_state(body), request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            actions.update_body(body, form, lock, by=request.user)
        except EditConflict as refused:
            body = SystemBody.objects.get(pk=pk)
            form = BodyForm(request.POST, instance=body, municipality=body.municipality, on=on)
            lock = VersionForm(lock.refreshed(request.POST, refused), prefix="lock")
            form.is_valid()
            conflict = {"message": CONFLICT, "lines": refused.changed()}
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("structure:detail", pk=body.pk)
    context = {"form": form, "lock": lock, "body": body, "municipality": body.municipality, "conflict": conflict}
    return render(request, "structure/form.html", context)


@login_required
def new(request):
    place, _ = _municipality(request)
    if place is None or not actions.can_edit(request.user, place.pk):
        raise PermissionDenied("Структуру изменяют координатор и методисты муниципалитета.")
    form = BodyForm(request.POST or None, municipality=place, on=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        body = actions.create_body(form, place, by=request.user)
        messages.success(request, "Субъект системы добавлен.")
        return redirect("structure:detail", pk=body.pk)
    return render(request, "structure/form.html", {"form": form, "body": None, "municipality": place})


@login_required
@require_POST
def delete(request, pk: int):
    body = _editable(request, pk)
    place = body.municipality_id
    actions.delete_body(body, by=request.user)
    messages.success(request, f"Субъект «{body.name}» удалён.")
    return redirect(f"{reverse('structure:index')}?municipality={place}")


@login_required
@require_POST
def load(request):
    place, _ = _municipality(request)
    if place is None or not actions.can_edit(request.user, place.pk):
        raise PermissionDenied("Структуру изменяют координатор и методисты муниципалитета.")
    created, kept = actions.load_template(place, by=request.user)
    messages.success(request, f"Шаблон положения загружен: добавлено субъектов — {created}, уже были — {kept}.")
    return redirect(f"{reverse('structure:index')}?municipality={place.pk}")


def public_href(body: SystemBody) -> str:
    return f"#body-{body.pk}"


def public(request, municipality_id: int):
    """The public page: names, functions, the diagram and official contacts of the published bodies. No person's
    name: not the members', not the head's (only the head's official title)."""
    place = get_object_or_404(Municipality.objects.select_related("region"), pk=municipality_id)
    bodies = list(
        SystemBody.objects.published()
        .filter(municipality=place)
        .select_related("parent")
        .order_by("level", "order", "pk")
    )
    context = {
        "municipality": place,
        "outline": outline(bodies),
        "diagram": diagram.svg(bodies, lambda body: f"#body-{body.pk}", f"Структура системы: {place}")
        if bodies
        else "",
    }
    response = render(request, "structure/public.html", context)
    response.public_cache = PUBLIC_MAX_AGE
    return response
