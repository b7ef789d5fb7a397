"""Computing a campaign's indicators for every organization, municipality and the region.

Each educator is counted once, in the organization of their main active employment (their "home"
organization), so counts summed over organizations equal the municipal count and municipal counts sum to
the region's; an indicator with `count_at = "employment"` counts a person in every organization they work in.
Shares are numerator / denominator × 100, rounded half up to one decimal; the numerator and
denominator are stored exactly, so every share can be traced back and opened down to the people counted.
A zero denominator gives «нет данных» with its reason, never 0.

A share of municipalities is taken over every municipality of the campaign, reported or not; a region-level
card gives the region's value only; a score is one respondent's points, or their mean above one respondent.

People are counted from the facts layer of the campaign's region and period (metodist/facts): every
indicator of a catalogue in one aggregate query over the facts rows, grouped by organization, and the
municipal and regional values summed from the organizations' exact counts (each person has one home, so the
sums are the counts). The facts are rebuilt first when a registry write has made them stale.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

from metodist.facts.build import current as current_facts
from metodist.facts.models import EducatorFacts, PlacementFacts
from metodist.orgs.models import StaffPosition
from metodist.people.models import Educator, Employment

from . import vocabulary
from .models import (
    Campaign,
    CardStatus,
    CardValue,
    Indicator,
    IndicatorKind,
    Level,
    ResultStatus,
    TargetStatus,
    Unit,
)

ONE_DECIMAL = Decimal("0.1")
OPERATORS = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


def share(numerator, denominator) -> Decimal:
    """numerator / denominator × 100, rounded half up to one decimal (the rule of every share in Metodist)."""
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def context_for(campaign: Campaign) -> vocabulary.Context:
    return vocabulary.Context(start=campaign.period_start, on=campaign.period_end, region=campaign.region_id)


def facts_context(campaign: Campaign) -> vocabulary.Context:
    """The campaign's context over the current facts of its region and period (rebuilt when stale)."""
    ctx = context_for(campaign)
    return replace(ctx, facts=current_facts(campaign.region_id, ctx.start, ctx.on).pk)


def home_employments(on, organizations):
    """The home employments (EmploymentQuerySet.home) of the educators counted in `organizations`."""
    return Employment.objects.filter(organization__in=organizations.values("pk")).home(on)


@dataclass(slots=True)
class ValueRow:
    """One value of a snapshot before it is stored, with the attribute names of `SnapshotValue` (and its
    column names: `*_id`), so that tens of thousands are built and written without a model instance each."""

    indicator: Indicator
    level: str
    organization_id: int | None = None
    municipality_id: int | None = None
    breakdown: str = ""
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    status: str = ResultStatus.OK
    reason: str = ""
    target_status: str = TargetStatus.NO_TARGET
    thresholds: list = field(default_factory=list)
    previous_value: Decimal | None = None
    completeness: dict = field(default_factory=dict)
    preliminary: bool = False
    snapshot_id: int | None = None

    @property
    def indicator_id(self) -> int:
        return self.indicator.pk


@dataclass
class Definition:
    """An indicator's definition compiled for a campaign context."""

    indicator: Indicator
    ctx: vocabulary.Context
    population: vocabulary.Population | None = None
    denominator_q: Q = field(default_factory=Q)
    numerator_q: Q = field(default_factory=Q)
    missing: list[str] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)  # connected modules with no record for the period

    @property
    def counts_at_employment(self) -> bool:
        """`count_at = "employment"`: counted in every organization where a person works, not at home."""
        return self.indicator.definition.get("count_at") == COUNT_AT_EMPLOYMENT

    @property
    def counts_educators(self) -> bool:
        """Needs registry counts of educators (as its value or as the denominator of reported numbers)."""
        return (
            self.population is not None
            and not self.missing
            and not self.unrecorded
            and self.population.unit == Unit.EDUCATORS
        )

    @classmethod
    def of(cls, indicator: Indicator, ctx: vocabulary.Context) -> "Definition":
        spec = indicator.definition
        definition = cls(indicator, ctx)
        if "population" not in spec:
            return definition
        definition.population = vocabulary.POPULATIONS[spec["population"]]
        base_terms = list(definition.population.terms) + spec.get("denominator_where", [])
        where = spec.get("where", [])
        definition.missing = vocabulary.missing_modules(base_terms + where)
        if not definition.missing:
            definition.unrecorded = vocabulary.unrecorded_modules(base_terms + where, ctx)
        if not definition.missing and not definition.unrecorded:
            definition.denominator_q = vocabulary.compile_terms(base_terms, ctx)
            definition.numerator_q = definition.denominator_q & vocabulary.compile_terms(where, ctx)
        return definition


