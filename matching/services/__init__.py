"""State changes in matching: proposals and consent, arrangements and bookings, payments, reviews.

Callers use `from matching import services` and `services.<entity>_<verb>(...)`.
"""

from .arrangements import (
    ARRANGEMENT_TRANSITIONS,
    arrangement_end,
    arrangement_extend,
    arrangement_give_notice,
    arrangement_pause,
    arrangement_resume,
    arrangement_start,
    arrangement_update,
    booking_cancel,
    booking_create,
)
from .payments import agreement_issue, agreement_sign, payment_band_create, payment_band_update
from .proposals import (
    ROUND_OF_ANSWER,
    STATUS_OF_ROUND,
    WITHDRAWABLE,
    MatchingError,
    introduction_record,
    latest_answers,
    proposal_confirm,
    proposal_create,
    proposal_respond,
    proposal_send,
    proposal_withdraw,
    proposals_lapse,
    view_record,
)
from .reviews import (
    REVIEW_DUE_WITHIN_DAYS,
    SCORE_WORDS,
    add_months,
    next_review_due,
    review_record,
    reviews_due,
    with_last_review_on,
)

__all__ = [
    "ARRANGEMENT_TRANSITIONS",
    "agreement_issue",
    "agreement_sign",
    "payment_band_create",
    "payment_band_update",
    "ROUND_OF_ANSWER",
    "STATUS_OF_ROUND",
    "WITHDRAWABLE",
    "MatchingError",
    "arrangement_end",
    "arrangement_extend",
    "arrangement_give_notice",
    "arrangement_pause",
    "arrangement_resume",
    "arrangement_start",
    "arrangement_update",
    "booking_cancel",
    "booking_create",
    "introduction_record",
    "latest_answers",
    "proposal_confirm",
    "proposal_create",
    "proposal_respond",
    "proposal_send",
    "proposal_withdraw",
    "proposals_lapse",
    "view_record",
    "REVIEW_DUE_WITHIN_DAYS",
    "SCORE_WORDS",
    "add_months",
    "next_review_due",
    "review_record",
    "reviews_due",
    "with_last_review_on",
]
