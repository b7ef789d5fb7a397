"""manage.py mentoring match: the proposal printed with its timing; published unless --dry-run."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from metodist.mentoring.models import Mentorship, MentorshipSource

from .matching_fixtures import educator


def match(*args) -> str:
    out = StringIO()
    call_command("mentoring", "match", *args, "--on", "2025-01-15", stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_proposal_and_saves_nothing(cast):
    educator(cast.school2, "Белова", young=True)

    out = match("--municipality", str(cast.municipality.pk), "--dry-run")

    assert "Белова Анна Ивановна → " in out
    assert "Смирнова Анна Игоревна → Кузнецов Павел Андреевич: " in out
    assert "Ожидают наставника: 2, предложено пар: 2, без наставника: 0; наставников: 2, мест: 4." in out
    assert re.search(r"Время: \d+\.\d\d с \(чтение", out)
    assert "Пробный запуск: ничего не сохранено." in out
    assert not Mentorship.objects.exists()


def test_without_dry_run_the_proposal_is_published(cast):
    out = match("--municipality", str(cast.municipality.pk))

    assert "Утверждено наставнических пар: 1." in out
    assert Mentorship.objects.get().source == MentorshipSource.MATCHED
    assert "Ожидают наставника: 0" in match("--municipality", str(cast.municipality.pk), "--dry-run")


def test_an_unknown_municipality_is_an_error(db):
    with pytest.raises(CommandError, match="не найдено"):
        match("--municipality", "999999", "--dry-run")
