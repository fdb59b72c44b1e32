"""The month's sample of a household's records for a coordinator to read (RecordsSettings.
samples_per_month notes per household a month).

The sample is stable: the notes of the month in an order fixed by their id and the month (an md5 of
both), so everyone who opens the page that month is shown the same notes, and notes written later in
the month can join it only in their place in that order.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from arrangements.models import LIVE_ARRANGEMENT_STATUSES, Arrangement
from carers.models import Household

from .models import DailyNote, RecordsSettings


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    after = date(year + (month == 12), month % 12 + 1, 1)
    return first, after


def month_sample(household, year: int, month: int, size: int):
    """The notes of the household's month that make its sample, with person and who wrote them."""
    first, after = month_bounds(year, month)
    key = f"{year:04d}-{month:02d}"
    return (
        DailyNote.objects.filter(household=household, day__gte=first, day__lt=after, corrects__isnull=True)
        .select_related("person", "written_by")
        .annotate(sample_order=RawSQL("md5(records_dailynote.id::text || %s)", (key,)))
        .order_by("sample_order")[:size]
    )


def households_to_sample(scheme_ids, year: int, month: int):
    """Households of the schemes with a live arrangement, each with its notes of the month and how
    many of them staff have read as part of the sample. One query."""
    first, after = month_bounds(year, month)
    in_month = Q(daily_notes__day__gte=first, daily_notes__day__lt=after, daily_notes__corrects__isnull=True)
    live = Arrangement.objects.filter(household=OuterRef("pk"), status__in=LIVE_ARRANGEMENT_STATUSES)
    return (
        Household.objects.filter(scheme_id__in=list(scheme_ids))
        .filter(Exists(live))
        .annotate(
            notes_in_month=Count("daily_notes", filter=in_month, distinct=True),
            sampled_in_month=Count(
                "daily_notes__readings",
                filter=in_month & Q(daily_notes__readings__sampled=True),
                distinct=True,
            ),
        )
        .select_related("scheme")
        .order_by("name", "pk")
    )


def sample_target(scheme_id: int) -> int:
    return RecordsSettings.for_scheme(scheme_id).samples_per_month
