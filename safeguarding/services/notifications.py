"""The regulator's notifications: raised when an event is recorded (or its facts change), cleared
when someone records that it was sent. The rule of what is due is safeguarding.rules."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sharedlives.accounts.models import User

from .. import rules
from ..models import Notification, SentHow
from .common import ensure_lead, ensure_not_future
from .errors import SafeguardingError


def notifications_raise(*, incident=None, concern=None) -> list[Notification]:
    """Make due every notification the event calls for that is not already there (the database
    holds one per event and kind); returns the new ones. Called inside the service that changed it."""
    source = incident or concern
    scheme = source.scheme
    triggers = rules.incident_triggers(incident) if incident else rules.concern_triggers(concern)
    have = set(source.notifications.values_list("trigger", flat=True))
    created = []
    for trigger in rules.due_for(scheme.regulator, triggers):
        if trigger in have:
            continue
        created.append(
            Notification.objects.create(
                scheme=scheme, regulator=scheme.regulator, trigger=trigger, incident=incident, concern=concern
            )
        )
    return created


@transaction.atomic
def notification_record_sent(
    *,
    notification_id: int,
    by: User,
    sent_at: datetime,
    sent_how: str,
    regulator_reference: str = "",
    sent_text: str = "",
) -> Notification:
    """Record when and how a notification was sent, and the regulator's reference: it is no longer due."""
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    ensure_lead(notification.scheme_id, by, "record a notification to the regulator")
    if notification.sent_at:
        raise SafeguardingError("This notification is already recorded as sent.")
    if sent_how not in SentHow.values:
        raise SafeguardingError("Say how it was sent.")
    ensure_not_future(sent_at, "When it was sent")
    if sent_at > timezone.now():
        raise SafeguardingError("When it was sent cannot be in the future.")
    notification.sent_at, notification.sent_how = sent_at, sent_how
    notification.regulator_reference, notification.sent_text = regulator_reference.strip(), sent_text
    notification.sent_by = by
    notification.save(update_fields=["sent_at", "sent_how", "regulator_reference", "sent_text", "sent_by"])
    return notification
