"""A printed educators export: converted to PDF by LibreOffice, it is one page wide, landscape, with the
header on every page.

Needs LibreOffice (`soffice`) and poppler (`pdfinfo`, `pdftotext`); without them the test is skipped with a
message, unless METODIST_REQUIRE_OFFICE=1 (set by .ci/run), where their absence is a failure.
"""

import os
import re
import shutil
import subprocess
from datetime import date

import pytest

from metodist.people.models import Category
from metodist.people.tests.test_export import HEADERS
from metodist.testing import factories as f

pytestmark = pytest.mark.usefixtures("on_today")
TOOLS = ("soffice", "pdfinfo", "pdftotext")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
ROWS = 50


def require_tools():
    if not MISSING:
        return
    message = f"Печать выгрузки не проверена: нет {', '.join(MISSING)} (пакеты libreoffice-calc-nogui, poppler-utils)."
    if os.environ.get("METODIST_REQUIRE_OFFICE") == "1":
        pytest.fail(message)
    pytest.skip(message)


def to_pdf(content: bytes, folder) -> str:
    source = folder / "export.xlsx"
    source.write_bytes(content)
    profile = folder / "profile"  # a profile of its own: a second soffice must not find a running one
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    return str(folder / "export.pdf")


def page_texts(pdf: str) -> list[str]:
    text = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def page_size(pdf: str) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return float(width), float(height)


def test_fifty_educators_print_one_page_wide_in_landscape(client, cast, tmp_path):
    require_tools()
    school = cast.school1
    for number in range(ROWS):
        educator = f.EducatorFactory(
            last_name=f"Константинопольская{number}", first_name="Александра", patronymic="Владимировна",
            category=Category.FIRST,
        )  # fmt: skip
        f.EducationFactory(educator=educator, speciality=f.speciality("Физика"), completed_on=date(2002, 6, 30))
        f.EmploymentFactory(educator=educator, organization=school, subjects=[f.subject("physics")])
    client.force_login(cast.methodologist)

    pdf = to_pdf(client.get("/people/export/").content, tmp_path)

    width, height = page_size(pdf)
    assert width > height  # landscape
    pages = page_texts(pdf)
    assert 1 <= len(pages) <= 4
    # One page wide: every page holds every column's header (repeated) — a table two pages wide would leave
    # the right-hand columns' headers off the pages that hold «ФИО».
    words = {word for header in ["№ п/п", *HEADERS] for word in re.findall(r"\w+", header)}
    for page in pages:
        assert words <= set(re.findall(r"\w+", page)), sorted(words - set(re.findall(r"\w+", page)))
    assert "Константинопольская49" in pages[-1]
