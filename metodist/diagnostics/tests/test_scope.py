"""Who sees which procedures and results — and, above all, who must not."""

from metodist.diagnostics.models import Deficit, Diagnostic, DiagnosticResult


def _names(user):
    return set(Diagnostic.objects.in_scope(user).values_list("name", flat=True))


def _people(user, model=DiagnosticResult):
    return set(model.objects.in_scope(user).values_list("educator__last_name", flat=True))


def test_the_region_sees_every_procedure_and_result_of_the_region(cast, held):
    assert _names(cast.regional_operator) == {"Региональная", "Муниципальная M"}
    assert _people(cast.regional_operator) == {"Смирнова", "Орлова", "Волкова"}


def test_the_municipality_sees_the_regional_procedure_but_only_its_own_educators_results(cast, held):
    assert _names(cast.methodologist) == {"Региональная"}
    assert _names(cast.coordinator) == {"Региональная"}
    assert _people(cast.methodologist) == {"Смирнова", "Орлова"}
    assert _people(cast.coordinator, Deficit) == {"Смирнова", "Орлова"}


def test_another_municipalitys_procedure_is_not_seen_by_this_municipality(cast, held):
    _, elsewhere = held

    assert not Diagnostic.objects.in_scope(cast.coordinator).filter(pk=elsewhere.pk).exists()
    assert not DiagnosticResult.objects.in_scope(cast.methodologist).filter(diagnostic=elsewhere).exists()


def test_an_organizations_administrator_sees_only_their_organizations_educators(cast, held):
    assert _names(cast.school1_admin) == {"Региональная"}
    assert _people(cast.school1_admin) == {"Смирнова"}
    assert _people(cast.school2_admin) == {"Орлова"}
    assert "Смирнова" not in _people(cast.school2_admin, Deficit)


def test_an_educator_sees_only_their_own_results(cast, held):
    assert _names(cast.teacher_user) == {"Региональная"}
    assert _people(cast.teacher_user) == {"Смирнова"}
    assert _people(cast.teacher_user, Deficit) == {"Смирнова"}
    assert _names(cast.mentor_user) == set()  # took part in nothing
    assert _people(cast.mentor_user) == set()


def test_an_organizations_administrator_without_results_sees_no_procedure(cast, held):
    regional, _ = held
    DiagnosticResult.objects.filter(educator=cast.school2_educator).delete()

    assert _names(cast.school2_admin) == set()
