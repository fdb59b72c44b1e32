"""What the audit app asks of carers (sharedlives.audit.registry): households whose approval has
ended, from the day of the move into their final status."""

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate

from sharedlives.audit import registry

from .models import CLOSED_STATUSES, Household, HouseholdTransition


def households_ended():
    ended_on = (
        HouseholdTransition.objects.filter(household=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by()
        .values("household")
        .annotate(day=Max(TruncDate("at")))
        .values("day")
    )
    return Household.objects.filter(status__in=CLOSED_STATUSES).annotate(
        retention_since=Coalesce(Subquery(ended_on), TruncDate("created_at"))
    )


def register() -> None:
    registry.provide("households_ended", households_ended)
