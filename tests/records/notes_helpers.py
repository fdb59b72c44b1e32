"""Daily notes straight in the database (the services are tested on their own), and a count of the
writes a piece of code attempted, rolled back or not."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from arrangements.models import Arrangement, ArrangementStatus, EndReason
from records.models import DailyNote


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def make_note(arrangement, by, *, day=None, household=None, **texts) -> DailyNote:
    """A note of `day` (default today) under `arrangement`. The database lets a past day's note be
    inserted; it refuses only changing or deleting it."""
    values = {"went_well": "Pat baked a cake and shared it."} | texts
    return DailyNote.objects.create(
        scheme_id=arrangement.scheme_id,
        arrangement=arrangement,
        person_id=arrangement.person_id,
        household=household or arrangement.household,
        day=day or timezone.localdate(),
        written_by=by,
        **values,
    )


def end_arrangement(arrangement) -> None:
    """The arrangement started a month ago and ended yesterday."""
    today = timezone.localdate()
    Arrangement.objects.filter(pk=arrangement.pk).update(
        status=ArrangementStatus.ENDED,
        end_reason=EndReason.PLANNED_END,
        start_date=today - timedelta(days=30),
        end_date=today - timedelta(days=1),
    )


class Writes(CaptureQueriesContext):
    """The INSERT, UPDATE and DELETE statements run inside the block, including rolled-back ones."""

    def __init__(self):
        super().__init__(connection)

    @property
    def count(self) -> int:
        return sum(
            1
            for query in self.captured_queries
            if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and "records_" in query["sql"]
        )
