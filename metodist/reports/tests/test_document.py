"""The report as a .docx (opened with python-docx: sections, table numbers, a chart, the signature) and as a
PDF printed by LibreOffice (skipped with a message without it, unless METODIST_REQUIRE_OFFICE=1)."""

import os
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from metodist.jobs.models import Job, JobStatus
from metodist.reports import actions, document

from .test_generate import TRACK_1

TOOLS = ("soffice", "pdfinfo")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]


def require_tools():
    if not MISSING:
        return
    message = f"PDF справки не проверен: нет {', '.join(MISSING)} (пакеты libreoffice-writer-nogui, poppler-utils)."
    if os.environ.get("METODIST_REQUIRE_OFFICE") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def report(cast, approved):
    report = actions.generate(approved, by=cast.coordinator)
    actions.edit(report.sentences.get(key=f"{TRACK_1}/value-met/young"), "Молодых педагогов 25,0 %.",
                 by=cast.methodologist)  # fmt: skip
    return report


def test_the_docx_has_the_authority_numbered_sections_tables_and_a_signature(cast, report):
    actions.approve(report, by=cast.coordinator)

    doc = Document(BytesIO(document.build_docx(report)))

    paragraphs = [paragraph.text.replace("\u00a0", " ") for paragraph in doc.paragraphs]
    assert paragraphs[0] == "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ «ГОРОД N»"
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in paragraphs
    headings = [text for text in paragraphs if re.match(r"^\d+\. ", text)]
    assert headings == ["1. Общие сведения", "2. Трек 1", "3. Трек 2", "4. Полнота и качество данных",
                        "5. Кластеры организаций"]  # fmt: skip
    assert "Молодых педагогов 25,0 %." in paragraphs  # the edited wording, not the generated one
    track_1 = doc.tables[0]
    header = [cell.text for cell in track_1.rows[0].cells]
    young = [cell.text.replace("\u00a0", " ") for cell in track_1.rows[1].cells]
    assert header == ["№", "Показатель", "Значение", "Целевое значение", "Прошлый период", "Динамика"]
    assert young == ["1", "доля молодых педагогов", "25,0 %", "не менее 10 %", "20,0 %", "+5 п. п."]
    assert len(doc.inline_shapes) == 2  # a chart of values against targets for each track
    signature = doc.tables[-1].rows[0].cells
    assert signature[0].text == "Муниципальный координатор"
    assert any(text.startswith("Справка утверждена") for text in paragraphs)


def test_a_draft_is_signed_as_a_draft(report):
    doc = Document(BytesIO(document.build_docx(report)))

    assert any("(не утверждена)" in paragraph.text for paragraph in doc.paragraphs)


def test_the_pdf_is_the_document_printed(report, tmp_path):
    require_tools()

    path = tmp_path / "report.pdf"
    path.write_bytes(document.build_pdf(report))

    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 6  # five short sections, two tables and two charts


def test_the_pdf_button_runs_a_job_that_attaches_the_file(client, cast, report):
    require_tools()
    client.force_login(cast.methodologist)

    response = client.post(reverse("reports:pdf", args=[report.pk]))

    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.status == JobStatus.DONE
    assert job.output_name.endswith(".pdf") and job.output.read()[:4] == b"%PDF"
    assert job.done == job.total  # the bar ends full, not at the printing step
