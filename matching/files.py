"""Who may see which approved photos because of a match (sharedlives.files.registry.photo_viewers).

- A person, and a representative who may see proposals, sees the photos of the households
  proposed to them (never a draft).
- A carer sees the person's own photo only from introductions on: while a proposal with them is
  at introductions, agreed or confirmed. Before that, never.
"""

from carers.models import Household
from people.models import Person
from sharedlives.files import registry

from .models import MatchProposal, ProposalStatus

# From when a carer household may see the person's photo.
PERSON_PHOTO_FROM = (ProposalStatus.INTRODUCTIONS, ProposalStatus.AGREED, ProposalStatus.CONFIRMED)


def _is(photo, model) -> bool:
    return photo.owner_type.model_class() is model


def household_photo_for_person(user, photo) -> bool:
    if not user.is_authenticated or user.kind not in (user.Kind.PERSON, user.Kind.FAMILY):
        return False
    if not _is(photo, Household):
        return False
    return MatchProposal.objects.for_user(user).filter(household_id=photo.owner_id).exists()


def person_photo_for_carer(user, photo) -> bool:
    if not user.is_authenticated or user.kind != user.Kind.CARER or not _is(photo, Person):
        return False
    return MatchProposal.objects.filter(
        person_id=photo.owner_id, household__carers__user=user, status__in=PERSON_PHOTO_FROM
    ).exists()


def register() -> None:
    registry.photo_viewers.extend([household_photo_for_person, person_photo_for_carer])
