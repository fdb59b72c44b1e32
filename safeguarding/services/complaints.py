"""Complaints and compliments: made in the app by the person, their family or a carer, or recorded
by staff from a call or a letter; acknowledged and answered within the scheme's targets (working days)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from carers.models import Household
from people.models import Person, Representative
from sharedlives.accounts.models import Scheme, User
from sharedlives.dates import add_working_days

from ..models import (
    Channel,
    Complaint,
    ComplaintOutcome,
    ComplaintStatus,
    FeedbackFrom,
    FeedbackKind,
    SafeguardingSettings,
)
from .common import ensure_manager, ensure_not_future, ensure_staff, move
from .errors import SafeguardingError

S = ComplaintStatus
COMPLAINT_TRANSITIONS = {
    S.RECEIVED: (S.ACKNOWLEDGED,),
    S.ACKNOWLEDGED: (S.INVESTIGATING, S.ANSWERED, S.CLOSED),
    S.INVESTIGATING: (S.ANSWERED,),
    S.ANSWERED: (S.CLOSED,),
    S.CLOSED: (),
}
# A compliment is thanked for (acknowledged) and closed: there is nothing to investigate.
COMPLIMENT_TRANSITIONS = {S.RECEIVED: (S.ACKNOWLEDGED,), S.ACKNOWLEDGED: (S.CLOSED,), S.CLOSED: ()}


def _allowed(complaint: Complaint) -> dict:
    return COMPLIMENT_TRANSITIONS if complaint.kind == FeedbackKind.COMPLIMENT else COMPLAINT_TRANSITIONS


def _lock(complaint_id: int) -> Complaint:
    return Complaint.objects.select_for_update().select_related("scheme").get(pk=complaint_id)


def deadlines(scheme: Scheme, received_on: date) -> tuple[date, date]:
    """The days by which a complaint received on `received_on` must be acknowledged and answered."""
    rules = SafeguardingSettings.for_scheme(scheme.pk)
    return (
        add_working_days(received_on, rules.complaint_acknowledge_days, scheme.nation),
        add_working_days(received_on, rules.complaint_answer_days, scheme.nation),
    )


@transaction.atomic
def complaint_make(
    *,
    by: User,
    summary: str,
    kind: str = FeedbackKind.COMPLAINT,
    wanted_outcome: str = "",
    person_id: int | None = None,
    household_id: int | None = None,
    from_who: str = "",
    channel: str = Channel.PORTAL,
    complainant_name: str = "",
    complainant_contact: str = "",
    received_on: date | None = None,
    scheme_id: int | None = None,
) -> Complaint:
    """A complaint or compliment. The person, a family member and a carer make their own, in the app
    (about themselves, the person they represent, their own household); staff record one that came
    by phone, letter, email or in person, saying who it is from."""
    if not summary.strip():
        raise SafeguardingError("Say what it is about.")
    if kind not in FeedbackKind.values:
        raise SafeguardingError("Choose a complaint or a compliment.")
    made_by = by
    if by.kind == User.Kind.PERSON:
        person = Person.objects.filter(user=by).first()
        if person is None:
            raise SafeguardingError("Your sign-in is not linked to your record yet.")
        person_id, household_id, scheme_id = person.pk, None, person.scheme_id
        from_who, channel, complainant_name = FeedbackFrom.PERSON, Channel.PORTAL, person.known_as
    elif by.kind == User.Kind.FAMILY:
        # Only current representations: someone removed as a representative no longer speaks for the person.
        allowed = Representative.objects.current().filter(user=by).values_list("person_id", flat=True)
        if person_id not in set(allowed):
            raise SafeguardingError("Choose the person you represent that this is about.")
        scheme_id = Person.objects.values_list("scheme_id", flat=True).get(pk=person_id)
        household_id = None
        from_who, channel, complainant_name = FeedbackFrom.FAMILY, Channel.PORTAL, by.full_name
    elif by.kind == User.Kind.CARER:
        household = Household.objects.filter(carers__user=by).first()
        if household is None:
            raise SafeguardingError("Your sign-in is not linked to a carer household yet.")
        person_id, household_id, scheme_id = None, household.pk, household.scheme_id
        from_who, channel, complainant_name = FeedbackFrom.CARER, Channel.PORTAL, by.full_name
    else:
        made_by = None
        if person_id is not None:
            scheme_id = Person.objects.values_list("scheme_id", flat=True).get(pk=person_id)
        if household_id is not None:
            household_scheme = Household.objects.values_list("scheme_id", flat=True).get(pk=household_id)
            if scheme_id is not None and household_scheme != scheme_id:
                raise SafeguardingError("The person and the household are in different schemes.")
            scheme_id = household_scheme
        if scheme_id is None:
            raise SafeguardingError("Say which scheme it is for.")
        ensure_staff(scheme_id, by)
        if from_who not in FeedbackFrom.values:
            raise SafeguardingError("Say who it is from.")
        if channel not in Channel.values or channel == Channel.PORTAL:
            raise SafeguardingError("Say how it came: by phone, letter, email or in person.")
        if not complainant_name.strip():
            raise SafeguardingError("Give the name of the person it is from.")
    received_on = received_on or timezone.localdate()
    ensure_not_future(received_on, "The day it came")
    scheme = Scheme.objects.get(pk=scheme_id)
    acknowledge_by, answer_by = deadlines(scheme, received_on)
    complaint = Complaint.objects.create(
        scheme=scheme,
        kind=kind,
        made_by=made_by,
        from_who=from_who,
        complainant_name=complainant_name.strip(),
        complainant_contact=complainant_contact.strip(),
        channel=channel,
        person_id=person_id,
        household_id=household_id,
        received_on=received_on,
        summary=summary.strip(),
        wanted_outcome=wanted_outcome.strip(),
        recorded_by=by,
        acknowledge_by=acknowledge_by,
        answer_by=answer_by,
    )
    complaint.transitions.create(from_status="", to_status=S.RECEIVED, by=by)
    return complaint


@transaction.atomic
def complaint_acknowledge(*, complaint_id: int, by: User, on: date | None = None) -> Complaint:
    complaint = _lock(complaint_id)
    ensure_staff(complaint.scheme_id, by)
    on = on or timezone.localdate()
    ensure_not_future(on, "The day it was acknowledged")
    if on < complaint.received_on:
        raise SafeguardingError("It cannot be acknowledged before it came.")
    complaint.acknowledged_on = on
    move(complaint, to=S.ACKNOWLEDGED, allowed=_allowed(complaint), by=by, fields=["acknowledged_on"])
    return complaint


@transaction.atomic
def complaint_investigate(*, complaint_id: int, by: User, investigator_id: int) -> Complaint:
    complaint = _lock(complaint_id)
    ensure_staff(complaint.scheme_id, by)
    investigator = User.objects.get(pk=investigator_id)
    if complaint.scheme_id not in investigator.staff_scheme_ids:
        raise SafeguardingError("The investigator must be staff of the scheme.")
    complaint.investigator = investigator
    move(complaint, to=S.INVESTIGATING, allowed=_allowed(complaint), by=by, fields=["investigator"])
    return complaint


@transaction.atomic
def complaint_answer(
    *, complaint_id: int, by: User, outcome: str, response: str, answered_on: date | None = None
) -> Complaint:
    """Answer a complaint with its outcome. The answer names the Ombudsman as the next step (see rules)."""
    complaint = _lock(complaint_id)
    ensure_manager(complaint.scheme_id, by, "answer a complaint")
    if outcome not in ComplaintOutcome.values:
        raise SafeguardingError("Choose the outcome: upheld, partly upheld or not upheld.")
    if not response.strip():
        raise SafeguardingError("Write the answer the complainant will get.")
    answered_on = answered_on or timezone.localdate()
    ensure_not_future(answered_on, "The day it was answered")
    if answered_on < complaint.received_on:
        raise SafeguardingError("It cannot be answered before it came.")
    complaint.outcome, complaint.response, complaint.answered_on = outcome, response.strip(), answered_on
    move(
        complaint,
        to=S.ANSWERED,
        allowed=_allowed(complaint),
        by=by,
        fields=["outcome", "response", "answered_on"],
    )
    return complaint


@transaction.atomic
def complaint_close(*, complaint_id: int, by: User) -> Complaint:
    complaint = _lock(complaint_id)
    ensure_staff(complaint.scheme_id, by)
    complaint.closed_at = timezone.now()
    move(complaint, to=S.CLOSED, allowed=_allowed(complaint), by=by, fields=["closed_at"])
    return complaint


@transaction.atomic
def complaint_withhold(*, complaint_id: int, by: User, reason: str) -> Complaint:
    complaint = _lock(complaint_id)
    ensure_manager(complaint.scheme_id, by, "decide what a person's copy of their record leaves out")
    complaint.withheld_reason = reason.strip()
    complaint.save(update_fields=["withheld_reason"])
    return complaint
