"""The 台账 as a Word document (python-docx). East Asian text names 宋体 (``w:eastAsia``), a font
every Chinese Word has; Latin text uses Times New Roman."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .build import LedgerDocument

EAST_ASIAN_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"


def _set_fonts(style_or_run, east_asian: str) -> None:
    from docx.oxml.ns import qn

    style_or_run.font.name = LATIN_FONT
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def _cell_text(value) -> str:
    return "" if value is None else str(value)


def render_docx(document: LedgerDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    for name in ("Normal", "Table Grid", "Caption"):
        if name in [s.name for s in doc.styles]:
            _set_fonts(doc.styles[name], EAST_ASIAN_FONT)
    doc.styles["Normal"].font.size = Pt(11)
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        _set_fonts(style, HEADING_FONT)
        style.font.color.rgb = None
    title_style = doc.styles["Title"]
    _set_fonts(title_style, HEADING_FONT)
    doc.core_properties.title = f"{document.branch_name} {document.title}"

    # Cover
    for _i in range(6):
        doc.add_paragraph()
    branch = doc.add_paragraph(document.branch_name)
    branch.alignment = WD_ALIGN_PARAGRAPH.CENTER
    branch.runs[0].font.size = Pt(22)
    title = doc.add_paragraph(document.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].font.size = Pt(28)
    title.runs[0].bold = True
    doc.add_paragraph()
    facts = doc.add_table(rows=0, cols=2)
    facts.style = doc.styles["Table Grid"]
    for label, value in document.cover_facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    contents = doc.add_paragraph(_("Contents"))
    contents.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, section in enumerate(document.sections, start=1):
        doc.add_paragraph(f"{number}. {section.title}").alignment = WD_ALIGN_PARAGRAPH.CENTER

    # Sections, each on a new page
    for number, section in enumerate(document.sections, start=1):
        doc.add_section(WD_SECTION.NEW_PAGE)
        doc.add_heading(f"{number}. {section.title}", level=1)
        for text in section.paragraphs:
            doc.add_paragraph(text)
        for table in section.tables:
            doc.add_heading(table.caption, level=2)
            if not table.rows:
                doc.add_paragraph(_("(none)"))
                continue
            grid = doc.add_table(rows=1, cols=len(table.header))
            grid.style = doc.styles["Table Grid"]
            for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
                cell.text = _cell_text(text)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = _cell_text(value)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
