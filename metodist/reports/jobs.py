"""The report's PDF: LibreOffice prints the .docx, which takes longer than a request should hold a worker."""

from metodist.jobs import JobFailed
from metodist.jobs.registry import handler
from metodist.lib.pdf import PdfUnavailable

from . import document
from .models import AnalyticReport


@handler("reports.pdf", title="Аналитическая справка в PDF", atomic=False)
def report_pdf(job, *, report: int) -> dict:
    found = AnalyticReport.objects.in_scope(job.user).filter(pk=report).first() if job.user else None
    if found is None:
        raise JobFailed("Справка не найдена в ваших данных.")
    steps = {"total": 1}  # the document's sections, then the printing

    def progress(done: int, total: int) -> None:
        steps["total"] = total + 1
        job.progress(done, total + 1, "Этапов выполнено", message="Записываются разделы документа")

    content = document.build_docx(found, progress=progress)
    job.check_cancelled()
    job.progress(steps["total"] - 1, steps["total"], message="LibreOffice печатает документ в PDF")
    try:
        pdf = document.docx_to_pdf(content)
    except PdfUnavailable as error:
        raise JobFailed(str(error)) from error
    job.attach(document.filename(found, "pdf"), pdf)
    job.progress(steps["total"], steps["total"], message="PDF готов")
    return {"summary": "PDF справки готов.", "url": found.get_absolute_url()}
