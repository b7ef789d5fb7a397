"""The coordinator's views of mentoring as data: the cadence of meetings (never their private notes) and the
outcomes of pairs a year on, grouped by the features of the pair — the evidence for changing the match weights.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max
from django.db.models.functions import TruncMonth

from metodist.lib.dates import add_years
from metodist.people.models import Employment

from . import features
from .models import MentoringMeeting, MentorshipMentee, MentorshipStatus

# ---- cadence


def months_between(start: date, end: date) -> list[date]:
    """First days of the months from start's to end's, inclusive."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


@dataclass
class CadenceRow:
    mentorship: object
    counts: list[int]
    last_on: date | None


def cadence(mentorships, today: date, months: int = 6, weeks: int = 4):
    """Meetings per month of the last `months` months for each active pair (one query for the counts), and the
    pairs with no meeting for `weeks` weeks (or none at all) started before that."""
    active = mentorships.filter(status=MentorshipStatus.ACTIVE).select_related("mentor", "program")
    active = active.annotate(last_on=Max("meetings__held_on")).order_by("mentor__last_name", "pk")
    year, month = divmod(today.year * 12 + today.month - 1 - (months - 1), 12)
    start = date(year, month + 1, 1)
    columns = months_between(start, today)
    counts = (
        MentoringMeeting.objects.filter(mentorship__in=active.values("pk"), held_on__gte=start, held_on__lte=today)
        .annotate(month=TruncMonth("held_on"))
        .values("mentorship_id", "month")
        .annotate(n=Count("pk"))
    )
    by_pair = defaultdict(dict)
    for row in counts:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        by_pair[row["mentorship_id"]][month] = row["n"]
    rows = [CadenceRow(m, [by_pair[m.pk].get(month, 0) for month in columns], m.last_on) for m in active]
    since = today - timedelta(weeks=weeks)
    silent = [row for row in rows if row.mentorship.starts_on <= since and (row.last_on is None or row.last_on < since)]
    return columns, rows, silent


# ---- outcomes by pair features


@dataclass
class Group:
    label: str
    pairs: int = 0
    retained: int = 0
    deficits: int = 0  # the mentee's open deficits when the pair started
    closed: int = 0  # of them, closed by `today` (measured again without a deficit)
    months: int = 0
    meetings: int = 0
    members: list = field(default_factory=list)

    @property
    def retained_share(self) -> Decimal | None:
        return features.share(self.retained, self.pairs)

    @property
    def closed_share(self) -> Decimal | None:
        return features.share(self.closed, self.deficits)

    @property
    def per_month(self) -> Decimal | None:
        if not self.months:
            return None
        return (Decimal(self.meetings) / self.months).quantize(Decimal("0.1"))


COVERAGE_GROUPS = ("нет дефицитов при начале", "дефициты не покрыты (0 %)", "покрыто меньше половины",
                   "покрыто не меньше половины")  # fmt: skip


def _coverage_label(value: Decimal | None) -> str:
    if value is None:
        return COVERAGE_GROUPS[0]
    if value == 0:
        return COVERAGE_GROUPS[1]
    return COVERAGE_GROUPS[2] if value < 50 else COVERAGE_GROUPS[3]


def outcomes(mentorships, today: date) -> dict[str, list[Group]]:
    """Feature → its groups, for each mentee of a pair that started at least a year before `today`: whether the
    young educator still works (retention), the deficits open at the start closed since, and meetings per month.
    Four queries whatever the number of pairs and of their start dates."""
    year_ago = add_years(today, -1)
    memberships = list(
        MentorshipMentee.objects.filter(mentorship__in=mentorships.values("pk"), mentorship__starts_on__lte=year_ago)
        .exclude(mentorship__status=MentorshipStatus.PROPOSED)
        .select_related("mentorship")
        .annotate(meetings=Count("mentorship__meetings"))
    )
    people = {m.educator_id for m in memberships} | {m.mentorship.mentor_id for m in memberships}
    employments = Employment.objects.filter(educator_id__in=people).values_list(
        "educator_id", "organization_id", "subjects__code", "start_date", "end_date"
    )
    places, subjects, working = defaultdict(set), defaultdict(set), set()
    for educator_id, organization_id, subject, start, end in employments:
        places[educator_id].add(organization_id)
        if subject:
            subjects[educator_id].add(subject)
        if start <= today and (end is None or end >= today):
            working.add(educator_id)
    measures = features.Measures(people, today)  # every start date is before today: one read serves them all

    grouped = {name: {} for name in ("subject", "organization", "coverage")}
    for membership in memberships:
        pair, mentee = membership.mentorship, membership.educator_id
        at_start, covered = features.covered(measures, pair.mentor_id, mentee, pair.starts_on)
        labels = {
            "subject": "один предмет" if subjects[mentee] & subjects[pair.mentor_id] else "разные предметы",
            "organization": "одна организация" if places[mentee] & places[pair.mentor_id] else "разные организации",
            "coverage": _coverage_label(covered),
        }
        end = min(pair.ends_on or today, today)
        closed = len(at_start - measures.open_deficits(mentee, today))
        for feature, label in labels.items():
            group = grouped[feature].setdefault(label, Group(label))
            group.pairs += 1
            group.retained += mentee in working
            group.deficits += len(at_start)
            group.closed += closed
            group.months += max(1, len(months_between(pair.starts_on, end)))
            group.meetings += membership.meetings
    order = {label: rank for rank, label in enumerate(COVERAGE_GROUPS)}
    return {
        feature: sorted(groups.values(), key=lambda g: (order.get(g.label, 0), g.label))
        for feature, groups in grouped.items()
    }


FEATURE_TITLES = {
    "subject": "Один предмет у наставника и наставляемого",
    "organization": "Одна организация",
    "coverage": "Покрытие дефицитов наставляемого сильными сторонами наставника",
}


def needing_mentor(educators, today: date):
    """Young educators (`educators` already scoped) without a mentorship in force today."""
    mentored = MentorshipMentee.objects.on(today).values("educator_id")
    return educators.employed(today).young(today).exclude(pk__in=mentored)
