"""A handler that reads for long and writes only at its end runs outside the job's transaction (atomic=False):
on SQLite a transaction that has read and then writes after another connection's commit is refused."""

import pytest
from django.contrib.auth.models import Group

from metodist.jobs import actions
from metodist.jobs.models import JobStatus

from . import handlers  # noqa: F401 (registers the handlers of the tests)


@pytest.mark.django_db(transaction=True)
def test_a_non_atomic_handler_writes_after_another_connection_committed(reference_data, cast):
    job = actions.start("tests.read_then_write", by=cast.coordinator)

    assert (job.status, job.error) == (JobStatus.DONE, "")
    assert set(Group.objects.values_list("name", flat=True)) >= {"written meanwhile", f"{job.pk}-after-0"}
