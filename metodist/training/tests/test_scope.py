"""Who sees which trainings: an organization's administrator only theirs, an educator only their own, another
municipality nothing."""

import pytest
from django.urls import reverse

from metodist.training.models import Training


def seen(client, user) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("training:trainings"))
    assert page.status_code == 200
    return {training.educator.last_name for training in page.context["page"].object_list}


def test_the_methodologist_sees_the_municipality(client, cast, courses):
    assert seen(client, cast.methodologist) == {"Смирнова", "Кузнецов", "Орлова"}


def test_the_administrator_of_school_2_sees_nothing_of_school_1(client, cast, courses):
    assert seen(client, cast.school2_admin) == {"Орлова"}


def test_the_regional_operator_sees_the_region(client, cast, courses):
    assert seen(client, cast.regional_operator) == {"Смирнова", "Кузнецов", "Орлова", "Волкова"}


def test_an_educator_sees_only_their_own(client, cast, courses):
    client.force_login(cast.teacher_user)

    own = client.get(reverse("training:my"))
    other = client.get(reverse("training:training", args=[courses[1]["mentor_educator"].pk]))

    assert [row.educator.last_name for row in own.context["trainings"]] == ["Смирнова"]
    assert other.status_code == 404
    assert client.get(reverse("training:trainings")).status_code == 302  # sent to their own


@pytest.mark.parametrize("user", ["school2_admin", "other_user", "teacher_user"])
def test_a_training_of_school_1_is_not_found_for_those_outside(client, cast, courses, user):
    client.force_login(getattr(cast, user))
    training = courses[1]["mentor_educator"]

    assert client.get(reverse("training:training", args=[training.pk])).status_code == 404


def test_the_coordinator_of_another_municipality_sees_nothing(client, cast, courses):
    from metodist.accounts.models import Role
    from metodist.testing import factories as f

    other = f.UserFactory(username="coordinator_m", role=Role.COORDINATOR, municipality=cast.other_municipality)

    assert seen(client, other) == {"Волкова"}
    assert Training.objects.in_scope(other).filter(educator=cast.teacher).count() == 0


@pytest.mark.parametrize(
    "name", ["program_create", "training_create", "requests", "effectiveness", "orders", "programs_import"]
)
def test_educators_and_school_administrators_cannot_manage(client, cast, name):
    for user in (cast.teacher_user, cast.school1_admin):
        client.force_login(user)
        assert client.get(reverse(f"training:{name}")).status_code == 403


def test_the_retraining_view_lists_out_of_profile_teachers_of_the_scope(client, cast, courses):
    client.force_login(cast.school2_admin)

    page = client.get(reverse("training:retraining"))

    # Смирнова and Кузнецов (school 1, no diploma on record) teach out of profile; school 2's admin sees neither
    assert [person.last_name for person in page.context["page"].object_list] == []
    client.force_login(cast.methodologist)
    page = client.get(reverse("training:retraining"))
    names = [person.last_name for person in page.context["page"].object_list]
    assert names == ["Кузнецов", "Смирнова"]
    assert "нет переподготовки" in page.content.decode()


def test_a_methodologist_edits_the_region_s_programs_but_not_federal_ones(client, cast):
    from metodist.testing import growth as g

    regional = g.program(title="Региональная", region=cast.region)
    federal = g.program(title="Федеральная")
    client.force_login(cast.methodologist)

    assert client.get(reverse("training:program_edit", args=[regional.pk])).status_code == 200
    assert client.get(reverse("training:program_edit", args=[federal.pk])).status_code == 403
    response = client.post(reverse("training:program_create"), {
        "title": "Новая", "provider": "ИМЦ", "provider_kind": "municipal", "hours": "8", "kind": "pk",
        "format": "blended", "is_active": "on", "cohorts-TOTAL_FORMS": "0", "cohorts-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert "hours" in response.context["form"].errors  # a ПК of less than 16 hours


def test_a_program_with_a_cohort_is_created_and_recorded(client, cast):
    from datetime import date

    from metodist.audit.models import AuditEntry
    from metodist.training.models import Program

    client.force_login(cast.methodologist)

    response = client.post(reverse("training:program_create"), {
        "title": "Наставничество", "provider": "ИМЦ", "provider_kind": "municipal", "hours": "24", "kind": "pk",
        "format": "blended", "is_active": "on", "for_municipal_needs": "on",
        "cohorts-TOTAL_FORMS": "1", "cohorts-INITIAL_FORMS": "0",
        "cohorts-0-starts_on": "2025-03-03", "cohorts-0-ends_on": "2025-03-14", "cohorts-0-seats": "20",
    })  # fmt: skip

    program = Program.objects.get(title="Наставничество")
    assert response.status_code == 302
    assert (program.region_id, program.for_municipal_needs) == (cast.region.pk, True)
    assert list(program.cohorts.values_list("starts_on", "seats")) == [(date(2025, 3, 3), 20)]
    assert AuditEntry.objects.filter(model="training.program", object_id=str(program.pk), action="create").exists()
