"""The start page's counts over a territory are kept until the next registry write (metodist/home/counts.py)."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.facts.signals import invalidate
from metodist.home.counts import kept, territory_key
from metodist.home.models import CachedCounts
from metodist.testing import factories as f

ON = date(2024, 3, 1)


@pytest.fixture
def counter():
    calls = []

    def count():
        calls.append(1)
        return {"educators": len(calls)}

    return count, calls


def test_counts_are_kept_until_a_registry_write(cast, counter):
    count, calls = counter

    assert kept("figures:region:1", ON, count) == {"educators": 1}
    assert kept("figures:region:1", ON, count) == {"educators": 1}  # kept: not counted again
    f.EducatorFactory()  # any registry write
    assert kept("figures:region:1", ON, count) == {"educators": 2}
    assert len(calls) == 2


def test_a_bulk_write_that_invalidates_the_facts_makes_the_counts_stale(cast, counter):
    count, calls = counter
    kept("figures:region:1", ON, count)

    invalidate()  # what imports and the demo seeder call after their bulk writes

    assert CachedCounts.objects.get().stale
    assert kept("figures:region:1", ON, count) == {"educators": 2}


def test_counts_are_kept_per_territory_and_day(cast, counter):
    count, calls = counter
    kept("figures:region:1", ON, count)

    assert kept("figures:region:2", ON, count) == {"educators": 2}
    assert kept("figures:region:1", date(2024, 3, 2), count) == {"educators": 3}


def test_a_write_while_counting_is_not_hidden_by_the_counts_stored_after_it(cast):
    def count_while_the_registry_changes():
        f.EducatorFactory()
        return {"educators": 0}

    kept("figures:region:1", ON, count_while_the_registry_changes)

    row = CachedCounts.objects.get()
    assert row.stale and row.counts is None  # the next reader counts again


def test_only_whole_territories_are_kept(cast):
    elsewhere = f.UserFactory(username="region_b", role=Role.REGIONAL_OPERATOR, region=f.RegionFactory(code="99"))

    assert territory_key(cast.regional_operator) == f"region:{cast.region.pk}"
    assert territory_key(elsewhere) == f"region:{elsewhere.region_id}"
    assert territory_key(cast.coordinator) == f"municipality:{cast.municipality.pk}"
    assert territory_key(cast.school1_admin) is None
    assert territory_key(cast.teacher_user) is None


def test_the_start_page_shows_a_newcomer_after_the_counts_were_kept(client, cast):
    client.force_login(cast.regional_operator)
    before = client.get(reverse("home:home")).context["figures"].educators

    newcomer = f.EducatorFactory()
    f.EmploymentFactory(educator=newcomer, organization=cast.school3, start_date=date(2020, 9, 1))

    assert client.get(reverse("home:home")).context["figures"].educators == before + 1