@dataclass(slots=True)
class Tally:
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reported: int | None = None  # respondents whose card was accepted, for card-based values
    expected: int | None = None

    def add(self, other: "Tally") -> None:
        # written out rather than looped over the field names: a region's roll-up adds thousands of tallies
        if other.numerator is not None:
            self.numerator = (self.numerator or 0) + other.numerator
        if other.denominator is not None:
            self.denominator = (self.denominator or 0) + other.denominator
        if other.reported is not None:
            self.reported = (self.reported or 0) + other.reported
        if other.expected is not None:
            self.expected = (self.expected or 0) + other.expected


COUNT_AT_EMPLOYMENT = "employment"
EDUCATOR_BATCH = 40  # indicators per aggregate query over the facts: one pass for most catalogues


def _count_where(condition: Q) -> Count:
    """Counts the facts rows (one per educator, or per educator and organization) matching `condition`."""
    return Count("pk", filter=condition) if condition else Count("pk")


def _dec(value) -> Decimal:
    return Decimal(value or 0)


class CampaignComputation:
    """Computes every indicator of a campaign; `rows()` yields a `ValueRow` per value of the snapshot."""

    def __init__(self, campaign: Campaign, previous: dict | None = None, progress=None):
        self.campaign = campaign
        self.progress = progress  # progress(done, total) after each indicator, e.g. a background job's
        self.ctx = facts_context(campaign)
        self.previous = previous or {}
        self._resolved_targets = {}
        self.org_municipality = dict(campaign.organizations().values_list("pk", "municipality_id"))
        self.municipality_ids = list(campaign.municipalities().values_list("pk", flat=True))
        # everyone counted at home in the campaign's organizations, one facts row each
        self.homes = EducatorFacts.objects.filter(
            build_id=self.ctx.facts, organization_id__in=list(self.org_municipality)
        )

    def rows(self):
        indicators = list(self.campaign.catalogue.indicators.order_by("order"))
        definitions = [Definition.of(indicator, self.ctx) for indicator in indicators]
        counted = [d for d in definitions if d.counts_educators]
        self._count_educators([d for d in counted if not d.counts_at_employment])
        self._count_at_employments([d for d in counted if d.counts_at_employment])
        self._computed = {}  # indicator code → (level, organization, municipality) → its value, for band scores
        for done, definition in enumerate(definitions, 1):
            rows = list(self.indicator_rows(definition))
            self._computed[definition.indicator.code] = {
                (row.level, row.organization_id, row.municipality_id): row for row in rows if not row.breakdown
            }
            yield from rows
            if self.progress is not None:
                self.progress(done, len(definitions))

    def indicator_rows(self, definition: "Definition"):
        indicator = definition.indicator
        if definition.missing:
            reason = f"нет данных: модуль ещё не подключён ({', '.join(definition.missing)})"
            yield from self._uniform(indicator, ResultStatus.NOT_CONNECTED, reason)
            return
        if definition.unrecorded:
            reason = f"нет данных: за отчётный период в модуле нет записей ({', '.join(definition.unrecorded)})"
            yield from self._uniform(indicator, ResultStatus.NO_DATA, reason)
            return
        if "bands" in indicator.definition.get("score", {}):
            yield from self.band_rows(definition)
            return
        by_org, by_municipality = self.tallies(definition)
        if None in by_municipality:  # a region-level card: the region's answer is the only value
            yield self._row(indicator, Level.REGION, by_municipality[None])
            return
        for org_id, tally in by_org.items():
            yield self._row(indicator, Level.ORGANIZATION, tally, organization_id=org_id,
                            municipality_id=self.org_municipality[org_id])  # fmt: skip
        region = Tally()
        for municipality_id in self.municipality_ids:
            tally = by_municipality.get(municipality_id, Tally())
            region.add(tally)
            yield self._row(indicator, Level.MUNICIPALITY, tally, municipality_id=municipality_id)
        yield self._row(indicator, Level.REGION, self.region_tally(definition, region))
        yield from self.breakdown_rows(definition)

    def region_tally(self, definition: Definition, summed: Tally) -> Tally:
        """The region's value is the sum of its municipalities', except a share of municipalities built from
        their cards, which is taken over every municipality of the campaign, reported or not (completeness
        says how many reported)."""
        indicator, spec = definition.indicator, definition.indicator.definition
        over_all = (
            indicator.unit == Unit.MUNICIPALITIES
            and indicator.kind in (IndicatorKind.PRESENCE, IndicatorKind.SHARE)
            and "element" in spec
            and summed.numerator is not None
        )
        if over_all:
            summed.denominator = Decimal(len(self.municipality_ids))
        return summed

    def tallies(self, definition: Definition) -> tuple[dict, dict]:
        """Per organization (where the unit is counted in organizations' people or rates) and per municipality."""
        spec, unit = definition.indicator.definition, definition.indicator.unit
        if "checklist" in spec.get("score", {}):
            return self._checklist_tallies(definition)
        if any(k in spec for k in ("element", "numerator_element", "denominator_element")):
            return self._card_tallies(definition)
        if unit == Unit.EDUCATORS:
            by_org = self._educator_tallies(definition)
        elif unit == Unit.STAFF_RATES:
            by_org = self._staff_tallies()
        elif unit == Unit.MUNICIPALITIES:
            return {}, self._municipality_tallies(definition)
        else:
            return {}, self._organization_tallies(definition)
        return by_org, self._roll_up(by_org)

    def _count_educators(self, definitions: list["Definition"]) -> None:
        """Numerators and denominators of many indicators per home organization in one pass over the
        educators (a few indicators per query), instead of one pass per indicator."""
        self._educator_counts = {}
        for start in range(0, len(definitions), EDUCATOR_BATCH):
            batch = definitions[start : start + EDUCATOR_BATCH]
            annotations = {}
            for index, definition in enumerate(batch):
                annotations[f"den{index}"] = _count_where(definition.denominator_q)
                annotations[f"num{index}"] = _count_where(definition.numerator_q)
            # positional rows: (organization, den0, num0, den1, num1, …), read once for every indicator
            grouped = self.homes.order_by().values("organization_id").annotate(**annotations)
            rows = list(grouped.values_list("organization_id", *annotations))
            for index, definition in enumerate(batch):
                den, num = 1 + 2 * index, 2 + 2 * index
                counted = {row[0]: Tally(Decimal(row[num]), Decimal(row[den])) for row in rows}
                self._educator_counts[definition.indicator.code] = {
                    org_id: counted.get(org_id) or Tally(Decimal(0), Decimal(0)) for org_id in self.org_municipality
                }

    def _count_at_employments(self, definitions: list["Definition"]) -> None:
        """`count_at = "employment"`: each organization counts the people holding an active employment in it,
        the facts of employments (position, part-time, subjects, out of profile) read from their employments
        there (the placement facts), as an organization reports its own staff; a person working in two
        organizations counts in each. One query for all such indicators."""
        if not definitions:
            return
        annotations = {}
        for index, definition in enumerate(definitions):
            annotations[f"den{index}"] = _count_where(definition.denominator_q)
            annotations[f"num{index}"] = _count_where(definition.numerator_q)
        placements = PlacementFacts.objects.filter(
            build_id=self.ctx.facts, organization_id__in=list(self.org_municipality)
        )
        rows = {row["organization_id"]: row for row in placements.values("organization_id").annotate(**annotations)}
        for index, definition in enumerate(definitions):
            counts = self._educator_counts.setdefault(definition.indicator.code, {})
            for org_id in self.org_municipality:
                row = rows.get(org_id, {})
                counts[org_id] = Tally(_dec(row.get(f"num{index}")), _dec(row.get(f"den{index}")))

    def _educator_tallies(self, definition: Definition) -> dict:
        return self._educator_counts[definition.indicator.code]

    def _staff_tallies(self) -> dict:
        rows = (
            StaffPosition.objects.valid(self.ctx.on)
            .filter(organization_id__in=self.org_municipality)
            .values("organization_id")
            .annotate(rates=Sum("rates"), vacant=Sum("vacant_rates"))
        )
        counted = {r["organization_id"]: Tally(_dec(r["rates"]) - _dec(r["vacant"]), _dec(r["rates"])) for r in rows}
        return {org_id: counted.get(org_id, Tally(Decimal(0), Decimal(0))) for org_id in self.org_municipality}

    def _organization_tallies(self, definition: Definition) -> dict:
        rows = (
            self.campaign.organizations()
            .filter(definition.denominator_q)
            .values("municipality_id")
            .annotate(den=Count("pk"), num=Count("pk", filter=definition.numerator_q))
        )
        return {row["municipality_id"]: Tally(_dec(row["num"]), _dec(row["den"])) for row in rows}

    def _municipality_tallies(self, definition: Definition) -> dict:
        """Each municipality of the campaign counts once: 1 of 1 when it matches the conditions, 0 of 1 when
        it does not, 0 of 0 when it is outside the denominator; the region sums them over all municipalities."""
        municipalities = self.campaign.municipalities()
        counted = set(municipalities.filter(definition.numerator_q).values_list("pk", flat=True))
        based = set(municipalities.filter(definition.denominator_q).values_list("pk", flat=True))
        return {pk: Tally(Decimal(pk in counted and pk in based), Decimal(pk in based)) for pk in self.municipality_ids}

    def _roll_up(self, by_org: dict) -> dict:
        by_municipality = defaultdict(Tally)
        for org_id, tally in by_org.items():
            by_municipality[self.org_municipality[org_id]].add(tally)
        return by_municipality

    def _card_tallies(self, definition: Definition) -> tuple[dict, dict]:
        """Values reported in accepted cards; a registry denominator is taken over the same respondents only.

        The respondents are the campaign's organizations as of the computation: the accepted card of an
        organization closed since (`is_active=False`) counts in neither the numerator, nor the denominator, nor
        the expected cards; the card itself is kept, and counts again if the organization is reopened."""
        spec = definition.indicator.definition
        numerator_code = spec.get("element") or spec.get("numerator_element")
        reported = self._card_numbers(numerator_code)
        # cards of organizations the campaign no longer counts (a methodological centre sent one before) are left out
        reported = {key: n for key, n in reported.items() if key[0] != "org" or key[1] in self.org_municipality}
        denominators = self._card_numbers(spec["denominator_element"]) if "denominator_element" in spec else None
        if denominators is None and definition.population is not None:
            registry = self._educator_tallies(definition)
            denominators = {key: registry[key[1]].denominator for key in reported if key[0] == "org"}
            denominators[("region", None)] = sum((tally.denominator for tally in registry.values()), Decimal(0))
        presence = definition.indicator.kind == IndicatorKind.PRESENCE
        tallies = {
            key: Tally(number, Decimal(1) if presence else (denominators or {}).get(key), reported=1)
            for key, number in reported.items()
        }
        return self._by_place(tallies, numerator_code)

    def _by_place(self, tallies: dict, element_code: str) -> tuple[dict, dict]:
        """Respondents' tallies (keyed as _card_numbers keys them) per organization and per municipality, with
        how many respondents were expected; the key None of the municipalities is the region's own card."""
        by_org, by_municipality = {}, defaultdict(Tally)
        for (level, pk), tally in tallies.items():
            # A number over a denominator of 0 (five young teachers reported where the registry has none) is
            # no share at all: the respondent stays reported but adds to neither part of the municipal value.
            contribution = Tally(Decimal(0), Decimal(0), reported=1) if tally.denominator == 0 else tally
            if level == "org":
                by_org[pk] = tally
                by_municipality[self.org_municipality[pk]].add(contribution)
            else:
                by_municipality[pk].add(contribution)
        for municipality_id, count in self._expected_respondents(element_code).items():
            by_municipality[municipality_id].expected = count
            by_municipality[municipality_id].reported = by_municipality[municipality_id].reported or 0
        return by_org, by_municipality

    def _checklist_tallies(self, definition: Definition) -> tuple[dict, dict]:
        """A checklist score per accepted card: the points of every item answered (yes, a number above 0, a
        document or a text), at most `max`; a respondent that answered nothing scores 0. Above one respondent
        the value is the mean score (numerator: the sum of points, denominator: the respondents)."""
        score = definition.indicator.definition["score"]
        points = {item["element"]: Decimal(str(item["points"])) for item in score["checklist"]}
        cap = Decimal(str(score["max"])) if "max" in score else None
        first = score["checklist"][0]["element"]
        card = self.campaign.catalogue.cards.filter(elements__code=first).first()
        accepted = self.campaign.submissions.filter(card=card, status=CardStatus.ACCEPTED)
        totals = {self._respondent_key(card.level, s.organization_id, s.municipality_id): Decimal(0) for s in accepted}
        values = CardValue.objects.filter(submission__in=accepted, element__code__in=points).select_related(
            "submission", "element"
        )
        for value in values:
            key = self._respondent_key(card.level, value.submission.organization_id, value.submission.municipality_id)
            if is_answered(value):
                totals[key] += points[value.element.code]
        tallies = {key: Tally(min(total, cap) if cap is not None else total, Decimal(1), reported=1)
                   for key, total in totals.items()}  # fmt: skip
        return self._by_place(tallies, first)

    @staticmethod
    def _respondent_key(card_level: str, organization_id, municipality_id) -> tuple:
        if card_level == Level.REGION:
            return ("region", None)
        return ("org", organization_id) if organization_id else ("municipality", municipality_id)

    def _card_numbers(self, element_code: str) -> dict:
        values = CardValue.objects.filter(
            submission__campaign=self.campaign,
            submission__status="accepted",
            element__card__catalogue=self.campaign.catalogue,
            element__code=element_code,
        ).values("submission__organization_id", "submission__municipality_id", "element__card__level", "number", "flag")
        numbers = {}
        for row in values:
            number = row["number"] if row["number"] is not None else row["flag"]
            if number is None:
                continue
            key = self._respondent_key(
                row["element__card__level"], row["submission__organization_id"], row["submission__municipality_id"]
            )
            numbers[key] = Decimal(int(number)) if isinstance(number, bool) else number
        return numbers

    def _expected_respondents(self, element_code: str) -> dict:
        rows = (
            self.campaign.submissions.filter(card__elements__code=element_code)
            .filter(Q(organization__isnull=True) | Q(organization__in=self.campaign.organizations().values("pk")))
            .annotate(
                home=Case(
                    When(card__level=Level.REGION, then=Value(None)),
                    When(organization__isnull=False, then="organization__municipality_id"),
                    default="municipality_id",
                    output_field=IntegerField(),
                )
            )  # fmt: skip
            .values("home")
            .annotate(n=Count("pk"))
        )
        return {row["home"]: row["n"] for row in rows}

    def subject_rows(self, definition: Definition):
        """«В разрезе учебных предметов»: per municipality, the people teaching each subject (one person may
        teach several, so subject rows do not add up to the total)."""
        through = Employment.subjects.through.objects
        active = Employment.objects.active(self.ctx.on)
        for municipality_id in self.municipality_ids:
            people = self.homes.filter(municipality_id=municipality_id)
            counted = people.filter(definition.numerator_q).values("educator_id")
            base = people.filter(definition.denominator_q).values("educator_id")
            rows = (
                through.filter(employment__in=active, employment__educator__in=base)
                .values("subject__code")
                .annotate(
                    den=Count("employment__educator", distinct=True),
                    num=Count("employment__educator", distinct=True, filter=Q(employment__educator__in=counted)),
                )
            )  # fmt: skip
            for row in rows:
                tally = Tally(_dec(row["num"]), _dec(row["den"]))
                yield self._row(definition.indicator, Level.MUNICIPALITY, tally, municipality_id=municipality_id,
                                breakdown=f"subject:{row['subject__code']}")  # fmt: skip

    def band_rows(self, definition: Definition):
        """Points for the value of an earlier indicator at every place it has a value (bands of score)."""
        indicator, score = definition.indicator, definition.indicator.definition["score"]
        for (level, organization_id, municipality_id), source in self._computed[score["of"]].items():
            place = {"organization_id": organization_id, "municipality_id": municipality_id}
            points = band_points(score["bands"], source.value) if source.status == ResultStatus.OK else None
            if points is not None:
                yield self._row(indicator, level, Tally(points, Decimal(1)), **place)
            elif source.status != ResultStatus.OK:
                yield ValueRow(indicator=indicator, level=level, status=source.status, reason=source.reason,
                                    **place)  # fmt: skip
            else:
                shown = format(source.value.normalize(), "f").replace(".", ",")
                reason = f"нет данных: значение {shown} не попадает ни в один диапазон баллов"
                yield ValueRow(indicator=indicator, level=level, status=ResultStatus.NO_DATA, reason=reason,
                                    **place)  # fmt: skip

    def breakdown_rows(self, definition: Definition):
        """The municipal rows of every breakdown but `municipality` (whose rows are the municipal values)."""
        for item in definition.indicator.breakdowns:
            code, bounds = vocabulary.breakdown_spec(item)
            if code == "subject":
                yield from self.subject_rows(definition)
            elif code in GROUPED_BREAKDOWNS:
                yield from self._grouped_rows(definition, code)
            elif code in vocabulary.BANDED_BREAKDOWNS:
                yield from self._banded_rows(definition, code, bounds)

    def _grouped_rows(self, definition: Definition, code: str):
        """People by the kind of their home organization or the position of their home employment."""
        field = GROUPED_BREAKDOWNS[code]
        rows = self.homes.values("municipality_id", field).annotate(
            den=_count_where(definition.denominator_q), num=_count_where(definition.numerator_q)
        )
        for row in rows.order_by("municipality_id", field):
            if row["den"]:
                yield self._row(definition.indicator, Level.MUNICIPALITY, Tally(_dec(row["num"]), _dec(row["den"])),
                                municipality_id=row["municipality_id"], breakdown=f"{code}:{row[field]}")  # fmt: skip

    def _banded_rows(self, definition: Definition, code: str, bounds: tuple):
        """People by bands of full years of age or of pedagogical experience on the period's end, each band
        the registry's own predicate (younger_than, experience)."""
        bands = vocabulary.year_bands(bounds)
        annotations = {}
        for index, (_, low, high) in enumerate(bands):
            band_q = band_condition(code, low, high, self.ctx)
            annotations[f"den{index}"] = _count_where(definition.denominator_q & band_q)
            annotations[f"num{index}"] = _count_where(definition.numerator_q & band_q)
        for row in self.homes.values("municipality_id").annotate(**annotations).order_by("municipality_id"):
            for index, (label, _, _) in enumerate(bands):
                if row[f"den{index}"]:
                    tally = Tally(_dec(row[f"num{index}"]), _dec(row[f"den{index}"]))
                    yield self._row(definition.indicator, Level.MUNICIPALITY, tally,
                                    municipality_id=row["municipality_id"], breakdown=f"{code}:{label}")  # fmt: skip

    def _targets(self, indicator) -> list[dict]:
        """The indicator's thresholds for the campaign's period, resolved once per computation, not per value."""
        if indicator.pk not in self._resolved_targets:
            self._resolved_targets[indicator.pk] = indicator.targets_for(self.campaign.period)
        return self._resolved_targets[indicator.pk]

    def _uniform(self, indicator, status, reason):
        marked = target_status(None, indicator.target_for(self.campaign.period), status)
        for municipality_id in self.municipality_ids:
            yield ValueRow(indicator=indicator, level=Level.MUNICIPALITY, municipality_id=municipality_id,
                                status=status, reason=reason, target_status=marked)  # fmt: skip
        yield ValueRow(indicator=indicator, level=Level.REGION, status=status, reason=reason,
                            target_status=marked)  # fmt: skip

    def _row(self, indicator, level, tally: Tally, organization_id=None, municipality_id=None, breakdown=""):
        value, status, reason = evaluate(indicator, tally)
        thresholds = [
            {"op": t["op"], "value": t["value"], "label": t.get("label", ""), "status": target_status(value, t, status)}
            for t in self._targets(indicator)
        ]
        key = (indicator.code, level, organization_id, municipality_id, breakdown)
        completeness = {}
        if tally.expected is not None:
            completeness = {"reported": tally.reported or 0, "expected": tally.expected}
        return ValueRow(
            indicator=indicator,
            level=level,
            organization_id=organization_id,
            municipality_id=municipality_id,
            breakdown=breakdown,
            numerator=tally.numerator,
            denominator=tally.denominator,
            value=value,
            status=status,
            reason=reason,
            target_status=thresholds[0]["status"] if thresholds else TargetStatus.NO_TARGET,
            thresholds=thresholds,
            previous_value=self.previous.get(key),
            completeness=completeness,
        )


