"""Information cards: who may manage, fill and review them, the rules their values must satisfy, the registry
figures a reported number is reconciled with, and the reporting rates of a campaign.

A rule of a data element (min, max, not_greater_than) has the element's severity: an error blocks the
submission, a warning must be confirmed. A required value left empty is always an error.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from metodist.accounts.models import Role, ScopeLevel
from metodist.orgs.models import Organization

from . import vocabulary
from .compute import context_for, educators_of, share
from .display import number
from .models import Campaign, CardStatus, CardSubmission, CardValue, DataElement, Level, ValueType

ERROR = "error"
WARNING = "warning"
MUNICIPAL_ROLES = {Role.COORDINATOR, Role.METHODOLOGIST}
CONFIRM_WARNINGS = "Подтвердите, что значения, отмеченные предупреждениями, проверены и верны."


def is_admin(user) -> bool:
    return user.is_superuser or user.role == Role.ADMIN


def can_create_campaign(user) -> bool:
    if is_admin(user):
        return True
    if user.role == Role.REGIONAL_OPERATOR:
        return bool(user.region_id)
    return user.role in MUNICIPAL_ROLES and bool(user.municipality_id)


def can_manage(user, campaign: Campaign) -> bool:
    """Open the collection and compute results: the municipality's coordinator and methodologist for a
    municipal campaign, the regional operator of its region, the system administrator."""
    if is_admin(user):
        return True
    if user.role == Role.REGIONAL_OPERATOR:
        return user.region_id == campaign.region_id
    return (
        user.role in MUNICIPAL_ROLES
        and bool(campaign.municipality_id)
        and (user.municipality_id == campaign.municipality_id)
    )


def can_fill(user, submission: CardSubmission) -> bool:
    """An organization's card is filled by its administrator, a municipality's by its coordinator or
    methodologist; `submission` must already come from CardSubmission.objects.in_scope(user)."""
    if is_admin(user):
        return True
    if submission.organization_id:  # an organization's card, or a region-level card of a named organization
        return user.role == Role.ORG_ADMIN
    if submission.card.level == Level.REGION:
        return user.role == Role.REGIONAL_OPERATOR and user.region_id == submission.campaign.region_id
    return user.role in MUNICIPAL_ROLES and user.municipality_id == submission.municipality_id


def can_review(user, submission: CardSubmission) -> bool:
    """Accept, return and reopen: the coordinator of the card's municipality, the regional operator."""
    if is_admin(user) or (user.role == Role.REGIONAL_OPERATOR and user.region_id == submission.campaign.region_id):
        return True
    if submission.card.level == Level.REGION:  # the region's cards are reviewed by the region only
        return False
    home = submission.organization.municipality_id if submission.organization_id else submission.municipality_id
    return user.role == Role.COORDINATOR and user.municipality_id == home


def sees_organizations_only(user) -> bool:
    return user.scope_level == ScopeLevel.ORGANIZATIONS


@dataclass(frozen=True)
class Problem:
    element: str  # the element code
    message: str
    severity: str  # ERROR | WARNING

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def value_of(element: DataElement, stored: CardValue | None):
    """The comparable value of a stored answer: a number, True/False, a text, or the file/link of a document."""
    if stored is None:
        return None
    if element.value_type == ValueType.NUMBER:
        return stored.number
    if element.value_type == ValueType.BOOL:
        return stored.flag
    if element.value_type == ValueType.FILE:
        return (stored.file.name if stored.file else "") or stored.link or None
    return stored.text or None


def check(elements, values: dict, evidence: dict | None = None) -> list[Problem]:
    """The problems of a card whose values are `values` (element code → value as given by value_of);
    `evidence` tells which yes/no answers carry a document (element code → file name or link)."""
    evidence = evidence or {}
    by_code = {element.code: element for element in elements}
    problems = []
    for element in elements:
        value = values.get(element.code)
        if value is None or value == "":
            if element.required:
                problems.append(Problem(element.code, f"Не заполнено обязательное поле «{element.name}».", ERROR))
            continue
        if element.rules.get("evidence") == "required_if_yes" and value is True and not evidence.get(element.code):
            message = f"«{element.name}»: ответ «да» нужно подтвердить документом (файл или ссылка)."
            problems.append(Problem(element.code, message, ERROR))
        if element.value_type != ValueType.NUMBER:
            continue
        severity = element.rules.get("severity", ERROR)
        low, high = element.rules.get("min"), element.rules.get("max")
        if low is not None and value < Decimal(str(low)):
            message = f"«{element.name}»: значение {number(value)} меньше допустимого ({number(low)})."
            problems.append(Problem(element.code, message, severity))
        if high is not None and value > Decimal(str(high)):
            message = f"«{element.name}»: значение {number(value)} больше допустимого ({number(high)})."
            problems.append(Problem(element.code, message, severity))
        whole_code = element.rules.get("not_greater_than")
        whole = values.get(whole_code) if whole_code else None
        if whole is not None and value > whole:
            message = (
                f"«{element.name}» ({number(value)}) больше, чем «{by_code[whole_code].name}» ({number(whole)}): "
                "часть не может быть больше целого."
            )
            problems.append(Problem(element.code, message, severity))
    return problems


