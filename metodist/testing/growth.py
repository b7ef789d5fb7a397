"""Builders of professional-growth test data: diagnostics on the seeded framework (version 1), results,
derived deficits, programs and trainings. Each takes only what a test states; the rest has plain defaults."""

from datetime import date
from decimal import Decimal

from metodist.diagnostics import deficits
from metodist.diagnostics.models import Competency, Diagnostic, DiagnosticLevel, DiagnosticResult, FrameworkVersion
from metodist.training.models import Program, ProgramKind, ProviderKind, Topic, Training


def framework_version() -> FrameworkVersion:
    """Version 1 of the seeded framework (loaded by the diagnostics data migration)."""
    return FrameworkVersion.objects.get(framework__code="msnms", number=1)


def competency(code: str, version: FrameworkVersion | None = None) -> Competency:
    return Competency.objects.get(version=version or framework_version(), code=code)


def diagnostic(region, *, level=DiagnosticLevel.REGIONAL, ends_on=date(2024, 11, 30), **fields) -> Diagnostic:
    fields.setdefault("starts_on", date(ends_on.year, ends_on.month, 1))
    fields.setdefault("version", framework_version())
    fields.setdefault("name", f"Диагностика {level} {ends_on:%m.%Y}")
    return Diagnostic.objects.create(region=region, level=level, ends_on=ends_on, **fields)


def results(diagnostic: Diagnostic, educator, scores: dict[str, int | Decimal], maximum=10) -> list[DiagnosticResult]:
    """`scores` {competency code: score out of `maximum`}; deficits are derived again afterwards."""
    rows = [
        DiagnosticResult.objects.create(
            diagnostic=diagnostic,
            educator=educator,
            competency=competency(code, diagnostic.version),
            score=Decimal(score),
            max_score=Decimal(maximum),
            taken_on=diagnostic.ends_on,
        )
        for code, score in scores.items()
    ]
    deficits.derive(diagnostic)
    return rows


def program(**fields) -> Program:
    topics = fields.pop("topics", ())
    codes = fields.pop("competencies", ())
    fields.setdefault("title", "Программа повышения квалификации")
    fields.setdefault("provider", "ЦНППМ")
    fields.setdefault("provider_kind", ProviderKind.CNPPM)
    fields.setdefault("hours", 36)
    fields.setdefault("kind", ProgramKind.PK)
    created = Program.objects.create(**fields)
    created.topics.set(Topic.objects.filter(code__in=topics))
    created.competencies.set(Competency.objects.filter(version=framework_version(), code__in=codes))
    return created


def training(educator, program: Program | None, *, ends_on: date, region, **fields) -> Training:
    fields.setdefault("starts_on", date(ends_on.year, ends_on.month, 1))
    if program is not None:
        fields.setdefault("kind", program.kind)
    return Training.objects.create(educator=educator, program=program, ends_on=ends_on, region=region, **fields)
