"""Journey 4: the carer household declines. The person's side sees "not going ahead" and never
the reason, which is for staff. Keyboard only."""

import re

import pytest

from matching.models import ProposalStatus

from .world import PASSWORD, codes_for, sent_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REASON = "We are moving house next spring"


def test_carer_declines_and_the_person_side_sees_no_reason(journey):
    world = sent_proposal()
    carer = journey.user("carer")
    carer.sign_in(world.carer.email, PASSWORD)
    carer.follow("Pat", within="main")
    carer.type_into("Anything the coordinator should know", REASON)
    carer.shot("carer-declines")
    carer.submit("No, not for us")
    carer.sees("This proposal is not going ahead")
    carer.shot("carer-declined")
    world.proposal.refresh_from_db()
    assert world.proposal.status == ProposalStatus.DECLINED

    person = journey.user("person")
    person.sign_in(world.person_user.email, PASSWORD)
    person.follow("People to meet", within="header")
    person.sees("Not going ahead")
    person.follow("Xena and Yan")
    person.sees("This is not going ahead.")
    person.does_not_see(REASON)
    person.does_not_see("moving house")
    assert person.page.get_by_role("link", name=re.compile("^Yes")).count() == 0
    person.shot("person-sees-not-going-ahead")

    mum = journey.user("family")
    mum.sign_in(world.family_authority.email, PASSWORD)
    mum.follow(re.compile(r"^Proposals$"), within="header")
    mum.follow("For Pat")
    mum.sees("This proposal is not going ahead.")
    mum.does_not_see(REASON)
    mum.shot("family-sees-not-going-ahead")

    # Staff see the reason.
    coordinator = journey.user("coordinator")
    coordinator.sign_in(world.coordinator.email, PASSWORD, totp=codes_for()())
    coordinator.open(f"/proposals/{world.proposal.pk}/")
    coordinator.sees(REASON)
    journey.assert_accessible()
