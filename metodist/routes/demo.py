"""Demo data of this module for `manage.py seed_demo_growth` (after seed_demo and the diagnostics and training
demos; rerun-safe): routes in every status for a share of the educators with open deficits, steps from the
catalogue's programs (or self-education), evidence and reflections, completed routes with their recommendations
and support plans, and the demo `tutor` as the tutor of several routes of the demo municipality.

Deterministic (a fixed random seed, educators in the order of their ids), written with bulk inserts in batches.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from . import actions
from .models import (
    DEFAULT_FORM,
    CuratorKind,
    EventKind,
    LearningRoute,
    Recommendation,
    RouteBase,
    RouteDeficit,
    RouteEvent,
    RouteNotice,
    RouteStatus,
    RouteStep,
    StepKind,
    StepStatus,
    SupportItem,
)

SEED = "metodist-routes-demo"
SHARE = 0.4  # of the educators with open deficits who get a route
BATCH = 2000
LOOKBACK_DAYS = 180
S = RouteStatus
# the demo tutor's twelve routes: every status, most of them being worked through
TUTOR_STATUSES = [S.IN_PROGRESS, S.DRAFT, S.REVIEW, S.AGREED, S.IN_PROGRESS, S.COMPLETED, S.EVALUATED,
                  S.IN_PROGRESS, S.COMPLETED, S.IN_PROGRESS, S.EVALUATED, S.REVIEW]  # fmt: skip
WEIGHTS = {
    RouteStatus.DRAFT: 6,
    RouteStatus.REVIEW: 8,
    RouteStatus.AGREED: 12,
    RouteStatus.IN_PROGRESS: 40,
    RouteStatus.COMPLETED: 18,
    RouteStatus.EVALUATED: 16,
}
EXTRA_STEPS = [
    (StepKind.MASTER_CLASS, "Мастер-класс победителя конкурса «Учитель года» по теме дефицита"),
    (StepKind.EVENT, "Участие в заседании ГМК: разбор практик коллег"),
    (StepKind.MENTOR, "Посещение и анализ уроков наставника"),
]
REFLECTIONS = [
    "Применила приёмы на двух уроках, обучающиеся активнее работали в группах.",
    "Разработал комплект заданий, апробировал в 7 классе.",
    "Понял, как выстраивать обратную связь; нужно ещё поработать с критериями.",
]


def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    """Seeds the module's demo history on the registry loaded by seed_demo; returns summary lines."""
    if LearningRoute.objects.exists():
        return ["Маршруты: уже есть — пропущено."]
    from metodist.diagnostics.models import Deficit

    # deficits open half a year ago (the routes now completing were drafted from them) and those open today
    open_deficits = defaultdict(list)
    for on in (today - timedelta(days=LOOKBACK_DAYS), today):
        rows = (
            Deficit.objects.open(on)
            .select_related("competency", "diagnostic")
            .order_by("educator_id", "-diagnostic__ends_on", "competency__code")
        )
        for deficit in rows.iterator(chunk_size=5000):
            codes = {row.competency.code for row in open_deficits[deficit.educator_id]}
            if deficit.competency.code not in codes and len(codes) < 3:
                open_deficits[deficit.educator_id].append(deficit)
    if not open_deficits:
        return ["Маршруты: открытых профессиональных дефицитов нет — маршруты не созданы (нужна демо-диагностика)."]
    with transaction.atomic():
        return _seed(today, progress, open_deficits)


