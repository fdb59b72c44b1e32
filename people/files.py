"""People's records that photos and documents attach to (sharedlives.files.registry): the person
(their own photo, and documents such as consent or letters) and their referrals (assessments,
care plans). Every download of one is written to the person's access log."""

from sharedlives.files import registry
from sharedlives.files.models import DocumentKind as K

from .access import get_person_for_user, get_referral_for_user
from .models import Person, Referral


def register() -> None:
    registry.register(
        registry.Owner(
            key="person",
            model=Person,
            noun="person",
            get_for_user=get_person_for_user,
            kinds=(K.CONSENT, K.CARE_PLAN, K.ASSESSMENT, K.LETTER, K.OTHER),
            # One photo of the person, added by staff with a note of who agreed to it.
            max_photos=lambda person: 1,
            photo_needs_consent=True,
            person=lambda person: person,
        )
    )
    registry.register(
        registry.Owner(
            key="referral",
            model=Referral,
            noun="referral",
            get_for_user=get_referral_for_user,
            scheme_id=lambda referral: referral.person.scheme_id,
            kinds=(K.ASSESSMENT, K.CARE_PLAN, K.LETTER, K.OTHER),
            person=lambda referral: referral.person,
        )
    )
