"""The attestation portfolio as an official .docx (metodist/lib/docx.py), which the .pdf is printed from: the
educator's organization over the title, the registry's facts, then a numbered section for each section of the
portfolio — its table, or the sentence of what it lacks — and who made the document, when."""

from metodist.lib.docx import OfficialDocument
from metodist.lib.xlsx import Export

from .portfolio import Portfolio

# Over an educator without a place of work on the day: the system the portfolio comes from.
SYSTEM = "Муниципальная система научно-методического сопровождения педагогических работников"
FACT_WIDTHS = [5.0, 11.5]
# Column widths (cm) of each section's table on an A4 portrait page (16.5 cm between the margins).
WIDTHS = {
    "attestation": [3.2, 2.8, 2.0, 2.6, 3.4, 2.5],
    "trainings": [3.8, 2.9, 1.7, 2.6, 2.6, 2.9],
    "routes": [6.0, 2.2, 8.3],
    "diagnostics": [2.4, 3.2, 2.0, 2.7, 2.1, 1.9, 2.2],
    "events": [2.6, 4.5, 2.9, 3.2, 3.3],
    "competitions": [3.6, 3.2, 2.0, 2.4, 2.5, 2.8],
    "practices": [4.9, 3.0, 3.3, 2.6, 2.7],
    "mentoring": [4.0, 4.0, 2.8, 3.2, 2.5],
    "mentored": [5.0, 4.5, 3.6, 3.4],
    "expert": [4.0, 3.2, 3.8, 3.0, 2.5],
}


def build(portfolio: Portfolio, *, by) -> bytes:
    educator = portfolio.educator
    home = educator.employments.home(portfolio.on).select_related("organization").first()
    doc = OfficialDocument(
        authority=home.organization.full_name if home else SYSTEM,
        title="АТТЕСТАЦИОННОЕ ПОРТФОЛИО",
        subtitle=f"{educator.full_name}, на {portfolio.on:%d.%m.%Y}",
    )
    doc.paragraph("Собрано из подтверждённых записей системы «Методист».")
    doc.heading("Сведения из реестра")
    doc.table(["Сведения", "Значение"], [list(pair) for pair in portfolio.facts], widths_cm=FACT_WIDTHS)
    for section in portfolio.sections:
        doc.heading(section.title)
        if section.rows:
            doc.table(section.headers, section.rows, widths_cm=WIDTHS.get(section.code))
        else:
            doc.paragraph(section.empty)
    made = Export.by(by, title="", filters="", place="").lines()[-1]  # «Выгрузил(а): …, дд.мм.гггг чч:мм (МСК)»
    doc.paragraph(made, indent=False, size=10)
    return doc.bytes()
