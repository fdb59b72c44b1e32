"""Journey 1: a coordinator registers a carer household, takes it through panel to approval,
adds a person and their referral, ranks the carers and proposes a match. Keyboard only."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import MatchProposal, ProposalStatus

from .world import PASSWORD, codes_for, scheme_with_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHECKS = [
    ("Enhanced DBS check", "Xena"),
    ("Reference (first referee)", "Xena"),
    ("Reference (second referee)", "Xena"),
    ("GP / medical report", "Xena"),
    ("Safeguarding training", "Xena"),
    ("Home health and safety check", None),
    ("Insurance", None),
]


def test_coordinator_registers_a_carer_and_proposes_a_match(journey):
    world = scheme_with_staff()
    today = timezone.localdate()
    coordinator = journey.user("coordinator")
    coordinator.sign_in(world.coordinator.email, PASSWORD, totp=codes_for()())
    coordinator.sees("Dashboard")
    coordinator.shot("dashboard")

    # A new household at enquiry.
    coordinator.follow(re.compile(r"^Carers$"), within="header")
    coordinator.follow("New household")
    coordinator.type_into("Household name", "Xena and Yan Xu")
    coordinator.type_into("Carer's first name", "Xena")
    coordinator.type_into("Carer's last name", "Xu")
    coordinator.type_into("Carer's email address", "xena@example.test")
    coordinator.type_into("Postcode", "NS1 4AB")
    coordinator.shot("new-household-form")
    coordinator.submit("Add household")
    coordinator.sees("Xena and Yan Xu")
    coordinator.shot("household-added")

    # The checks needed for matching.
    coordinator.follow("Checks and training", within="main")
    for check, carer in CHECKS:
        coordinator.follow("Record a check or course")
        coordinator.pick("Check or course", check)
        if carer:
            coordinator.pick("Carer", "Xena Xu")
        coordinator.type_date("Date done", today - timedelta(days=3))
        coordinator.type_into("Evidence seen", f"{check}: seen and copied")
        coordinator.submit(re.compile(r"^Record$"))
        coordinator.sees(f"{check} recorded")
    coordinator.shot("checks-recorded")

    # Enquiry -> initial visit -> assessment -> ready for panel.
    coordinator.follow(re.compile(r"^Status$"), within="main")
    for status in ("Initial visit", "Assessment", "Ready for panel"):
        coordinator.pick("New status", status)
        coordinator.type_into("Reason", f"{status}: done and written up.")
        coordinator.submit("Change status")
        coordinator.sees(status)
    coordinator.shot("ready-for-panel")
    household_path = coordinator.path

    # The manager records the panel's approval.
    manager = journey.user("manager")
    manager.sign_in(world.manager.email, PASSWORD, totp=codes_for()())
    manager.open(household_path)
    manager.follow("Approval terms", within="main")
    manager.follow("Record a panel decision")
    manager.type_date("Date of decision", today)
    manager.pick("#id_decision", "Recommend approval")
    manager.pick("Most people at once", "2")
    manager.tick("Long-term (live-in)")
    manager.tick("Learning disability")
    manager.type_into("Minutes", "Panel met; unanimous recommendation to approve.")
    manager.shot("panel-decision-form")
    manager.submit("Record decision")
    manager.sees("Panel decision recorded")
    manager.shot("approved")

    # A person, their referral, and the ranked candidates.
    coordinator.follow(re.compile(r"^People$"), within="header")
    coordinator.follow("Add a person")
    coordinator.type_into("First name", "Patricia")
    coordinator.type_into("Last name", "Parker")
    coordinator.type_into("Preferred name", "Pat")
    coordinator.type_date("Date of birth", today.replace(year=today.year - 30, day=1))
    coordinator.shot("new-person-form")
    coordinator.submit("Add person")
    coordinator.sees("Patricia Parker is added")
    coordinator.follow("New referral")
    coordinator.pick("Support wanted", "Long-term (live-in)")
    coordinator.tick("Learning disability")
    coordinator.type_date("Wanted from", today + timedelta(days=60))
    coordinator.type_into(
        "Reasons for the referral", "Pat wants a home of her own with people who enjoy her company."
    )
    coordinator.type_into("Referrer name", "Sam Lee")
    coordinator.submit("Save")
    coordinator.sees("Referral recorded")
    for status in ("screening", "assessment", "matching"):
        coordinator.submit(f"Move to {status}")
        coordinator.sees(f"Referral moved to {status}")
    coordinator.follow("Find carers")
    coordinator.sees("Xena and Yan Xu")
    coordinator.shot("candidates")
    coordinator.submit("Propose Xena and Yan Xu")
    coordinator.sees("Draft proposal of Xena and Yan Xu created")
    coordinator.shot("draft-proposal")
    coordinator.submit(re.compile(r"^Send"))
    coordinator.sees("Proposal sent")
    coordinator.shot("proposal-sent")

    proposal = MatchProposal.objects.get(person__first_name="Patricia", household__name="Xena and Yan Xu")
    assert proposal.status == ProposalStatus.PROPOSED
    journey.assert_accessible()
