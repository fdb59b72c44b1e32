"""Safeguarding concerns, and the allegation cases those about a carer open on their household.

A concern moves raised -> referred to the council -> enquiry -> outcome -> closed; only the
scheme's managers and safeguarding leads move it. Suspending a household and the panel's decision
go through the carers app's lifecycle and panel services; nothing here writes a household's rows.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from arrangements.models import LIVE_ARRANGEMENT_STATUSES, Arrangement
from carers import services as carer_services
from carers.models import Carer, HouseholdMember, HouseholdStatus, PanelDecisionKind
from people.models import Person
from sharedlives.accounts.models import User

from ..models import (
    Allegation,
    AllegationStatus,
    Concern,
    ConcernOutcome,
    ConcernStatus,
    Incident,
    SafeguardingSettings,
    SafetyPlan,
    SafetyPlanDecision,
)
from .common import ensure_can_move, ensure_lead, ensure_manager, ensure_not_future, ensure_staff, move
from .errors import SafeguardingError
from .notifications import notifications_raise

S = ConcernStatus
CONCERN_TRANSITIONS = {
    S.RAISED: (S.REFERRED,),
    # The council may decide there is nothing to enquire into: the outcome comes straight after.
    S.REFERRED: (S.ENQUIRY, S.OUTCOME),
    S.ENQUIRY: (S.OUTCOME,),
    S.OUTCOME: (S.CLOSED,),
    S.CLOSED: (),
}
SUSPENDABLE = (HouseholdStatus.APPROVED, HouseholdStatus.PROBATION, HouseholdStatus.ON_HOLD)


def _lock(concern_id: int) -> Concern:
    return Concern.objects.select_for_update().get(pk=concern_id)


@transaction.atomic
def concern_raise(
    *,
    by: User,
    person_id: int,
    categories: list[str],
    summary: str,
    immediate_risk: bool = False,
    immediate_action: str = "",
    source_incident_id: int | None = None,
    about_household_id: int | None = None,
    about_carer_id: int | None = None,
    about_member_id: int | None = None,
    about_other: str = "",
    lead_id: int | None = None,
) -> Concern:
    """Raise a safeguarding concern about a person (any staff member of their scheme may). Naming a
    carer or someone in a carer household opens an allegation case on that household. The
    notification of abuse the regulator must have is raised at once."""
    person = Person.objects.get(pk=person_id)
    ensure_staff(person.scheme_id, by)
    if not categories:
        raise SafeguardingError("Choose at least one kind of abuse or neglect.")
    if not summary.strip():
        raise SafeguardingError("Say what was seen, heard or told.")
    if about_carer_id:
        about_household_id = Carer.objects.values_list("household_id", flat=True).get(pk=about_carer_id)
    if about_member_id:
        member_household = HouseholdMember.objects.values_list("household_id", flat=True).get(
            pk=about_member_id
        )
        if about_household_id and about_household_id != member_household:
            raise SafeguardingError("The carer and the household member named live in different households.")
        about_household_id = member_household
    if source_incident_id is not None:
        incident = Incident.objects.get(pk=source_incident_id)
        if incident.scheme_id != person.scheme_id:
            raise SafeguardingError("The incident is in another scheme.")
    if lead_id is not None and not User.objects.get(pk=lead_id).is_safeguarding_lead_of(person.scheme_id):
        raise SafeguardingError("The lead must be a manager or a safeguarding lead of the scheme.")
    concern = Concern.objects.create(
        scheme_id=person.scheme_id,
        person=person,
        categories=list(categories),
        summary=summary.strip(),
        immediate_risk=immediate_risk,
        immediate_action=immediate_action.strip(),
        source_incident_id=source_incident_id,
        about_household_id=about_household_id,
        about_carer_id=about_carer_id,
        about_member_id=about_member_id,
        about_other=about_other.strip(),
        raised_by=by,
        lead_id=lead_id,
    )
    if concern.about_household_id and concern.about_household.scheme_id != concern.scheme_id:
        raise SafeguardingError("The household named is in another scheme.")
    concern.transitions.create(from_status="", to_status=S.RAISED, by=by)
    if concern.about_household_id:
        Allegation.objects.create(concern=concern, household_id=concern.about_household_id)
    notifications_raise(concern=concern)
    return concern


@transaction.atomic
def concern_assign_lead(*, concern_id: int, by: User, lead_id: int) -> Concern:
    concern = _lock(concern_id)
    ensure_lead(concern.scheme_id, by, "say who leads on a concern")
    lead = User.objects.get(pk=lead_id)
    if not lead.is_safeguarding_lead_of(concern.scheme_id):
        raise SafeguardingError("The lead must be a manager or a safeguarding lead of the scheme.")
    concern.lead = lead
    concern.save(update_fields=["lead"])
    return concern


@transaction.atomic
def concern_refer(
    *, concern_id: int, by: User, referred_on: date, council_reference: str, council_contact: str
) -> Concern:
    """Record the referral to the council's safeguarding team: the date, its reference and a named contact."""
    concern = _lock(concern_id)
    ensure_lead(concern.scheme_id, by, "record a referral to the council")
    ensure_not_future(referred_on, "The date of the referral")
    if referred_on < timezone.localtime(concern.raised_at).date():
        raise SafeguardingError("The referral cannot be before the concern was raised.")
    if not council_contact.strip():
        raise SafeguardingError("Name the contact at the council's safeguarding team.")
    concern.referred_on = referred_on
    concern.council_reference = council_reference.strip()
    concern.council_contact = council_contact.strip()
    move(
        concern,
        to=S.REFERRED,
        allowed=CONCERN_TRANSITIONS,
        by=by,
        fields=["referred_on", "council_reference", "council_contact"],
    )
    return concern


