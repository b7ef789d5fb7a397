"""A .docx printed to PDF by LibreOffice headless, so that the PDF is the same document as the .docx (one layout
to keep, not two). The document is self-contained (pictures embedded, no linked files), and LibreOffice runs
with a profile of its own in a temporary folder, so the conversion reads nothing but the file it is given."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 300  # seconds: a region's report of a hundred pages takes well under a minute on two cores


class PdfUnavailable(Exception):
    """LibreOffice is not installed or the conversion failed; the message is for the user."""


def docx_to_pdf(content: bytes) -> bytes:
    if shutil.which("soffice") is None:
        raise PdfUnavailable(
            "PDF не сформирован: на сервере не установлен LibreOffice (пакет libreoffice-writer-nogui)."
        )
    with tempfile.TemporaryDirectory(prefix="metodist-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(content)
        command = ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", folder, str(source)]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT,
                           env={**os.environ, "HOME": folder})  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable("PDF не сформирован: LibreOffice не смог преобразовать документ.") from error
        result = Path(folder) / "document.pdf"
        if not result.exists():
            raise PdfUnavailable("PDF не сформирован: LibreOffice не создал файл.")
        return result.read_bytes()
