"""Publishing a reviewed proposal: the chosen pairs become ACTIVE mentorships (source «по предложению подбора», the
reason kept) of the municipality's program, in one transaction, each recorded in the audit trail.

A proposal is a snapshot: between running and publishing someone may have assigned a mentor by hand, changed a
mentor's limit, or published the same proposal. Every line is checked again inside the transaction (the
municipality's row locked, so two publishes of one municipality run one after the other); if any line no longer
holds, nothing is written and the message names what changed — the coordinator runs the proposal again.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core import signing
from django.db import transaction

from metodist.audit.actions import entry
from metodist.audit.models import AuditAction, AuditEntry
from metodist.orgs.models import Municipality
from metodist.people.models import Educator

from ..models import MentoringForm, MentoringProgram, Mentorship, MentorshipMentee, MentorshipSource, MentorshipStatus
from ..models_matching import MatchWeights
from . import candidates

SALT = "metodist.mentoring.matching"


class ProposalStale(Exception):
    """The proposal no longer holds; the message (Russian) says why. Nothing was written."""


@dataclass(frozen=True)
class Pair:
    mentee_id: int
    mentor_id: int
    reason: str


def sign(pairs: list[Pair], municipality_id: int, on: date) -> str:
    """The proposal as the review form carries it: signed, so that a reason or a pair cannot be made up."""
    payload = {"m": municipality_id, "on": on.isoformat(), "p": [[p.mentee_id, p.mentor_id, p.reason] for p in pairs]}
    return signing.dumps(payload, salt=SALT, compress=True)


def unsign(token: str, municipality_id: int) -> list[Pair]:
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise ProposalStale("Предложение повреждено. Сформируйте его заново.") from error
    if payload["m"] != municipality_id:
        raise ProposalStale("Предложение сформировано для другого муниципального образования.")
    return [Pair(*row) for row in payload["p"]]


def program_of(municipality: Municipality, today: date) -> MentoringProgram:
    """The municipality's own program in force on `today`; a new one from `today` if there is none."""
    program = (
        MentoringProgram.objects.filter(municipality=municipality, organization__isnull=True, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .order_by("-starts_on", "pk")
        .first()
    )
    return program or MentoringProgram.objects.create(
        title=f"Муниципальная программа наставничества ({municipality})", municipality=municipality,
        region_id=municipality.region_id, starts_on=today,
    )  # fmt: skip


def _names(ids) -> dict[int, str]:
    return {
        e.pk: e.full_name for e in Educator.objects.filter(pk__in=ids).only("last_name", "first_name", "patronymic")
    }


def _stale(pairs: list[Pair], municipality_id: int, today: date) -> list[str]:
    """What no longer holds, one Russian phrase per problem."""
    settings = MatchWeights.for_municipality(municipality_id)
    pool = candidates.load(municipality_id, today, default_limit=settings.default_limit)
    problems = []
    mentees = {p.mentee_id for p in pairs}
    current = candidates.current_memberships(today).filter(educator_id__in=mentees)
    mentored = set(current.values_list("educator_id", flat=True))
    names = _names(mentees | {p.mentor_id for p in pairs})
    for pk in sorted(mentored, key=lambda pk: names.get(pk, "")):
        problems.append(f"у педагога {names.get(pk, pk)} уже есть наставник")
    working = set(candidates.active_employments(municipality_id, today).values_list("educator_id", flat=True))
    for pk in sorted(mentees - mentored - working, key=lambda pk: names.get(pk, "")):
        problems.append(f"{names.get(pk, pk)} больше не работает в муниципальном образовании")
    for pk, count in Counter(p.mentee_id for p in pairs).items():
        if count > 1:
            problems.append(f"педагогу {names.get(pk, pk)} предложено несколько наставников")
    wanted = Counter(p.mentor_id for p in pairs)
    for pk, count in sorted(wanted.items(), key=lambda item: names.get(item[0], "")):
        j = pool.mentors.index.get(pk)
        free = 0 if j is None else int(pool.mentors.limit[j] - pool.mentors.load[j])
        if count > free:
            problems.append(f"у наставника {names.get(pk, pk)} свободных мест {free}, а предложено {count}")
    return problems


@transaction.atomic
def publish(pairs: list[Pair], *, municipality_id: int, by, today: date) -> list[Mentorship]:
    """Creates an ACTIVE mentorship per pair; raises ProposalStale (nothing written) if any pair no longer holds."""
    if not pairs:
        raise ProposalStale("Не выбрано ни одной пары: отметьте пары, которые нужно утвердить.")
    municipality = Municipality.objects.select_for_update().get(pk=municipality_id)
    problems = _stale(pairs, municipality_id, today)
    if problems:
        raise ProposalStale(
            "Предложение устарело, ничего не сохранено: " + "; ".join(problems) + ". Сформируйте предложение заново."
        )
    program = program_of(municipality, today)
    actor = by if by is not None and by.is_authenticated else None
    created = Mentorship.objects.bulk_create(
        Mentorship(program=program, form=MentoringForm.EXPERIENCED_YOUNG, mentor_id=p.mentor_id,
                   municipality=municipality, region_id=municipality.region_id, starts_on=today,
                   status=MentorshipStatus.ACTIVE, source=MentorshipSource.MATCHED, reason=p.reason[:300],
                   created_by=actor)
        for p in pairs
    )  # fmt: skip
    MentorshipMentee.objects.bulk_create(
        MentorshipMentee(mentorship=m, educator_id=p.mentee_id, joined_on=today)
        for m, p in zip(created, pairs, strict=True)
    )
    names = _names({p.mentee_id for p in pairs} | {p.mentor_id for p in pairs})
    AuditEntry.objects.bulk_create(
        entry(by, AuditAction.CREATE, m, {"mentor": [None, str(p.mentor_id)], "mentee": [None, str(p.mentee_id)],
                                          "source": [None, m.source], "reason": [None, m.reason]},
              summary=f"Подбор наставника: {names.get(p.mentor_id)} — наставник педагога {names.get(p.mentee_id)}")
        for m, p in zip(created, pairs, strict=True)
    )  # fmt: skip
    return created