@transaction.atomic
def concern_start_enquiry(*, concern_id: int, by: User, started_on: date, enquiry_by: str) -> Concern:
    concern = _lock(concern_id)
    ensure_lead(concern.scheme_id, by, "record a safeguarding enquiry")
    ensure_not_future(started_on, "The start of the enquiry")
    if not enquiry_by.strip():
        raise SafeguardingError("Say who is making the enquiry.")
    concern.enquiry_started_on, concern.enquiry_by = started_on, enquiry_by.strip()
    move(
        concern, to=S.ENQUIRY, allowed=CONCERN_TRANSITIONS, by=by, fields=["enquiry_started_on", "enquiry_by"]
    )
    return concern


@transaction.atomic
def concern_record_outcome(
    *, concern_id: int, by: User, outcome: str, outcome_on: date, note: str = ""
) -> Concern:
    concern = _lock(concern_id)
    ensure_lead(concern.scheme_id, by, "record the outcome of a concern")
    if outcome not in ConcernOutcome.values:
        raise SafeguardingError(
            "Choose the outcome: substantiated, partly, not substantiated or inconclusive."
        )
    ensure_not_future(outcome_on, "The date of the outcome")
    concern.outcome, concern.outcome_on, concern.outcome_note = outcome, outcome_on, note.strip()
    move(
        concern,
        to=S.OUTCOME,
        allowed=CONCERN_TRANSITIONS,
        by=by,
        fields=["outcome", "outcome_on", "outcome_note"],
    )
    return concern


@transaction.atomic
def concern_close(*, concern_id: int, by: User, actions: str) -> Concern:
    """Close a concern with the actions taken. An allegation that suspended the household must have
    gone to panel first; one that did not is closed with it."""
    concern = _lock(concern_id)
    ensure_lead(concern.scheme_id, by, "close a concern")
    if not actions.strip():
        raise SafeguardingError("Record the actions taken before closing the concern.")
    ensure_can_move(concern, to=S.CLOSED, allowed=CONCERN_TRANSITIONS)
    allegation = Allegation.objects.select_for_update().filter(concern=concern).first()
    if allegation and allegation.status != AllegationStatus.CLOSED:
        if allegation.suspended_at:
            raise SafeguardingError(
                f"{allegation.household.name} is suspended because of this concern: record the panel's "
                "decision on the allegation before closing it."
            )
        allegation.status, allegation.closed_at = AllegationStatus.CLOSED, timezone.now()
        allegation.save(update_fields=["status", "closed_at"])
    concern.actions = actions.strip()
    concern.closed_at = timezone.now()
    move(concern, to=S.CLOSED, allowed=CONCERN_TRANSITIONS, by=by, fields=["actions", "closed_at"])
    return concern


@transaction.atomic
def concern_withhold(*, concern_id: int, by: User, reason: str) -> Concern:
    concern = _lock(concern_id)
    ensure_manager(concern.scheme_id, by, "decide what a person's copy of their record leaves out")
    concern.withheld_reason = reason.strip()
    concern.save(update_fields=["withheld_reason"])
    return concern


