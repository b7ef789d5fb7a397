"""Writes of the routes module: drafting a route from deficits (with proposed steps), its status transitions,
steps, evidence, the tutor's comments, and what completion makes. Every write leaves a line of the route's
append-only history (RouteEvent); writes of the route's own fields are also recorded in the audit trail.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import record, record_created, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import EditConflict, claim

from . import outcome, proposals
from .models import (
    ACTION_TARGET,
    DEFAULT_FORM,
    EDITABLE,
    NEEDS_REASON,
    TRANSITIONS,
    WORKING,
    EventKind,
    LearningRoute,
    Recommendation,
    RouteDeficit,
    RouteEvent,
    RouteNotice,
    RouteStatus,
    RouteStep,
    StepKind,
    StepStatus,
    SupportItem,
    SupportKind,
)


class RouteRefused(Exception):
    """An action the route's state or the user's role does not allow; the message is shown to the user."""


# ---- who may do what


def can_manage(user, route: LearningRoute) -> bool:
    """The route's tutor, and the service's editors who see it, compose and lead the route."""
    if route.tutor_id == user.pk:
        return True
    return user.can_edit_registry and LearningRoute.objects.in_scope(user).filter(pk=route.pk).exists()


def is_owner(user, route: LearningRoute) -> bool:
    return bool(user.educator_id) and user.educator_id == route.educator_id


def _require_manager(user, route) -> None:
    if not can_manage(user, route):
        raise RouteRefused("Это действие доступно тьютору маршрута и методистам.")


def _log(route, by, kind, text="", step=None, from_status="", to_status="") -> RouteEvent:
    return RouteEvent.objects.create(
        route=route,
        step=step,
        actor=by if by is not None and by.is_authenticated else None,
        kind=kind,
        text=text,
        from_status=from_status,
        to_status=to_status,
    )


# ---- drafting


def route_state(route: LearningRoute) -> dict:
    """The editable fields of a route as the edit form shows them (for the optimistic lock's list of changes)."""
    return {
        "goal": route.goal,
        "base": route.get_base_display(),
        "organization": str(route.organization or ""),
        "tutor": str(route.tutor.get_full_name() or route.tutor.username) if route.tutor_id else "",
        "curator_kind": route.get_curator_kind_display(),
        "starts_on": f"{route.starts_on:%d.%m.%Y}",
        "ends_on": f"{route.ends_on:%d.%m.%Y}",
    }


@transaction.atomic
def create_route(educator, *, by, deficits, today: date, region_id: int, **fields) -> LearningRoute:
    """A draft route for `educator` addressing `deficits` (Deficit rows), with the proposed steps."""
    route = LearningRoute.objects.create(educator=educator, region_id=region_id, created_by=by, **fields)
    RouteDeficit.objects.bulk_create(
        RouteDeficit(
            route=route,
            deficit=deficit,
            competency=deficit.competency,
            code=deficit.competency.code,
            diagnostic=deficit.diagnostic,
            measured_on=deficit.diagnostic.ends_on,
            percent=deficit.percent,
        )
        for deficit in _one_per_code(deficits)
    )
    record_created(by, route)
    _log(route, by, EventKind.CREATED, f"Черновик маршрута: {route.goal[:200]}", to_status=RouteStatus.DRAFT)
    add_proposals(route, today=today)
    return route


def _one_per_code(deficits):
    """The latest deficit of each competency code (a code measured twice is addressed once)."""
    chosen = {}
    for deficit in sorted(deficits, key=lambda row: (row.diagnostic.ends_on, row.pk)):
        chosen[deficit.competency.code] = deficit
    return list(chosen.values())


def add_proposals(route: LearningRoute, *, today: date, effect_table: dict | None = None) -> int:
    """Replaces the route's pending proposals with new ones; returns how many were proposed (`effect_table`: see
    proposals.propose)."""
    route.steps.filter(status=StepStatus.PROPOSED).delete()
    made = proposals.propose(route, today, effect_table)
    start = (route.steps.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    for number, proposal in enumerate(made):
        program = proposal.program
        kind = StepKind.COURSE if program else StepKind.SELF_EDUCATION
        step = RouteStep.objects.create(
            route=route,
            order=start + number,
            kind=kind,
            form=DEFAULT_FORM[kind],
            title=program.title if program else f"Самообразование: {proposal.deficits[0].name}",
            program_id=program.id if program else None,
            cohort_id=program.cohort_id if program else None,
            due_on=min(route.ends_on, program.next_cohort + timedelta(days=60))
            if program and program.next_cohort
            else route.ends_on,
            status=StepStatus.PROPOSED,
            reason=proposal.reason[:500],
            effect=proposal.effect[:300],
        )
        step.deficits.set([deficit.key for deficit in proposal.deficits])
    return len(made)


@transaction.atomic
def update_route(route: LearningRoute, form, lock, *, by) -> LearningRoute:
    """Saves the route's edit form; raises EditConflict (writing nothing) when someone saved it since."""
    _require_manager(by, route)
    if route.status not in EDITABLE:
        raise RouteRefused("Завершённый маршрут не редактируется: сначала возобновите его.")
    version, opened = lock.opened_version()
    if not claim(route, version):
        stored = LearningRoute.objects.get(pk=route.pk)
        raise EditConflict(opened, route_state(stored), stored.version)
    before_audit = snapshot(LearningRoute.objects.get(pk=route.pk))
    before = route_state(LearningRoute.objects.get(pk=route.pk))
    form.save()
    after = route_state(route)
    changed = [f"{key}: {before[key]} → {after[key]}" for key in after if before[key] != after[key]]
    if changed:
        _log(route, by, EventKind.EDITED, "; ".join(changed))
        changes = {k: [before_audit.get(k), v] for k, v in snapshot(route).items() if before_audit.get(k) != v}
        record(by, AuditAction.UPDATE, route, changes)
    return route


# ---- status


def transition(route: LearningRoute, action: str, *, by, today: date, reason: str = "", rating=None):
    with transaction.atomic():
        route = LearningRoute.objects.select_for_update().get(pk=route.pk)
        _transition(route, action, by=by, today=today, reason=reason.strip(), rating=rating)
    return route


def _transition(route, action, *, by, today, reason, rating):
    _require_manager(by, route)
    target = ACTION_TARGET.get(action)
    if target is None or TRANSITIONS.get((route.status, target)) != action:
        raise RouteRefused(
            f"Маршрут в состоянии «{route.get_status_display()}»: действие «{_label(action)}» недоступно."
        )
    if action in NEEDS_REASON and not reason:
        raise RouteRefused(f"Укажите причину: «{_label(action)}» без причины не выполняется.")
    steps = route.steps.all()
    if action == "submit":
        if steps.filter(status=StepStatus.PROPOSED).exists():
            raise RouteRefused("Сначала примите или отклоните каждый предложенный шаг.")
        if not steps.filter(status=StepStatus.PLANNED).exists():
            raise RouteRefused("В маршруте нет ни одного запланированного шага.")
    if action == "complete":
        left = steps.filter(status=StepStatus.PLANNED).count()
        if left:
            raise RouteRefused(f"Маршрут нельзя завершить: не выполнено шагов — {left}. Выполните или отмените их.")
        if not steps.filter(status=StepStatus.DONE).exists():
            raise RouteRefused("Маршрут нельзя завершить: ни один шаг не выполнен.")
    if action == "evaluate":
        if rating is None or not 1 <= int(rating) <= 5:
            raise RouteRefused("Оценка результата — число от 1 до 5.")
        route.rating = int(rating)
    before = route.status
    route.status = target
    fields = ["status", "rating"]
    if action == "agree":
        route.agreed_on = today
        fields.append("agreed_on")
    if action == "complete":
        route.completed_on = today
        fields.append("completed_on")
    if action == "reopen":
        route.completed_on = None
        route.rating = None
        fields.append("completed_on")
    route.save(update_fields=fields)
    text = _label(action) + (f". Причина: {reason}" if reason else "")
    _log(route, by, EventKind.STATUS, text, from_status=before, to_status=target)
    record(by, AuditAction.UPDATE, route, {"status": [before, target]}, summary=text)
    if action == "complete":
        _make_results(route, by=by, today=today)
    if action == "evaluate":
        _log(route, by, EventKind.RATING, f"Оценка результата: {route.rating} из 5")


def _label(action: str) -> str:
    from .models import ACTION_LABELS

    return ACTION_LABELS.get(action, action)


def _make_results(route, *, by, today: date) -> None:
    """Completion makes the addressed recommendations (every completed route has them) and, unless the tutor
    planned it already, a post-course support plan."""
    route.recommendations.all().delete()
    made = outcome.recommendations(outcome.compare(route, today))
    Recommendation.objects.bulk_create(
        Recommendation(route=route, code=item["code"], rule=item["rule"], text=item["text"], order=number)
        for number, item in enumerate(made)
    )
    _log(route, by, EventKind.RECOMMENDATIONS, f"Сформированы адресные рекомендации: {len(made)}")
    if not route.support.exists():
        SupportItem.objects.bulk_create(default_support(route, today))
        _log(route, by, EventKind.SUPPORT, "Составлен план посткурсового сопровождения")


def default_support(route, today: date) -> list[SupportItem]:
    return [
        SupportItem(route=route, kind=SupportKind.LESSON_VISIT, planned_on=today + timedelta(days=30),
                    note="Посещение урока тьютором (руководителем ШМО) с анализом применения освоенного"),
        SupportItem(route=route, kind=SupportKind.ASSOCIATION_TALK, planned_on=today + timedelta(days=90),
                    note="Выступление педагога на заседании ШМО (ГМК) по итогам маршрута"),
        SupportItem(route=route, kind=SupportKind.QUESTIONNAIRE, planned_on=today + timedelta(days=180),
                    note="Анкетирование о переносе освоенного в практику"),
    ]  # fmt: skip


# ---- steps


@transaction.atomic
def add_step(route, *, by, deficits=(), **fields) -> RouteStep:
    _require_manager(by, route)
    if route.status not in EDITABLE:
        raise RouteRefused("В завершённый маршрут шаги не добавляются: сначала возобновите его.")
    fields.setdefault("form", DEFAULT_FORM[fields["kind"]])
    order = (route.steps.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    step = RouteStep.objects.create(route=route, order=order, status=StepStatus.PLANNED, **fields)
    step.deficits.set(deficits)
    _log(route, by, EventKind.STEP_ADDED, step.title, step=step)
    return step


@transaction.atomic
def save_step(step, form, *, by) -> RouteStep:
    """The tutor's edit of a step (a proposal edited is accepted with the edit)."""
    _require_manager(by, step.route)
    if step.route.status not in EDITABLE:
        raise RouteRefused("Шаги завершённого маршрута не редактируются.")
    was_proposed = step.status == StepStatus.PROPOSED
    step = form.save(commit=False)
    if was_proposed:
        step.status = StepStatus.PLANNED
    step.save()
    form.save_m2m()
    text = ("Принят с изменениями: " if was_proposed else "") + step.title
    _log(step.route, by, EventKind.PROPOSAL if was_proposed else EventKind.STEP_EDITED, text, step=step)
    return step


@transaction.atomic
def decide_proposal(step, *, accept: bool, by) -> RouteStep:
    _require_manager(by, step.route)
    if step.status != StepStatus.PROPOSED:
        raise RouteRefused("Решение по этому шагу уже принято.")
    step.status = StepStatus.PLANNED if accept else StepStatus.REJECTED
    step.save(update_fields=["status"])
    _log(step.route, by, EventKind.PROPOSAL, ("Принят: " if accept else "Отклонён: ") + step.title, step=step)
    return step


@transaction.atomic
def cancel_step(step, *, by, reason: str) -> RouteStep:
    _require_manager(by, step.route)
    if step.status != StepStatus.PLANNED:
        raise RouteRefused("Отменить можно только запланированный шаг.")
    if not reason.strip():
        raise RouteRefused("Укажите причину отмены шага.")
    step.status = StepStatus.CANCELLED
    step.save(update_fields=["status"])
    _log(step.route, by, EventKind.STEP_EDITED, f"Шаг отменён: {step.title}. Причина: {reason.strip()}", step=step)
    return step


@transaction.atomic
def mark_done(step, *, by, today: date, evidence=None, link: str = "", reflection: str = "") -> RouteStep:
    """The educator marks a step done with its evidence (a file or a link) and reflection; an agreed route is
    then in progress. The tutor gets a notice of the evidence."""
    route = LearningRoute.objects.select_for_update().get(pk=step.route_id)
    if not (is_owner(by, route) or can_manage(by, route)):
        raise RouteRefused("Отметить выполнение шага может педагог, чей это маршрут, или его тьютор.")
    if route.status not in WORKING:
        raise RouteRefused(
            f"Маршрут в состоянии «{route.get_status_display()}»: шаги отмечаются, когда он согласован или реализуется."
        )
    if step.status not in (StepStatus.PLANNED, StepStatus.DONE):
        raise RouteRefused("Этот шаг не входит в план маршрута.")
    if not (evidence or link or step.has_evidence):
        raise RouteRefused("Приложите подтверждение: файл или ссылку.")
    if route.status == RouteStatus.AGREED:
        route.status = RouteStatus.IN_PROGRESS
        route.save(update_fields=["status"])
        _log(route, by, EventKind.STATUS, "Начата реализация (первый выполненный шаг)",
             from_status=RouteStatus.AGREED, to_status=RouteStatus.IN_PROGRESS)  # fmt: skip
    first_time = step.status != StepStatus.DONE
    if evidence:
        step.evidence = evidence
    if link:
        step.evidence_link = link
    if reflection:
        step.reflection = reflection
    step.status = StepStatus.DONE
    step.done_on = step.done_on or today
    step.confirmed_at = None  # new evidence waits for the tutor again
    step.save()
    if first_time:
        _log(route, by, EventKind.STEP_DONE, step.title, step=step)
    what = "файл" if evidence else ("ссылка" if link else "")
    if what:
        _log(route, by, EventKind.EVIDENCE, f"{step.title}: {what}", step=step)
    if reflection:
        _log(route, by, EventKind.COMMENT, f"Рефлексия педагога: {reflection[:300]}", step=step)
    if route.tutor_id and route.tutor_id != by.pk:
        RouteNotice.objects.create(
            recipient_id=route.tutor_id,
            route=route,
            step=step,
            text=f"{route.educator.full_name}: подтверждение шага «{step.title[:150]}»",
        )
    return step


@transaction.atomic
def comment_step(step, *, by, comment: str, confirm: bool) -> RouteStep:
    _require_manager(by, step.route)
    comment = comment.strip()
    if not comment and not confirm:
        raise RouteRefused("Напишите комментарий или подтвердите выполнение шага.")
    if confirm and step.status != StepStatus.DONE:
        raise RouteRefused("Подтвердить можно только выполненный шаг.")
    fields = []
    if comment:
        step.tutor_comment = comment
        fields.append("tutor_comment")
    if confirm:
        step.confirmed_at = timezone.now()
        fields.append("confirmed_at")
    step.save(update_fields=fields)
    text = ("Выполнение подтверждено. " if confirm else "") + comment
    _log(step.route, by, EventKind.COMMENT, f"{step.title}: {text}".strip(), step=step)
    RouteNotice.objects.filter(recipient=by, step=step).unread().update(read_at=timezone.now())
    return step


def read_notices(user, route) -> int:
    return RouteNotice.objects.filter(recipient=user, route=route).unread().update(read_at=timezone.now())


# ---- after completion


@transaction.atomic
def save_recommendation(recommendation, text: str, *, by) -> Recommendation:
    _require_manager(by, recommendation.route)
    if not text.strip():
        raise RouteRefused("Текст рекомендации не может быть пустым.")
    recommendation.text = text.strip()
    recommendation.save(update_fields=["text"])
    _log(recommendation.route, by, EventKind.RECOMMENDATIONS, f"Изменена рекомендация: {text.strip()[:200]}")
    return recommendation


@transaction.atomic
def add_support(route, *, by, **fields) -> SupportItem:
    _require_manager(by, route)
    item = SupportItem.objects.create(route=route, **fields)
    _log(route, by, EventKind.SUPPORT, f"{item.get_kind_display()} {item.planned_on:%d.%m.%Y}: {item.note}")
    return item
