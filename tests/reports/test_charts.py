"""The SVG charts: named and described for assistive technology, labels escaped, colours that can
be seen against the page, series told apart without colour."""

import re

import pytest

from reports.charts import (
    COLOURS,
    DASHES,
    MARKERS,
    PATTERN_MARKS,
    Series,
    bar_chart,
    column_chart,
    line_chart,
)

MONTHS = ["Jan 2025", "Feb 2025", "Mar 2025"]
HOSTILE = '<img src=x onerror="alert(1)"> & "quotes"'


def _luminance(colour: str) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", COLOURS)
def test_every_colour_has_3_to_1_contrast_with_white(colour):
    assert (1.05) / (_luminance(colour) + 0.05) >= 3


def test_series_differ_by_more_than_colour():
    assert len(set(PATTERN_MARKS)) == len(PATTERN_MARKS) == len(COLOURS)
    assert len({(m, d) for m, d in zip(MARKERS, DASHES, strict=True)}) == len(MARKERS)


CHARTS = {
    "bar": lambda: bar_chart(
        chart_id="b", title=HOSTILE, categories=[HOSTILE, "Two"], series=[Series(HOSTILE, [3, 4])]
    ),
    "stacked": lambda: bar_chart(
        chart_id="s", title="Stacked", categories=[HOSTILE], series=[Series(HOSTILE, [1]), Series("B", [2])]
    ),
    "columns": lambda: column_chart(
        chart_id="c",
        title=HOSTILE,
        categories=MONTHS,
        series=[Series(HOSTILE, [1, 0, 5]), Series("B", [2, 2, 2])],
    ),
    "line": lambda: line_chart(
        chart_id="l",
        title=HOSTILE,
        categories=MONTHS,
        series=[Series(HOSTILE, [1, None, 4.5])],
        y_min=1,
        y_max=5,
    ),
}


@pytest.mark.parametrize("kind", CHARTS)
def test_charts_are_images_with_a_title_and_description(kind):
    svg = str(CHARTS[kind]())
    chart_id = re.search(r'aria-labelledby="(\w+)-title \1-desc"', svg).group(1)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert f'<title id="{chart_id}-title">' in svg and f'<desc id="{chart_id}-desc">' in svg
    assert "<script" not in svg and "style=" not in svg  # nothing the page's CSP would refuse


@pytest.mark.parametrize("kind", CHARTS)
def test_labels_are_escaped(kind):
    svg = str(CHARTS[kind]())
    assert "<img" not in svg and 'onerror="' not in svg
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;" in svg


def test_bar_chart_writes_each_value_and_describes_them():
    svg = str(
        bar_chart(
            chart_id="x",
            title="Households",
            categories=["Approved", "Enquiry"],
            series=[Series("n", [12, 3])],
        )
    )
    assert ">12</text>" in svg and ">3</text>" in svg
    assert '<desc id="x-desc">Approved: 12; Enquiry: 3.</desc>' in svg


def test_an_empty_chart_still_draws_its_axes_and_no_bars():
    svg = str(column_chart(chart_id="e", title="Nothing", categories=MONTHS, series=[Series("A", [0, 0, 0])]))
    assert 'role="img"' in svg and ">Jan</text>" in svg
    assert 'stroke="#fff" stroke-width="1"/>' not in svg  # bars have a white edge; the legend's has none


def test_a_gap_in_a_line_splits_it():
    svg = str(
        line_chart(
            chart_id="g", title="Gap", categories=MONTHS, series=[Series("A", [2, None, 3])], y_min=1, y_max=5
        )
    )
    assert svg.count("<polyline") == 2