# --- Allegations about carers ----------------------------------------------------------------
def _lock_allegation(allegation_id: int) -> Allegation:
    return Allegation.objects.select_for_update().select_related("household", "concern").get(pk=allegation_id)


@transaction.atomic
def allegation_suspend(*, allegation_id: int, by: User, message_to_carers: str) -> Allegation:
    """Suspend the household at once, through the carers lifecycle: from this moment it leaves the
    ranking, and no proposal or booking with it can be confirmed. Only a panel decision lifts it.
    `message_to_carers` is all the carers are told, in the manager's words."""
    allegation = _lock_allegation(allegation_id)
    household = allegation.household
    ensure_manager(household.scheme_id, by, "suspend a carer household")
    if allegation.status == AllegationStatus.CLOSED:
        raise SafeguardingError("This allegation is closed.")
    if allegation.suspended_at:
        raise SafeguardingError(f"{household.name} is already suspended because of this allegation.")
    if household.status not in SUSPENDABLE:
        raise SafeguardingError(
            f"{household.name} is {household.get_status_display().lower()}, "
            "so there is no approval to suspend."
        )
    if not message_to_carers.strip():
        raise SafeguardingError("Write what the carers are told about their suspension.")
    carer_services.household_transition(
        household_id=household.pk,
        to_status=HouseholdStatus.SUSPENDED,
        by=by,
        reason=f"Allegation {allegation.concern.reference}",
        note_for_carers=message_to_carers,
        lifted_by_panel_only=True,
    )
    allegation.suspended_at, allegation.suspended_by = timezone.now(), by
    allegation.message_to_carers = message_to_carers.strip()
    allegation.save(update_fields=["suspended_at", "suspended_by", "message_to_carers"])
    return allegation


def safety_plan_due_at(allegation: Allegation, settings: SafeguardingSettings | None = None):
    """When every live arrangement of the household must have a safety plan."""
    settings = settings or SafeguardingSettings.for_scheme(allegation.household.scheme_id)
    hours = settings.safety_plan_hours
    return allegation.opened_at + timedelta(hours=hours)


@transaction.atomic
def safety_plan_record(
    *, allegation_id: int, arrangement_id: int, by: User, decision: str, detail: str
) -> SafetyPlan:
    """Record what happens to one live arrangement of the household while the allegation is looked into."""
    allegation = _lock_allegation(allegation_id)
    ensure_lead(allegation.household.scheme_id, by, "record a safety plan")
    if allegation.status == AllegationStatus.CLOSED:
        raise SafeguardingError("This allegation is closed.")
    if decision not in SafetyPlanDecision.values:
        raise SafeguardingError("Choose the plan: stays with monitoring, moves to cover, or ends.")
    if not detail.strip():
        raise SafeguardingError("Write the plan: what will happen, who checks, and when.")
    live = Arrangement.objects.filter(
        pk=arrangement_id, household_id=allegation.household_id, status__in=LIVE_ARRANGEMENT_STATUSES
    ).exists()
    if not live:
        raise SafeguardingError("Choose a live arrangement with this household.")
    return SafetyPlan.objects.create(
        allegation=allegation,
        arrangement_id=arrangement_id,
        decision=decision,
        detail=detail.strip(),
        recorded_by=by,
    )


@transaction.atomic
def allegation_panel_decision(*, allegation_id: int, by: User, **decision) -> Allegation:
    """Record the panel's decision on the allegation, through the carers panel service: continue
    (approval, with any conditions or training), defer, or de-register (which may be appealed on
    the household's page). Any decision but a deferral closes the allegation."""
    allegation = _lock_allegation(allegation_id)
    ensure_manager(allegation.household.scheme_id, by, "record a panel decision")
    if allegation.status == AllegationStatus.CLOSED:
        raise SafeguardingError("This allegation is closed; the panel has decided.")
    try:
        record = carer_services.panel_decision_record(household_id=allegation.household_id, by=by, **decision)
    except carer_services.CarersError as e:
        raise SafeguardingError(str(e)) from e
    allegation.panel_decision = record
    if record.decision == PanelDecisionKind.DEFER:
        allegation.status = AllegationStatus.AT_PANEL
    else:
        allegation.status, allegation.closed_at = AllegationStatus.CLOSED, timezone.now()
    allegation.save(update_fields=["panel_decision", "status", "closed_at"])
    return allegation
