"""Arrangements' records that documents attach to (sharedlives.files.registry): the arrangement
(the signed agreements) and its reviews (notes, the person's own contributions). Both are part of
the person's record: every download is written to their access log."""

from django.urls import reverse

from sharedlives.files import registry
from sharedlives.files.models import DocumentKind as K

from .access import get_arrangement_for_user, get_review_for_user
from .models import Arrangement, Review


def register() -> None:
    registry.register(
        registry.Owner(
            key="arrangement",
            model=Arrangement,
            noun="arrangement",
            get_for_user=get_arrangement_for_user,
            kinds=(K.SIGNED_AGREEMENT, K.CARE_PLAN, K.LETTER, K.OTHER),
            person=lambda arrangement: arrangement.person,
        )
    )
    registry.register(
        registry.Owner(
            key="review",
            model=Review,
            noun="review",
            get_for_user=get_review_for_user,
            scheme_id=lambda review: review.arrangement.scheme_id,
            kinds=(K.REVIEW_NOTES, K.LETTER, K.OTHER),
            person=lambda review: review.arrangement.person,
            url=lambda review: reverse("arrangements:review_detail", args=[review.pk]),
        )
    )