GROUPED_BREAKDOWNS = {"org_kind": "organization__kind", "position": "position__code"}  # the home employment's


def band_condition(code: str, low: int | None, high: int | None, ctx) -> Q:
    """Full years of age (code "age") or of pedagogical experience ("experience") within [low, high]."""
    predicates = vocabulary.PREDICATES
    if code == "experience":
        return predicates["experience"].build(ctx, {k: v for k, v in (("min", low), ("max", high)) if v is not None})
    condition = Q()
    if high is not None:
        condition &= predicates["younger_than"].build(ctx, {"years": high + 1})
    if low is not None:
        condition &= ~predicates["younger_than"].build(ctx, {"years": low})
    return condition


def is_answered(value: CardValue) -> bool:
    """A checklist item earns its points: «да», a number above 0, an attached document or link, a text."""
    return bool(value.flag or (value.number or 0) > 0 or value.file or value.link or value.text.strip())


def band_points(bands: list[dict], value: Decimal) -> Decimal | None:
    """The points of the band a value falls in: min ≤ value < max (the band without max is open upwards)."""
    for band in bands:
        low, high = Decimal(str(band["min"])), band.get("max")
        if value >= low and (high is None or value < Decimal(str(high))):
            return Decimal(str(band["points"]))
    return None


# The kinds and statuses as plain strings: `evaluate` runs once per value, tens of thousands of times.
_COUNTED = frozenset({IndicatorKind.COUNT.value, IndicatorKind.VALUE.value})
_SCORE, _PRESENCE = IndicatorKind.SCORE.value, IndicatorKind.PRESENCE.value
_OK, _NO_DATA, _AWAITING = ResultStatus.OK.value, ResultStatus.NO_DATA.value, ResultStatus.AWAITING_CARDS.value


