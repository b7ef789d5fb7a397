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

    assert len(lines) == 6 and again == ["Диагностики: демонстрационные данные уже загружены."]
    assert _state() == first
    # the demo campaigns' school years 2022/23 and 2023/24, and the current year's federal one (its window closed)
    assert sorted({d.ends_on for d in Diagnostic.objects.all()}) == [
        date(2022, 11, 15), date(2023, 3, 31), date(2023, 11, 15), date(2024, 3, 31), date(2024, 4, 30),
        date(2026, 11, 15),
    ]  # fmt: skip
    managerial = DiagnosticResult.objects.filter(competency__parent__code="managerial")
    assert set(managerial.values_list("educator_id", flat=True)) <= {manager.pk}
    assert not DiagnosticResult.objects.filter(level__isnull=True).exists()
    assert not Deficit.objects.filter(percent__gte=F("threshold")).exists()


def test_the_current_federal_diagnostic_waits_until_its_window_has_closed(cast):
    demo.seed(today=date(2026, 10, 20), progress=lambda line: None)

    assert max(Diagnostic.objects.values_list("ends_on", flat=True)) == date(2024, 4, 30)
