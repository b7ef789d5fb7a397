"""Writes of the competitions module, each atomic and recorded in the audit trail: a competition with its stages,
entries, results, the jury and its criteria, jury scores, closing a stage (totals and ranking; results are locked
after) and advancing a stage's winner to the next stage."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from metodist.audit.actions import record, record_created, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import CONFLICT, claim

from . import agreement
from .models import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    JuryMember,
    Participants,
    Result,
    Score,
    ScoringCriterion,
)


class CompetitionRefused(Exception):
    """An action the competition's state or the user's role does not allow; the message is shown to the user."""


def can_manage(user, competition: Competition) -> bool:
    return Competition.objects.managed_by(user).filter(pk=competition.pk).exists()


def _require_manager(user, competition) -> None:
    if not can_manage(user, competition):
        raise CompetitionRefused("Это действие доступно организатору конкурса.")


def _require_open(stage: CompetitionStage) -> None:
    if stage.is_closed:
        raise CompetitionRefused("Этап закрыт: результаты и оценки изменить нельзя.")


@transaction.atomic
def create_competition(
    *, by, title: str, kind: str, year: int, region, municipality=None, participants=Participants.EDUCATORS, stages
) -> Competition:
    """`stages` is a list of (level, starts_on, ends_on) in the order of the competition."""
    competition = Competition(
        title=title, kind=kind, year=year, region=region, municipality=municipality, participants=participants
    )
    if by is not None:
        _check_territory(by, region, municipality)
    competition.save()
    record_created(by, competition)
    for order, (level, starts_on, ends_on) in enumerate(stages, start=1):
        if ends_on < starts_on:
            raise CompetitionRefused("Дата подведения итогов этапа раньше его начала.")
        stage = CompetitionStage.objects.create(
            competition=competition, level=level, order=order, starts_on=starts_on, ends_on=ends_on
        )
        record_created(by, stage)
    return competition


def _check_territory(user, region, municipality) -> None:
    from metodist.accounts.models import ScopeLevel

    if user.is_superuser or user.scope_level == ScopeLevel.ALL:
        return
    if user.can_edit_registry:
        if user.scope_level == ScopeLevel.REGION and region.pk == user.region_id:
            return
        if user.scope_level == ScopeLevel.MUNICIPALITY and municipality and municipality.pk == user.municipality_id:
            return
    raise CompetitionRefused("Создавать конкурсы может муниципальная методическая служба или региональный оператор.")


@transaction.atomic
def add_entry(stage: CompetitionStage, *, by, organization, educator=None, nomination: str = "") -> CompetitionEntry:
    competition = stage.competition
    if by is not None:
        _require_manager(by, competition)
    _require_open(stage)
    if competition.for_organizations and educator is not None:
        raise CompetitionRefused("В этом конкурсе участвуют организации, а не педагоги.")
    if not competition.for_organizations and educator is None:
        raise CompetitionRefused("Укажите участника-педагога.")
    if educator is not None and stage.jury.filter(Q(educator=educator) | Q(user__educator=educator)).exists():
        raise CompetitionRefused(f"{educator} — член жюри этого этапа и не может быть его участником.")
    try:
        with transaction.atomic():
            entry = CompetitionEntry.objects.create(
                stage=stage, educator=educator, organization=organization, nomination=nomination
            )
    except IntegrityError:
        raise CompetitionRefused("Этот участник уже заявлен на этап.") from None
    record_created(by, entry)
    return entry


@transaction.atomic
def record_result(entry: CompetitionEntry, *, by, result: str, nomination: str, version: int | None) -> None:
    _require_manager(by, entry.stage.competition)
    _require_open(entry.stage)
    if result not in Result.values:
        raise CompetitionRefused("Неизвестный результат.")
    before = snapshot(entry)
    if not claim(entry, version):
        raise CompetitionRefused(CONFLICT)
    entry.result, entry.nomination = result, nomination
    entry.save(update_fields=["result", "nomination"])
    changes = {key: [before[key], value] for key, value in snapshot(entry).items() if before.get(key) != value}
    changes.pop("version", None)
    if changes:
        record(by, AuditAction.UPDATE, entry, changes)


@transaction.atomic
def add_jury_member(stage: CompetitionStage, *, by, user=None, educator=None) -> JuryMember:
    """A jury member of the stage, a user or an educator of the registry, linked with each other: a user's
    educator card, an educator's account (none yet: the member scores once an account names the educator).
    One person sits once on a stage's jury, and never judges a stage they compete in."""
    from metodist.accounts.models import User

    _require_manager(by, stage.competition)
    stage = CompetitionStage.objects.select_for_update().select_related("competition").get(pk=stage.pk)
    _require_open(stage)
    if user is None and educator is None:
        raise CompetitionRefused("Укажите пользователя или педагога — члена жюри.")
    if educator is None:
        educator = user.educator
    if user is None:
        user = User.objects.filter(educator=educator).first()
    member = JuryMember(stage=stage, user=user, educator=educator)
    if educator is not None and stage.entries.filter(educator=educator).exists():
        raise CompetitionRefused(f"{member} — участник этого этапа и не может быть в его жюри.")
    same = Q(user_id=user.pk) if user is not None else Q(pk__in=[])
    if educator is not None:
        same |= Q(educator_id=educator.pk) | Q(user__educator_id=educator.pk)
    if stage.jury.filter(same).exists():
        raise CompetitionRefused(f"{member} уже в жюри этого этапа.")
    member.save()
    record_created(by, member)
    return member


