"""The demo history: deterministic, rerun-safe, deficits derived, the managerial block for managers only."""

from datetime import date

from django.db.models import F

from metodist.diagnostics import demo
from metodist.diagnostics.models import Deficit, Diagnostic, DiagnosticResult
from metodist.testing import factories as f

TODAY = date(2026, 12, 2)


def _state():
    return sorted(DiagnosticResult.objects.values_list("diagnostic__name", "educator_id", "competency__code", "score"))


def test_the_demo_is_deterministic_and_rerun_safe(cast):
    manager = f.EducatorFactory(last_name="Директор")
    f.EmploymentFactory(educator=manager, organization=cast.school1, position=f.position("head"))

    lines = demo.seed(today=TODAY, progress=lambda line: None)
    first = _state()
    again = demo.seed(today=TODAY, progress=lambda line: None)
    demo.clear()
    demo.seed(today=TODAY, progress=lambda line: None)

    assert len(lines) == 5 and again == ["Диагностики: демонстрационные данные уже загружены."]
    assert _state() == first
    assert sorted({d.ends_on for d in Diagnostic.objects.all()}) == [
        date(2024, 11, 15), date(2025, 3, 31), date(2025, 11, 15), date(2026, 3, 31), date(2026, 4, 30),
    ]  # fmt: skip
    managerial = DiagnosticResult.objects.filter(competency__parent__code="managerial")
    assert set(managerial.values_list("educator_id", flat=True)) <= {manager.pk}
    assert not DiagnosticResult.objects.filter(level__isnull=True).exists()
    assert not Deficit.objects.filter(percent__gte=F("threshold")).exists()
