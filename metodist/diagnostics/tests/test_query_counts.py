"""The list pages of the module cost the same number of queries with 2 and with 40 rows behind them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodist.diagnostics.models import DiagnosticResult
from metodist.people.models import Educator, Employment
from metodist.testing import growth as g


def _grow(cast, diagnostics: int, educators: int):
    """`diagnostics` regional procedures; the first gets results of `educators` teachers of school 1."""
    made = [g.diagnostic(cast.region, ends_on=date(2024, 1 + n % 12, 28), name=f"Д{n}") for n in range(diagnostics)]
    people = Educator.objects.bulk_create(
        Educator(
            last_name=f"Учитель{n}",
            first_name="Ольга",
            sex="F",
            birth_date=date(1985, 1, 1),
            ped_work_start=date(2010, 9, 1),
        )
        for n in range(educators)
    )
    Employment.objects.bulk_create(
        Employment(
            educator=e,
            organization=cast.school1,
            position=cast.teacher.employments.first().position,
            start_date=date(2010, 9, 1),
        )
        for e in people
    )
    codes = [g.competency("subject.content"), g.competency("methods.lesson")]
    DiagnosticResult.objects.bulk_create(
        DiagnosticResult(
            diagnostic=made[0], educator=e, competency=c, score=3 + n % 7, max_score=10, taken_on=date(2024, 1, 28)
        )
        for n, e in enumerate(people)
        for c in codes
    )
    from metodist.diagnostics import deficits

    deficits.derive(made[0])
    return made[0]


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["list", "detail", "mine", "index", "frameworks", "version"])
@pytest.mark.parametrize("who", ["methodologist", "school1_admin", "teacher_user"])
def test_queries_of_the_page_do_not_grow_with_its_rows(client, cast, page, who):
    user = getattr(cast, who)
    client.force_login(user)
    counts = []
    for size in (2, 40):
        DiagnosticResult.objects.all().delete()
        from metodist.diagnostics.models import Diagnostic

        Diagnostic.objects.all().delete()
        first = _grow(cast, size, size)
        DiagnosticResult.objects.create(
            diagnostic=first, educator=cast.teacher, competency=g.competency("subject.content"), score=2,
            max_score=10, taken_on=date(2024, 1, 28),
        )  # fmt: skip
        url = {
            "list": reverse("diagnostics:list"),
            "detail": reverse("diagnostics:detail", args=[first.pk]),
            "mine": reverse("diagnostics:mine"),
            "index": reverse("diagnostics:index"),
            "frameworks": reverse("diagnostics:frameworks"),
            "version": reverse("diagnostics:version", args=[g.framework_version().pk]),
        }[page]
        counts.append(_queries(client, url))

    assert counts[0] == counts[1]
