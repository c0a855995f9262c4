"""Small accessible SVG charts made on the server, for PDFs (no JavaScript).

Each function returns safe SVG markup with a <title> and <desc>; every label
is escaped here, so the result can be placed in a template as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#0b3d5c", "#b35900", "#2e7d32", "#6a1b9a")
FONT = "font-family='DejaVu Sans, Arial, sans-serif'"


@dataclass(frozen=True)
class Series:
    """One line of a line chart; `dashed` marks a comparison line."""

    label: str
    points: Sequence[tuple[int, float | None]]
    dashed: bool = False


def _number(value: float) -> str:
    """A chart label in the reader's format (decimal comma in nb and sv)."""
    if round(value, 1) == round(value):
        return number_format(round(value), 0)
    return number_format(value, 1)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def _open(chart_id: str, title: str, description: str, width: int, height: int):
    cid = escape(chart_id)
    return [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' "
        f"viewBox='0 0 {width} {height}' width='{width}' height='{height}' "
        f"aria-labelledby='{cid}-title {cid}-desc'>",
        f"<title id='{cid}-title'>{escape(title)}</title>",
        f"<desc id='{cid}-desc'>{escape(description)}</desc>",
    ]


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """A line chart of yearly values; a dashed series is drawn as comparison."""
    years = sorted({year for s in series for year, _v in s.points})
    values = [v for s in series for _y, v in s.points if v is not None]
    parts = _open(chart_id, title, description, width, height)
    if not years or not values:
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - escaped above
    left, right, top, bottom = 48, 16, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max(values))
    span = max(len(years) - 1, 1)

    def x(year: int) -> float:
        return left + plot_w * (years.index(year) / span if len(years) > 1 else 0.5)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / top_value)

    parts.append(f"<g {FONT} font-size='10' fill='#333'>")
    for i in range(5):
        tick = top_value * i / 4
        parts.append(
            f"<line x1='{left}' x2='{width - right}' y1='{y(tick):.1f}' "
            f"y2='{y(tick):.1f}' stroke='#ddd' stroke-width='0.5'/>"
            f"<text x='{left - 4}' y='{y(tick) + 3:.1f}' text-anchor='end'>"
            f"{_number(tick)}</text>"
        )
    for year in years:
        parts.append(
            f"<text x='{x(year):.1f}' y='{top + plot_h + 14}' "
            f"text-anchor='middle'>{year}</text>"
        )
    for index, s in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dash = " stroke-dasharray='5 3'" if s.dashed else ""
        points = [(x(yr), y(v)) for yr, v in s.points if v is not None]
        if points:
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f"<polyline points='{coords}' fill='none' stroke='{colour}' "
                f"stroke-width='2'{dash}/>"
            )
            parts.extend(
                f"<circle cx='{px:.1f}' cy='{py:.1f}' r='2.5' fill='{colour}'/>"
                for px, py in points
            )
        legend_y = height - 16
        legend_x = left + index * (plot_w / max(len(series), 1))
        parts.append(
            f"<line x1='{legend_x:.1f}' x2='{legend_x + 18:.1f}' y1='{legend_y}' "
            f"y2='{legend_y}' stroke='{colour}' stroke-width='2'{dash}/>"
            f"<text x='{legend_x + 22:.1f}' y='{legend_y + 3}'>{escape(s.label)}</text>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - labels escaped


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float | None]],
    width: int = 640,
    bar_height: int = 18,
    hidden_text: str = "",
) -> SafeString:
    """A horizontal bar chart of categories, largest first as given; a hidden
    value (None) is marked with `hidden_text` instead of drawn as a bar."""
    label_w, value_w, gap, top = 200, 48, 6, 8
    height = top * 2 + max(len(bars), 1) * (bar_height + gap)
    parts = _open(chart_id, title, description, width, height)
    top_value = max((v for _l, v in bars if v is not None), default=0) or 1
    plot_w = width - label_w - value_w
    parts.append(f"<g {FONT} font-size='10' fill='#333'>")
    for index, (label, value) in enumerate(bars):
        y = top + index * (bar_height + gap)
        short = label if len(label) <= 38 else label[:37] + "…"
        if value is None:
            parts.append(
                f"<text x='{label_w - 6}' y='{y + bar_height * 0.7:.1f}' "
                f"text-anchor='end'>{escape(short)}</text>"
                f"<rect x='{label_w}' y='{y}' width='{plot_w:.1f}' "
                f"height='{bar_height}' fill='none' stroke='#999' "
                f"stroke-dasharray='4 3'/>"
                f"<text x='{label_w + 6}' y='{y + bar_height * 0.7:.1f}'>"
                f"{escape(hidden_text)}</text>"
            )
            continue
        length = plot_w * max(value, 0) / top_value
        parts.append(
            f"<text x='{label_w - 6}' y='{y + bar_height * 0.7:.1f}' "
            f"text-anchor='end'>{escape(short)}</text>"
            f"<rect x='{label_w}' y='{y}' width='{length:.1f}' "
            f"height='{bar_height}' fill='{COLOURS[0]}'/>"
            f"<text x='{label_w + length + 4:.1f}' y='{y + bar_height * 0.7:.1f}'>"
            f"{_number(value)}</text>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - labels escaped
