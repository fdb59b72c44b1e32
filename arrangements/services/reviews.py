"""Reviews of arrangements with the connection test, and when the next review is due.

The schedule comes from the scheme's ReviewSettings: the first review `first_review_weeks` after
the start; after that, each review sets the date of the next, at most `review_every_months` later.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import DateField, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from sharedlives.accounts.models import User
from sharedlives.dates import add_months

from ..models import Arrangement, Review, ReviewSettings
from .errors import ArrangementError

# Reviews due within this many days (or overdue) show on the dashboard and in reminders.
REVIEW_DUE_WITHIN_DAYS = 14

# What a connection-test score means, for people who read the summary rather than the number.
SCORE_WORDS = {1: "Not at all", 2: "A little", 3: "Partly", 4: "Mostly", 5: "Very much"}


def _long(day: date) -> str:
    return date_format(day, "j F Y")


def next_review_due(arrangement: Arrangement) -> date:
    """When the arrangement's next review is due: the date set at its latest review, or, before the
    first review, `first_review_weeks` after the start. Kept by the database
    (`Arrangement.next_review_due`); read again only for an arrangement just created."""
    if arrangement.next_review_due is None:
        arrangement.refresh_from_db(fields=["next_review_due"])
    return arrangement.next_review_due


def with_last_review_on(queryset: QuerySet[Arrangement]) -> QuerySet[Arrangement]:
    """Annotate `last_review_on`, the date of each arrangement's latest review (None before the first)."""
    latest = Review.objects.filter(arrangement=OuterRef("pk")).order_by("-held_on", "-pk")
    return queryset.annotate(last_review_on=Subquery(latest.values("held_on")[:1], output_field=DateField()))


def reviews_due(
    queryset: QuerySet[Arrangement], *, today: date | None = None, within_days: int = REVIEW_DUE_WITHIN_DAYS
) -> QuerySet[Arrangement]:
    """Live arrangements of `queryset` whose next review is overdue or due within `within_days`,
    most overdue first. One query."""
    day = today or timezone.localdate()
    return (
        queryset.live()
        .filter(next_review_due__lte=day + timedelta(days=within_days))
        .order_by("next_review_due", "pk")
    )


@transaction.atomic
def review_record(
    *,
    arrangement_id: int,
    by: User,
    held_on: date,
    participants: str,
    informed_score: int,
    confident_score: int,
    connected_score: int,
    next_review_on: date,
    persons_words: str = "",
    informed_comment: str = "",
    confident_comment: str = "",
    connected_comment: str = "",
    actions: str = "",
    today: date | None = None,
) -> Review:
    """Record a review that has taken place. Staff of the arrangement's scheme only.

    Refuses, in words: a date in the future or before the arrangement started; a next review on
    or before this one, or later than the scheme's review interval allows; scores outside 1 to 5.
    Reviews of ended arrangements are allowed (a closing review).
    """
    arrangement = Arrangement.objects.select_for_update().get(pk=arrangement_id)
    if arrangement.scheme_id not in by.staff_scheme_ids:
        raise ArrangementError("Only staff of this arrangement's scheme can record its reviews.")
    day = today or timezone.localdate()
    if held_on > day:
        raise ArrangementError("Record a review once it has taken place: its date cannot be in the future.")
    if held_on < arrangement.start_date:
        raise ArrangementError(
            f"The review date is before the arrangement started ({_long(arrangement.start_date)})."
        )
    if not participants.strip():
        raise ArrangementError("Say who took part in the review.")
    for label, score in (
        ("better informed", informed_score),
        ("more confident", confident_score),
        ("better connected", connected_score),
    ):
        if score not in SCORE_WORDS:
            raise ArrangementError(f"Score '{label}' from 1 to 5.")
    if next_review_on <= held_on:
        raise ArrangementError("The next review must be after this one.")
    every = ReviewSettings.for_scheme(arrangement.scheme_id).review_every_months
    latest_allowed = add_months(held_on, every)
    if next_review_on > latest_allowed:
        raise ArrangementError(
            f"The scheme reviews arrangements at least every {every} months: set the next review "
            f"on or before {_long(latest_allowed)}."
        )
    return Review.objects.create(
        arrangement=arrangement,
        held_on=held_on,
        participants=participants.strip(),
        persons_words=persons_words,
        informed_score=informed_score,
        informed_comment=informed_comment,
        confident_score=confident_score,
        confident_comment=confident_comment,
        connected_score=connected_score,
        connected_comment=connected_comment,
        actions=actions,
        next_review_on=next_review_on,
        recorded_by=by,
    )
