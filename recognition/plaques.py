"""The star employee's plaque (挂牌): a printable A6 landscape card as a PDF.

Chinese text uses reportlab's built-in CID font STSong-Light (Adobe-GB1): it needs no font file
on the server and every PDF reader with Chinese support displays it; the text stays extractable.
"""

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A6, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .models import StarRating

FONT = "STSong-Light"
RED = HexColor("#b71c1c")
GOLD = HexColor("#f9a825")
GREY = HexColor("#bbbbbb")


def _register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _star(c: canvas.Canvas, cx: float, cy: float, r: float, filled: bool) -> None:
    """A five-pointed star drawn as a path (no glyph needed)."""
    import math

    path = c.beginPath()
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
    path.close()
    c.setFillColor(GOLD if filled else GREY)
    c.drawPath(path, stroke=0, fill=1)


def plaque_pdf(ratings: list[StarRating]) -> bytes:
    """One page per rating: 星级员工, name, team, overall stars and period."""
    font = _register_font()
    buffer = io.BytesIO()
    width, height = landscape(A6)
    c = canvas.Canvas(buffer, pagesize=(width, height))
    c.setTitle("星级员工挂牌")
    for rating in ratings:
        c.setStrokeColor(RED)
        c.setLineWidth(4)
        c.rect(10, 10, width - 20, height - 20)
        c.setLineWidth(1)
        c.rect(16, 16, width - 32, height - 32)
        c.setFillColor(RED)
        c.setFont(font, 13)
        c.drawCentredString(width / 2, height - 40, str(rating.period.branch.name))
        c.setFont(font, 24)
        c.drawCentredString(width / 2, height - 72, "星级员工")
        c.setFillColor(HexColor("#222222"))
        c.setFont(font, 30)
        c.drawCentredString(width / 2, height - 118, rating.employee.name)
        c.setFont(font, 13)
        c.drawCentredString(
            width / 2,
            height - 142,
            f"{rating.team.name} · {rating.employee.get_employment_type_display()}",
        )
        whole = rating.whole_stars
        for i in range(5):
            _star(c, width / 2 + (i - 2) * 30, height - 172, 12, i < whole)
        c.setFillColor(RED)
        c.setFont(font, 14)
        c.drawCentredString(width / 2, height - 202, f"{rating.overall} 星")
        c.setFillColor(HexColor("#555555"))
        c.setFont(font, 11)
        c.drawCentredString(width / 2, 28, f"{rating.period} 星级评定")
        c.showPage()
    c.save()
    return buffer.getvalue()
