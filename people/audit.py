"""What the audit app asks of people (sharedlives.audit.registry): the record, whether a referral
still uses it, and the person's part of a subject access export."""

from django.db.models import Exists, Max
from django.db.models.functions import TruncDate

from sharedlives.audit import registry

from . import selectors
from .access import get_person_for_user
from .choices import OPEN_REFERRAL_STATUSES, ReferralStatus
from .models import Person, Referral


def _open_referral(person):
    return Exists(Referral.objects.filter(person=person, status__in=OPEN_REFERRAL_STATUSES))


def _last_referral_closed(person):
    return (
        Referral.objects.filter(person=person, status=ReferralStatus.CLOSED)
        .order_by()
        .values("person")
        .annotate(day=Max(TruncDate("status_changed_at")))
        .values("day")
    )


def register() -> None:
    registry.person_in_use.append(_open_referral)
    registry.person_last_used.append(_last_referral_closed)
    registry.provide("people", Person.objects.all)
    registry.provide("person_for_user", get_person_for_user)
    registry.provide("person_export_data", selectors.person_export_data)
    registry.provide("person_history", selectors.history_for)