def evaluate(indicator: Indicator, tally: Tally) -> tuple[Decimal | None, str, str]:
    """The value of one tally, or why there is none."""
    numerator, denominator, kind = tally.numerator, tally.denominator, indicator.kind
    if numerator is None:
        if tally.expected:
            return None, _AWAITING, f"нет данных: ожидаются информационные карты (0 из {tally.expected})"
        return None, _NO_DATA, "нет данных: значение не представлено"
    if kind in _COUNTED:
        return numerator, _OK, ""
    if kind == _SCORE:
        # one respondent's points, or the mean of several respondents' (rounded half up to one decimal)
        mean = numerator / denominator if denominator else numerator
        return mean.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP), _OK, ""
    if kind == _PRESENCE and denominator == 1:
        return numerator, _OK, ""
    if not denominator:
        what = vocabulary.POPULATIONS.get(indicator.definition.get("population"))
        base = f" ({what.label}: 0)" if what else ""
        return None, _NO_DATA, f"нет данных: знаменатель равен 0{base}"
    return share(numerator, denominator), _OK, ""


def target_status(value, target: dict | None, status: str) -> str:
    if target is None:
        return TargetStatus.NO_TARGET
    if status != ResultStatus.OK:
        return TargetStatus.UNKNOWN
    met = OPERATORS[target["op"]](value, Decimal(str(target["value"])))
    return TargetStatus.MET if met else TargetStatus.NOT_MET