def _seed(today, progress, open_deficits) -> list[str]:
    from metodist.accounts.models import User
    from metodist.people.models import Employment

    rng = random.Random(SEED)
    users = {user.username: user for user in User.objects.filter(username__in=["tutor", "methodist", "teacher"])}
    tutor, methodist, teacher = users.get("tutor"), users.get("methodist"), users.get("teacher")
    places = {}
    for educator_id, region_id, organization_id, municipality_id in (
        Employment.objects.filter(educator_id__in=list(open_deficits))
        .order_by("educator_id", "-start_date")
        .values_list("educator_id", "organization__region_id", "organization_id", "organization__municipality_id")
    ):
        places.setdefault(educator_id, (region_id, organization_id, municipality_id))
    home = methodist.municipality_id if methodist else None
    chosen = [pk for pk in sorted(open_deficits) if pk in places and rng.random() < SHARE]
    if teacher and teacher.educator_id in places and teacher.educator_id not in chosen:
        chosen.insert(0, teacher.educator_id)  # the demo teacher follows a route
    elif teacher and teacher.educator_id in chosen:
        chosen.remove(teacher.educator_id)
        chosen.insert(0, teacher.educator_id)
    programs = _programs_by_code()
    statuses, weights = list(WEIGHTS), list(WEIGHTS.values())
    tutored = 0
    plans = []
    for educator_id in chosen:
        region_id, organization_id, municipality_id = places[educator_id]
        in_home = municipality_id == home
        if tutor and in_home and tutored < len(TUTOR_STATUSES):
            status, route_tutor, curator = TUTOR_STATUSES[tutored], tutor, CuratorKind.TUTOR
            tutored += 1
        else:
            status = rng.choices(statuses, weights)[0]
            route_tutor = methodist if in_home and methodist and rng.random() < 0.5 else None
            curator = CuratorKind.METHODOLOGIST if route_tutor else CuratorKind.TUTOR
        base = rng.choices([RouteBase.CNPPM, RouteBase.ORGANIZATION, RouteBase.MUNICIPALITY], [5, 3, 2])[0]
        finished = status in (RouteStatus.COMPLETED, RouteStatus.EVALUATED)
        starts_on = today - timedelta(days=rng.randint(330, 400) if finished else rng.randint(20, 200))
        plans.append((educator_id, region_id, organization_id, status, route_tutor, curator, base, starts_on))
    total = _write(plans, open_deficits, programs, today, rng, progress)
    lines = [
        f"Маршруты: {total['routes']} ИОМ/ИППР ({_by_status(total['statuses'])}), шагов {total['steps']}, "
        f"рекомендаций {total['recommendations']}.",
    ]
    if tutor:
        lines.append(f"Маршруты: тьютор «tutor» сопровождает {tutored} маршрутов демо-муниципалитета.")
    return lines


def _by_status(counts) -> str:
    return ", ".join(f"{RouteStatus(status).label.lower()} {counts[status]}" for status in WEIGHTS if counts[status])


def _programs_by_code() -> dict[str, list]:
    """{competency code: [(program id, title, in the federal registry)]}, federal first."""
    from metodist.training.models import Program

    found = defaultdict(list)
    through = Program.competencies.through.objects.filter(program__is_active=True).order_by(
        "-program__in_federal_registry", "program_id"
    )
    for code, pk, title, federal in through.values_list(
        "competency__code", "program_id", "program__title", "program__in_federal_registry"
    ):
        if all(item[0] != pk for item in found[code]):
            found[code].append((pk, title, federal))
    return found


