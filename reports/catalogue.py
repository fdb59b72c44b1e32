"""The reports: what each one is called, what it shows, and how its numbers become a table (shown
on the page and downloaded as CSV) and charts (drawn from the same numbers)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.safestring import SafeString

from carers.check_rules import CheckType
from carers.models import HouseholdStatus
from sharedlives.choices import Funder, SupportType

from . import queries
from .charts import Series, bar_chart, column_chart, fmt, line_chart
from .queries import Period


@dataclass
class Table:
    """A table whose first column heads each row. Cells are numbers (None: nothing to show) or text."""

    caption: str
    columns: list[str]
    rows: list[list]
    footer: list[list] = field(default_factory=list)

    def display(self, rows: list[list]) -> list[list[str]]:
        return [[cell if isinstance(cell, str) else fmt(cell) or "–" for cell in row] for row in rows]

    @property
    def display_rows(self):
        return self.display(self.rows)

    @property
    def display_footer(self):
        return self.display(self.footer)


@dataclass
class Result:
    table: Table
    charts: list[SafeString]
    notes: list[str] = field(default_factory=list)
    empty: bool = False  # nothing at all to show for this choice


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    summary: str
    dated: bool  # True: over a period chosen by the user; False: as things stand today
    build: Callable[[list[int], Period | None, date], Result]

    @property
    def url_name(self) -> str:
        return "reports:" + self.slug.replace("-", "_")

    @property
    def csv_url_name(self) -> str:
        return self.url_name + "_csv"


def _month(day: date) -> str:
    return date_format(day, "M Y")


def _long(day: date) -> str:
    return date_format(day, "j F Y")


WHOLE_PERIOD = "Whole period"


# --- The matching pipeline ---------------------------------------------------------------------------
STAGES = [
    ("referrals", "Referrals received"),
    ("proposals", "Proposals sent"),
    ("introductions", "Introductions begun"),
    ("arrangements", "Arrangements confirmed"),
]
GAPS = [
    ("referral_to_proposal", "Referral to first proposal"),
    ("proposal_to_introduction", "Proposal to first introduction"),
    ("introduction_to_arrangement", "First introduction to arrangement"),
    ("referral_to_arrangement", "Referral to arrangement"),
]


def _pipeline(scheme_ids, period, today) -> Result:
    months, whole = queries.pipeline(scheme_ids, period)

    def cells(row):
        return [getattr(row, name) for name, _ in STAGES] + [
            None if getattr(row, name) is None else round(getattr(row, name), 1) for name, _ in GAPS
        ]

    table = Table(
        caption="The matching pipeline by month: how many reached each stage, and the median days "
        "between stages",
        columns=["Month"]
        + [label for _, label in STAGES]
        + [f"Median days: {label.lower()}" for _, label in GAPS],
        rows=[[_month(m.month), *cells(m)] for m in months],
        footer=[[WHOLE_PERIOD, *cells(whole)]],
    )
    labels = [_month(m.month) for m in months]
    charts = [
        column_chart(
            chart_id="pipeline-counts",
            title="The matching pipeline by month",
            categories=labels,
            series=[Series(label, [getattr(m, name) for m in months]) for name, label in STAGES],
            description=f"Columns for each month from {labels[0]} to {labels[-1]}. Over the whole period: "
            + ", ".join(f"{label.lower()} {getattr(whole, name)}" for name, label in STAGES)
            + ". The numbers are in the table below.",
        )
    ]
    gaps = [(label, getattr(whole, name)) for name, label in GAPS]
    if any(value is not None for _, value in gaps):
        charts.append(
            bar_chart(
                chart_id="pipeline-medians",
                title="Median days between stages, whole period",
                categories=[label for label, _ in gaps],
                series=[Series("Median days", [value for _, value in gaps])],
                description="; ".join(
                    f"{label}: {'no cases' if value is None else fmt(value) + ' days'}"
                    for label, value in gaps
                )
                + ".",
            )
        )
    notes = [
        "A proposal counts from the day it was sent to both sides; introductions from the first one "
        "recorded for a proposal; an arrangement from the day it was confirmed.",
        "Each median is over the cases that reached the later stage in that month; a dash means "
        "there were none.",
    ]
    return Result(
        table=table, charts=charts, notes=notes, empty=not any(whole.__dict__[n] for n, _ in STAGES)
    )


# --- Carers ----------------------------------------------------------------------------------------
def _carers_by_status(scheme_ids, period, today) -> Result:
    counts = queries.households_by_status(scheme_ids)
    labels = [HouseholdStatus(s).label for s in counts]
    table = Table(
        caption="Carer households by status",
        columns=["Status", "Households"],
        rows=[[label, n] for label, n in zip(labels, counts.values(), strict=True)],
        footer=[["All households", sum(counts.values())]],
    )
    chart = bar_chart(
        chart_id="carers-by-status",
        title="Carer households by status",
        categories=labels,
        series=[Series("Households", list(counts.values()))],
    )
    return Result(
        table=table,
        charts=[chart],
        notes=[
            f"Every household in the registry on {_long(today)}, from first enquiry to those who have left."
        ],
        empty=not any(counts.values()),
    )


def _places(scheme_ids, period, today) -> Result:
    rows = queries.places(scheme_ids, today=today)
    total = [sum(getattr(r, name) for r in rows) for name in ("households", "approved", "used", "free")]
    table = Table(
        caption=f"Places of approved carer households on {_long(today)}",
        columns=["Scheme", "Approved households", "Places approved", "Places used today", "Places free"],
        rows=[[r.scheme, r.households, r.approved, r.used, r.free] for r in rows],
        footer=[["All schemes", *total]] if len(rows) > 1 else [],
    )
    chart = bar_chart(
        chart_id="places",
        title=f"Places used and free, {_long(today)}",
        categories=[r.scheme for r in rows],
        series=[Series("Used today", [r.used for r in rows]), Series("Free", [r.free for r in rows])],
        description="; ".join(
            f"{r.scheme}: {r.approved} places approved, {r.used} used, {r.free} free" for r in rows
        )
        + ".",
    )
    notes = [
        "Approved households are those approved or on probation. A place is used on a day when someone "
        "lives there (long-term, emergency, intermediate care) or has a short break or day support booked.",
    ]
    return Result(table=table, charts=[chart] if rows else [], notes=notes, empty=not rows)


# --- Arrangements ---------------------------------------------------------------------------------
NOT_RECORDED = "Not recorded"


def _arrangements(scheme_ids, period, today) -> Result:
    counts = queries.arrangements_by_type_and_funder(scheme_ids, period)
    funders = [*Funder.values, ""]
    funder_labels = [Funder(f).label if f else NOT_RECORDED for f in funders]

    def row(support_type):
        values = [counts.get((support_type, f), 0) for f in funders]
        return [SupportType(support_type).label, *values, sum(values)]

    rows = [row(t) for t in SupportType.values]
    column_totals = [sum(r[i] for r in rows) for i in range(1, len(funders) + 2)]
    table = Table(
        caption="Arrangements running in the period, by type of support and funder",
        columns=["Type of support", *funder_labels, "All funders"],
        rows=rows,
        footer=[["All types", *column_totals]],
    )
    series = [
        Series(label, [r[i + 1] for r in rows])
        for i, label in enumerate(funder_labels)
        if any(r[i + 1] for r in rows)
    ]
    charts = []
    if series:
        charts.append(
            bar_chart(
                chart_id="arrangements",
                title="Arrangements by type of support and funder",
                categories=[r[0] for r in rows],
                series=series,
            )
        )
    notes = [
        "Arrangements that were running at some time in the period: started by its last day and not "
        "ended before its first. Planned arrangements that have not started are left out."
    ]
    return Result(table=table, charts=charts, notes=notes, empty=not series)


# --- Compliance -----------------------------------------------------------------------------------
def _compliance(scheme_ids, period, today) -> Result:
    states, households = queries.compliance(scheme_ids, today=today)
    labels = [CheckType(s.check_type).label for s in states]
    rows = [
        [label, s.in_date, s.expiring, s.expired, s.in_date + s.expiring + s.expired]
        for label, s in zip(labels, states, strict=True)
    ]
    table = Table(
        caption=f"Current checks and training of registered carer households on {_long(today)}",
        columns=["Check or course", "In date", "Expires within 30 days", "Expired", "All"],
        rows=rows,
        footer=[["All checks", *[sum(r[i] for r in rows) for i in range(1, 5)]]] if rows else [],
    )
    charts = []
    if rows:
        charts.append(
            bar_chart(
                chart_id="compliance",
                title=f"Checks and training by state, {_long(today)}",
                categories=labels,
                series=[
                    Series("In date", [s.in_date for s in states]),
                    Series("Expires within 30 days", [s.expiring for s in states]),
                    Series("Expired", [s.expired for s in states]),
                ],
            )
        )
    notes = [
        f"{households['matchable']} of {households['approved']} approved households can be matched today "
        "(approved, with terms, and every required check in date).",
        "Households that have resigned, been de-registered, declined or withdrawn are left out.",
    ]
    return Result(table=table, charts=charts, notes=notes, empty=not rows)


# --- The connection test ----------------------------------------------------------------------------
SCORES = [("informed", "Better informed"), ("confident", "More confident"), ("connected", "Better connected")]


def _connection_test(scheme_ids, period, today) -> Result:
    months, whole = queries.connection_test(scheme_ids, period)

    def cells(m):
        return [m.reviews, *[None if getattr(m, n) is None else round(getattr(m, n), 1) for n, _ in SCORES]]

    table = Table(
        caption="Reviews held each month and their average connection-test scores (1 to 5)",
        columns=["Month", "Reviews held", *[f"{label} (average)" for _, label in SCORES]],
        rows=[[_month(m.month), *cells(m)] for m in months],
        footer=[[WHOLE_PERIOD, *cells(whole)]],
    )
    labels = [_month(m.month) for m in months]
    chart = line_chart(
        chart_id="connection-test",
        title="Connection test: average scores by month",
        categories=labels,
        series=[Series(label, [getattr(m, n) for m in months]) for n, label in SCORES],
        y_min=1,
        y_max=5,
        description=(
            f"Lines for each month from {labels[0]} to {labels[-1]}, on a scale of 1 to 5. Over the whole "
            f"period, {whole.reviews} reviews: "
            + ", ".join(f"{label.lower()} {fmt(getattr(whole, n))}" for n, label in SCORES)
            + ". The numbers are in the table."
            if whole.reviews
            else "No reviews were held in this period."
        ),
    )
    notes = [
        "Each review scores whether the person is better informed, more confident and better connected "
        "to family, friends and community, from 1 to 5. A month with no reviews leaves a gap."
    ]
    return Result(table=table, charts=[chart], notes=notes, empty=not whole.reviews)


REPORTS = [
    Report(
        slug="pipeline",
        title="Matching pipeline",
        summary="Referrals, proposals, introductions and arrangements each month, and the median days "
        "between the stages.",
        dated=True,
        build=_pipeline,
    ),
    Report(
        slug="carers-by-status",
        title="Carers by status",
        summary="Carer households at each stage of approval, from enquiry to de-registration.",
        dated=False,
        build=_carers_by_status,
    ),
    Report(
        slug="places",
        title="Places used and approved",
        summary="Places approved for carer households, how many are used today and how many are free.",
        dated=False,
        build=_places,
    ),
    Report(
        slug="arrangements",
        title="Arrangements by type and funder",
        summary="Arrangements running in a period, by type of support and by who funds them.",
        dated=True,
        build=_arrangements,
    ),
    Report(
        slug="compliance",
        title="Compliance",
        summary="Checks and training in date, expiring soon or expired, and households that can be matched.",
        dated=False,
        build=_compliance,
    ),
    Report(
        slug="connection-test",
        title="Connection test outcomes",
        summary="Reviews each month and whether people are better informed, more confident and better "
        "connected.",
        dated=True,
        build=_connection_test,
    ),
]
BY_SLUG = {report.slug: report for report in REPORTS}
