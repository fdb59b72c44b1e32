"""Small display helpers for people pages."""

from datetime import date

from django import template

from sharedlives.choices import Funder, SupportType

from ..models import ReferralStatus

register = template.Library()

LABELS = {
    "status": dict(ReferralStatus.choices),
    "support": dict(SupportType.choices),
    "funder": dict(Funder.choices),
}


@register.filter
def label(value, vocabulary: str) -> str:
    """The human label of a stored choice value: {{ person.current_status|label:"status" }}."""
    return LABELS[vocabulary].get(value, value or "")


@register.filter
def waited(since: date | None, today: date) -> str:
    """How long since `since`, in the unit a coordinator would say: '5 days', '3 weeks', '4 months'."""
    if since is None:
        return ""
    days = (today - since).days
    if days < 14:
        return f"{days} day{'' if days == 1 else 's'}"
    if days < 120:
        return f"{days // 7} weeks"
    return f"{days // 30} months"
