"""Information cards: who may manage, fill and review them, the rules their values must satisfy, the registry
figures a reported number is reconciled with, and the reporting rates of a campaign.

A rule of a data element (min, max, not_greater_than) has the element's severity: an error blocks the
submission, a warning must be explained by the respondent (the explanation is stored with the value, shown to
the reviewer and kept in the history). A required value left empty and a fraction where a whole number is
counted (`integer`) are always errors. A number the registry can count is reconciled with it: a difference
(«расхождение с реестром») and a reported numerator larger than its registry denominator are warnings.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from metodist.accounts.models import Role, ScopeLevel
from metodist.lib.versions import CONFLICT, EditConflict
from metodist.orgs.models import Organization
from metodist.people.models import Educator

from . import vocabulary
from .compute import context_for, home_employments, share
from .display import number
from .models import Campaign, CardStatus, CardSubmission, CardValue, DataElement, Indicator, Level, Unit, ValueType

ERROR = "error"
WARNING = "warning"
MUNICIPAL_ROLES = {Role.COORDINATOR, Role.METHODOLOGIST}


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


def may_review(user) -> bool:
    """Reviews some cards (each one as can_review says): the bulk acceptance and return are offered."""
    return is_admin(user) or user.role in (Role.REGIONAL_OPERATOR, Role.COORDINATOR)


def sees_organizations_only(user) -> bool:
    return user.scope_level == ScopeLevel.ORGANIZATIONS


def covers(user, campaign, municipality=None) -> bool:
    """Whether the user's scope holds the whole area of the campaign (narrowed to `municipality`): then whoever
    the registry counts there (people working in its organizations, the organizations, the municipalities)
    is in scope, and the drill-down need not filter them by scope once more."""
    level = user.scope_level
    if level == ScopeLevel.ALL:
        return True
    if level == ScopeLevel.REGION:
        return user.region_id is not None and user.region_id == campaign.region_id
    if level == ScopeLevel.MUNICIPALITY:
        area = municipality.pk if municipality is not None else campaign.municipality_id
        return user.municipality_id is not None and user.municipality_id == area
    return False


@dataclass(frozen=True)
class Problem:
    element: str  # the element code
    message: str
    severity: str  # ERROR | WARNING
    rule: str = ""  # what found it: required, evidence, min, max, not_greater_than, integer, registry, registry_limit

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
                message = f"Не заполнено обязательное поле «{element.name}»."
                problems.append(Problem(element.code, message, ERROR, "required"))
            continue
        if element.rules.get("evidence") == "required_if_yes" and value is True and not evidence.get(element.code):
            message = f"«{element.name}»: ответ «да» нужно подтвердить документом (файл или ссылка)."
            problems.append(Problem(element.code, message, ERROR, "evidence"))
        if element.value_type != ValueType.NUMBER:
            continue
        severity = element.rules.get("severity", ERROR)
        if element.rules.get("integer") and value != value.to_integral_value():
            message = f"«{element.name}»: нужно целое число, указано {number(value)}."
            problems.append(Problem(element.code, message, ERROR, "integer"))
        low, high = element.rules.get("min"), element.rules.get("max")
        if low is not None and value < Decimal(str(low)):
            message = f"«{element.name}»: значение {number(value)} меньше допустимого ({number(low)})."
            problems.append(Problem(element.code, message, severity, "min"))
        if high is not None and value > Decimal(str(high)):
            message = f"«{element.name}»: значение {number(value)} больше допустимого ({number(high)})."
            problems.append(Problem(element.code, message, severity, "max"))
        whole_code = element.rules.get("not_greater_than")
        whole = values.get(whole_code) if whole_code else None
        if whole is not None and value > whole:
            message = (
                f"«{element.name}» ({number(value)}) больше, чем «{by_code[whole_code].name}» ({number(whole)}): "
                "часть не может быть больше целого."
            )
            problems.append(Problem(element.code, message, severity, "not_greater_than"))
    return problems


def stored_text(value: CardValue | None) -> str:
    """A value as its history shows it, with the evidence of a yes/no answer (file, link) when there is one."""
    if value is None:
        return ""
    shown = value.display()
    evidence = [part for part in (value.file.name if value.file else "", value.link) if part and part != shown]
    if not evidence:
        return shown
    return f"{shown} ({', '.join(evidence)})" if shown else ", ".join(evidence)


def values_state(stored: dict[str, CardValue]) -> dict[str, str]:
    """The card's answers and explanations as text, `code` and `code__explanation` → text: what a form opened
    at some version showed, to tell after an edit conflict what someone else changed since."""
    state = {}
    for code, value in stored.items():
        state[code] = stored_text(value)
        if value.explanation:
            state[f"{code}__explanation"] = value.explanation
    return state


def conflict(refused: EditConflict, submission: CardSubmission, elements, files: bool) -> dict:
    """The conflict message: who saved the card last, and each answer that differs from what the user opened."""
    names = {element.code: element.name for element in elements}
    lines = []
    for key, opened, stored in refused.changed():
        code, _, part = key.partition("__")
        label = f"Пояснение к «{names.get(code, code)}»" if part else names.get(code, code)
        lines.append((label, opened, stored))
    last = submission.events.select_related("actor").first()
    return {
        "message": CONFLICT + (" Выбранные файлы нужно приложить заново." if files else ""),
        "by": last.actor if last else None,
        "at": last.at if last else None,
        "lines": lines,
    }


def stored_values(submission: CardSubmission) -> dict[str, CardValue]:
    return {value.element.code: value for value in submission.values.select_related("element")}


def card_problems(elements, stored: dict[str, CardValue], figures: dict | None = None, on: date | None = None):
    """The rules of the card and, given the registry `figures` (registry_figures) counted `on` a date, the
    reconciliation with the registry."""
    values = {element.code: value_of(element, stored.get(element.code)) for element in elements}
    evidence = {code: (value.file.name if value.file else "") or value.link for code, value in stored.items()}
    return check(elements, values, evidence) + registry_problems(elements, values, figures or {}, on)


def registry_problems(elements, values: dict, figures: dict, on: date | None) -> list["Problem"]:
    problems = []
    for element in elements:
        figure, value = figures.get(element.code), values.get(element.code)
        if figure is None or figure.count is None or value is None or element.value_type != ValueType.NUMBER:
            continue
        counted = f"по реестру на {on:%d.%m.%Y}" if on else "по реестру"
        if figure.limit and value > figure.count:
            message = (
                f"«{element.name}» ({number(value)}) больше, чем {figure.label} {counted} ({figure.count}), — "
                f"знаменатель показателя {figure.limit}: поясните, почему."
            )
            problems.append(Problem(element.code, message, WARNING, "registry_limit"))
        elif not figure.limit and figure.differs(value):
            message = f"«{element.name}»: расхождение с реестром: в карте {number(value)}, {counted} — {figure.count}."
            problems.append(Problem(element.code, message, WARNING, "registry"))
    return problems


def explained(stored: dict[str, CardValue]) -> set[str]:
    """The element codes whose warnings the respondent has explained."""
    return {code for code, value in stored.items() if value.explanation.strip()}


def unexplained(problems: list[Problem], explanations: set[str]) -> list[Problem]:
    return [problem for problem in problems if not problem.is_error and problem.element not in explanations]


def blocking(problems: list[Problem], explanations: set[str]) -> list[str]:
    """What stops a submission: every error, and every warning of an element without an explanation."""
    errors = [problem.message for problem in problems if problem.is_error]
    errors += [f"Поясните предупреждение: {problem.message}" for problem in unexplained(problems, explanations)]
    return errors


def problems_of(submission: CardSubmission, elements=None, stored=None, figures=None) -> list[Problem]:
    """Every problem of a card as it is stored, reconciled with the registry on the campaign's end date."""
    elements = list(submission.card.elements.all()) if elements is None else elements
    stored = stored_values(submission) if stored is None else stored
    figures = registry_figures(submission, elements) if figures is None else figures
    return card_problems(elements, stored, figures, submission.campaign.period_end)