def _write(plans, open_deficits, programs, today, rng, progress) -> dict:
    from metodist.training.effectiveness import effects

    counts = defaultdict(int)
    effect_tables = {}  # region → its program-effectiveness table, computed once for all its draft routes
    statuses = defaultdict(int)
    for start in range(0, len(plans), BATCH):
        batch = plans[start : start + BATCH]
        routes = LearningRoute.objects.bulk_create(
            LearningRoute(
                educator_id=educator_id, region_id=region_id, status=status, tutor=route_tutor, curator_kind=curator,
                base=base, organization_id=organization_id if base == RouteBase.ORGANIZATION else None,
                goal=_goal(open_deficits[educator_id]), starts_on=starts_on,
                ends_on=starts_on + timedelta(days=365),
                agreed_on=None if status in (RouteStatus.DRAFT, RouteStatus.REVIEW) else starts_on + timedelta(days=7),
                completed_on=(today - timedelta(days=rng.randint(1, 15)))
                if status in (RouteStatus.COMPLETED, RouteStatus.EVALUATED) else None,
                rating=rng.randint(3, 5) if status == RouteStatus.EVALUATED else None,
            )
            for educator_id, region_id, organization_id, status, route_tutor, curator, base, starts_on in batch
        )  # fmt: skip
        deficit_rows = RouteDeficit.objects.bulk_create(
            RouteDeficit(route=route, deficit=deficit, competency=deficit.competency, code=deficit.competency.code,
                         diagnostic=deficit.diagnostic, measured_on=deficit.diagnostic.ends_on, percent=deficit.percent)
            for route in routes for deficit in open_deficits[route.educator_id]
        )  # fmt: skip
        by_route = defaultdict(list)
        for row in deficit_rows:
            by_route[row.route_id].append(row)
        steps, links = [], []
        for route in routes:
            statuses[route.status] += 1
            if route.status == RouteStatus.DRAFT:
                continue  # proposed by the real ranking below
            for step, addressed in _steps(route, by_route[route.pk], programs, today, rng):
                steps.append(step)
                links.append(addressed)
        RouteStep.objects.bulk_create(steps, batch_size=BATCH)
        through = RouteStep.deficits.through
        through.objects.bulk_create(
            [
                through(routestep_id=step.pk, routedeficit_id=row.pk)
                for step, rows in zip(steps, links, strict=True)
                for row in rows
            ],
            batch_size=BATCH,
        )
        RouteEvent.objects.bulk_create(_history(routes, steps), batch_size=BATCH)
        _notices(routes, steps)
        for route in routes:
            if route.status == RouteStatus.DRAFT:
                if route.region_id not in effect_tables:
                    effect_tables[route.region_id] = effects(route.region_id)
                table = effect_tables[route.region_id]
                counts["steps"] += actions.add_proposals(route, today=today, effect_table=table)
        counts["recommendations"] += _results(routes, today)
        counts["routes"] += len(routes)
        counts["steps"] += len(steps)
        progress(f"Маршруты: {counts['routes']} из {len(plans)}")
    counts["statuses"] = statuses
    return counts


def _goal(deficits) -> str:
    names = "; ".join(deficit.competency.name for deficit in deficits)
    return f"Преодоление профессиональных дефицитов: {names}"[:1000]