def members(campaign: Campaign, indicator: Indicator, part: str, organization=None, municipality=None):
    """Who is counted in the numerator or denominator ('numerator' | 'denominator') of an indicator, on the
    current registry data, restricted to an organization or a municipality of the campaign.

    Returns a queryset of Educator, Organization, Municipality or StaffPosition (by the indicator's unit), or
    None when the indicator is not computed from the registry (card values and modules not yet connected).
    """
    ctx = facts_context(campaign)
    definition = Definition.of(indicator, ctx)
    spec = indicator.definition
    if definition.population is None or definition.missing or definition.unrecorded:
        return None
    if "numerator_element" in spec or "element" in spec:
        return None
    organizations = campaign.organizations()
    if organization is not None:
        organizations = organizations.filter(pk=organization.pk)
    if municipality is not None:
        organizations = organizations.filter(municipality=municipality)
    condition = definition.numerator_q if part == "numerator" else definition.denominator_q
    if indicator.unit == Unit.EDUCATORS:
        return _counted_people(definition, condition, organizations)
    if indicator.unit == Unit.ORGANIZATIONS:
        return organizations.filter(condition).order_by("sort_name")
    if indicator.unit == Unit.MUNICIPALITIES:
        municipalities = campaign.municipalities()
        place = municipality or (organization.municipality if organization is not None else None)
        if place is not None:
            municipalities = municipalities.filter(pk=place.pk)
        return municipalities.filter(condition).order_by("name")
    if indicator.unit == Unit.STAFF_RATES:
        staff = StaffPosition.objects.valid(ctx.on).filter(organization__in=organizations)
        staff = staff.select_related("organization", "position")
        return staff.order_by("organization__sort_name", "position__order")
    return None


def _counted_people(definition: Definition, condition: Q, organizations):
    """The educators whose facts rows in `organizations` match `condition`, annotated home_org: the organization
    of the row, so that a person counted at every employment is listed once per organization where they count
    and the list has as many rows as the value counts."""
    model = PlacementFacts if definition.counts_at_employment else EducatorFacts
    rows = model.objects.filter(build_id=definition.ctx.facts, organization_id__in=organizations.values("pk"))
    relation = model._meta.model_name
    people = Educator.objects.filter(**{f"{relation}__in": rows.filter(condition).values("pk")})
    return people.annotate(home_org=F(f"{relation}__organization_id")).order_by("last_name", "first_name", "home_org")
