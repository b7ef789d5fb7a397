"""docs/import.md describes every column of every format, so the documentation cannot fall behind the registry."""

from pathlib import Path

import pytest
from django.conf import settings

from metodist.imports.formats import FORMATS

DOCS = (Path(settings.BASE_DIR) / "docs" / "import.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=FORMATS.keys())
def test_the_import_guide_lists_every_column_and_the_match_rule_of_each_format(fmt):
    missing = [column.header for column in fmt.columns if f"| {column.header} |" not in DOCS]

    assert missing == []
    assert fmt.match_rule in DOCS
