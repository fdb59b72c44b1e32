"""Every change says what happened and what happens next."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from people.choices import ReferralStatus
from tests.people.factories import ReferralFactory


def _said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_moving_a_referral_on_says_what_to_do_next(client_coordinator_a, person_p):
    referral = ReferralFactory(
        person=person_p, status=ReferralStatus.ASSESSMENT, wanted_from=date(2030, 1, 1)
    )
    response = client_coordinator_a.post(
        reverse("people:referral_move", args=[referral.pk]), {"to": "matching"}
    )
    assert "Referral moved to matching. Next, rank the candidate households" in _said(response)


def test_a_household_status_change_says_what_happens_next(client_coordinator_a, household_a):
    response = client_coordinator_a.post(
        reverse("carers:household_transitions", args=[household_a.pk]),
        {"to_status": "initial_visit", "reason": "Phoned back"},
    )
    assert response.status_code == 302
    assert "is now initial visit. Next, visit the household" in _said(response)


@pytest.mark.parametrize("answer", ["interested", "not_interested"])
def test_a_carer_answer_says_whether_anything_more_will_happen(client_carer, proposal, answer):
    response = client_carer.post(reverse("matching:carer_proposal", args=[proposal.pk]), {"answer": answer})
    said = _said(response)
    assert "your answer is sent" in said
    assert ("We will tell you" in said) == (answer == "interested")