@transaction.atomic
def add_criterion(stage: CompetitionStage, *, by, name: str, max_points: Decimal) -> ScoringCriterion:
    _require_manager(by, stage.competition)
    _require_open(stage)
    if max_points <= 0:
        raise CompetitionRefused("Максимум баллов должен быть больше нуля.")
    order = stage.criteria.count() + 1
    criterion = ScoringCriterion.objects.create(stage=stage, name=name, max_points=max_points, order=order)
    record_created(by, criterion)
    return criterion


@transaction.atomic
def save_scores(member: JuryMember, entry: CompetitionEntry, points: dict[int, Decimal], *, by) -> None:
    """A jury member's points for one entry: {criterion id: points}. Only the member themself scores."""
    if not member.is_user(by):
        raise CompetitionRefused("Оценки выставляет только сам член жюри.")
    if entry.stage_id != member.stage_id:
        raise CompetitionRefused("Участник заявлен на другой этап.")
    stage = CompetitionStage.objects.select_for_update().get(pk=member.stage_id)
    _require_open(stage)
    criteria = {criterion.pk: criterion for criterion in stage.criteria.all()}
    for criterion_id, value in points.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise CompetitionRefused("Критерий не относится к этапу.")
        if value < 0 or value > criterion.max_points:
            raise CompetitionRefused(f"«{criterion.name}»: от 0 до {criterion.max_points} баллов.")
    for criterion_id, value in points.items():
        Score.objects.update_or_create(jury=member, entry=entry, criterion_id=criterion_id, defaults={"points": value})
    record(
        by,
        AuditAction.UPDATE,
        entry,
        {"scores": [None, {str(key): str(value) for key, value in points.items()}]},
        summary=f"Оценки жюри: {member}",
    )


@transaction.atomic
def close_stage(stage: CompetitionStage, *, by) -> None:
    """Totals (the mean of the jury members' totals, half up to hundredths) and places by them (equal totals share
    a place: 1, 2, 2, 4); after this results and scores are locked."""
    _require_manager(by, stage.competition)
    stage = CompetitionStage.objects.select_for_update().get(pk=stage.pk)
    _require_open(stage)
    totals = {entry: agreement.mean(by_jury.values()) for entry, by_jury in agreement.jury_totals(stage).items()}
    entries = list(stage.entries.all())
    places = agreement.places(totals)
    for entry in entries:
        entry.total, entry.rank = totals.get(entry.pk), places.get(entry.pk)
    CompetitionEntry.objects.bulk_update(entries, ["total", "rank"])
    stage.closed_at = timezone.now()
    stage.save(update_fields=["closed_at"])
    record(by, AuditAction.UPDATE, stage, {"closed_at": [None, str(stage.closed_at)]}, summary="Этап закрыт")


def next_stage(stage: CompetitionStage) -> CompetitionStage | None:
    return stage.competition.stages.filter(order=stage.order + 1).first()


@transaction.atomic
def advance(entry: CompetitionEntry, *, by, on: date | None = None) -> CompetitionEntry:
    """Enters a stage's winner into the next stage, once."""
    _require_manager(by, entry.stage.competition)
    if entry.result != Result.WINNER:
        raise CompetitionRefused("На следующий этап выдвигается победитель этапа.")
    following = next_stage(entry.stage)
    if following is None:
        raise CompetitionRefused("Это последний этап конкурса.")
    if CompetitionEntry.objects.filter(advanced_from=entry).exists():
        raise CompetitionRefused("Участник уже выдвинут на следующий этап.")
    created = add_entry(
        following, by=by, organization=entry.organization, educator=entry.educator, nomination=entry.nomination
    )
    created.advanced_from = entry
    created.save(update_fields=["advanced_from"])
    return created


@transaction.atomic
def add_stage(competition: Competition, *, by, level: str, starts_on: date, ends_on: date) -> CompetitionStage:
    _require_manager(by, competition)
    if ends_on < starts_on:
        raise CompetitionRefused("Дата подведения итогов этапа раньше его начала.")
    last = competition.stages.order_by("-order").first()
    stage = CompetitionStage.objects.create(
        competition=competition,
        level=level,
        order=(last.order + 1) if last else 1,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    record_created(by, stage)
    return stage
