"""Results of a survey for the service: the response rate and, per question, counts, shares, the scale's
distribution and mean, and the texts, overall and by organization, with the small-number suppression.

The suppression rule (one function, `split_small`, used by the page and the export alike):
- a question's results are shown only from MIN_GROUP answers to it on (otherwise «менее 5 ответов — не
  показывается»);
- by organization, an organization with fewer than MIN_GROUP answers is not shown on its own but merged into
  the row «Прочие организации»; if that row would itself hold fewer than MIN_GROUP answers, the smallest shown
  organizations join it until it holds MIN_GROUP, so that the total minus the shown rows never reveals a group
  below the threshold; a «прочие» row that cannot reach MIN_GROUP is shown hidden;
- the response rate by organization of an anonymous survey follows the same rule on the number invited:
  in an organization of one to four invited educators a rate such as «3 из 3» tells whether a particular
  colleague took part.

Shares are percentages with one decimal, rounded half up; the mean of a scale has two decimals, half up.
Every figure is counted in SQL in a fixed number of queries whatever the number of questions or answers.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from metodist.orgs.models import Organization

from .models import MIN_GROUP, Answer, Invitation, QuestionKind, Survey

HIDDEN = "менее 5 ответов — не показывается"
OTHERS = "Прочие организации"
ONE_DECIMAL, TWO_DECIMALS = Decimal("0.1"), Decimal("0.01")


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def mean(values: Counter) -> Decimal | None:
    total = sum(values.values())
    if not total:
        return None
    return (Decimal(sum(value * count for value, count in values.items())) / total).quantize(
        TWO_DECIMALS, rounding=ROUND_HALF_UP
    )


def split_small(sizes: dict) -> tuple[list, list]:
    """(keys shown on their own, keys merged into «прочие») by the rule of the module docstring."""
    shown = sorted((key for key, size in sizes.items() if size >= MIN_GROUP), key=lambda key: (sizes[key], str(key)))
    others = [key for key, size in sizes.items() if size < MIN_GROUP]
    while others and shown and sum(sizes[key] for key in others) < MIN_GROUP:
        others.append(shown.pop(0))
    return shown, others


@dataclass
class Group:
    """What is counted for one question in one organization (or merged organizations)."""

    answered: int = 0
    options: Counter = field(default_factory=Counter)
    values: Counter = field(default_factory=Counter)

    def add(self, other: "Group") -> None:
        self.answered += other.answered
        self.options.update(other.options)
        self.values.update(other.values)


@dataclass
class RateRow:
    name: str
    invited: int
    responded: int
    hidden: bool = False

    @property
    def rate(self) -> Decimal | None:
        return share(self.responded, self.invited)


@dataclass
class OrgRow:
    name: str
    answered: int
    hidden: bool = False
    shares: list = field(default_factory=list)  # per option, in the question's order
    mean: Decimal | None = None


@dataclass
class TextRow:
    text: str
    who: str = ""  # the educator and organization: named surveys only


@dataclass
class QuestionResult:
    question: object
    answered: int
    hidden: bool
    options: list = field(default_factory=list)  # (option, count, share)
    values: list = field(default_factory=list)  # (value, count, share)
    mean: Decimal | None = None
    texts: list = field(default_factory=list)
    by_organization: list = field(default_factory=list)
    chart: dict | None = None

    @property
    def chart_id(self) -> str:
        return f"chart-{self.question.pk}"


@dataclass
class Results:
    survey: Survey
    invited: int
    responded: int
    rates: list
    questions: list

    @property
    def rate(self) -> Decimal | None:
        return share(self.responded, self.invited)


def response_rates(survey: Survey, organizations=None) -> tuple[int, int, list[RateRow]]:
    """(invited, responded, rows by organization); `organizations` restricts the rows and totals (an
    organization's administrator sees their own)."""
    invitations = Invitation.objects.filter(survey=survey)
    if organizations is not None:
        invitations = invitations.filter(organization__in=organizations)
    counted = list(
        invitations.values("organization_id").annotate(
            invited=Count("pk"), responded=Count("pk", filter=Q(responded=True))
        )
    )
    names = _names(row["organization_id"] for row in counted)
    by_org = {row["organization_id"]: row for row in counted}
    invited = sum(row["invited"] for row in counted)
    responded = sum(row["responded"] for row in counted)
    rows = lambda keys: [RateRow(names[key], by_org[key]["invited"], by_org[key]["responded"]) for key in keys]  # noqa: E731
    if not survey.anonymous:
        return invited, responded, sorted(rows(by_org), key=lambda row: row.name)
    shown, others = split_small({key: row["invited"] for key, row in by_org.items()})
    result = sorted(rows(shown), key=lambda row: row.name)
    if others:
        merged_invited = sum(by_org[key]["invited"] for key in others)
        merged_responded = sum(by_org[key]["responded"] for key in others)
        result.append(RateRow(OTHERS, merged_invited, merged_responded, hidden=merged_invited < MIN_GROUP))
    return invited, responded, result


def _names(keys) -> dict:
    organizations = Organization.objects.filter(pk__in=set(keys)).only("short_name", "full_name")
    return {organization.pk: str(organization) for organization in organizations}


def survey_results(survey: Survey) -> Results:
    invited, responded, rates = response_rates(survey)
    questions = list(survey.questions.prefetch_related("options").order_by("order", "pk"))
    answers = Answer.objects.filter(question__survey=survey)
    groups: dict = defaultdict(lambda: defaultdict(Group))
    for row in answers.values("question_id", "response__organization_id").annotate(
        n=Count("response_id", distinct=True)
    ):
        groups[row["question_id"]][row["response__organization_id"]].answered = row["n"]
    for row in (
        answers.filter(option__isnull=False)
        .values("question_id", "option_id", "response__organization_id")
        .annotate(n=Count("pk"))
    ):
        groups[row["question_id"]][row["response__organization_id"]].options[row["option_id"]] = row["n"]
    for row in (
        answers.filter(value__isnull=False)
        .values("question_id", "value", "response__organization_id")
        .annotate(n=Count("pk"))
    ):
        groups[row["question_id"]][row["response__organization_id"]].values[row["value"]] = row["n"]
    names = _names(key for by_org in groups.values() for key in by_org)
    texts = _texts(survey, answers)
    return Results(
        survey,
        invited,
        responded,
        rates,
        [_question(question, groups[question.pk], names, texts) for question in questions],
    )


def _texts(survey: Survey, answers) -> dict:
    """The texts per question: anonymous ones alone, in alphabetical order (never the order of answering);
    named ones with the educator and organization."""
    texts = defaultdict(list)
    written = answers.exclude(text="")
    if survey.anonymous:
        for question_id, text in written.values_list("question_id", "text"):
            texts[question_id].append(TextRow(text))
        for rows in texts.values():
            rows.sort(key=lambda row: row.text.casefold())
        return texts
    written = written.select_related("response__educator", "response__organization").order_by(
        "response__educator__last_name", "response__educator__first_name", "pk"
    )
    for answer in written:
        educator = answer.response.educator
        who = f"{educator.full_name if educator else 'педагог удалён'}, {answer.response.organization}"
        texts[answer.question_id].append(TextRow(answer.text, who))
    return texts


def _question(question, by_org: dict, names: dict, texts: dict) -> QuestionResult:
    total = Group()
    for group in by_org.values():
        total.add(group)
    result = QuestionResult(question, total.answered, hidden=total.answered < MIN_GROUP)
    if result.hidden:
        return result
    options = list(question.options.all())
    if question.is_choice:
        result.options = [
            (option, total.options[option.pk], share(total.options[option.pk], total.answered)) for option in options
        ]
        result.chart = _chart(
            [option.text for option in options], [total.options[option.pk] for option in options], True
        )
    elif question.kind == QuestionKind.SCALE:
        result.values = [
            (value, total.values[value], share(total.values[value], total.answered)) for value in question.scale_values
        ]
        result.mean = mean(total.values)
        result.chart = _chart([str(value) for value in question.scale_values], [row[1] for row in result.values], False)
    else:
        result.texts = texts.get(question.pk, [])
        return result
    result.by_organization = _by_organization(question, options, by_org, names)
    return result


def _by_organization(question, options, by_org: dict, names: dict) -> list[OrgRow]:
    shown, others = split_small({key: group.answered for key, group in by_org.items()})

    def row(name: str, group: Group) -> OrgRow:
        if group.answered < MIN_GROUP:
            return OrgRow(name, group.answered, hidden=True)
        if question.is_choice:
            return OrgRow(
                name, group.answered, shares=[share(group.options[option.pk], group.answered) for option in options]
            )
        return OrgRow(name, group.answered, mean=mean(group.values))

    rows = sorted((row(names[key], by_org[key]) for key in shown), key=lambda item: item.name)
    if others:
        merged = Group()
        for key in others:
            merged.add(by_org[key])
        rows.append(row(OTHERS, merged))
    return rows


def _chart(labels: list[str], data: list[int], horizontal: bool) -> dict:
    short = [label if len(label) <= 60 else f"{label[:57]}…" for label in labels]
    options = {"responsive": True, "maintainAspectRatio": False, "plugins": {"legend": {"display": False}}}
    if horizontal:
        options["indexAxis"] = "y"
    return {
        "height": max(160, 28 * len(labels) + 60) if horizontal else 220,
        "config": {
            "type": "bar",
            "data": {"labels": short, "datasets": [{"label": "Ответов", "data": data, "backgroundColor": "#2f6fb0"}]},
            "options": options,
        },
    }
