"""Self-diagnosis: publishing, drafts, submission scored per competency (sum of answers out of statements ×
the scale's maximum), deficits derived from it, and the refusals (missing answers, stale form, after submission)."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.diagnostics import selfcheck
from metodist.diagnostics.models import Deficit, DiagnosticLevel, DiagnosticResult, ResultSource
from metodist.diagnostics.questionnaire import Answer, QuestionnaireResponse, ResponseStatus
from metodist.testing import selfcheck as s

ON = date(2025, 1, 15)


def _results(questionnaire, educator):
    rows = DiagnosticResult.objects.filter(diagnostic=questionnaire.diagnostic, educator=educator)
    return {r.competency.code: (r.score, r.max_score, r.level.name, r.source) for r in rows.select_related("level")}


def test_publishing_creates_a_self_diagnostic_of_the_authors_territory(cast):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 2}, threshold=Decimal("60"))

    diagnostic = questionnaire.diagnostic
    assert diagnostic.level == DiagnosticLevel.SELF
    assert (diagnostic.region, diagnostic.municipality) == (cast.region, cast.municipality)
    assert (diagnostic.starts_on, diagnostic.ends_on) == (date(2025, 1, 10), date(2025, 1, 31))
    assert diagnostic.threshold == Decimal("60")


def test_a_questionnaire_without_statements_is_not_published(cast):
    questionnaire = s.questionnaire(cast, {}, published=False)

    with pytest.raises(selfcheck.SelfcheckError, match="нет ни одного утверждения"):
        selfcheck.publish(questionnaire, by=cast.methodologist)


def test_submission_scores_each_competency_as_the_sum_out_of_statements_times_the_scale_maximum(cast):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 3, "assess.formative": 2, "digital.content": 4})
    values = s.answers(
        questionnaire, {"methods.lesson": [3, 2, 3], "assess.formative": [1, 0], "digital.content": [2, 2, 1, 1]}
    )

    selfcheck.submit(questionnaire, cast.teacher, values, version=None, on=ON, by=cast.teacher_user)

    # lesson 8 of 3 × 3 = 9 → 88.9 % «Высокий»; formative 1 of 6 → 16.7 % «Недостаточный»;
    # digital.content 6 of 12 → 50 % «Базовый» (exactly at the level's bound)
    assert _results(questionnaire, cast.teacher) == {
        "methods.lesson": (Decimal("8"), Decimal("9"), "Высокий", ResultSource.SELF),
        "assess.formative": (Decimal("1"), Decimal("6"), "Недостаточный", ResultSource.SELF),
        "digital.content": (Decimal("6"), Decimal("12"), "Базовый", ResultSource.SELF),
    }
    # threshold 50 %: only formative (16.67 %) is below it; 50 % is not
    deficits = Deficit.objects.filter(diagnostic=questionnaire.diagnostic)
    assert {(d.competency.code, d.percent) for d in deficits} == {("assess.formative", Decimal("16.67"))}
    assert QuestionnaireResponse.objects.get().status == ResponseStatus.SUBMITTED


def test_a_scale_from_one_to_five_counts_its_maximum_five(cast):
    questionnaire = s.questionnaire(cast, {"psy.motivation": 2}, scale=(1, 5))

    selfcheck.submit(
        questionnaire, cast.teacher, s.answers(questionnaire, {"psy.motivation": [1, 3]}), version=None, on=ON, by=None
    )

    # 1 + 3 = 4 of 2 × 5 = 10 → 40 % < 50 %: a deficit
    assert _results(questionnaire, cast.teacher)["psy.motivation"][:2] == (Decimal("4"), Decimal("10"))
    assert Deficit.objects.get().percent == Decimal("40.00")


def test_a_draft_keeps_partial_answers_and_is_not_scored(cast):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 3})
    first = questionnaire.statements.first()

    response = selfcheck.save_draft(questionnaire, cast.teacher, {first.pk: 2}, version=None, on=ON, by=None)

    assert dict(Answer.objects.values_list("statement_id", "value")) == {first.pk: 2}
    assert response.status == ResponseStatus.DRAFT
    assert not DiagnosticResult.objects.exists()


def test_submission_with_a_missing_answer_lists_it_and_keeps_nothing_scored(cast):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 2, "psy.age": 1})
    values = s.answers(questionnaire, {"methods.lesson": [3, 3]})

    with pytest.raises(selfcheck.Incomplete) as refused:
        selfcheck.submit(questionnaire, cast.teacher, values, version=None, on=ON, by=None)

    assert [statement.text for statement in refused.value.missing] == ["Я умею: psy.age (1)"]
    assert "Не отмечены ответы" in str(refused.value)
    assert not DiagnosticResult.objects.exists()


def test_a_form_opened_before_another_save_is_refused_without_overwriting(cast):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 1})
    statement = questionnaire.statements.get()
    opened = selfcheck.save_draft(questionnaire, cast.teacher, {statement.pk: 1}, version=None, on=ON, by=None)
    selfcheck.save_draft(questionnaire, cast.teacher, {statement.pk: 2}, version=opened.version, on=ON, by=None)

    with pytest.raises(selfcheck.Stale, match="другой вкладке"):
        selfcheck.save_draft(questionnaire, cast.teacher, {statement.pk: 3}, version=opened.version, on=ON, by=None)

    assert Answer.objects.get().value == 2


def test_a_submitted_response_is_read_only(cast):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 1})
    statement = questionnaire.statements.get()
    selfcheck.submit(questionnaire, cast.teacher, {statement.pk: 3}, version=None, on=ON, by=None)

    with pytest.raises(selfcheck.SelfcheckError, match="уже отправлена"):
        selfcheck.save_draft(questionnaire, cast.teacher, {statement.pk: 0}, version=None, on=ON, by=None)

    assert Answer.objects.get().value == 3


@pytest.mark.parametrize(
    ("value", "on", "message"),
    [(4, ON, "вне шкалы"), (2, date(2025, 2, 1), "принимает ответы с 10.01.2025 по 31.01.2025")],
)
def test_an_answer_off_the_scale_or_outside_the_dates_is_refused(cast, value, on, message):
    questionnaire = s.questionnaire(cast, {"methods.lesson": 1})
    statement = questionnaire.statements.get()

    with pytest.raises(selfcheck.SelfcheckError, match=message):
        selfcheck.submit(questionnaire, cast.teacher, {statement.pk: value}, version=None, on=on, by=None)

    assert not Answer.objects.exists()


def test_the_audience_is_the_municipalitys_pedagogical_staff_or_the_chosen_organizations(cast):
    from metodist.diagnostics.questionnaire import Audience, Questionnaire

    everyone = s.questionnaire(cast, title="Все")
    chosen = s.questionnaire(cast, title="Школа 2", audience=Audience.ORGANIZATIONS, published=False)
    chosen.organizations.set([cast.school2])
    selfcheck.publish(chosen, by=cast.methodologist)

    def titles(educator):
        return set(Questionnaire.objects.for_educator(educator.pk, ON).values_list("title", flat=True))

    assert titles(cast.teacher) == {"Все"}
    assert titles(cast.school2_educator) == {"Все", "Школа 2"}
    assert titles(cast.other_educator) == set()
    assert everyone.is_open(ON)
