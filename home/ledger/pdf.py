"""The 台账 as a PDF (reportlab) with a Chinese TrueType font embedded (subset).

reportlab embeds TrueType outlines only, not OpenType/CFF (Noto CJK's .otf/.ttc), so the font is
WenQuanYi Zen Hei (Debian's fonts-wqy-zenhei, ``make fonts``), or any TrueType file named by the
``LEDGER_PDF_FONT`` setting. Without one, :class:`FontMissing` says what to install.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .build import LedgerDocument

FONT_NAME = "LedgerCJK"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


class FontMissing(RuntimeError):
    pass


def font_path() -> Path | None:
    """The TrueType Chinese font to embed: ``settings.LEDGER_PDF_FONT`` or a known system path."""
    configured = getattr(settings, "LEDGER_PDF_FONT", "")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    path = font_path()
    if path is None:
        raise FontMissing(
            _(
                "No Chinese TrueType font for the PDF: run “make fonts” (installs fonts-wqy-zenhei) or set LEDGER_PDF_FONT"
            )
        )
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
    return FONT_NAME


def render_pdf(document: LedgerDocument) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        LongTable,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )

    font = _register_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)
    head = ParagraphStyle("head", parent=cell, textColor=colors.white)
    h1 = ParagraphStyle("h1", parent=body, fontSize=16, leading=24, spaceBefore=6, spaceAfter=8)
    h2 = ParagraphStyle("h2", parent=body, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    cover_branch = ParagraphStyle("cb", parent=body, fontSize=20, leading=30, alignment=TA_CENTER)
    cover_title = ParagraphStyle("ct", parent=body, fontSize=28, leading=40, alignment=TA_CENTER)
    centred = ParagraphStyle("c", parent=body, alignment=TA_CENTER)

    def p(text, style=body):
        return Paragraph(escape("" if text is None else str(text)), style)

    width = A4[0] - 40 * mm
    story = [Spacer(1, 60 * mm), p(document.branch_name, cover_branch), Spacer(1, 8 * mm)]
    story += [p(document.title, cover_title), Spacer(1, 20 * mm)]
    facts = LongTable(
        [[p(k), p(v)] for k, v in document.cover_facts], colWidths=[width * 0.35, width * 0.65]
    )
    facts.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
    story += [facts, Spacer(1, 10 * mm), p(_("Contents"), centred)]
    story += [p(f"{n}. {s.title}", centred) for n, s in enumerate(document.sections, start=1)]
    for number, section in enumerate(document.sections, start=1):
        story += [PageBreak(), p(f"{number}. {section.title}", h1)]
        story += [p(text) for text in section.paragraphs]
        for table in section.tables:
            story.append(p(table.caption, h2))
            if not table.rows:
                story.append(p(_("(none)")))
                continue
            columns = len(table.header)
            data = [[p(h, head) for h in table.header]]
            data += [[p(v, cell) for v in list(row)[:columns]] for row in table.rows]
            grid = LongTable(data, colWidths=[width / columns] * columns, repeatRows=1)
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#b71c1c")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(grid)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(
            A4[0] / 2,
            10 * mm,
            f"{document.branch_name} {document.title} · {doc.page}",
        )
        canvas.restoreState()

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{document.branch_name} {document.title}",
    ).build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
