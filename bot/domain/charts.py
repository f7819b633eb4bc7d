"""Small, accessible SVG charts built in Python (no plotting library).

Every chart carries a ``<title>`` and a ``<desc>`` and ``role="img"``; pages show the same figures
in a table beside it. Colours keep at least 3:1 contrast against white (WCAG 1.4.11) and every
text is escaped, so labels taken from user data cannot become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.markup import xml_escape as escape

PALETTE = ("#1d4f91", "#a4480c", "#2f6b2f", "#6b2f6b")
INK = "#1f1f1f"
GRID = "#767676"


@dataclass(frozen=True, slots=True)
class Series:
    """One named series of values, one value per category."""

    name: str
    values: tuple[float, ...]


def _nice_max(value: float) -> float:
    """A round upper bound for an axis (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1.0
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    width: int = 640,
    height: int = 280,
    unit: str = "",
    chart_id: str = "chart",
) -> str:
    """A grouped vertical bar chart as an SVG string.

    Args:
        title: the chart's accessible name (also drawn at the top).
        description: a one-sentence summary for assistive technology.
        categories: the x-axis labels (for example week starts).
        series: the bars per category; each series has one value per category.
        width: the SVG width in pixels.
        height: the SVG height in pixels.
        unit: appended to the axis maximum (for example ``%``).
        chart_id: prefixes the ids of the title and description, unique within a page.

    Returns:
        A standalone ``<svg>`` element.
    """
    left, right, top, bottom = 44, 12, 40, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((v for s in series for v in s.values), default=0.0))
    slot = plot_w / max(len(categories), 1)
    bar_w = max(2.0, (slot * 0.8) / max(len(series), 1))
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d">'
        ),
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<text x="{left}" y="20" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{GRID}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{GRID}"/>',
        (
            f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end" fill="{INK}">'
            f"{escape(_fmt(peak) + unit)}</text>"
        ),
        f'<text x="{left - 6}" y="{top + plot_h}" font-size="11" text-anchor="end" fill="{INK}">0</text>',
    ]
    label_every = max(1, len(categories) // 12)
    for index, category in enumerate(categories):
        x0 = left + index * slot + slot * 0.1
        for s_index, item in enumerate(series):
            value = item.values[index] if index < len(item.values) else 0.0
            bar_h = plot_h * (value / peak)
            x = x0 + s_index * bar_w
            tip = f"{category} — {item.name}: {_fmt(value)}{unit}"
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}" '
                f'fill="{PALETTE[s_index % len(PALETTE)]}"><title>{escape(tip)}</title></rect>'
            )
        if index % label_every == 0:
            cx = left + index * slot + slot / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{top + plot_h + 16}" font-size="11" text-anchor="middle" '
                f'fill="{INK}">{escape(category)}</text>'
            )
    legend_x = left
    for s_index, item in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        y = height - 14
        parts.append(f'<rect x="{legend_x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 16}" y="{y}" font-size="12" fill="{INK}">{escape(item.name)}</text>')
        legend_x += 24 + 8 * len(item.name)
    parts.append("</svg>")
    return "".join(parts)
