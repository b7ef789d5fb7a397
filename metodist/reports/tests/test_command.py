"""manage.py reports build: the draft made when there is none, the file written, Russian errors."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from metodist.reports.models import AnalyticReport


def test_build_makes_the_draft_and_writes_the_docx(cast, approved, tmp_path):
    out = tmp_path / "справка.docx"

    call_command("reports", "build", "--campaign", str(approved.pk), "--format", "docx", "--out", str(out))

    report = AnalyticReport.objects.get()
    assert (report.campaign, report.municipality, report.generated_by) == (approved, cast.municipality, None)
    paragraphs = [paragraph.text for paragraph in Document(BytesIO(out.read_bytes())).paragraphs]
    assert "1. Общие сведения" in paragraphs


def test_build_reuses_the_existing_report(cast, approved, tmp_path):
    out = tmp_path / "r.docx"
    call_command("reports", "build", "--campaign", str(approved.pk), "--format", "docx", "--out", str(out))
    first = AnalyticReport.objects.get()

    call_command("reports", "build", "--campaign", str(approved.pk), "--format", "docx", "--out", str(out))

    assert AnalyticReport.objects.get() == first


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--campaign", "999"], "Кампании мониторинга № 999 нет"),
        (["--municipality", "999"], "Муниципалитета № 999 нет"),
        (["--municipality", "other"], "проводится только в муниципалитете «Город N»"),
    ],
)
def test_build_explains_bad_input_in_russian(cast, approved, tmp_path, arguments, message):
    arguments = [str(cast.other_municipality.pk) if item == "other" else item for item in arguments]
    if "--campaign" not in arguments:
        arguments = ["--campaign", str(approved.pk), *arguments]

    with pytest.raises(CommandError, match=message):
        call_command("reports", "build", *arguments, "--format", "docx", "--out", str(tmp_path / "r.docx"))


def test_build_refuses_a_campaign_whose_results_are_not_approved(cast, campaign, tmp_path):
    with pytest.raises(CommandError, match="только по утверждённым результатам"):
        call_command("reports", "build", "--campaign", str(campaign.pk), "--format", "docx",
                     "--out", str(tmp_path / "r.docx"))  # fmt: skip


def test_build_says_when_the_file_cannot_be_written(cast, approved, tmp_path):
    with pytest.raises(CommandError, match="Не удалось записать файл"):
        call_command("reports", "build", "--campaign", str(approved.pk), "--format", "docx",
                     "--out", str(tmp_path / "нет-папки" / "r.docx"))  # fmt: skip
