"""Procedures: the form and its Russian validation, the rule change that re-derives deficits, the scale levels."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.diagnostics import actions
from metodist.diagnostics.models import Deficit, Diagnostic, DiagnosticLevel, DiagnosticResult, RuleBasis
from metodist.testing import growth as g


def _form(**fields):
    data = {
        "name": "Региональная диагностика учителей математики",
        "level": "regional",
        "instrument": "Тест ЦНППМ",
        "version": g.framework_version().pk,
        "starts_on": "2024-10-01",
        "ends_on": "2024-10-31",
        "rule_basis": "competency",
        "threshold": "50",
        "thresholds_text": "",
    }
    return {**data, **fields}


def test_a_methodologist_creates_a_procedure_of_their_region_and_the_audit_records_it(client, cast):
    client.force_login(cast.methodologist)

    response = client.post(reverse("diagnostics:create"), _form(thresholds_text="subject.content = 60\nsubject = 70"))

    diagnostic = Diagnostic.objects.get()
    assert response.status_code == 302
    assert (diagnostic.region, diagnostic.municipality, diagnostic.thresholds) == (
        cast.region, None, {"subject.content": 60, "subject": 70},
    )  # fmt: skip
    assert AuditEntry.objects.filter(model="diagnostics.diagnostic", object_id=str(diagnostic.pk)).exists()


def test_a_municipal_procedure_belongs_to_the_methodologists_municipality(client, cast):
    client.force_login(cast.methodologist)

    client.post(reverse("diagnostics:create"), _form(level="municipal"))

    assert Diagnostic.objects.get().municipality == cast.municipality


def test_the_form_says_in_russian_what_is_wrong(client, cast):
    client.force_login(cast.methodologist)

    response = client.post(
        reverse("diagnostics:create"),
        _form(
            ends_on="2024-09-01",
            level="organization",
            threshold="120",
            thresholds_text="nope = 40\nsubject.tasks = 140\nпорог",
        ),
    )

    errors = response.context["form"].errors
    assert errors["ends_on"] == ["Дата окончания раньше даты начала."]
    assert errors["organization"] == ["Для диагностики уровня организации выберите организацию."]
    assert "threshold" in errors
    assert errors["thresholds_text"] == [
        "«nope»: такой компетенции или блока нет в выбранной версии модели",
        "«subject.tasks»: порог должен быть от 0 до 100 %, указано 140",
        "«порог»: ожидается «код = процент», например «subject.content = 60»",
    ]
    assert not Diagnostic.objects.exists()


def test_the_block_rule_takes_thresholds_of_blocks_only(client, cast):
    client.force_login(cast.methodologist)

    response = client.post(reverse("diagnostics:create"), _form(rule_basis="block", thresholds_text="subject.tasks=40"))

    assert response.context["form"].errors["thresholds_text"] == [
        "«subject.tasks»: при правиле «по блоку» порог задаётся для блока, а это компетенция"
    ]


def test_changing_the_rule_derives_the_deficits_again(client, cast):
    diagnostic = g.diagnostic(cast.region, threshold=Decimal("50"))
    g.results(diagnostic, cast.teacher, {"subject.content": 6, "subject.tasks": 4, "methods.lesson": 7})
    assert set(Deficit.objects.values_list("competency__code", flat=True)) == {"subject.tasks"}
    client.force_login(cast.regional_operator)

    client.post(
        reverse("diagnostics:edit", args=[diagnostic.pk]),
        _form(name=diagnostic.name, starts_on="2024-11-01", ends_on="2024-11-30", threshold="65"),
    )

    # 60 % < 65; 40 % < 65; 70 % ≥ 65
    assert set(Deficit.objects.values_list("competency__code", flat=True)) == {"subject.content", "subject.tasks"}
    client.post(
        reverse("diagnostics:edit", args=[diagnostic.pk]),
        _form(name=diagnostic.name, starts_on="2024-11-01", ends_on="2024-11-30", threshold="50", rule_basis="block"),
    )
    # subject (6 + 4) / 20 = 50 % — not below; methodological 7 / 10 = 70 %
    assert not Deficit.objects.exists()


def test_a_municipality_may_not_edit_the_regions_procedure(client, cast):
    diagnostic = g.diagnostic(cast.region)
    client.force_login(cast.methodologist)

    assert client.get(reverse("diagnostics:edit", args=[diagnostic.pk])).status_code == 404
    client.force_login(cast.teacher_user)
    assert client.get(reverse("diagnostics:create")).status_code == 403


def test_result_levels_follow_the_versions_scale(cast):
    # the scale: Недостаточный from 0, Базовый from 50, Повышенный from 70, Высокий from 85 (% of the maximum)
    diagnostic = g.diagnostic(cast.region)
    g.results(
        diagnostic,
        cast.teacher,
        {"subject.content": Decimal("4.99"), "subject.tasks": 5, "methods.lesson": Decimal("6.99"), "psy.age": 10},
    )

    assert actions.assign_levels(diagnostic) == 4

    levels = dict(DiagnosticResult.objects.values_list("competency__code", "level__name"))
    assert levels == {
        "subject.content": "Недостаточный",
        "subject.tasks": "Базовый",
        "methods.lesson": "Базовый",
        "psy.age": "Высокий",
    }


def test_the_detail_page_shows_only_the_results_the_user_may_see(client, cast, held):
    regional, elsewhere = held
    client.force_login(cast.school2_admin)

    response = client.get(reverse("diagnostics:detail", args=[regional.pk]))

    assert [row["name"] for row in response.context["rows"]] == ["Орлова Вера Петровна"]
    assert response.context["participants"] == 1
    teacher_page = reverse("diagnostics:participant", args=[regional.pk, cast.teacher.pk])
    assert client.get(teacher_page).status_code == 404
    client.force_login(cast.teacher_user)
    assert client.get(teacher_page).status_code == 200
    assert (
        client.get(reverse("diagnostics:participant", args=[regional.pk, cast.school2_educator.pk])).status_code == 404
    )
    client.force_login(cast.coordinator)
    assert client.get(reverse("diagnostics:detail", args=[elsewhere.pk])).status_code == 404


def test_the_detail_page_counts_deficits_per_competency(client, cast, held):
    regional, _ = held
    client.force_login(cast.methodologist)

    response = client.get(reverse("diagnostics:detail", args=[regional.pk]))

    # this municipality: Смирнова 4 and 9, Орлова 8 and 3 (threshold 50 %); Волкова is of another municipality
    summary = {node.code: (scored, missing) for node, scored, missing, _ in response.context["summary"] if scored}
    assert summary == {"subject.content": (2, 1), "methods.lesson": (2, 1)}
    assert response.context["deficit_count"] == 2


def test_the_procedure_list_is_scoped(client, cast, held):
    client.force_login(cast.school1_admin)

    response = client.get(reverse("diagnostics:list"))

    assert [(d.name, n) for d, n in response.context["rows"]] == [("Региональная", 1)]
    client.force_login(cast.other_user)
    names = [d.name for d, _ in client.get(reverse("diagnostics:list")).context["rows"]]
    assert sorted(names) == ["Муниципальная M", "Региональная"]
    assert DiagnosticLevel.REGIONAL == "regional"


def test_a_procedure_ended_keeps_dates_ordered(cast):
    diagnostic = g.diagnostic(cast.region, ends_on=date(2024, 5, 31), rule_basis=RuleBasis.COMPETENCY)

    assert diagnostic.starts_on == date(2024, 5, 1)
