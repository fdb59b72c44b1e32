"""Referral lifecycle: received -> screening -> assessment -> matching -> matched, or closed with a reason."""

import pytest
from django.urls import reverse

from people import services
from people.models import ClosedReason, Referral, ReferralTransition
from people.services import REFERRAL_TRANSITIONS, PeopleError
from sharedlives.choices import SupportType

from .factories import ReferralFactory

S = Referral.Status

ALLOWED = [(from_, to) for from_, targets in REFERRAL_TRANSITIONS.items() for to in targets]
FORBIDDEN = [(from_, to) for from_ in S for to in S if to != S.RECEIVED and (from_, to) not in ALLOWED]


def _referral_in(status, person):
    reason = ClosedReason.WITHDRAWN if status == S.CLOSED else ""
    return ReferralFactory(person=person, status=status, closed_reason=reason)


def _move(referral, to, by):
    if to == S.CLOSED:
        return services.referral_close(referral_id=referral.pk, reason=ClosedReason.NO_CARER_FOUND, by=by)
    return services.REFERRAL_MOVES[to](referral_id=referral.pk, by=by)


def test_the_lifecycle_is_the_one_in_the_design():
    assert sorted(ALLOWED) == sorted(
        [
            (S.RECEIVED, S.SCREENING),
            (S.SCREENING, S.ASSESSMENT),
            (S.ASSESSMENT, S.MATCHING),
            (S.MATCHING, S.MATCHED),
            (S.RECEIVED, S.CLOSED),
            (S.SCREENING, S.CLOSED),
            (S.ASSESSMENT, S.CLOSED),
            (S.MATCHING, S.CLOSED),
        ]
    )


@pytest.mark.parametrize(("from_", "to"), ALLOWED)
def test_each_allowed_transition_changes_the_status_and_writes_a_transition_row(
    person_p, coordinator_a, from_, to
):
    referral = _referral_in(from_, person_p)
    _move(referral, to, coordinator_a)
    referral.refresh_from_db()
    assert referral.status == to
    assert referral.closed_reason == (ClosedReason.NO_CARER_FOUND if to == S.CLOSED else "")
    transition = ReferralTransition.objects.get(referral=referral)
    assert (transition.from_status, transition.to_status, transition.by) == (from_, to, coordinator_a)


@pytest.mark.parametrize(("from_", "to"), FORBIDDEN)
def test_each_forbidden_transition_is_refused_with_a_readable_message_and_changes_nothing(
    person_p, coordinator_a, from_, to
):
    referral = _referral_in(from_, person_p)
    with pytest.raises(PeopleError) as refused:
        _move(referral, to, coordinator_a)
    message = str(refused.value)
    assert message.startswith(("A referral in", "This referral is"))
    assert "_" not in message  # labels, not codes
    referral.refresh_from_db()
    assert referral.status == from_
    assert not ReferralTransition.objects.filter(referral=referral).exists()


def test_a_new_referral_starts_received_with_its_first_transition(person_p, coordinator_a):
    referral = services.referral_create(
        person_id=person_p.pk,
        by=coordinator_a,
        support_type=SupportType.SHORT_BREAK,
        reasons="Family carers need a rest.",
        referrer_name="Sam Lee",
    )
    assert referral.status == S.RECEIVED
    assert list(referral.transitions.values_list("from_status", "to_status")) == [("", S.RECEIVED)]


def test_a_person_may_have_several_referrals_but_one_open_per_kind_of_support(person_p, coordinator_a):
    ReferralFactory(
        person=person_p,
        support_type=SupportType.LONG_TERM,
        status=S.CLOSED,
        closed_reason=ClosedReason.NO_CARER_FOUND,
    )
    ReferralFactory(person=person_p, support_type=SupportType.LONG_TERM)
    ReferralFactory(person=person_p, support_type=SupportType.DAY_SUPPORT)
    with pytest.raises(PeopleError, match="already has an open referral for long-term"):
        services.referral_create(
            person_id=person_p.pk,
            by=coordinator_a,
            support_type=SupportType.LONG_TERM,
            reasons="x",
            referrer_name="y",
        )
    assert person_p.referrals.count() == 3


