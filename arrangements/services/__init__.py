"""State changes of arrangements: lifecycle and bookings, payment bands and agreements, reviews.

Callers use `from arrangements import services` and `services.<entity>_<verb>(...)`.
"""

from .arrangements import (
    ARRANGEMENT_TRANSITIONS,
    arrangement_create,
    arrangement_end,
    arrangement_extend,
    arrangement_give_notice,
    arrangement_pause,
    arrangement_resume,
    arrangement_start,
    arrangement_update,
    arrangement_withdraw,
    booking_cancel,
    booking_create,
)
from .errors import ArrangementError
from .payments import agreement_issue, agreement_sign, payment_band_create, payment_band_update
from .reviews import (
    REVIEW_DUE_WITHIN_DAYS,
    SCORE_WORDS,
    next_review_due,
    review_record,
    reviews_due,
    with_last_review_on,
)

__all__ = [
    "ARRANGEMENT_TRANSITIONS",
    "REVIEW_DUE_WITHIN_DAYS",
    "SCORE_WORDS",
    "ArrangementError",
    "agreement_issue",
    "agreement_sign",
    "arrangement_create",
    "arrangement_end",
    "arrangement_extend",
    "arrangement_give_notice",
    "arrangement_pause",
    "arrangement_resume",
    "arrangement_start",
    "arrangement_update",
    "arrangement_withdraw",
    "booking_cancel",
    "booking_create",
    "next_review_due",
    "payment_band_create",
    "payment_band_update",
    "review_record",
    "reviews_due",
    "with_last_review_on",
]
