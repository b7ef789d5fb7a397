"""The period-true facts layer of the registry: one row per educator (and one per organization they work in)
holding what indicators and lists filter on, for one region and one period.

A `FactsBuild` is the facts of a region for a period [start, on]; its rows are written in one set-based pass
(metodist/facts/build.py) and kept until a registry write marks the build stale (metodist/facts/signals.py),
when the next reader rebuilds it. The rows are an optimisation of the registry predicates, not a second
truth: each fact is computed by the same rule as the predicate's direct form (people/predicates.py), and a
property test compares the two.

Code lists (positions held, subjects taught, kinds and flags of the organizations worked in) are kept as
",a,b," strings, so that "holds one of" is a `contains` on the row instead of a subquery per condition.
"""

from django.db import models

# Raised whenever the rules of a fact change, so that builds made by an older rule are rebuilt.
FACTS_VERSION = 2


class FactsBuild(models.Model):
    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    start = models.DateField("начало периода")
    on = models.DateField("дата фактов")
    version = models.PositiveIntegerField(default=0)
    stale = models.BooleanField("устарели", default=True)
    built_at = models.DateTimeField("построены", null=True)
    seconds = models.FloatField("секунд на построение", null=True)
    educators = models.PositiveIntegerField("педагогов", default=0)

    class Meta:
        verbose_name = "факты реестра за период"
        verbose_name_plural = "факты реестра за периоды"
        constraints = [models.UniqueConstraint(fields=["region", "start", "on"], name="facts_build_unique_period")]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.start:%d.%m.%Y}–{self.on:%d.%m.%Y}"

    def is_current(self) -> bool:
        return not self.stale and self.version == FACTS_VERSION


def _reference(model: str, related_name: str = "+", **options):
    """A reference to a registry row without a database constraint: facts are rewritten as a whole by their
    build, never row by row, and a deleted registry row marks the build stale instead of cascading."""
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, db_constraint=False, related_name=related_name, **options
    )


class Facts(models.Model):
    """The columns common to an educator's row and to a row of their work in one organization.

    On `EducatorFacts` the employment facts (pedagogical … flags) are over all the educator's active
    employments; on `PlacementFacts` over those in the row's organization only (how an organization reports
    its own staff, `count_at = "employment"`). The educator's own facts are the same on both.
    """

    build = models.ForeignKey(FactsBuild, on_delete=models.CASCADE, related_name="+", db_index=False)
    # educators reach their rows as `educatorfacts` / `placementfacts` (the lists of counted people)
    educator = _reference("people.Educator", related_name="%(class)s_rows", related_query_name="%(class)s")
    organization = _reference("orgs.Organization")
    municipality = _reference("orgs.Municipality")
    # the educator's own columns, copied so that their conditions read the same row
    sex = models.CharField(max_length=1)
    birth_date = models.DateField()
    ped_work_start = models.DateField()
    category = models.CharField(max_length=20)
    category_awarded_on = models.DateField(null=True)
    category_expires_on = models.DateField(null=True)
    higher_education = models.BooleanField()
    weekly_hours = models.DecimalField(max_digits=6, decimal_places=1)  # over all active employments
    # employment facts on the period's end
    pedagogical = models.BooleanField()
    teacher = models.BooleanField()
    manager = models.BooleanField()
    part_time = models.BooleanField()
    out_of_profile = models.BooleanField()
    position_codes = models.TextField()
    subject_codes = models.TextField()
    org_kinds = models.TextField()
    flags_on = models.TextField()  # flags held on the period's end
    flags_during = models.TextField()  # flags held on any day of the period

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.educator_id} @ {self.organization_id}"


class EducatorFacts(Facts):
    """An educator counted at home: `organization` is that of their home employment (the main one, else the
    earliest), `position` its position."""

    position = _reference("people.Position")

    class Meta:
        indexes = [
            models.Index(fields=["build", "organization"]),
            models.Index(fields=["build", "educator"]),
            models.Index(fields=["build", "municipality"]),
        ]


class PlacementFacts(Facts):
    """An educator in one organization where they hold an active employment."""

    teaching_out_of_profile = models.BooleanField()  # a teacher's post here with a subject out of profile
    home = models.BooleanField()  # the educator's home employment is here
    home_position = _reference("people.Position", null=True)  # its position, on the home row

    class Meta:
        indexes = [
            models.Index(fields=["build", "organization"]),
            models.Index(fields=["build", "educator"]),
        ]
