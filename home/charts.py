"""Small server-side charts for the 工作台: horizontal bars, stacked bars and a line, drawn as
inline SVG (no JavaScript, nothing from outside) and always paired with the same numbers as a
table for screen readers (``home/_chart.html`` renders both).

The SVG uses presentation attributes only (``fill``, ``font-size``…), never ``style=``, so the
site's Content-Security-Policy (no inline styles) lets it through. Its ``viewBox`` is 340 units
wide and it scales to the width of its card, so at 375 px one unit is about one pixel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 340
LABEL_W = 104  # room for about seven Chinese characters at 13 units
VALUE_W = 44
ROW_H = 26
BAR_H = 16
FONT = 13
PALETTE = ("#b71c1c", "#e0a100", "#2e7d32", "#1565c0", "#6a1b9a", "#607d8b")


@dataclass
class Chart:
    """What ``home/_chart.html`` needs: a title, the SVG and the numbers as a table."""

    title: str
    svg: SafeString
    header: Sequence[str]
    rows: list[list[object]] = field(default_factory=list)
    note: str = ""
    key: str = ""


def _short(label: str, limit: int = 7) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg(height: int, body: list[str], title: str) -> SafeString:
    return mark_safe(
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _text(x, y, text, anchor="start", size=FONT, fill="#222") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}">{escape(str(text))}</text>'
    )


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, float]],
    *,
    max_value: float | None = None,
    unit: str = "",
    header: Sequence[str] = ("", ""),
    key: str = "",
    note: str = "",
) -> Chart:
    """One horizontal bar per (label, value); ``unit`` follows each number (e.g. "%")."""
    top = max_value if max_value else max([v for _, v in rows] + [1])
    span = WIDTH - LABEL_W - VALUE_W
    body = []
    for i, (label, value) in enumerate(rows):
        y = i * ROW_H + 4
        w = 0 if not top else max(0.0, min(1.0, float(value) / float(top))) * span
        body.append(_text(0, y + BAR_H - 3, _short(label)))
        body.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{span}" height="{BAR_H}" fill="#eee" rx="2"/>'
        )
        body.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" '
            f'fill="{PALETTE[0]}" rx="2"/>'
        )
        body.append(_text(WIDTH, y + BAR_H - 3, f"{_num(value)}{unit}", anchor="end"))
    height = max(len(rows), 1) * ROW_H + 4
    table = [[label, f"{_num(value)}{unit}"] for label, value in rows]
    return Chart(title, _svg(height, body, title), header, table, note, key)


def stacked_bar_chart(
    title: str,
    categories: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    row_header: str = "",
    key: str = "",
    note: str = "",
) -> Chart:
    """One horizontal bar per row, split into ``categories`` (a legend on top); each row's
    values are counts in category order. Bars share one scale: the largest row total."""
    top = max([sum(values) for _, values in rows] + [1])
    span = WIDTH - LABEL_W - VALUE_W
    body = []
    # legend: wraps onto a second line when the categories do not fit
    x, y = 0.0, 12
    for c, name in enumerate(categories):
        w = 14 + len(str(name)) * FONT + 10
        if x + w > WIDTH:
            x, y = 0.0, y + 18
        body.append(
            f'<rect x="{x:.1f}" y="{y - 10}" width="10" height="10" '
            f'fill="{PALETTE[c % len(PALETTE)]}"/>'
        )
        body.append(_text(x + 14, y, name, size=12))
        x += w
    offset = y + 10
    for i, (label, values) in enumerate(rows):
        yy = offset + i * ROW_H
        body.append(_text(0, yy + BAR_H - 3, _short(label)))
        xx = float(LABEL_W)
        for c, value in enumerate(values):
            w = float(value) / top * span
            if w > 0:
                body.append(
                    f'<rect x="{xx:.1f}" y="{yy}" width="{w:.1f}" height="{BAR_H}" '
                    f'fill="{PALETTE[c % len(PALETTE)]}"/>'
                )
            xx += w
        body.append(_text(WIDTH, yy + BAR_H - 3, _num(sum(values)), anchor="end"))
    height = offset + max(len(rows), 1) * ROW_H + 2
    header = [row_header, *categories]
    table = [[label, *values] for label, values in rows]
    return Chart(title, _svg(height, body, title), header, table, note, key)


def line_chart(
    title: str,
    points: Sequence[tuple[str, float]],
    *,
    header: Sequence[str] = ("", ""),
    key: str = "",
    note: str = "",
) -> Chart:
    """Values over ordered categories (e.g. months), with the value written at each point."""
    top = max([v for _, v in points] + [1])
    left, right, plot_top, plot_h = 8, WIDTH - 8, 16, 100
    n = len(points)
    step = (right - left) / max(n - 1, 1)
    coords = []
    body = [
        f'<line x1="{left}" y1="{plot_top + plot_h}" x2="{right}" y2="{plot_top + plot_h}" '
        f'stroke="#999" stroke-width="1"/>'
    ]
    for i, (label, value) in enumerate(points):
        x = left + i * step if n > 1 else (left + right) / 2
        y = plot_top + plot_h - float(value) / top * plot_h
        coords.append((x, y))
        anchor = "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
        body.append(_text(x, plot_top + plot_h + 16, label, anchor=anchor, size=11))
        body.append(_text(x, y - 5, _num(value), anchor=anchor, size=11))
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.insert(
            1,
            f'<polyline points="{path}" fill="none" stroke="{PALETTE[3]}" stroke-width="2"/>',
        )
        for x, y in coords:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[3]}"/>')
    height = plot_top + plot_h + 22
    table = [[label, _num(value)] for label, value in points]
    return Chart(title, _svg(height, body, title), header, table, note, key)


def _num(value) -> str:
    if isinstance(value, float):
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return str(value)
