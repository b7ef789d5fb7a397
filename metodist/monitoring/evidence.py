"""What an evidence upload of an information card may be: a document or a scan of an allowed type, checked by
its content as well as its name, and not larger than settings.EVIDENCE_MAX_BYTES.

The name alone proves nothing: a program or a web page renamed to «акт.pdf» would be stored and later opened by
the coordinator who reviews the card. So the first bytes must be those of the type the name claims (the
`filetype` library reads them), and an Office Open XML or OpenDocument file must be a ZIP archive that holds the
main part of that kind of document: a macro-enabled workbook renamed to .xlsx is refused too.
"""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "jpg", "jpeg", "png"]
HEAD_BYTES = 8192  # enough for every signature read here
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls (Office 97–2003)
# extension → the content type [Content_Types].xml declares for the document's main part
OOXML = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
# extension → the content of the OpenDocument's `mimetype` entry
OPENDOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
# extension → the type filetype must find in the first bytes
SIGNED = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png"}


def size_text(size: int) -> str:
    """1.5 MB as «1,5 МБ», below a megabyte in whole kilobytes (rounded up: «1 КБ», never «0 МБ»)."""
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} КБ"
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",") + " МБ"


def limit_text() -> str:
    return f"не более {size_text(settings.EVIDENCE_MAX_BYTES)}"


def _matches(upload, extension: str, head: bytes) -> bool:
    if extension in SIGNED:
        kind = filetype.guess(head)
        return kind is not None and kind.extension == SIGNED[extension]
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in ("doc", "xls"):
        return head.startswith(OLE2)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in OPENDOCUMENT:
                return "mimetype" in names and archive.read("mimetype").strip() == OPENDOCUMENT[extension]
            part, content_type = OOXML[extension]
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            return part in names and content_type.encode() in types
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def check(upload) -> None:
    """A form validator of an evidence file: refuses, in Russian, a file too large or not of the type its
    extension names (the extension itself is checked by FileExtensionValidator)."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            f"Файл «{upload.name}» слишком большой: {size_text(upload.size)}, а можно {limit_text()}. "
            "Уменьшите его (например, сохраните скан с меньшим разрешением) или дайте ссылку на документ."
        )
    extension = upload.name.rpartition(".")[2].lower()
    if extension not in EXTENSIONS:
        return
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    matches = _matches(upload, extension, head)
    claimed = SIGNED.get(extension, extension)
    upload.seek(0)
    if not matches:
        found = filetype.guess(head)
        # a macro-enabled document still looks like its kind to filetype: naming that kind would only confuse
        actual = f" (по содержимому это {found.extension})" if found and found.extension != claimed else ""
        raise ValidationError(
            f"Файл «{upload.name}» не похож на документ .{extension}{actual}: его содержимое не соответствует "
            "расширению. Приложите сам документ или скан в одном из разрешённых форматов."
        )
