"""Demo incidents, safeguarding concerns, an allegation about a carer, complaints and a compliment,
and the regulator's notifications they make due, for seed_demo.

Runs after the matching steps (it needs their arrangements) and reads ctx["scheme"] and
ctx["users"]. Everything goes through the safeguarding services, so each record has its real
transition rows and notifications. The coordinator is named the scheme's safeguarding lead.
Idempotent: does nothing more once the demo scheme has incidents.

The allegation is about Jamie Lowe, of Chris and Jamie Lowe: not the demo carer's household, so
the carer's own pages and proposals work as before. Their household is suspended.
"""

from datetime import timedelta

from django.utils import timezone

from arrangements.models import LIVE_ARRANGEMENT_STATUSES, Arrangement
from carers.models import Carer, Household, HouseholdStatus
from people.models import Person
from sharedlives.accounts.models import SchemeMembership, User

from . import services
from .models import (
    AbuseCategory,
    Channel,
    ComplaintOutcome,
    FeedbackFrom,
    FeedbackKind,
    Harm,
    Incident,
    IncidentKind,
    MedicalHelp,
    NotificationTrigger,
    SafetyPlanDecision,
    SentHow,
)

MANAGER = "manager@demo.sharedlives.test"
COORDINATOR = "coordinator@demo.sharedlives.test"
CARER = "carer@demo.sharedlives.test"
PERSON = "person@demo.sharedlives.test"
# The household an allegation is made about (see the module's docstring), and the carer named.
ALLEGATION_HOUSEHOLD = "Chris and Jamie Lowe"
ALLEGATION_CARER = "Jamie"


def _person(scheme, full_name: str) -> Person | None:
    first, last = full_name.split(" ", 1)
    return Person.objects.filter(scheme=scheme, first_name=first, last_name=last).first()


def _household(scheme, name: str) -> Household | None:
    return Household.objects.filter(scheme=scheme, name=name).first()


def seed(ctx: dict) -> None:
    scheme, users = ctx["scheme"], ctx["users"]
    manager, coordinator = users[MANAGER], users[COORDINATOR]
    SchemeMembership.objects.filter(user=coordinator, scheme=scheme).update(is_safeguarding_lead=True)
    if Incident.objects.filter(scheme=scheme).exists():
        return
    coordinator = User.objects.get(pk=coordinator.pk)  # its roles are cached on the user
    now = timezone.now()
    _incidents(scheme, users, manager=manager, coordinator=coordinator, now=now)
    _concerns(scheme, manager=manager, coordinator=coordinator)
    _complaints(scheme, users, manager=manager, coordinator=coordinator)


def _incidents(scheme, users, *, manager, coordinator, now) -> None:
    # Reported by the demo carer from their phone; reviewed and closed by the manager.
    chloe = _person(scheme, "Chloe Edwards")
    fall = services.incident_report(
        by=users[CARER],
        person_id=chloe.pk if chloe else None,
        kind=IncidentKind.ACCIDENT,
        occurred_at=now - timedelta(days=12, hours=3),
        location="The back garden, on the wet patio steps",
        what_happened="Chloe slipped on the wet steps coming in from feeding the birds and fell onto "
        "her knees.",
        harm=Harm.MINOR,
        injuries="A grazed knee and a bruise on her left shin.",
        medical_help=MedicalHelp.FIRST_AID,
        immediate_action="Cleaned and covered the graze, sat with her with a cup of tea, rang her sister.",
    )
    services.incident_start_review(incident_id=fall.pk, by=manager)
    services.incident_close(
        incident_id=fall.pk,
        by=manager,
        actions="Anti-slip strips fitted to the patio steps; a handrail is being put up.",
        lessons="Outdoor steps are part of the home safety check: added to the annual visit checklist.",
    )

    # A serious injury: the notification to CQC is due and not sent yet.
    ethan = _person(scheme, "Ethan Morgan")
    pritchards = _household(scheme, "Gareth and Rhian Pritchard")
    services.incident_report(
        by=coordinator,
        person_id=ethan.pk if ethan else None,
        household_id=pritchards.pk if pritchards else None,
        kind=IncidentKind.ACCIDENT,
        occurred_at=now - timedelta(days=2, hours=5),
        location="The lane by the farm, on a bike ride during a short break",
        what_happened="Ethan's bike hit a pothole and he came off, landing on his outstretched arm.",
        harm=Harm.SERIOUS,
        injuries="A broken left wrist, set in hospital; in a cast for six weeks.",
        medical_help=MedicalHelp.HOSPITAL,
        immediate_action="Gareth called an ambulance and went with him; Rhian rang his mother.",
    )

    # The police were called: the notification is recorded as sent, with CQC's reference.
    isaac = _person(scheme, "Isaac Wright")
    missing = services.incident_report(
        by=coordinator,
        person_id=isaac.pk if isaac else None,
        household_id=pritchards.pk if pritchards else None,
        kind=IncidentKind.MISSING,
        occurred_at=now - timedelta(days=6, hours=2),
        location="Northshire town centre, after the Saturday market",
        what_happened="Isaac did not come back to the meeting point after the market. He was found by "
        "the police three hours later at the bus station, safe, trying to get home to his sister.",
        harm=Harm.NONE,
        medical_help=MedicalHelp.NONE,
        police_involved=True,
        police_reference="NP-24-118842",
        immediate_action="Searched the market, rang his phone and his sister, then called 999 after an hour.",
    )
    services.incident_start_review(incident_id=missing.pk, by=manager)
    sent = missing.notifications.get(trigger=NotificationTrigger.POLICE)
    services.notification_record_sent(
        notification_id=sent.pk,
        by=manager,
        sent_at=missing.occurred_at + timedelta(hours=20),
        sent_how=SentHow.PORTAL,
        regulator_reference="CQC-INS1-2209431",
        sent_text="Isaac Wright went missing in Northshire town centre and was found safe by the "
        "police at the bus station after three hours. Police reference NP-24-118842.",
    )


