"""The key pages: what `make bench` times, what `make load` visits and whose query counts
tests/perf/test_query_counts.py pins. One list, so the three cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse

if TYPE_CHECKING:  # this module is read without Django set up too (bench/run.py)
    from .targets import Targets

# Whose signed-in session requests a page.
# A manager (of the largest scheme) requests the safeguarding pages, which are for managers and
# safeguarding leads.
STAFF, MANAGER, CARER, FAMILY, PERSON = "staff", "manager", "carer", "family", "person"
PERSONAS = (STAFF, MANAGER, CARER, FAMILY, PERSON)

# Targets every key page must meet (see the README): queries per page, the same at any scale.
MAX_QUERIES = 12
MAX_GROWTH = 1.5  # national p50 / tenth-size p50
MAX_FLOOR_RATIO = 5.0  # page p50 / floor p50
MAX_FLOOR_RATIO_ALL_SCHEMES = 10.0  # the ranking across schemes does the most work

REGISTRY_FILTER = urlencode(
    {"status": "approved", "support_type": "short_break", "matchable": "true", "sort": "-places"}
)


def _this_month() -> tuple[int, int]:
    from django.utils import timezone

    today = timezone.localdate()
    return today.year, today.month


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    persona: str  # whose signed-in session requests it (bench/targets.py PERSONAS)
    build: Callable[[Targets], str]
    max_floor_ratio: float = MAX_FLOOR_RATIO

    def url(self, targets: Targets) -> str:
        return self.build(targets)


def _month(name: str, month) -> str:
    return reverse(name, kwargs={"pk": month.household_id, "year": month.year, "month": month.month})


PAGES: list[Page] = [
    Page("staff_dashboard", "Staff dashboard", STAFF, lambda t: reverse("staff_dashboard")),
    Page("registry", "Carer registry", STAFF, lambda t: reverse("carers:household_list")),
    Page(
        "registry_filtered",
        "Carer registry, filtered",
        STAFF,
        lambda t: f"{reverse('carers:household_list')}?{REGISTRY_FILTER}",
    ),
    Page("compliance", "Compliance dashboard", STAFF, lambda t: reverse("carers:compliance")),
    Page("people", "People list", STAFF, lambda t: reverse("people:person_list")),
    Page("referrals", "Referral queue", STAFF, lambda t: reverse("people:referral_queue")),
    Page("person", "Person detail", STAFF, lambda t: reverse("people:person_detail", args=[t.person_id])),
    Page(
        "household",
        "Household detail",
        STAFF,
        lambda t: reverse("carers:household_detail", args=[t.household_id]),
    ),
    Page(
        "ranking",
        "Candidate ranking (own scheme)",
        STAFF,
        lambda t: reverse("matching:candidates", args=[t.referral_id]),
    ),
    Page(
        "ranking_all",
        "Candidate ranking (all schemes it may use)",
        STAFF,
        lambda t: reverse("matching:candidates", args=[t.referral_id]) + "?neighbours=1",
        max_floor_ratio=MAX_FLOOR_RATIO_ALL_SCHEMES,
    ),
    Page("board", "Proposal pipeline board", STAFF, lambda t: reverse("matching:board")),
    Page(
        "calendar",
        "Household calendar",
        STAFF,
        lambda t: _month("arrangements:household_calendar", t.calendar),
    ),
    Page(
        "statement",
        "Payments statement",
        STAFF,
        lambda t: _month("arrangements:household_statement", t.statement),
    ),
    Page(
        "photo_thumb",
        "Household photo, thumbnail",
        STAFF,
        lambda t: reverse("files:photo", args=[t.photo_id, "thumb"]),
    ),
    Page("carer_home", "Carer home", CARER, lambda t: reverse("carer_home")),
    Page("my_household", "Carer's own household", CARER, lambda t: reverse("carers:my_household")),
    Page("family_home", "Family home", FAMILY, lambda t: reverse("family_home")),
    Page(
        "family_proposal",
        "Family's proposal page",
        FAMILY,
        lambda t: reverse("matching:family_proposal", args=[t.family_proposal_id]),
    ),
    Page(
        "person_proposal",
        "Person's easy-read proposal",
        PERSON,
        lambda t: reverse("matching:person_proposal", args=[t.proposal_id]),
    ),
    Page(
        "person_photo_thumb",
        "Proposed household's photo, as the person sees it",
        PERSON,
        lambda t: reverse("files:photo", args=[t.photo_id, "thumb"]),
    ),
    Page(
        "safeguarding_dashboard",
        "Safeguarding dashboard",
        MANAGER,
        lambda t: reverse("safeguarding:dashboard"),
    ),
    Page(
        "concern",
        "Safeguarding concern (an allegation about a carer)",
        MANAGER,
        lambda t: reverse("safeguarding:concern_detail", args=[t.concern_id]),
    ),
    Page(
        "supporting",
        'Carer\'s "Supporting" page (the support plan)',
        CARER,
        lambda t: reverse("records:support", args=[t.supported_person_id]),
    ),
    Page(
        "daily_notes",
        "Daily notes of a person",
        STAFF,
        lambda t: reverse("records:note_list", args=[t.supported_person_id]),
    ),
    Page(
        "medicines_chart",
        "Medicines chart of a month",
        STAFF,
        lambda t: reverse("records:medicines_chart", args=[t.supported_person_id, *_this_month()]),
    ),
    Page("records_alerts", "Living-together alerts", STAFF, lambda t: reverse("records:alerts")),
]

# A signed-in page that renders the base layout and nothing else, for each persona: what every
# page costs before it does anything of its own. Pages are compared with their persona's floor.
FLOORS: dict[str, Page] = {
    persona: Page(f"floor_{persona}", f"Floor ({persona})", persona, lambda t: reverse("floor"))
    for persona in PERSONAS
}
