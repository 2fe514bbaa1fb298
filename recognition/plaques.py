"""The star employee's plaque (挂牌): a printable A6 landscape card as a PDF.

Font: a TrueType CJK font is embedded (subset) when one is found - ``RECOGNITION_PLAQUE_FONT``
in settings, or Debian's fonts-wqy-zenhei / fonts-wqy-microhei installed by the set-up - so the
card prints the same everywhere. Without one, reportlab's built-in CID font STSong-Light
(Adobe-GB1) is used: it needs no file on the server and PDF readers with Chinese support show
it. Either way the text stays extractable.
"""

import io
from pathlib import Path

from django.conf import settings
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A6, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .models import StarRating

CID_FONT = "STSong-Light"
TTF_FONT = "PlaqueCJK"
TTF_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
RED = HexColor("#b71c1c")
GOLD = HexColor("#f9a825")
GREY = HexColor("#bbbbbb")


def plaque_font_path() -> Path | None:
    """The TrueType font to embed, or None for the built-in CID font."""
    configured = getattr(settings, "RECOGNITION_PLAQUE_FONT", None)
    candidates = [configured] if configured else TTF_CANDIDATES
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def _register_font() -> str:
    registered = pdfmetrics.getRegisteredFontNames()
    path = plaque_font_path()
    if path is not None:
        name = f"{TTF_FONT}-{abs(hash(str(path)))}"
        if name not in registered:
            try:
                pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
            except Exception:  # not a TrueType outline font: fall back
                path = None
        if path is not None:
            return name
    if CID_FONT not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


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
            str(rating.team.name),  # equal treatment: no employment type on a public plaque
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
