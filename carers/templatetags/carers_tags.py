"""Small display helpers for carer pages."""

from django import template
from django.utils.html import format_html

from ..models import HouseholdStatus

register = template.Library()

# A household status's badge colour. Colour is never the only cue: the words are always shown.
BADGE_COLOURS = {
    HouseholdStatus.APPROVED: "success",
    HouseholdStatus.PROBATION: "success",
    HouseholdStatus.ON_HOLD: "warning",
    HouseholdStatus.APPEALING: "warning",
    HouseholdStatus.SUSPENDED: "danger",
    HouseholdStatus.DEREGISTERED: "danger",
    HouseholdStatus.RESIGNED: "secondary",
    HouseholdStatus.DECLINED: "secondary",
    HouseholdStatus.WITHDRAWN: "secondary",
}
LABELS = dict(HouseholdStatus.choices)


@register.filter
def status_badge(status: str) -> str:
    """A household's status as a badge: {{ household.status|status_badge }}. The stages before
    approval are blue (info)."""
    colour = BADGE_COLOURS.get(status, "info")
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, LABELS.get(status, status))


@register.filter
def check_state(check, today) -> str:
    """The state of one check record on `today`, as a badge: {{ check|check_state:today }}."""
    if not check.expires_on:
        return format_html('<span class="badge text-bg-light border">{}</span>', "Does not expire")
    if check.is_expired(today):
        return format_html('<span class="badge text-bg-danger">{}</span>', "Expired")
    if check.is_expiring(today):
        return format_html('<span class="badge text-bg-warning">{}</span>', "Expires soon")
    return format_html('<span class="badge text-bg-success">{}</span>', "Valid")
