"""State changes in matching: proposals, consent and introductions.

Callers use `from matching import services` and `services.<entity>_<verb>(...)`.
"""

from .proposals import (
    PROPOSAL_TRANSITIONS,
    ROUND_OF_ANSWER,
    STATUS_OF_ROUND,
    WITHDRAWABLE,
    MatchingError,
    introduction_record,
    latest_answers,
    opinion_record,
    proposal_confirm,
    proposal_create,
    proposal_respond,
    proposal_send,
    proposal_withdraw,
    proposals_lapse,
)

__all__ = [
    "PROPOSAL_TRANSITIONS",
    "MatchingError",
    "ROUND_OF_ANSWER",
    "STATUS_OF_ROUND",
    "WITHDRAWABLE",
    "introduction_record",
    "latest_answers",
    "proposal_confirm",
    "proposal_create",
    "proposal_respond",
    "proposal_send",
    "proposal_withdraw",
    "proposals_lapse",
    "opinion_record",
]
