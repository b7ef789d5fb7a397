"""The educator's cabinet panel: category, its term and the next attestation."""

from datetime import date

from django.template.loader import render_to_string

from metodist.attestation.cabinet import panel
from metodist.attestation.models import Kind
from metodist.people.models import Category, Educator
from metodist.testing.attestation import attestation

TODAY = date(2025, 1, 15)


def test_a_staff_user_without_a_card_has_no_panel(cast):
    assert panel(cast.methodologist, TODAY) is None


def test_an_old_term_category_shows_its_expiry_as_the_next_attestation(cast):
    Educator.objects.filter(pk=cast.mentor_educator.pk).update(
        category=Category.FIRST, category_awarded_on=date(2021, 4, 2), category_expires_on=date(2026, 4, 2)
    )

    shown = panel(cast.mentor_user, TODAY)
    html = render_to_string("attestation/_cabinet_panel.html", {"panel": shown})

    assert (shown["category"], shown["valid_until"], shown["next_on"]) == ("Первая", date(2026, 4, 2), date(2026, 4, 2))
    assert "02.04.2026" in html and "Аттестационное портфолио" in html


def test_without_a_category_the_next_szd_is_shown_overdue_when_past(cast):
    # the teacher works at school 1 since 01.09.2010 (factory), never confirmed there: due since 01.09.2012
    shown = panel(cast.teacher_user, TODAY)

    assert (shown["category"], shown["next_on"], shown["overdue"]) == ("Без категории", date(2012, 9, 1), True)


def test_an_szd_in_the_history_moves_the_next_one_five_years_on(cast):
    attestation(cast.teacher, Kind.SZD, date(2021, 10, 4), organization=cast.school1)

    shown = panel(cast.teacher_user, TODAY)

    assert (shown["next_on"], shown["overdue"]) == (date(2026, 10, 4), False)


def test_a_category_without_a_term_needs_no_next_attestation(cast):
    Educator.objects.filter(pk=cast.teacher.pk).update(
        category=Category.HIGHEST, category_awarded_on=date(2024, 5, 1), category_expires_on=None
    )

    shown = panel(cast.teacher_user, TODAY)

    assert (shown["no_term"], shown["next_on"]) == (True, None)
    assert "не требуется" in render_to_string("attestation/_cabinet_panel.html", {"panel": shown})
