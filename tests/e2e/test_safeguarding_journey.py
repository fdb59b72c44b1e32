"""Journey: a carer reports an incident from a phone 320 pixels wide; the manager turns it into a
safeguarding concern, records the referral to the council and that the regulator was notified; Pat
tells the scheme something is wrong in easy read, checking the answer before it is sent. Keyboard
only; axe on every page."""

import re

import pytest
from django.utils import timezone

from matching import services as matching_services
from safeguarding.models import Complaint, Concern, ConcernStatus, Incident, Notification

from .world import PASSWORD, codes_for, sent_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SMALL_PHONE = {"width": 320, "height": 640}
WHAT_HAPPENED = "Pat slipped on the wet path and said a neighbour had pushed her"
WRONG = "The taxi to my day centre is late every day"


def live_with_xena():
    """Pat lives with Xena and Yan: the proposal agreed by both sides and confirmed today."""
    world = sent_proposal(with_family=False)
    for side, by in (("carer", world.carer), ("person", world.person_user)):
        matching_services.proposal_respond(
            proposal_id=world.proposal.pk, side=side, answer="interested", by=by
        )
    for side, by in (("carer", world.carer), ("person", world.person_user)):
        matching_services.proposal_respond(proposal_id=world.proposal.pk, side=side, answer="agree", by=by)
    matching_services.proposal_confirm(
        proposal_id=world.proposal.pk, by=world.coordinator, start_date=timezone.localdate()
    )
    return world


def test_an_incident_becomes_a_concern_the_regulator_hears_of_and_pat_complains(journey):
    world = live_with_xena()

    # The carer, on a small phone, reports what happened.
    carer = journey.user("carer", viewport=SMALL_PHONE, is_mobile=True, has_touch=True)
    carer.sign_in(world.carer.email, PASSWORD)
    carer.follow("Report an incident", within="main")
    carer.sees("If someone is in danger now, call 999 first.")
    carer.choose("Accident or fall")
    carer.type_into("#id_location", "On the garden path at home")
    carer.pick("Who it was about", "Patricia Parker")
    carer.type_into("#id_what_happened", WHAT_HAPPENED)
    carer.choose("A minor injury")
    carer.type_into("#id_injuries", "A graze on her left knee")
    carer.choose("First aid")
    carer.type_into("#id_immediate_action", "Cleaned the graze and stayed with her")
    carer.tick(re.compile("I am worried someone is being harmed"), exact=False)
    assert carer.page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"], (
        "The report form scrolls sideways at 320 pixels"
    )
    carer.shot("carer-reports-on-a-small-phone")
    carer.submit("Send the report")
    incident = Incident.objects.get()
    assert incident.person_id == world.person.pk and incident.is_safeguarding_worry
    carer.sees(incident.reference)
    carer.shot("carer-sees-the-report-sent")

    # The manager reviews it and raises a concern from it.
    manager = journey.user("manager")
    manager.sign_in(world.manager.email, PASSWORD, totp=codes_for()())
    manager.follow("Safeguarding", within="header")
    manager.follow(incident.reference, within="main")
    manager.sees(WHAT_HAPPENED)
    manager.follow("Raise a safeguarding concern from this incident")
    assert manager.field("#id_summary").input_value() == WHAT_HAPPENED
    manager.tick("Physical")
    manager.pick("Who should lead on it", "Morgan Manager")
    manager.submit("Raise the concern")
    concern = Concern.objects.get()
    assert concern.source_incident_id == incident.pk
    manager.sees(f"Concern {concern.reference} raised.")

    # The referral to the council.
    today = timezone.localdate()
    manager.type_date("Referred to the council on", today)
    manager.type_into("The council's reference", "NS-ASC-4471")
    manager.type_into("Named contact at the council's safeguarding team", "Sam Singh, adult safeguarding")
    manager.submit("Record the referral")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.REFERRED and concern.council_reference == "NS-ASC-4471"
    manager.sees("NS-ASC-4471")
    manager.shot("manager-records-the-referral")

    # The regulator: a notification of abuse is due; the manager sends it and records that.
    notification = Notification.objects.get(sent_at__isnull=True)
    manager.follow(notification.get_trigger_display(), within="main")
    manager.sees("Due without delay")
    manager.pick("How it was sent", "The regulator's online form")
    manager.type_into("The regulator's reference", "CQC-000123")
    manager.shot("manager-records-the-notification")
    manager.submit("Record it as sent")
    notification.refresh_from_db()
    assert notification.sent_at and notification.regulator_reference == "CQC-000123"
    manager.sees("the regulator's reference is CQC-000123")

    # Pat, on their own, tells the scheme something is wrong: first a check of the answer.
    person = journey.user("person")
    person.sign_in(world.person_user.email, PASSWORD)
    person.follow("Tell us something is wrong", within="main")
    person.type_into("What is wrong?", "The taxi is late")
    person.submit("Next")
    person.sees("Is this right?")
    person.sees("The taxi is late")
    person.follow("No, change it")
    assert person.field("What is wrong?").input_value() == "The taxi is late"
    person.type_into("What is wrong?", WRONG)
    person.type_into("What would make it better?", "A taxi that comes on time")
    person.submit("Next")
    person.sees(WRONG)
    assert not Complaint.objects.exists()
    person.shot("person-checks-their-answer")
    person.submit("Yes, send it")
    complaint = Complaint.objects.get()
    assert complaint.summary == WRONG and complaint.person_id == world.person.pk
    person.shot("person-sent-it")

    journey.assert_accessible()