def blocking_of(submission: CardSubmission) -> list[str]:
    """The messages that stop `submission` from being submitted or accepted as it is stored."""
    stored = stored_values(submission)
    return blocking(problems_of(submission, stored=stored), explained(stored))


@dataclass(frozen=True)
class RegistryFigure:
    """What the registry counts for an element; `count` is None when it cannot. `limit` is empty when the
    element reports the registry's own number (rules["registry"]); otherwise the element is the numerator of
    the indicators `limit` (their numbers) and must not exceed their registry denominator `label`."""

    count: int | None
    note: str = ""
    limit: str = ""
    label: str = ""

    def differs(self, reported) -> bool:
        return self.count is not None and reported is not None and Decimal(reported) != self.count


@dataclass(frozen=True)
class RegistryCheck:
    """How the registry counts what an element reports, or the most the element may report."""

    terms: tuple
    limit: str = ""
    label: str = ""


def registry_checks(card) -> dict[str, RegistryCheck]:
    """Element code → its registry check: the element's own registry definition, or else, for the numerator
    of indicators over a registry population of educators, that population (the indicators' denominator)."""
    elements = list(card.elements.all())
    checks = {}
    for element in elements:
        registry = element.rules.get("registry")
        if registry:
            terms = list(vocabulary.POPULATIONS[registry["population"]].terms) + list(registry.get("where", []))
            checks[element.code] = RegistryCheck(tuple(terms))
    codes = {element.code for element in elements} - set(checks)
    limits: dict[str, list[Indicator]] = {}
    for indicator in card.catalogue.indicators.filter(unit=Unit.EDUCATORS).order_by("order"):
        spec = indicator.definition
        if spec.get("numerator_element") in codes and "population" in spec and "denominator_element" not in spec:
            limits.setdefault(spec["numerator_element"], []).append(indicator)
    for code, indicators in limits.items():
        spec = indicators[0].definition
        population = vocabulary.POPULATIONS[spec["population"]]
        terms = list(population.terms) + list(spec.get("denominator_where", []))
        numbers = ", ".join(indicator.number for indicator in indicators)
        checks[code] = RegistryCheck(tuple(terms), numbers, population.label)
    return checks


