"""What the audit app asks of arrangements (sharedlives.audit.registry): a person's record is in
use while any of their arrangements has not ended, and its retention runs from the last end."""

from django.db.models import Exists, Max

from sharedlives.audit import registry

from .models import Arrangement, ArrangementStatus


def _arrangement_not_ended(person):
    return Exists(Arrangement.objects.filter(person=person).exclude(status=ArrangementStatus.ENDED))


def _last_arrangement_ended(person):
    return (
        Arrangement.objects.filter(person=person, status=ArrangementStatus.ENDED)
        .order_by()
        .values("person")
        .annotate(day=Max("end_date"))
        .values("day")
    )


def register() -> None:
    registry.person_in_use.append(_arrangement_not_ended)
    registry.person_last_used.append(_last_arrangement_ended)
