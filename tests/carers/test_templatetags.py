"""The household status and check state badges: words always, colour as well."""

from datetime import date, timedelta

import pytest
from django.template import engines

from carers.models import Check, HouseholdStatus


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


@pytest.mark.parametrize(
    ("expires_in", "badge"),
    [
        (None, '<span class="badge text-bg-light border">Does not expire</span>'),
        (-1, '<span class="badge text-bg-danger">Expired</span>'),
        (0, '<span class="badge text-bg-warning">Expires soon</span>'),
        (30, '<span class="badge text-bg-warning">Expires soon</span>'),
        (31, '<span class="badge text-bg-success">Valid</span>'),
    ],
)
def test_check_state_on_a_given_day(expires_in, badge):
    today = date(2026, 3, 1)
    check = Check(expires_on=None if expires_in is None else today + timedelta(days=expires_in))
    html = engines["django"].from_string("{% load carers_tags %}{{ check|check_state:today }}")
    assert html.render({"check": check, "today": today}) == badge
