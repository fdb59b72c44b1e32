"""Charts drawn on the server as SVG: no JavaScript, nothing fetched from anywhere else.

Every chart is one image to assistive technology (role="img", named by its <title> and described by
its <desc>), and its numbers are in a table next to it. Series differ by pattern or marker shape as
well as by colour, each colour has at least 3:1 contrast with the white background (WCAG 2.2, 1.4.11),
and touching bars are kept apart by a white gap. Markup is built with format_html only, so every
label is escaped; nothing here is marked safe by hand.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from math import ceil, log10

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Contrast with white (#fff): 10.9, 5.0, 5.5, 6.9, 6.2, 7.6. tests/reports/test_charts.py checks them.
COLOURS = ["#1d3f6e", "#b45309", "#047857", "#7e22ce", "#be123c", "#4b5563"]
TEXT = "#212529"
AXIS = "#495057"
GRID = "#dee2e6"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
# White marks drawn over the colour: none, diagonal lines, dots, cross-hatch, horizontal, vertical.
PATTERN_MARKS = [
    "",
    '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" stroke-width="1.5"/>',
    '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
    '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" stroke-width="1.2"/>',
    '<path d="M0,4 H8" stroke="#fff" stroke-width="1.5"/>',
    '<path d="M4,0 V8" stroke="#fff" stroke-width="1.5"/>',
]
# Line charts: a marker shape and a dash pattern for each series.
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"]
WIDTH = 720
LABEL_CHARS = 38  # longer category labels are shortened in the chart; the table has them in full


@dataclass
class Series:
    label: str
    values: list[float | int | None]


def fmt(value) -> str:
    """A number as the charts and tables show it: whole numbers plain, others to one decimal place."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _join(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _ticks(top: float, *, count: int = 5) -> list[float]:
    """Round gridline values from 0 to at least `top`: steps of 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** int(log10(raw)) if raw >= 1 else 10 ** (int(log10(raw)) - 1)
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1) if top >= 1 else step
    return [round(i * step, 6) for i in range(int(ceil(top / step)) + 1)]


def _patterns(chart_id: str, count: int) -> SafeString:
    patterns = []
    for i in range(count):
        colour = COLOURS[i % len(COLOURS)]
        marks = SafeString(PATTERN_MARKS[i % len(PATTERN_MARKS)])  # constant markup above, not data
        patterns.append(
            format_html(
                '<pattern id="{}-p{}" width="8" height="8" patternUnits="userSpaceOnUse">'
                '<rect width="8" height="8" fill="{}"/>{}</pattern>',
                chart_id,
                i,
                colour,
                marks,
            )
        )
    return format_html("<defs>{}</defs>", _join(patterns))


def _text(
    x, y, label, *, anchor="start", size=13, weight="normal", fill=TEXT, baseline="middle"
) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" dominant-baseline="{}" font-size="{}" font-weight="{}" '
        'fill="{}">{}</text>',
        f"{x:.1f}",
        f"{y:.1f}",
        anchor,
        baseline,
        size,
        weight,
        fill,
        label,
    )


def _legend(chart_id: str, series: list[Series], *, y: float, line: bool = False) -> tuple[SafeString, float]:
    """Swatches (or line samples) with the series names, wrapping over as many rows as needed.
    Returns the markup and the height used."""
    parts, x, row = [], 10.0, 0
    for i, s in enumerate(series):
        width = 34 + 7.2 * len(s.label)
        if x + width > WIDTH - 10 and x > 10:
            x, row = 10.0, row + 1
        top = y + row * 24
        if line:
            parts.append(_line_sample(i, x, top + 8))
        else:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="16" height="16" fill="{}" stroke="{}" stroke-width="1"/>',
                    f"{x:.1f}",
                    f"{top:.1f}",
                    f"url(#{chart_id}-p{i})",
                    COLOURS[i % len(COLOURS)],
                )
            )
        parts.append(_text(x + 24, top + 8, s.label))
        x += width
    return _join(parts), (row + 1) * 24 + 8


def _svg(chart_id: str, title: str, description: str, height: float, body: SafeString, width=WIDTH):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{0}-title {0}-desc" '
        'width="{1}" height="{2}" viewBox="0 0 {1} {2}" class="img-fluid report-chart" '
        'font-family="{3}"><title id="{0}-title">{4}</title><desc id="{0}-desc">{5}</desc>{6}</svg>',
        chart_id,
        int(width),
        int(ceil(height)),
        FONT,
        title,
        description,
        body,
    )


def _describe_values(categories: list[str], series: list[Series]) -> str:
    if len(series) == 1:
        pairs = [f"{c}: {fmt(v or 0)}" for c, v in zip(categories, series[0].values, strict=True)]
    else:
        pairs = [
            f"{c}: " + ", ".join(f"{s.label} {fmt(s.values[i] or 0)}" for s in series)
            for i, c in enumerate(categories)
        ]
    return "; ".join(pairs) + "."


# --- Horizontal bars (one series) or stacked bars (several) ---------------------------------------
def bar_chart(
    *, chart_id: str, title: str, categories: list[str], series: list[Series], description: str = ""
) -> SafeString:
    """One horizontal bar per category, its total written at its end. With several series the bar
    is stacked, one pattern per series, with a legend above."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
    label_width = min(max((len(_short(c)) for c in categories), default=8) * 7.2 + 16, 300)
    left, right = label_width, WIDTH - 60
    parts = [_patterns(chart_id, len(series))]
    top = 10.0
    if len(series) > 1:
        legend, used = _legend(chart_id, series, y=top)
        parts.append(legend)
        top += used
    ticks = _ticks(max(totals, default=0))
    scale = (right - left) / ticks[-1]
    row = 30
    bottom = top + row * max(len(categories), 1)
    for tick in ticks:
        x = left + tick * scale
        parts.append(
            format_html(
                '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1"/>',
                f"{x:.1f}",
                f"{top:.1f}",
                f"{bottom:.1f}",
                AXIS if tick == 0 else GRID,
            )
        )
        parts.append(_text(x, bottom + 14, fmt(tick), anchor="middle", size=12))
    for i, category in enumerate(categories):
        y = top + i * row + 5
        parts.append(_text(left - 8, y + 10, _short(category), anchor="end"))
        x = left
        for j, s in enumerate(series):
            value = s.values[i] or 0
            if value <= 0:
                continue
            width = value * scale
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="20" fill="{}" stroke="#fff" stroke-width="1"/>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{width:.1f}",
                    f"url(#{chart_id}-p{j})",
                )
            )
            x += width
        parts.append(_text(x + 6, y + 10, fmt(totals[i]), weight="bold"))
    summary = description or _describe_values(categories, series)
    return _svg(chart_id, title, summary, bottom + 28, _join(parts))


