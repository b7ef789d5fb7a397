"""analytical(): the session settings of a heavy computation hold inside the block and end with it."""

import pytest
from django.db import connection, transaction

from metodist.lib.db import analytical

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="analytical() changes nothing on SQLite: no setting measured there made the computation faster",
)


def show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def set_local(name: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


@pytest.fixture
def plain_session(db):
    """A transaction whose work_mem and jit differ from what analytical() sets."""
    set_local("work_mem", "4MB")
    set_local("jit", "on")


def test_block_runs_with_more_memory_and_no_jit(plain_session, settings):
    settings.ANALYTICAL_WORK_MEM = "48MB"

    with analytical():
        inside = show("work_mem"), show("jit")

    assert inside == ("48MB", "off")
    assert (show("work_mem"), show("jit")) == ("4MB", "on")


def test_settings_end_with_a_failed_block(plain_session, settings):
    settings.ANALYTICAL_WORK_MEM = "48MB"

    with pytest.raises(ValueError), transaction.atomic(), analytical():
        assert show("work_mem") == "48MB"
        raise ValueError("the computation failed")

    assert (show("work_mem"), show("jit")) == ("4MB", "on")
