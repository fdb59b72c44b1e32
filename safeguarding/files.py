"""Safeguarding records that documents and photos attach to (sharedlives.files.registry): an
incident (photos of an injury or of the place, statements, letters) and a concern (the referral,
the council's letters, enquiry reports). A concern's files are seen only by those who see the concern."""

from sharedlives.files import registry
from sharedlives.files.models import DocumentKind as K

from .access import get_concern_for_user, get_incident_for_user
from .models import Concern, Incident

INCIDENT_PHOTOS = 6


def _reporter_or_staff(user, incident) -> bool:
    return registry.staff_of_scheme(user, incident) or (
        incident.reported_by_id == user.pk and incident.status != Incident.Status.CLOSED
    )


def register() -> None:
    registry.register(
        registry.Owner(
            key="incident",
            model=Incident,
            noun="incident",
            get_for_user=get_incident_for_user,
            kinds=(K.INCIDENT_REPORT, K.LETTER, K.OTHER),
            may_see_documents=_reporter_or_staff,
            may_change_documents=_reporter_or_staff,
            may_change_photos=_reporter_or_staff,
            max_photos=lambda incident: INCIDENT_PHOTOS,
            person=lambda incident: incident.person,
        )
    )
    registry.register(
        registry.Owner(
            key="concern",
            model=Concern,
            noun="safeguarding concern",
            get_for_user=get_concern_for_user,
            kinds=(K.INCIDENT_REPORT, K.LETTER, K.OTHER),
            person=lambda concern: concern.person,
        )
    )