# --- Columns and lines over months ---------------------------------------------------------------
def _x_labels(categories: list[str], centres: list[float], y: float) -> SafeString:
    """Month labels ("Jun 2025") as the month, with the year on a second line where it changes.
    Where the months are too close together, every second (third...) one is labelled."""
    spacing = (centres[1] - centres[0]) if len(centres) > 1 else WIDTH
    every = max(1, ceil(34 / spacing))
    parts, year = [], None
    for n, (label, x) in enumerate(zip(categories, centres, strict=True)):
        if n % every:
            continue
        first, _, second = label.partition(" ")
        parts.append(_text(x, y, first, anchor="middle", size=12))
        if second and second != year:
            parts.append(_text(x, y + 15, second, anchor="middle", size=12))
            year = second
    return _join(parts)


def _y_axis(ticks: list[float], *, left: float, right: float, top: float, bottom: float) -> SafeString:
    span = (ticks[-1] - ticks[0]) or 1
    parts = []
    for tick in ticks:
        y = bottom - (tick - ticks[0]) / span * (bottom - top)
        parts.append(
            format_html(
                '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="1"/>',
                f"{left:.1f}",
                f"{y:.1f}",
                f"{right:.1f}",
                AXIS if tick == ticks[0] else GRID,
            )
        )
        parts.append(_text(left - 6, y, fmt(tick), anchor="end", size=12))
    return _join(parts)


