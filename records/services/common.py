"""What every records service shares."""

from django.utils import timezone


class RecordsError(Exception):
    """A change refused, with a sentence the person who asked for it can read."""


def ensure_its_day(day, what: str) -> None:
    """A note, dose or money entry may be changed on its own day only; after that, a correction is
    a new row (the database refuses the change too: records.models.fixed_after_its_day)."""
    if day < timezone.localdate():
        raise RecordsError(f"{what} cannot be changed after its day. Add a correction instead.")
