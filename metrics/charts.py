"""Server-side SVG bar charts of a flag's yes/no evaluations per environment.

Hand-written SVG (no charting dependency): one panel per environment, stacked bars (yes on
no) per time slot, a labelled y axis with round ticks, time labels, a legend, and a
``<title>`` per bar so hovering shows the exact counts.
"""

from __future__ import annotations

import math
from datetime import datetime
from xml.sax.saxutils import escape

from metrics.selectors import PERIODS, Series

WIDTH = 760
PANEL_HEIGHT = 190
TOP = 34
LEFT = 58
RIGHT = 16
BOTTOM = 30
YES_COLOR = "#2e7d32"
NO_COLOR = "#ef6c00"
GRID_COLOR = "#e0e0e0"
TEXT_COLOR = "#333"
FONT = "font-family='-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif'"


def nice_ceiling(value: int) -> int:
    """The axis top: four equal ticks of 1, 2, 2.5 or 5 x 10^n covering ``value``."""
    if value <= 4:
        return 4
    quarter = value / 4
    magnitude = 10 ** math.floor(math.log10(quarter))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if quarter <= s * magnitude)
    return int(math.ceil(step) * 4)


def format_count(value: float) -> str:
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}".rstrip("0").rstrip(".") + suffix
    return str(int(value))


def _slot_label(moment: datetime, period: str) -> str:
    return moment.strftime("%H:%M") if period == "48h" else moment.strftime("%b %d")


def _label_every(count: int) -> int:
    return max(1, math.ceil(count / 8))


def _panel(series: Series, period: str, top: float) -> list[str]:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = PANEL_HEIGHT - TOP - BOTTOM
    base = top + TOP + plot_h
    peak = nice_ceiling(max((y + n for y, n in zip(series.yes, series.no, strict=True)), default=0))
    title = (
        f"{escape(series.environment)} — {format_count(series.total_yes)} yes, "
        f"{format_count(series.total_no)} no"
    )
    parts = [f"<text x='{LEFT}' y='{top + 20}' font-size='14' font-weight='600'>{title}</text>"]
    for i in range(5):
        value = peak * i / 4
        y = base - plot_h * i / 4
        parts.append(
            f"<line x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{y:.1f}' y2='{y:.1f}' "
            f"stroke='{GRID_COLOR}'/>"
            f"<text x='{LEFT - 6}' y='{y + 4:.1f}' font-size='11' text-anchor='end'>"
            f"{format_count(value)}</text>"
        )
    slots = len(series.starts)
    slot_w = plot_w / max(slots, 1)
    bar_w = max(slot_w * 0.72, 1)
    every = _label_every(slots)
    for i, start in enumerate(series.starts):
        x = LEFT + i * slot_w + (slot_w - bar_w) / 2
        yes_h = plot_h * series.yes[i] / peak
        no_h = plot_h * series.no[i] / peak
        tip = f"{start:%Y-%m-%d %H:%M} UTC: {series.yes[i]} yes, {series.no[i]} no"
        parts.append(
            f"<g><title>{escape(tip)}</title>"
            f"<rect x='{x:.1f}' y='{base - no_h:.1f}' width='{bar_w:.1f}' height='{no_h:.1f}' "
            f"fill='{NO_COLOR}'/>"
            f"<rect x='{x:.1f}' y='{base - no_h - yes_h:.1f}' width='{bar_w:.1f}' "
            f"height='{yes_h:.1f}' fill='{YES_COLOR}'/></g>"
        )
        if i % every == 0:
            parts.append(
                f"<text x='{LEFT + i * slot_w + slot_w / 2:.1f}' y='{base + 16}' font-size='11' "
                f"text-anchor='middle'>{_slot_label(start, period)}</text>"
            )
    parts.append(
        f"<line x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{base}' y2='{base}' stroke='#9e9e9e'/>"
    )
    return parts


def _legend(y: float) -> str:
    return (
        f"<rect x='{WIDTH - 190}' y='{y - 10}' width='12' height='12' fill='{YES_COLOR}'/>"
        f"<text x='{WIDTH - 173}' y='{y}' font-size='12'>yes (enabled)</text>"
        f"<rect x='{WIDTH - 88}' y='{y - 10}' width='12' height='12' fill='{NO_COLOR}'/>"
        f"<text x='{WIDTH - 71}' y='{y}' font-size='12'>no</text>"
    )


def usage_chart(feature_name: str, series: list[Series], period: str) -> str:
    """The whole chart as an SVG document string (one panel per environment)."""
    hours, width = PERIODS[period]
    span = "48 hours" if period == "48h" else f"{hours // 24} days"
    step = "hour" if width == 1 else f"{width} hours" if width < 24 else "day"
    heading = f"{escape(feature_name)}: evaluations over the last {span} (per {step}, UTC)"
    height = 40 + max(len(series), 1) * PANEL_HEIGHT
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {height}' "
        f"width='{WIDTH}' height='{height}' role='img' {FONT} fill='{TEXT_COLOR}'>",
        f"<title>{heading}</title>",
        f"<rect width='{WIDTH}' height='{height}' fill='#fff'/>",
        f"<text x='{LEFT}' y='24' font-size='15' font-weight='700'>{heading}</text>",
        _legend(24),
    ]
    if not series:
        parts.append(
            f"<text x='{WIDTH / 2}' y='{40 + PANEL_HEIGHT / 2}' font-size='14' "
            "text-anchor='middle' fill='#757575'>No SDK has reported this flag in this period."
            "</text>"
        )
    for index, one in enumerate(series):
        parts += _panel(one, period, 40 + index * PANEL_HEIGHT)
    parts.append("</svg>")
    return "".join(parts)


PERIOD_LABELS = (("48h", "48 hours"), ("7d", "7 days"), ("30d", "30 days"))


def usage_panel(feature_name: str, period: str) -> dict:
    """Context of ``metrics/_usage_panel.html``: the chart and links to the other periods."""
    from django.urls import reverse

    from metrics.selectors import usage_series

    return {
        "name": feature_name,
        "period": period,
        "periods": PERIOD_LABELS,
        "svg": usage_chart(feature_name, usage_series(feature_name, period), period),
        "page_url": reverse("admin:metrics_flag_usage", args=[feature_name]),
        "chart_url": reverse("admin:metrics_flag_chart", args=[feature_name]),
    }
