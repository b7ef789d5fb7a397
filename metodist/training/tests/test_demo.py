"""The demo seeder: rerun-safe, works with and without diagnostics, and clears what it wrote."""

from datetime import date

from metodist.testing import factories as f
from metodist.testing import growth as g
from metodist.training import demo
from metodist.training.effectiveness import effects
from metodist.training.models import Program, Review, Training

TODAY = date(2025, 1, 15)


def test_the_demo_catalogue_and_trainings_without_diagnostics(cast):
    lines = demo.seed(today=TODAY, progress=lambda line: None)

    assert Program.objects.filter(kind="pp").count() == len(demo.RETRAINING)
    assert Program.objects.count() >= 55
    assert Training.objects.filter(review=Review.PENDING).exists()
    assert "по итогам диагностики 0" in lines[0]
    assert demo.seed(today=TODAY, progress=lambda line: None) == [
        "Курсы: демонстрационный каталог уже загружен — пропущено."
    ]
    demo.clear()
    assert not Program.objects.exists() and not Training.objects.exists()


def test_with_two_diagnostics_people_with_deficits_are_trained_between_them(cast):
    first = g.diagnostic(cast.region, ends_on=date(2023, 11, 30))
    second = g.diagnostic(cast.region, ends_on=date(2024, 11, 30))
    for number in range(12):
        person = f.EducatorFactory()
        f.EmploymentFactory(educator=person, organization=cast.school1)
        g.results(first, person, {"assess.formative": 3, "fl.reading": 2})
        g.results(second, person, {"assess.formative": 3 + number % 6, "fl.reading": 2 + number % 4})

    lines = demo.seed(today=TODAY, progress=lambda line: None)

    between = Training.objects.filter(ends_on__gt=first.ends_on, ends_on__lt=second.starts_on, program__isnull=False)
    assert between.exists()
    assert "по итогам диагностики 0" not in lines[0]
    assert effects(cast.region.pk)
