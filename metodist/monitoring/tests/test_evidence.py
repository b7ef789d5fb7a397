"""Evidence files of an information card: checked by their content, not only by their name, and limited in size;
a refused file leaves the rest of what the user typed in the form."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.monitoring import evidence
from metodist.monitoring.tests.campaigns import campaign_fixture, card_of, catalogue_fixture  # noqa: F401 (fixtures)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
RTF = b"{\\rtf1\\ansi \\'c0\\'ea\\'f2}"


def archive(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, content in entries.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def content_types(main: str) -> bytes:
    return f'<Types><Override PartName="/main.xml" ContentType="{main}"/></Types>'.encode()


DOCX = archive({
    "[Content_Types].xml": content_types(evidence.OOXML["docx"][1]),
    "word/document.xml": b"<w:document/>",
})  # fmt: skip
DOCM = archive({
    "[Content_Types].xml": content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
    "word/document.xml": b"<w:document/>",
    "word/vbaProject.bin": b"\x00",
})  # fmt: skip
ODT = archive({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})


def xlsx() -> bytes:
    """A workbook as Excel-like programs write it (openpyxl)."""
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Акт"
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("акт.pdf", PDF),
        ("скан.png", PNG),
        ("скан.jpg", JPEG),
        ("скан.JPEG", JPEG),
        ("приказ.doc", OLE2),
        ("таблица.xls", OLE2),
        ("приказ.docx", DOCX),
        ("таблица.xlsx", xlsx()),
        ("приказ.odt", ODT),
        ("приказ.rtf", RTF),
    ],
)
def test_a_document_of_the_type_its_name_says_is_accepted(settings, name, content):
    evidence.check(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("акт.pdf", EXE, " (по содержимому это exe)"),
        ("акт.pdf", HTML, ""),
        ("скан.jpg", PNG, " (по содержимому это png)"),
        ("приказ.docx", DOCM, ""),  # a document with macros, renamed
        ("таблица.xlsx", DOCX, " (по содержимому это docx)"),
        ("таблица.xls", archive({"a.txt": b"a"}), " (по содержимому это zip)"),
        ("приказ.odt", archive({"mimetype": b"application/x-evil"}), " (по содержимому это zip)"),
        ("приказ.rtf", HTML, ""),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(settings, name, content, found):
    extension = name.rpartition(".")[2]

    with pytest.raises(ValidationError) as refused:
        evidence.check(SimpleUploadedFile(name, content))

    assert refused.value.messages == [
        f"Файл «{name}» не похож на документ .{extension}{found}: его содержимое не соответствует расширению. "
        "Приложите сам документ или скан в одном из разрешённых форматов."
    ]


def test_a_file_over_the_limit_is_refused_naming_the_limit(settings):
    settings.EVIDENCE_MAX_BYTES = 2 * 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        evidence.check(SimpleUploadedFile("скан.pdf", PDF + b"\x00" * (3 * 1024 * 1024 + 512 * 1024)))

    assert refused.value.messages == [
        "Файл «скан.pdf» слишком большой: 3,5 МБ, а можно не более 2 МБ. Уменьшите его (например, сохраните скан "
        "с меньшим разрешением) или дайте ссылку на документ."
    ]


def test_the_default_limit_is_ten_megabytes():
    from metodist import settings as configured

    assert configured.EVIDENCE_MAX_BYTES == 10 * 1024 * 1024


@pytest.fixture
def card_page(client, cast, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    card = card_of(campaign, cast.municipality)
    client.force_login(cast.methodologist)
    return card, reverse("monitoring:card", args=[card.pk])


def post(client, url, upload):
    answer = {"act_young": "True", "act_young__link": "https://example.org/act-7", "action": "save"}
    return client.post(url, {**answer, "act_young__file": upload})


def test_a_program_named_pdf_is_refused_and_the_rest_of_the_input_kept(client, card_page):
    card, url = card_page

    response = post(client, url, SimpleUploadedFile("акт.pdf", EXE, content_type="application/pdf"))

    assert response.status_code == 200
    assert "не похож на документ .pdf (по содержимому это exe)" in response.content.decode()
    assert 'value="https://example.org/act-7"' in response.content.decode()
    assert not card.values.exists()


def test_an_oversize_scan_is_refused_in_the_page(client, card_page, settings):
    card, url = card_page
    settings.EVIDENCE_MAX_BYTES = 1024

    response = post(client, url, SimpleUploadedFile("скан.pdf", PDF + b"\x00" * 2048))

    assert "слишком большой: 3 КБ, а можно не более 1 КБ" in response.content.decode()
    assert not card.values.exists()


def test_a_real_pdf_is_stored(client, card_page):
    card, url = card_page

    response = post(client, url, SimpleUploadedFile("акт.pdf", PDF, content_type="application/pdf"))

    assert response.status_code == 302
    stored = card.values.get()
    assert stored.file.name.endswith(".pdf")
    assert stored.file.read() == PDF