def column_chart(
    *, chart_id: str, title: str, categories: list[str], series: list[Series], description: str = ""
) -> SafeString:
    """Vertical columns, one group per category (a month), one patterned column per series."""
    left, plot_height = 48.0, 220.0
    group = max(12 * len(series) + 10, (WIDTH - left - 10) / max(len(categories), 1))
    width = max(WIDTH, left + group * len(categories) + 10)
    bar = (group - 10) / len(series)
    parts = [_patterns(chart_id, len(series))]
    legend, used = _legend(chart_id, series, y=10)
    parts.append(legend)
    top = 10 + used + 10
    bottom = top + plot_height
    ticks = _ticks(max((v or 0 for s in series for v in s.values), default=0))
    parts.append(_y_axis(ticks, left=left, right=width - 10, top=top, bottom=bottom))
    scale = plot_height / ticks[-1]
    centres = []
    for i in range(len(categories)):
        start = left + i * group + 5
        centres.append(start + (group - 10) / 2)
        for j, s in enumerate(series):
            value = s.values[i] or 0
            if value <= 0:
                continue
            height = value * scale
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff" stroke-width="1"/>',
                    f"{start + j * bar:.1f}",
                    f"{bottom - height:.1f}",
                    f"{bar:.1f}",
                    f"{height:.1f}",
                    f"url(#{chart_id}-p{j})",
                )
            )
    parts.append(_x_labels(categories, centres, bottom + 14))
    summary = description or _describe_values(categories, series)
    return _svg(chart_id, title, summary, bottom + 44, _join(parts), width=width)


def _marker(index: int, x: float, y: float) -> SafeString:
    colour = COLOURS[index % len(COLOURS)]
    shape = MARKERS[index % len(MARKERS)]
    if shape == "circle":
        return format_html('<circle cx="{}" cy="{}" r="4.5" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", colour)
    if shape == "square":
        return format_html(
            '<rect x="{}" y="{}" width="9" height="9" fill="{}"/>', f"{x - 4.5:.1f}", f"{y - 4.5:.1f}", colour
        )
    if shape == "triangle":
        points = f"{x:.1f},{y - 5.5:.1f} {x + 5.5:.1f},{y + 4.5:.1f} {x - 5.5:.1f},{y + 4.5:.1f}"
    else:
        points = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}"
    return format_html('<polygon points="{}" fill="{}"/>', points, colour)


def _line_sample(index: int, x: float, y: float) -> SafeString:
    return _join(
        [
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5" '
                'stroke-dasharray="{}"/>',
                f"{x:.1f}",
                f"{y:.1f}",
                f"{x + 18:.1f}",
                f"{y:.1f}",
                COLOURS[index % len(COLOURS)],
                DASHES[index % len(DASHES)] or "none",
            ),
            _marker(index, x + 9, y),
        ]
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    categories: list[str],
    series: list[Series],
    y_min: float = 0,
    y_max: float | None = None,
    description: str = "",
) -> SafeString:
    """One line per series over the categories (months), with a marker shape and dash pattern of its
    own. A month without a value leaves a gap in the line."""
    left, plot_height = 48.0, 220.0
    step = max(30.0, (WIDTH - left - 130) / max(len(categories), 1))
    width = max(WIDTH, left + step * len(categories) + 130)
    parts = []
    legend, used = _legend(chart_id, series, y=10, line=True)
    parts.append(legend)
    top = 10 + used + 10
    bottom = top + plot_height
    if y_max is None:
        ticks = _ticks(max((v or 0 for s in series for v in s.values), default=0))
    else:
        ticks = [y_min + i for i in range(int(y_max - y_min) + 1)]
    parts.append(_y_axis(ticks, left=left, right=width - 120, top=top, bottom=bottom))
    span = (ticks[-1] - ticks[0]) or 1
    centres = [left + step * (i + 0.5) for i in range(len(categories))]

    def y_of(value):
        return bottom - (value - ticks[0]) / span * plot_height

    ends = []  # (y, series index, x, label) of each series' last point, for its name
    for j, s in enumerate(series):
        runs, run = [], []
        for x, value in zip(centres, s.values, strict=True):
            if value is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append((x, y_of(value)))
        if run:
            runs.append(run)
        colour = COLOURS[j % len(COLOURS)]
        for points in runs:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
                    'stroke-dasharray="{}"/>',
                    " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                    colour,
                    DASHES[j % len(DASHES)] or "none",
                )
            )
            parts.extend(_marker(j, x, y) for x, y in points)
        last = next(
            ((x, v) for x, v in zip(reversed(centres), reversed(s.values), strict=True) if v is not None),
            None,
        )
        if last is not None:
            ends.append((y_of(last[1]), j, last[0], s.label))
    # Each series is named at its last point, so that colour is not needed; names kept 15px apart.
    floor = 0.0
    for y, _j, x, label in sorted(ends):
        y = max(y, floor)
        parts.append(_text(x + 10, y, label, size=12))
        floor = y + 15
    parts.append(_x_labels(categories, centres, bottom + 14))
    summary = description or _describe_values(categories, series)
    return _svg(chart_id, title, summary, bottom + 44, _join(parts), width=width)
