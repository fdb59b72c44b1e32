"""Incidents and accidents: reported by carers or staff, reviewed and closed by a manager."""

from django.db import transaction
from django.utils import timezone

from arrangements.models import LIVE_ARRANGEMENT_STATUSES
from carers.models import Household
from people.models import Person
from sharedlives.accounts.models import User

from ..models import Incident, IncidentStatus
from .common import ensure_manager, ensure_not_future, ensure_staff, move
from .errors import SafeguardingError
from .notifications import notifications_raise

S = IncidentStatus
INCIDENT_TRANSITIONS = {
    S.REPORTED: (S.UNDER_REVIEW, S.CLOSED),
    S.UNDER_REVIEW: (S.CLOSED,),
    S.CLOSED: (),
}
# What the report says happened: the fields a reporter fills in, and staff may correct until it closes.
FACT_FIELDS = (
    "kind",
    "occurred_at",
    "location",
    "others_involved",
    "what_happened",
    "harm",
    "injuries",
    "medical_help",
    "police_involved",
    "police_reference",
    "immediate_action",
    "is_safeguarding_worry",
)


def people_a_carer_may_name(user: User):
    """The people a carer may report an incident about: those with a live arrangement with their household."""
    return Person.objects.filter(
        arrangements__household__carers__user=user, arrangements__status__in=LIVE_ARRANGEMENT_STATUSES
    ).distinct()


def _check_facts(facts: dict) -> None:
    ensure_not_future(facts["occurred_at"], "When it happened")
    if facts.get("police_reference") and not facts.get("police_involved"):
        raise SafeguardingError("A police reference is given, so say that the police were involved.")


def _lock(incident_id: int) -> Incident:
    return Incident.objects.select_for_update().get(pk=incident_id)


@transaction.atomic
def incident_report(
    *, by: User, person_id: int | None = None, household_id: int | None = None, **facts
) -> Incident:
    """Report an incident. A carer reports about their own household and the people living or
    staying with it; staff about any person or household of their scheme (the scheme is theirs, or
    the person's or household's). The notifications it makes due are raised at once."""
    _check_facts(facts)
    if by.kind == User.Kind.CARER:
        household = Household.objects.filter(carers__user=by).first()
        if household is None:
            raise SafeguardingError("Your sign-in is not linked to a carer household yet.")
        if household_id not in (None, household.pk):
            raise SafeguardingError("You can report incidents in your own household only.")
        if person_id is not None and not people_a_carer_may_name(by).filter(pk=person_id).exists():
            raise SafeguardingError("Choose someone who lives or stays with you.")
        scheme_id, household_id = household.scheme_id, household.pk
    elif by.kind == User.Kind.STAFF:
        scheme_ids = set()
        if person_id is not None:
            scheme_ids.add(Person.objects.values_list("scheme_id", flat=True).get(pk=person_id))
        if household_id is not None:
            scheme_ids.add(Household.objects.values_list("scheme_id", flat=True).get(pk=household_id))
        if len(scheme_ids) > 1:
            raise SafeguardingError("The person and the household are in different schemes.")
        if not scheme_ids:
            if len(by.staff_scheme_ids) != 1:
                raise SafeguardingError("Say which person or household the incident involved.")
            scheme_ids = set(by.staff_scheme_ids)
        scheme_id = scheme_ids.pop()
        ensure_staff(scheme_id, by)
    else:
        raise SafeguardingError("Incidents are reported by carers and staff.")
    incident = Incident.objects.create(
        scheme_id=scheme_id, person_id=person_id, household_id=household_id, reported_by=by, **facts
    )
    incident.transitions.create(from_status="", to_status=S.REPORTED, by=by)
    notifications_raise(incident=incident)
    return incident


@transaction.atomic
def incident_update(*, incident_id: int, by: User, person_id=None, household_id=None, **facts) -> Incident:
    """Staff correct or complete the facts of an open incident; any notification they make due is raised."""
    incident = _lock(incident_id)
    ensure_staff(incident.scheme_id, by)
    if incident.status == S.CLOSED:
        raise SafeguardingError("This incident is closed; its report cannot change any more.")
    _check_facts(facts)
    for name, key in (("person", person_id), ("household", household_id)):
        if key is not None:
            model = Person if name == "person" else Household
            if not model.objects.filter(pk=key, scheme_id=incident.scheme_id).exists():
                raise SafeguardingError(f"Choose a {name} of this incident's scheme.")
    incident.person_id, incident.household_id = person_id, household_id
    for name, value in facts.items():
        setattr(incident, name, value)
    incident.save()
    notifications_raise(incident=incident)
    return incident


@transaction.atomic
def incident_start_review(*, incident_id: int, by: User) -> Incident:
    incident = _lock(incident_id)
    ensure_manager(incident.scheme_id, by, "review an incident")
    incident.reviewed_by = by
    move(incident, to=S.UNDER_REVIEW, allowed=INCIDENT_TRANSITIONS, by=by, fields=["reviewed_by"])
    return incident


@transaction.atomic
def incident_close(*, incident_id: int, by: User, actions: str, lessons: str) -> Incident:
    """A manager closes an incident with the actions agreed and the lessons learned (both required)."""
    incident = _lock(incident_id)
    ensure_manager(incident.scheme_id, by, "close an incident")
    if not actions.strip() or not lessons.strip():
        raise SafeguardingError("Record the actions agreed and the lessons learned before closing.")
    incident.actions, incident.lessons = actions.strip(), lessons.strip()
    incident.reviewed_by = incident.reviewed_by or by
    incident.closed_at = timezone.now()
    move(
        incident,
        to=S.CLOSED,
        allowed=INCIDENT_TRANSITIONS,
        by=by,
        fields=["actions", "lessons", "reviewed_by", "closed_at"],
    )
    return incident


@transaction.atomic
def incident_withhold(*, incident_id: int, by: User, reason: str) -> Incident:
    """A manager marks what the person may not be given of this record (an empty reason gives it again)."""
    incident = _lock(incident_id)
    ensure_manager(incident.scheme_id, by, "decide what a person's copy of their record leaves out")
    incident.withheld_reason = reason.strip()
    incident.save(update_fields=["withheld_reason"])
    return incident
