"""The self-diagnosis demo: rerun-safe, works with and without external results, and its self-ratings run high
on the competencies it biases (so the calibration shows something)."""

from datetime import date

from metodist.accounts.models import Role
from metodist.diagnostics import analytics, demo_selfcheck
from metodist.diagnostics.models import Diagnostic
from metodist.diagnostics.questionnaire import Questionnaire, QuestionnaireResponse, ResponseStatus
from metodist.diagnostics.tests.fixtures import external_demo
from metodist.testing import factories as f

TODAY = date(2025, 1, 15)


def _demo_municipality(people=40):
    region = f.RegionFactory(name=demo_selfcheck.DEMO_REGION, code="99")
    municipality = f.MunicipalityFactory(region=region, name=demo_selfcheck.DEMO_MUNICIPALITY)
    school = f.OrganizationFactory(municipality=municipality, short_name="Школа № 1")
    for number in range(people):
        f.EmploymentFactory(educator=f.EducatorFactory(last_name=f"Педагог{number}"), organization=school)
    return f.UserFactory(username="methodist", role=Role.METHODOLOGIST, municipality=municipality)


def test_the_demo_seeds_two_questionnaires_once(db):
    _demo_municipality()

    lines = demo_selfcheck.seed(today=TODAY, progress=lambda line: None)
    again = demo_selfcheck.seed(today=TODAY, progress=lambda line: None)

    assert Questionnaire.objects.count() == 2 and len(lines) == 2
    assert again == ["Самодиагностика: уже заполнена — пропущено."]
    closed = Questionnaire.objects.get(title=demo_selfcheck.CLOSED_TITLE)
    submitted = closed.responses.filter(status=ResponseStatus.SUBMITTED).count()
    assert 15 <= submitted <= 35  # about 60 % of 40
    assert closed.diagnostic.results.values("educator").distinct().count() == submitted


def test_with_external_results_the_calibration_shows_self_ratings_running_high(db):
    methodologist = _demo_municipality(people=60)
    external_demo.seed(TODAY)

    demo_selfcheck.seed(today=TODAY, progress=lambda line: None)

    gaps = {gap.code: gap for gap in analytics.calibration(methodologist, analytics.Filters(on=TODAY))}
    assert gaps["methods.lesson"].gap > 10
    assert gaps["methods.lesson"].css == "calib-high"
    assert gaps["methods.lesson"].gap > gaps["psy.climate"].gap


def test_clear_removes_the_questionnaires_and_their_procedures(db):
    _demo_municipality()
    demo_selfcheck.seed(today=TODAY, progress=lambda line: None)

    demo_selfcheck.clear()

    assert not Questionnaire.objects.exists() and not QuestionnaireResponse.objects.exists()
    assert not Diagnostic.objects.exists()