def registry_counts(campaign: Campaign, checks: dict[str, RegistryCheck], organizations) -> dict[int, dict]:
    """Organization id → element code → the number of educators whose home is that organization and who
    match the element's check; one aggregate query for all organizations and checks."""
    ctx = context_for(campaign)
    annotations = {}
    for index, spec in enumerate(checks.values()):
        if not vocabulary.missing_modules(spec.terms):
            people = Educator.objects.filter(vocabulary.compile_terms(spec.terms, ctx)).values("pk")
            annotations[f"n{index}"] = Count("pk", filter=Q(educator_id__in=people))
    if not annotations:
        return {}
    rows = home_employments(ctx.on, organizations).values("organization_id").annotate(**annotations)
    codes = list(checks)
    return {row["organization_id"]: {codes[int(key[1:])]: row[key] for key in annotations} for row in rows}


def figures_from(checks: dict[str, RegistryCheck], counts: dict[int, dict], organization_ids) -> dict:
    """The registry figures of a respondent made of `organization_ids` (one organization, or the
    organizations of a municipality)."""
    figures = {}
    for code, spec in checks.items():
        missing = vocabulary.missing_modules(spec.terms)
        if missing:
            figures[code] = RegistryFigure(None, f"модуль ещё не подключён ({', '.join(missing)})", spec.limit,
                                           spec.label)  # fmt: skip
            continue
        total = sum(counts.get(pk, {}).get(code, 0) for pk in organization_ids)
        figures[code] = RegistryFigure(total, "", spec.limit, spec.label)
    return figures


def respondent_organizations(submission: CardSubmission):
    campaign = submission.campaign
    if submission.card.level == Level.REGION:  # the region's card, even when a regional centre fills it
        return campaign.organizations()
    if submission.organization_id:
        return Organization.objects.filter(pk=submission.organization_id)
    return campaign.organizations().filter(municipality_id=submission.municipality_id)


def registry_figures(submission: CardSubmission, elements=None) -> dict[str, RegistryFigure]:
    """Element code → what the registry counts for the respondent (each educator counted in their home
    organization, as in the computation of indicators), on the campaign's end date."""
    checks = registry_checks(submission.card)
    if elements is not None:
        wanted = {element.code for element in elements}
        checks = {code: spec for code, spec in checks.items() if code in wanted}
    if not checks:
        return {}
    organizations = respondent_organizations(submission)
    counts = registry_counts(submission.campaign, checks, organizations)
    return figures_from(checks, counts, list(organizations.values_list("pk", flat=True)))


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
