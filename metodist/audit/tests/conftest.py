"""The API callers of the cast, for the tests of what API reads record."""

from metodist.api.tests.conftest import api_get  # noqa: F401 (fixture)
