"""Journey 2: both sides say yes twice. The carer is interested, the person says yes on the
easy-read pages, introductions are logged, the carer and the person's attorney agree, the
coordinator confirms, and the arrangement shows on every side's home page. Keyboard only."""

import re

import pytest
from django.utils import timezone

from arrangements.models import Arrangement

from .world import PASSWORD, codes_for, sent_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_both_sides_say_yes_and_the_arrangement_reaches_every_home_page(journey):
    world = sent_proposal()
    code = codes_for()

    # The carer reads Pat's matching profile and is interested.
    carer = journey.user("carer")
    carer.sign_in(world.carer.email, PASSWORD)
    carer.follow("Proposed to you", within="header")
    carer.follow("Pat")
    carer.sees("Meet Pat")
    carer.sees("Pat makes everyone laugh.")
    carer.does_not_see("Parker")
    carer.does_not_see("SECRET-RISK-DETAIL")
    carer.shot("carer-reads-profile")
    carer.submit("Yes, we are interested")
    carer.sees("your answer is sent")

    # Pat says yes on the easy-read pages, checking the answer before it is sent.
    person = journey.user("person")
    person.sign_in(world.person_user.email, PASSWORD)
    person.sees("Hello, Pat")
    assert_easy_read(person)
    person.shot("person-home")
    person.follow("People to meet", within="header")
    person.follow("Xena and Yan")
    person.sees("Xena and Yan")
    person.does_not_see("Xu")  # first names only: no surname, address or checks
    assert_easy_read(person)
    person.shot("person-reads-profile")
    person.follow("Yes, I want to meet them")
    person.sees("Check your answer")
    person.sees("Yes, I want to meet Xena and Yan")
    person.shot("person-checks-answer")
    person.submit("Yes, send my answer")
    person.sees("your answer is sent")
    person.shot("person-answer-sent")

    # The coordinator logs a tea visit, then records that Pat lacks capacity for where to live.
    coordinator = journey.user("coordinator")
    coordinator.sign_in(world.coordinator.email, PASSWORD, totp=code())
    coordinator.follow(re.compile(r"^Proposals$"), within="header")
    coordinator.follow(re.compile(r"Pat.*Xena and Yan Xu"))
    coordinator.sees("Introductions")
    coordinator.pick("Kind", "Tea visit")
    coordinator.type_date("Happened on", timezone.localdate())
    coordinator.type_into("Who took part", "Pat, Wendy, Xena and Yan")
    coordinator.type_into("How it went for the carers", "Lovely afternoon; Biscuit the dog was a hit.")
    coordinator.type_into("How it went for the person", "Pat laughed a lot and wants to go back.")
    coordinator.submit("Record introduction")
    coordinator.sees("Introduction recorded")
    coordinator.shot("introduction-recorded")
    proposal_path = coordinator.path
    coordinator.follow("Person's record")
    coordinator.follow("Record an assessment")
    coordinator.type_date("Date of the assessment", timezone.localdate())
    coordinator.type_into("Assessor", "Sam Lee, social worker")
    coordinator.choose("Lacks capacity for this decision")
    coordinator.type_into("Reasons and how", "Pat could not weigh up the move, even with pictures.")
    coordinator.submit("Save")
    coordinator.sees("Wendy Parker")

    # The carer agrees after the introductions.
    carer.open("/carer/proposals/")
    carer.follow("Pat")
    carer.sees("Tea visit")
    carer.submit("Yes, we agree")
    carer.sees("your answer is sent")

    # Pat's mum, who holds a health and welfare LPA, agrees for Pat.
    mum = journey.user("family-with-authority")
    mum.sign_in(world.family_authority.email, PASSWORD)
    mum.follow(re.compile(r"^Proposals$"), within="header")
    mum.follow("For Pat")
    mum.sees("Your decision for Pat")
    mum.shot("attorney-decides")
    mum.follow(re.compile(r"^Agree$"))
    mum.sees("Check your answer")
    mum.submit("Send this answer")
    mum.sees("your answer is sent")

    # The coordinator confirms; the arrangement is on every home page.
    coordinator.open(proposal_path)
    coordinator.sees("Confirm the arrangement")
    coordinator.submit("Confirm arrangement")
    coordinator.sees("Arrangement confirmed")
    coordinator.shot("arrangement-confirmed")
    assert Arrangement.objects.filter(proposal=world.proposal).count() == 1

    coordinator.follow("Dashboard", within="header")
    coordinator.sees("Patricia Parker")
    coordinator.shot("staff-dashboard")
    carer.follow(re.compile(r"^Home$"), within="header")
    carer.sees("Arrangements")
    carer.sees("Pat")
    carer.shot("carer-home")
    person.follow("My page", within="header")
    person.sees("Your Shared Lives")
    person.sees("Xena and Yan")
    person.shot("person-home-with-arrangement")
    mum.follow(re.compile(r"^Home$"), within="header")
    mum.sees("Xena and Yan")
    mum.shot("family-home")
    journey.assert_accessible()


def assert_easy_read(user):
    """The easy-read layout: large text and an initials picture."""
    page = user.page
    assert "easy-read" in (page.locator("body").get_attribute("class") or "")
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert size >= 21, f"Easy-read text should be large; it is {size}px on {user.path}"
    assert page.locator("main .avatar, main svg[aria-hidden=true]").count() >= 1, "no initials picture"
