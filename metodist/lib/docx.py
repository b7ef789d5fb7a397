"""Official documents as .docx in the usual form of a municipal document: the authority's name over the title,
numbered sections (1., 1.1.), tables with a repeated header row, charts as pictures, a signature block, page
numbers. Used by the analytical report and the road map's annual report; no domain logic here."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
BODY_PT = 12
TABLE_PT = 10
A4 = (Cm(21), Cm(29.7))


class OfficialDocument:
    """A document built top to bottom: `heading` numbers the sections itself, so that a section left out
    (no data for it) does not leave a gap in the numbering."""

    def __init__(self, *, authority: str, title: str, subtitle: str = "", landscape: bool = False):
        self.doc = Document()
        self._numbers: list[int] = []
        section = self.doc.sections[0]
        section.page_width, section.page_height = A4  # python-docx's blank document is US Letter
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        style = self.doc.styles["Normal"]
        style.font.name, style.font.size = FONT, Pt(BODY_PT)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(4)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Caption"):
            heading = self.doc.styles[name]
            heading.font.name, heading.font.color.rgb = FONT, None
            fonts = heading.element.rPr.rFonts
            fonts.set(qn("w:eastAsia"), FONT)
            # the default template names a theme font for headings, which Word and LibreOffice prefer to the style's
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
        self._page_numbers(section)
        self._centered(authority.upper(), bold=True, size=BODY_PT)
        self.doc.add_paragraph()
        self._centered(title, bold=True, size=BODY_PT + 2)
        if subtitle:
            self._centered(subtitle, size=BODY_PT)
        self.doc.add_paragraph()

    @property
    def usable_width_cm(self) -> float:
        section = self.doc.sections[0]
        return (section.page_width - section.left_margin - section.right_margin) / 360000

    def heading(self, text: str, level: int = 1) -> str:
        """A numbered heading («2.», «2.1.»); returns its number."""
        del self._numbers[level:]
        while len(self._numbers) < level:
            self._numbers.append(0)
        self._numbers[level - 1] += 1
        number = ".".join(str(n) for n in self._numbers) + "."
        paragraph = self.doc.add_heading(f"{number} {text}", level=level)
        for run in paragraph.runs:
            run.font.size = Pt(BODY_PT + (2 if level == 1 else 0))
        paragraph.paragraph_format.keep_with_next = True
        return number

    def paragraph(self, text: str = "", *, bold: bool = False, italic: bool = False, size: int | None = None,
                  indent: bool = True, align=WD_ALIGN_PARAGRAPH.JUSTIFY):  # fmt: skip
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        return paragraph

    def bullet(self, text: str):
        paragraph = self.doc.add_paragraph(style="List Bullet")
        paragraph.add_run(text)
        return paragraph

    def table(self, header: list[str], rows: list[list], *, widths_cm: list[float] | None = None,
              caption: str = "", numeric_from: int | None = None):  # fmt: skip
        """A bordered table; the header row repeats on every page; columns from `numeric_from` on are right-aligned."""
        if caption:
            self.paragraph(
                caption, italic=True, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT
            ).paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            self._cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _repeat_header(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
                right = numeric_from is not None and index >= numeric_from
                self._cell(cell, "" if value is None else str(value),
                           align=WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT)  # fmt: skip
        if widths_cm:
            table.autofit = False
            for column, width in zip(table.columns, widths_cm, strict=False):
                column.width = Cm(width)  # the grid's widths: LibreOffice lays the table out by them
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm, strict=False):
                    cell.width = Cm(width)  # the cells' widths: Word does
        self.doc.add_paragraph()
        return table

    def image(self, png: bytes, *, width_cm: float | None = None, caption: str = ""):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(BytesIO(png), width=Cm(width_cm or min(16, self.usable_width_cm)))
        if caption:
            self.paragraph(caption, italic=True, indent=False, size=BODY_PT - 1, align=WD_ALIGN_PARAGRAPH.CENTER)

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def signature(self, position: str, name: str = "", date_line: str = ""):
        """«Должность ______ И. О. Фамилия» on one line, the date under it."""
        self.doc.add_paragraph()
        table = self.doc.add_table(rows=1, cols=3)
        texts = (position, "_______________", name)
        aligns = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT)
        for cell, text, align in zip(table.rows[0].cells, texts, aligns, strict=True):
            self._cell(cell, text, align=align, size=BODY_PT)
        if date_line:
            self.paragraph(date_line, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)

    def bytes(self) -> bytes:
        buffer = BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _centered(self, text: str, *, bold: bool = False, size: int = BODY_PT):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)

    @staticmethod
    def _cell(cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, size: int = TABLE_PT):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)

    @staticmethod
    def _page_numbers(section):
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """A .docx attachment; a non-ASCII name goes as RFC 6266 `filename*=utf-8''…`."""
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