def stored_values(submission: CardSubmission) -> dict[str, CardValue]:
    return {value.element.code: value for value in submission.values.select_related("element")}


def card_problems(elements, stored: dict[str, CardValue]) -> list[Problem]:
    evidence = {code: (value.file.name if value.file else "") or value.link for code, value in stored.items()}
    values = {element.code: value_of(element, stored.get(element.code)) for element in elements}
    return check(elements, values, evidence)


def blocking(problems: list[Problem], confirmed: bool) -> list[str]:
    """What stops a submission: every error, and the warnings while they are not confirmed."""
    errors = [problem.message for problem in problems if problem.is_error]
    if not confirmed and any(not problem.is_error for problem in problems):
        errors.append(CONFIRM_WARNINGS)
    return errors


@dataclass(frozen=True)
class RegistryFigure:
    """What the registry counts for an element with rules["registry"]; `count` is None when it cannot."""

    count: int | None
    note: str = ""

    def differs(self, reported) -> bool:
        return self.count is not None and reported is not None and Decimal(reported) != self.count


def registry_figures(submission: CardSubmission, elements) -> dict[str, RegistryFigure]:
    """Element code → the number of the respondent's educators matching the element's registry definition
    (each educator counted in their home organization, as in the computation of indicators)."""
    campaign = submission.campaign
    ctx = context_for(campaign)
    if submission.card.level == Level.REGION:  # the region's card, even when a regional centre fills it
        organizations = campaign.organizations()
    elif submission.organization_id:
        organizations = Organization.objects.filter(pk=submission.organization_id)
    else:
        organizations = campaign.organizations().filter(municipality_id=submission.municipality_id)
    figures = {}
    for element in elements:
        registry = element.rules.get("registry")
        if not registry:
            continue
        terms = list(vocabulary.POPULATIONS[registry["population"]].terms) + list(registry.get("where", []))
        missing = vocabulary.missing_modules(terms)
        if missing:
            figures[element.code] = RegistryFigure(None, f"модуль ещё не подключён ({', '.join(missing)})")
            continue
        people = educators_of(campaign, ctx, organizations).filter(vocabulary.compile_terms(terms, ctx))
        figures[element.code] = RegistryFigure(people.count())
    return figures


@dataclass(frozen=True)
class Rate:
    """How a municipality's cards are coming in."""

    municipality: str
    total: int
    reported: int  # submitted or accepted
    on_time: int  # submitted or accepted, submitted by the deadline
    accepted: int

    @property
    def reporting(self):
        return share(self.reported, self.total) if self.total else None

    @property
    def punctuality(self):
        return share(self.on_time, self.total) if self.total else None


def reporting_rates(submissions) -> list[Rate]:
    """Per municipality of the respondents: reporting rate = (submitted + accepted) / all cards, on-time
    rate = cards submitted or accepted whose submission date is not after the deadline / all cards."""
    sent = Q(status__in=[CardStatus.SUBMITTED, CardStatus.ACCEPTED])
    rows = (
        submissions.annotate(
            home=Coalesce("organization__municipality__name", "municipality__name", "campaign__region__name")
        )
        .values("home")
        .annotate(
            total=Count("pk"),
            reported=Count("pk", filter=sent),
            on_time=Count("pk", filter=sent & Q(submitted_at__date__lte=F("campaign__deadline"))),
            accepted=Count("pk", filter=Q(status=CardStatus.ACCEPTED)),
        )
        .order_by("home")
    )
    return [Rate(row["home"], row["total"], row["reported"], row["on_time"], row["accepted"]) for row in rows]
