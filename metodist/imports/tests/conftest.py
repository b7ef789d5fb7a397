import pytest

from metodist.imports.context import ImportContext


@pytest.fixture
def context_of(today):
    """The import context of a user on the fixed test day."""
    return lambda user: ImportContext(user, today)