def _concerns(scheme, *, manager, coordinator) -> None:
    # Referred to the council's safeguarding team, who are making an enquiry.
    fatima = _person(scheme, "Fatima Ali")
    if fatima is not None:
        referred = services.concern_raise(
            by=coordinator,
            person_id=fatima.pk,
            categories=[AbuseCategory.FINANCIAL],
            summary="Fatima told her carer that her nephew takes her bank card on visits and comes back "
            "without the money she asked for. Her savings have dropped by about £600 in two months.",
            about_other="Her nephew, who visits at weekends",
            immediate_action="The carer keeps Fatima's card safe with her agreement; visits are in the "
            "lounge.",
            lead_id=manager.pk,
        )
        today = timezone.localdate()
        services.concern_refer(
            concern_id=referred.pk,
            by=coordinator,
            referred_on=today,
            council_reference="NS-ASC-SG-30417",
            council_contact="Jo Patel, Northshire adult safeguarding team, 01632 960 321",
        )
        services.concern_start_enquiry(
            concern_id=referred.pk,
            by=coordinator,
            started_on=today,
            enquiry_by="Jo Patel, Northshire adult safeguarding team",
        )

    # An allegation about a carer of another household: the manager suspends it at once, and the
    # live arrangement gets a safety plan.
    lowes = _household(scheme, ALLEGATION_HOUSEHOLD)
    carer = Carer.objects.filter(household=lowes, first_name=ALLEGATION_CARER).first() if lowes else None
    live = list(
        Arrangement.objects.filter(household=lowes, status__in=LIVE_ARRANGEMENT_STATUSES).select_related(
            "person"
        )
        if lowes
        else []
    )
    about = live[0].person if live else _person(scheme, "Ben Walsh")
    if (
        carer is None
        or about is None
        or lowes.status not in (HouseholdStatus.APPROVED, HouseholdStatus.PROBATION)
    ):
        return
    concern = services.concern_raise(
        by=coordinator,
        person_id=about.pk,
        categories=[AbuseCategory.PSYCHOLOGICAL],
        summary=f"After a tea visit {about.first_name} told his day centre worker that Jamie shouted at "
        "him and called him stupid when he spilt a drink, and that he is scared to go back.",
        about_carer_id=carer.pk,
        lead_id=manager.pk,
    )
    services.allegation_suspend(
        allegation_id=concern.allegation.pk,
        by=manager,
        message_to_carers="We have received a concern that we have to look into, as we do whenever one is "
        "raised. While we do, your approval is paused and nobody new will be matched with you. Your "
        "coordinator will call you to explain what happens next.",
    )
    for arrangement in live:
        services.safety_plan_record(
            allegation_id=concern.allegation.pk,
            arrangement_id=arrangement.pk,
            by=manager,
            decision=SafetyPlanDecision.COVER,
            detail=f"{arrangement.person.first_name}'s days are with another approved household until the "
            "enquiry ends; the coordinator rings him and his family every week.",
        )


def _complaints(scheme, users, *, manager, coordinator) -> None:
    today = timezone.localdate()
    # From the demo person, in the app (easy read); acknowledged.
    daniel = Person.objects.filter(user=users[PERSON]).first()
    if daniel is not None:
        own = services.complaint_make(
            by=users[PERSON],
            summary="My day support was cancelled two times and nobody told me. I waited in my coat.",
            wanted_outcome="Please ring me when it is cancelled.",
        )
        services.complaint_acknowledge(complaint_id=own.pk, by=coordinator)

    # A phone call from a family member, recorded by staff; answered by the manager.
    rose = _person(scheme, "Rose Hughes")
    call = services.complaint_make(
        by=coordinator,
        person_id=rose.pk if rose else None,
        scheme_id=scheme.pk,
        from_who=FeedbackFrom.FAMILY,
        channel=Channel.PHONE,
        complainant_name="Helen Hughes",
        complainant_contact="07700 900 412",
        received_on=today - timedelta(days=9),
        summary="Rose's short break was changed at two days' notice and the new carers had not been told "
        "about her diet.",
        wanted_outcome="An apology, and the support plan shared before every stay.",
    )
    services.complaint_acknowledge(complaint_id=call.pk, by=coordinator, on=today - timedelta(days=8))
    services.complaint_answer(
        complaint_id=call.pk,
        by=manager,
        outcome=ComplaintOutcome.UPHELD,
        response="We are sorry. The support plan was not sent to the new carers. From now on it goes to "
        "every household before a stay, and the coordinator checks it has arrived.",
        answered_on=today - timedelta(days=2),
    )

    # A compliment by letter, thanked for and closed.
    priya = Household.objects.filter(carers__user=users[CARER]).first()
    chloe = _person(scheme, "Chloe Edwards")
    thanks = services.complaint_make(
        by=coordinator,
        kind=FeedbackKind.COMPLIMENT,
        person_id=chloe.pk if chloe else None,
        household_id=priya.pk if priya and chloe and priya.scheme_id == chloe.scheme_id else None,
        scheme_id=scheme.pk,
        from_who=FeedbackFrom.FAMILY,
        channel=Channel.LETTER,
        complainant_name="Megan Edwards",
        received_on=today - timedelta(days=20),
        summary="Chloe's sister wrote to say how happy Chloe is with Priya and Sam: she has joined a choir "
        "and cooks Sunday lunch for the family.",
    )
    services.complaint_acknowledge(complaint_id=thanks.pk, by=coordinator, on=today - timedelta(days=19))
    services.complaint_close(complaint_id=thanks.pk, by=coordinator)
