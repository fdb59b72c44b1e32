"""No arrangement without two yeses, twice, from people who may give them."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from arrangements.models import Arrangement
from matching import services
from matching.models import MatchProposal, ProposalStatus, Response
from people.models import ReferralStatus
from sharedlives.errors import DomainError
from tests.people.factories import PersonFactory, ReferralFactory

from .conftest import answer, to_agreed, to_introductions

START = date(2030, 1, 1)


def test_sending_a_draft_sets_the_carer_deadline_from_scheme_settings(draft, coordinator_a):
    proposal = services.proposal_send(proposal_id=draft.pk, by=coordinator_a, today=date(2030, 1, 1))
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.carer_deadline == date(2030, 1, 8)


def test_one_interested_side_is_not_enough_for_introductions(proposal, carer_user):
    answer(proposal, "carer", "interested", carer_user)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_both_sides_interested_moves_to_introductions(proposal, carer_user, person_user):
    assert (
        to_introductions(proposal, carer=carer_user, person=person_user).status
        == ProposalStatus.INTRODUCTIONS
    )


def test_agreeing_before_introductions_is_refused(proposal, carer_user):
    with pytest.raises(DomainError, match="Agreeing comes after"):
        answer(proposal, "carer", "agree", carer_user)
    assert not Response.objects.exists()


def test_one_agreement_is_not_enough(proposal, carer_user, person_user):
    to_introductions(proposal, carer=carer_user, person=person_user)
    answer(proposal, "carer", "agree", carer_user)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTRODUCTIONS
    with pytest.raises(DomainError, match="both sides to agree"):
        services.proposal_confirm(proposal_id=proposal.pk, by=proposal.created_by, start_date=START)
    assert not Arrangement.objects.exists()


def test_both_agree_then_staff_confirm_creates_one_arrangement(
    proposal, carer_user, person_user, coordinator_a
):
    to_agreed(proposal, carer=carer_user, person=person_user)
    assert proposal.status == ProposalStatus.AGREED
    arrangement = services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    assert (arrangement.person, arrangement.household, arrangement.start_date) == (
        proposal.person,
        proposal.household,
        START,
    )
    assert proposal.referral.__class__.objects.get(pk=proposal.referral_id).status == ReferralStatus.MATCHED
    with pytest.raises(DomainError, match="already confirmed"):
        services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)
    assert Arrangement.objects.count() == 1


def test_the_database_allows_one_arrangement_per_proposal(proposal, carer_user, person_user, coordinator_a):
    to_agreed(proposal, carer=carer_user, person=person_user)
    arrangement = services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        Arrangement.objects.create(
            scheme=arrangement.scheme,
            proposal=proposal,
            person=arrangement.person,
            household=arrangement.household,
            support_type=arrangement.support_type,
            start_date=START,
            created_by=coordinator_a,
        )


def test_no_arrangement_without_agreed_even_when_answers_are_forged(
    proposal, carer_user, person_user, coordinator_a
):
    to_introductions(proposal, carer=carer_user, person=person_user)
    MatchProposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.AGREED)  # a tampered status
    with pytest.raises(DomainError, match="both sides to agree"):
        services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)
    assert not Arrangement.objects.exists()


def test_not_interested_ends_the_proposal_and_keeps_the_reason_for_staff(proposal, carer_user):
    answer(proposal, "carer", "not_interested", carer_user, note="We have a new baby")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert "new baby" in proposal.transitions.first().reason


def test_answers_are_rows_that_cannot_be_changed(proposal, carer_user):
    response = answer(proposal, "carer", "interested", carer_user)
    with pytest.raises(Exception, match="append_only|Cannot update"), transaction.atomic():
        Response.objects.filter(pk=response.pk).update(answer="not_interested")
    with pytest.raises(Exception, match="append_only|Cannot delete"), transaction.atomic():
        Response.objects.filter(pk=response.pk).delete()


def test_representative_without_authority_cannot_decide_even_by_posting_by_hand(
    proposal, client_family_without_authority, family_without_authority, p_lacks_capacity
):
    url = reverse("matching:family_check_answer", args=[proposal.pk, "interested"])
    response = client_family_without_authority.post(url)
    assert response.status_code == 302
    assert not Response.objects.filter(side="person").exists()
    page = client_family_without_authority.get(response.url).content.decode()
    assert "cannot make the decision" in page


def test_representative_with_authority_decides_when_the_person_lacks_capacity(
    proposal, family_with_authority, p_lacks_capacity
):
    response = answer(proposal, "person", "interested", family_with_authority)
    assert response.basis == "attorney" and response.representative.user == family_with_authority


def test_person_assessed_as_lacking_capacity_cannot_decide_for_themselves(
    proposal, person_user, p_lacks_capacity
):
    with pytest.raises(DomainError, match="capacity assessment"):
        answer(proposal, "person", "interested", person_user)
    assert not Response.objects.exists()


def test_person_with_capacity_presumed_decides_and_family_with_authority_cannot_override(
    proposal, person_user, family_with_authority
):
    answer(proposal, "person", "interested", person_user)
    with pytest.raises(DomainError, match="give your views"):
        answer(proposal, "person", "not_interested", family_with_authority)


def test_staff_best_interests_decision_must_name_who_was_consulted(proposal, coordinator_a, p_lacks_capacity):
    with pytest.raises(DomainError, match="who was consulted"):
        answer(proposal, "person", "interested", coordinator_a, channel="in_person")
    response = answer(
        proposal, "person", "interested", coordinator_a, channel="in_person", consulted="Mum, social worker"
    )
    assert response.basis == "best_interests"


def test_staff_record_answers_only_with_a_channel_and_never_for_another_scheme(
    proposal, coordinator_a, coordinator_b
):
    with pytest.raises(DomainError, match="in person, by phone or by letter"):
        answer(proposal, "carer", "interested", coordinator_a)
    assert answer(proposal, "carer", "interested", coordinator_a, channel="phone").channel == "phone"
    with pytest.raises(DomainError):
        answer(proposal, "carer", "interested", coordinator_b, channel="phone")


def test_another_carer_cannot_answer_for_the_household(proposal, carer_y_user, household_y):
    with pytest.raises(DomainError, match="your household"):
        answer(proposal, "carer", "interested", carer_y_user)


def test_a_yes_can_be_withdrawn_until_the_arrangement_starts(
    proposal, carer_user, person_user, coordinator_a
):
    to_agreed(proposal, carer=carer_user, person=person_user)
    arrangement = services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)
    answer(proposal, "person", "withdraw", person_user)
    proposal.refresh_from_db()
    arrangement.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED and arrangement.status == "ended"


def test_a_yes_cannot_be_withdrawn_after_the_start(proposal, carer_user, person_user, coordinator_a):
    to_agreed(proposal, carer=carer_user, person=person_user)
    services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=timezone.localdate())
    with pytest.raises(DomainError, match="has started"):
        answer(proposal, "carer", "withdraw", carer_user)


def test_withdrawing_in_introductions_declines(proposal, carer_user, person_user):
    to_introductions(proposal, carer=carer_user, person=person_user)
    with pytest.raises(DomainError, match="no yes"):
        answer(proposal, "carer", "withdraw", carer_user)  # no yes in the agreement round yet
    answer(proposal, "carer", "agree", carer_user)
    answer(proposal, "carer", "withdraw", carer_user)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED


def test_confirm_refuses_when_the_household_has_no_free_place(
    proposal, carer_user, person_user, coordinator_a
):
    household = proposal.household
    household.current_terms.max_people = 1
    household.current_terms.save()
    to_agreed(proposal, carer=carer_user, person=person_user)
    someone = PersonFactory(scheme=proposal.scheme)
    other_referral = ReferralFactory(person=someone, status=ReferralStatus.MATCHING)
    other = services.proposal_create(
        referral_id=other_referral.pk, household_id=household.pk, by=coordinator_a
    )
    Arrangement.objects.create(
        scheme=proposal.scheme,
        proposal=other,
        person=someone,
        household=household,
        support_type="long_term",
        start_date=START - timedelta(days=10),
        created_by=coordinator_a,
    )
    with pytest.raises(DomainError, match="no free place"):
        services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)
    assert Arrangement.objects.count() == 1


def test_emails_go_to_both_sides_and_never_carry_reasons(
    draft,
    coordinator_a,
    carer_user,
    person_user,
    family_without_authority,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_send(proposal_id=draft.pk, by=coordinator_a)
    recipients = {m.to[0] for m in mail.outbox}
    assert {carer_user.email, person_user.email, family_without_authority.email} <= recipients
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(draft, "carer", "not_interested", carer_user, note="SECRET-DECLINE-REASON")
    assert mail.outbox and all("SECRET-DECLINE-REASON" not in m.body for m in mail.outbox)
    assert all("not going ahead" in m.body for m in mail.outbox)


def test_lapse_command_lapses_overdue_proposals_once(proposal, capsys):
    from django.core.management import call_command

    MatchProposal.objects.filter(pk=proposal.pk).update(
        carer_deadline=timezone.localdate() - timedelta(days=1)
    )
    call_command("lapse_proposals")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.LAPSED
    call_command("lapse_proposals")
    assert proposal.transitions.filter(to_status="lapsed").count() == 1
    assert "0 proposals lapsed" in capsys.readouterr().out


def test_lapse_leaves_answered_and_in_time_proposals(proposal, carer_user):
    answer(proposal, "carer", "interested", carer_user)
    MatchProposal.objects.filter(pk=proposal.pk).update(
        carer_deadline=timezone.localdate() - timedelta(days=1)
    )
    assert services.proposals_lapse() == 0