def _steps(route, deficits, programs, today, rng):
    """(unsaved step, the RouteDeficit rows it addresses): a course per deficit where the catalogue has one, else
    self-education, and one non-formal step."""
    plan, by_program = [], {}
    for row in deficits:
        offered = programs.get(row.code)
        if offered and offered[0][0] in by_program:
            by_program[offered[0][0]][1].append(row)  # one course for two deficits is one step
        elif offered:
            pk, title, federal = offered[0]
            reason = f"Закрывает дефицит «{row.competency.name}»: " + (
                "федеральный реестр ДПП" if federal else "региональный каталог ДПП"
            )
            plan.append((RouteStep(kind=StepKind.COURSE, program_id=pk, title=title, reason=reason), [row]))
            by_program[pk] = plan[-1]
        else:
            reason = f"Нет подходящей программы в каталоге по дефициту «{row.competency.name}»"
            title = f"Самообразование: {row.competency.name}"
            step = RouteStep(kind=StepKind.SELF_EDUCATION, title=title, reason=reason)
            plan.append((step, [row]))
    kind, title = EXTRA_STEPS[route.educator_id % len(EXTRA_STEPS)]
    plan.append((RouteStep(kind=kind, title=title), list(deficits[:1])))
    span = (route.ends_on - route.starts_on).days
    for number, (step, _) in enumerate(plan, start=1):
        step.route = route
        step.order = number
        step.form = DEFAULT_FORM[step.kind]
        step.due_on = route.starts_on + timedelta(days=span * number // (len(plan) + 1))
        done = _is_done(route, number, len(plan), today, step.due_on)
        if done:
            step.status = StepStatus.DONE
            step.done_on = min(step.due_on, (route.completed_on or today) - timedelta(days=1))
            step.evidence_link = f"https://portal.example.invalid/routes/{route.pk}/{number}"
            step.reflection = REFLECTIONS[(route.pk + number) % len(REFLECTIONS)]
            if route.tutor_id and rng.random() < 0.6:
                step.tutor_comment = "Шаг выполнен, подтверждение принято."
        else:
            step.status = StepStatus.PLANNED
    return plan


def _is_done(route, number, count, today, due_on) -> bool:
    if route.status in (RouteStatus.COMPLETED, RouteStatus.EVALUATED):
        return True
    if route.status != RouteStatus.IN_PROGRESS:
        return False
    # the first step is done; later ones by their deadlines, except on every third route (overdue steps)
    return number == 1 or (number < count and due_on <= today and route.pk % 3 != 0)


def _history(routes, steps) -> list[RouteEvent]:
    order = [RouteStatus.DRAFT, RouteStatus.REVIEW, RouteStatus.AGREED, RouteStatus.IN_PROGRESS,
             RouteStatus.COMPLETED, RouteStatus.EVALUATED]  # fmt: skip
    events = []
    for route in routes:
        text = "Черновик маршрута (демонстрационные данные)"
        events.append(RouteEvent(route=route, actor_id=route.tutor_id, kind=EventKind.CREATED, text=text,
                                 to_status=RouteStatus.DRAFT))  # fmt: skip
        reached = order.index(route.status)
        for before, after in zip(order[:reached], order[1 : reached + 1], strict=True):
            events.append(RouteEvent(route=route, actor_id=route.tutor_id, kind=EventKind.STATUS,
                                     text=RouteStatus(after).label, from_status=before, to_status=after))  # fmt: skip
    for step in steps:
        if step.status == StepStatus.DONE:
            events.append(RouteEvent(route_id=step.route_id, step=step, kind=EventKind.STEP_DONE, text=step.title))
            events.append(RouteEvent(route_id=step.route_id, step=step, kind=EventKind.EVIDENCE,
                                     text=f"{step.title}: ссылка"))  # fmt: skip
    return events


def _notices(routes, steps) -> None:
    """Unread notices of evidence for the tutors of routes being worked through (their latest done step)."""
    working = {route.pk: route for route in routes if route.status == RouteStatus.IN_PROGRESS and route.tutor_id}
    latest = {}
    for step in steps:
        if step.route_id in working and step.status == StepStatus.DONE:
            latest[step.route_id] = step
    RouteNotice.objects.bulk_create(
        RouteNotice(recipient_id=working[route_id].tutor_id, route_id=route_id, step=step,
                    text=f"Подтверждение шага «{step.title[:150]}»")
        for route_id, step in latest.items()
    )  # fmt: skip


def _results(routes, today) -> int:
    """Recommendations (compared with the repeat diagnostic) and a support plan for each completed route."""
    from . import outcome

    recommendations, support = [], []
    for route in routes:
        if route.status not in (RouteStatus.COMPLETED, RouteStatus.EVALUATED):
            continue
        for number, item in enumerate(outcome.recommendations(outcome.compare(route, route.completed_on))):
            recommendations.append(Recommendation(route=route, code=item["code"], rule=item["rule"],
                                                  text=item["text"], order=number))  # fmt: skip
        support.extend(actions.default_support(route, route.completed_on))
    Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
    SupportItem.objects.bulk_create(support, batch_size=BATCH)
    return len(recommendations)


def clear() -> None:
    """Deletes the module's data before seed_demo --replace deletes the registry it points to. The history is
    append-only for the application; here it goes with its routes (through the base manager)."""
    RouteNotice.objects.all().delete()
    RouteEvent._base_manager.all().delete()
    LearningRoute.objects.all().delete()
