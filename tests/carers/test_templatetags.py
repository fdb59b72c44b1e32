"""The household status badge: words always, colour as well."""

import pytest
from django.template import engines

from carers.models import HouseholdStatus


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        (HouseholdStatus.ENQUIRY, "info"),
        (HouseholdStatus.READY_FOR_PANEL, "info"),
        (HouseholdStatus.APPROVED, "success"),
        (HouseholdStatus.PROBATION, "success"),
        (HouseholdStatus.ON_HOLD, "warning"),
        (HouseholdStatus.SUSPENDED, "danger"),
        (HouseholdStatus.DEREGISTERED, "danger"),
        (HouseholdStatus.RESIGNED, "secondary"),
    ],
)
def test_status_badge_shows_the_words_in_the_status_colour(status, colour):
    html = (
        engines["django"]
        .from_string("{% load carers_tags %}{{ status|status_badge }}")
        .render({"status": status})
    )
    assert html == f'<span class="badge text-bg-{colour}">{status.label}</span>'


def test_status_badge_escapes_what_it_does_not_know():
    html = (
        engines["django"]
        .from_string("{% load carers_tags %}{{ status|status_badge }}")
        .render({"status": "<b>"})
    )
    assert html == '<span class="badge text-bg-info">&lt;b&gt;</span>'