def test_staff_of_another_scheme_cannot_move_a_referral_even_through_the_service(person_p, coordinator_b):
    referral = _referral_in(S.RECEIVED, person_p)
    with pytest.raises(PeopleError, match="scheme you work in"):
        services.referral_start_screening(referral_id=referral.pk, by=coordinator_b)


def test_a_closed_referral_cannot_be_edited(person_p, coordinator_a):
    referral = _referral_in(S.CLOSED, person_p)
    with pytest.raises(PeopleError, match="closed and can no longer change"):
        services.referral_update(referral_id=referral.pk, by=coordinator_a, reasons="new")


def test_the_database_refuses_a_closed_referral_without_a_reason(person_p):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ReferralFactory(person=person_p, status=S.CLOSED, closed_reason="")


class TestReferralPages:
    def test_coordinator_moves_a_referral_on_with_a_button(self, client_coordinator_a, person_p):
        referral = _referral_in(S.RECEIVED, person_p)
        response = client_coordinator_a.post(
            reverse("people:referral_move", args=[referral.pk]), {"to": "screening"}
        )
        assert response.status_code == 302 and response.url == referral.get_absolute_url()
        referral.refresh_from_db()
        assert referral.status == S.SCREENING

    def test_a_forbidden_move_shows_the_reason_on_the_person_page(self, client_coordinator_a, person_p):
        referral = _referral_in(S.RECEIVED, person_p)
        response = client_coordinator_a.post(
            reverse("people:referral_move", args=[referral.pk]), {"to": "matched"}, follow=True
        )
        assert "A referral in received cannot move to matched" in response.content.decode()
        referral.refresh_from_db()
        assert referral.status == S.RECEIVED

    def test_moving_a_referral_needs_a_post(self, client_coordinator_a, person_p):
        referral = _referral_in(S.RECEIVED, person_p)
        assert (
            client_coordinator_a.get(reverse("people:referral_move", args=[referral.pk])).status_code == 405
        )

    def test_coordinator_closes_a_referral_with_a_reason(self, client_coordinator_a, person_p):
        referral = _referral_in(S.MATCHING, person_p)
        url = reverse("people:referral_close", args=[referral.pk])
        assert client_coordinator_a.get(url).status_code == 200
        response = client_coordinator_a.post(url, {"reason": "withdrawn", "note": "Moved away"})
        assert response.status_code == 302
        referral.refresh_from_db()
        assert (referral.status, referral.closed_reason) == (S.CLOSED, ClosedReason.WITHDRAWN)
        assert referral.transitions.get().reason == "Moved away"

    def test_staff_of_another_scheme_get_404_on_referral_pages(self, client_coordinator_b, person_p):
        referral = _referral_in(S.RECEIVED, person_p)
        for name in ["referral_edit", "referral_close", "referral_move"]:
            response = client_coordinator_b.post(
                reverse(f"people:{name}", args=[referral.pk]), {"to": "screening"}
            )
            assert response.status_code == 404, name
        referral.refresh_from_db()
        assert referral.status == S.RECEIVED

    def test_the_queue_counts_referrals_by_status_and_lists_open_ones_longest_waiting_first(
        self, client_coordinator_a, person_p, person_q, scheme_b
    ):
        from datetime import timedelta

        from django.utils import timezone

        from .factories import PersonFactory

        today = timezone.localdate()
        ReferralFactory(person=person_p, received_on=today - timedelta(days=3))
        ReferralFactory(person=person_q, received_on=today - timedelta(days=40), status=S.MATCHING)
        ReferralFactory(
            person=person_q,
            support_type=SupportType.DAY_SUPPORT,
            status=S.CLOSED,
            closed_reason=ClosedReason.UNSUITABLE,
        )
        ReferralFactory(person=PersonFactory(scheme=scheme_b, last_name="Elsewhere"))
        response = client_coordinator_a.get(reverse("people:referral_queue"))
        counts = {c["status"]: c["count"] for c in response.context["counts"]}
        assert counts == {
            "received": 1,
            "screening": 0,
            "assessment": 0,
            "matching": 1,
            "matched": 0,
            "closed": 1,
        }
        listed = [r.person for r in response.context["page"].object_list]
        assert listed == [person_q, person_p]
        assert b"Elsewhere" not in response.content

        closed = client_coordinator_a.get(reverse("people:referral_queue"), {"status": "closed"})
        assert [r.status for r in closed.context["page"].object_list] == [S.CLOSED]
