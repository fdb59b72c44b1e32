"""Agreements: printable pages for everyone an arrangement concerns; staff record issue and signing."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from arrangements import services as arrangement_services
from arrangements.models import Agreement, ArrangementStatus
from matching import services
from people.models import ReferralStatus
from sharedlives.audit.models import AccessLog
from sharedlives.choices import SupportType
from sharedlives.errors import DomainError
from tests.people.factories import ReferralFactory

from .conftest import to_agreed
from .factories import payment_band

START = date(2030, 1, 1)
TODAY = date(2024, 6, 1)


@pytest.fixture
def long_term(proposal, carer_user, person_user, coordinator_a, scheme_a):
    """P's live-in arrangement with carer X, confirmed after both said yes, with a band and funder."""
    to_agreed(proposal, carer=carer_user, person=person_user)
    arrangement = services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)
    band = payment_band(scheme_a, "Long-term standard", "week", "420.00", uplift="10", board="95.00")
    return arrangement_services.arrangement_update(
        arrangement_id=arrangement.pk,
        by=coordinator_a,
        funder="council",
        funding_reference="NCC-ASC-00042",
        payment_band=band,
    )


@pytest.fixture
def short_break(person_p, household_x, carer_user, person_user, coordinator_a):
    referral = ReferralFactory(
        person=person_p, status=ReferralStatus.MATCHING, support_type=SupportType.SHORT_BREAK
    )
    proposal = services.proposal_create(
        referral_id=referral.pk, household_id=household_x.pk, by=coordinator_a
    )
    services.proposal_send(proposal_id=proposal.pk, by=coordinator_a)
    to_agreed(proposal, carer=carer_user, person=person_user)
    return services.proposal_confirm(proposal_id=proposal.pk, by=coordinator_a, start_date=START)


def url(arrangement, kind="arrangement", action=""):
    name = f"arrangements:agreement_{action}" if action else "arrangements:agreement"
    return reverse(name, args=[arrangement.pk, kind])


def issue(arrangement, by, on=TODAY, kind="arrangement"):
    return arrangement_services.agreement_issue(arrangement_id=arrangement.pk, kind=kind, by=by, issued_on=on)


def sign(arrangement, by, on=TODAY, kind="arrangement"):
    return arrangement_services.agreement_sign(arrangement_id=arrangement.pk, kind=kind, by=by, signed_on=on)


# --- The rules -----------------------------------------------------------------------------------
def test_issue_then_sign_records_both_dates(long_term, coordinator_a):
    issue(long_term, coordinator_a, on=date(2024, 5, 20))
    agreement = sign(long_term, coordinator_a, on=date(2024, 5, 27))
    assert (agreement.issued_on, agreement.signed_on, agreement.recorded_by) == (
        date(2024, 5, 20),
        date(2024, 5, 27),
        coordinator_a,
    )


def test_signing_before_issue_is_refused(long_term, coordinator_a):
    with pytest.raises(DomainError, match="issued before recording that it was signed"):
        sign(long_term, coordinator_a)
    assert not Agreement.objects.exists()


def test_signing_before_the_issue_date_is_refused(long_term, coordinator_a):
    issue(long_term, coordinator_a, on=date(2024, 5, 20))
    with pytest.raises(DomainError, match="cannot have been signed before it was issued on 20 May 2024"):
        sign(long_term, coordinator_a, on=date(2024, 5, 19))
    assert Agreement.objects.get().signed_on is None


def test_signing_on_the_issue_day_is_allowed(long_term, coordinator_a):
    issue(long_term, coordinator_a, on=date(2024, 5, 20))
    assert sign(long_term, coordinator_a, on=date(2024, 5, 20)).signed_on == date(2024, 5, 20)


def test_a_signed_agreement_is_not_signed_or_issued_again(long_term, coordinator_a):
    issue(long_term, coordinator_a, on=date(2024, 5, 20))
    sign(long_term, coordinator_a, on=date(2024, 5, 21))
    with pytest.raises(DomainError, match="already recorded as signed on 21 May 2024"):
        sign(long_term, coordinator_a, on=date(2024, 5, 22))
    with pytest.raises(DomainError, match="signed on 21 May 2024; it cannot be issued again"):
        issue(long_term, coordinator_a, on=date(2024, 5, 22))
    assert Agreement.objects.values_list("issued_on", "signed_on").get() == (
        date(2024, 5, 20),
        date(2024, 5, 21),
    )


def test_issuing_again_before_signing_moves_the_date_and_keeps_one_row(long_term, coordinator_a):
    issue(long_term, coordinator_a, on=date(2024, 5, 20))
    issue(long_term, coordinator_a, on=date(2024, 5, 25))
    assert Agreement.objects.values_list("issued_on", flat=True).get() == date(2024, 5, 25)


def test_dates_in_the_future_are_refused(long_term, coordinator_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="issue date cannot be in the future"):
        issue(long_term, coordinator_a, on=tomorrow)
    issue(long_term, coordinator_a)
    with pytest.raises(DomainError, match="signing date cannot be in the future"):
        sign(long_term, coordinator_a, on=tomorrow)


def test_a_licence_is_only_for_long_term_arrangements(short_break, long_term, coordinator_a):
    with pytest.raises(DomainError, match="only for long-term"):
        issue(short_break, coordinator_a, kind="licence")
    assert issue(long_term, coordinator_a, kind="licence").kind == "licence"
    assert issue(long_term, coordinator_a, kind="licence_easy_read").kind == "licence_easy_read"
    assert issue(short_break, coordinator_a).kind == "arrangement"


def test_no_agreement_is_issued_for_an_ended_arrangement(long_term, coordinator_a):
    arrangement_services.arrangement_end(
        arrangement_id=long_term.pk, by=coordinator_a, end_reason="persons_choice"
    )
    with pytest.raises(DomainError, match="has ended"):
        issue(long_term, coordinator_a)


def test_only_staff_of_the_scheme_record_agreements(long_term, coordinator_b, carer_user):
    for someone in (coordinator_b, carer_user):
        with pytest.raises(DomainError, match="Only staff of this scheme"):
            issue(long_term, someone)
    assert not Agreement.objects.exists()


def test_the_database_refuses_a_signature_before_the_issue(long_term, coordinator_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            arrangement=long_term,
            kind="arrangement",
            issued_on=date(2024, 5, 20),
            signed_on=date(2024, 5, 19),
            recorded_by=coordinator_a,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            arrangement=long_term, kind="arrangement", signed_on=date(2024, 5, 19), recorded_by=coordinator_a
        )


def test_the_database_holds_one_agreement_of_each_kind(long_term, coordinator_a):
    issue(long_term, coordinator_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(arrangement=long_term, kind="arrangement", recorded_by=coordinator_a)


# --- The pages -----------------------------------------------------------------------------------
def test_staff_see_the_arrangement_agreement_with_parties_band_and_funder(client_coordinator_a, long_term):
    response = client_coordinator_a.get(url(long_term))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Shared Lives arrangement agreement",
        "Patricia Parker",
        "Xena Xu",
        "Scheme A Shared Lives",
        "Long-term (live-in)",
        "1 January 2030",
        "Long-term standard: £420.00 per week",
        "Council (reference NCC-ASC-00042)",
        "Signatures",
        "Not issued yet.",
        url(long_term, action="issue"),
    ):
        assert text in page, text
    assert url(long_term, action="sign") not in page  # nothing to sign until it is issued
    assert "css/print.css" in page and 'media="print"' in page
    assert f'nonce="{response.wsgi_request.csp_nonce}"' in page


def test_staff_see_the_licence_and_its_easy_read_version(client_coordinator_a, long_term):
    licence = client_coordinator_a.get(url(long_term, "licence")).content.decode()
    assert "Licence agreement" in licence and "not a tenancy" in licence and "£95.00 a week" in licence
    assert (
        "The carer knocks and waits" in licence
    )  # one carer here; a joint approval reads "the carers knock"
    easy = client_coordinator_a.get(url(long_term, "licence_easy_read")).content.decode()
    assert 'class="easy-read agreement-page"' in easy
    assert "You pay £95.00 each week." in easy and "Living with Xena" in easy


def test_a_short_break_has_no_licence_page(client_coordinator_a, short_break):
    assert client_coordinator_a.get(url(short_break)).status_code == 200
    assert client_coordinator_a.get(url(short_break, "licence")).status_code == 404
    assert client_coordinator_a.get(url(short_break, "licence_easy_read")).status_code == 404
    assert client_coordinator_a.get(url(short_break, "nonsense")).status_code == 404


def test_staff_record_issue_and_signing_through_the_page(client_coordinator_a, long_term):
    response = client_coordinator_a.post(url(long_term, action="issue"), {"on": "2024-05-20"})
    assert response.status_code == 302 and response.url == url(long_term)
    page = client_coordinator_a.get(url(long_term)).content.decode()
    assert "Issued on 20 May 2024." in page and url(long_term, action="sign") in page

    client_coordinator_a.post(url(long_term, action="sign"), {"on": "2024-05-19"})
    assert Agreement.objects.get().signed_on is None
    page = client_coordinator_a.get(url(long_term)).content.decode()
    assert "cannot have been signed before it was issued" in page

    client_coordinator_a.post(url(long_term, action="sign"), {"on": "2024-05-22"})
    assert Agreement.objects.get().signed_on == date(2024, 5, 22)
    page = client_coordinator_a.get(url(long_term)).content.decode()
    assert "Signed on 22 May 2024." in page and url(long_term, action="issue") not in page


def test_a_bad_date_is_explained_and_nothing_is_recorded(client_coordinator_a, long_term):
    client_coordinator_a.post(url(long_term, action="issue"), {"on": "31/02/2024"})
    assert not Agreement.objects.exists()
    assert "Enter a real date" in client_coordinator_a.get(url(long_term)).content.decode()


def test_recording_needs_a_post(client_coordinator_a, long_term):
    assert client_coordinator_a.get(url(long_term, action="issue")).status_code == 405


@pytest.mark.parametrize("who", ["client_carer", "client_person_p", "client_family_with_authority"])
def test_the_carer_the_person_and_their_family_may_read_but_not_record(request, long_term, who):
    client = request.getfixturevalue(who)
    for kind in ("arrangement", "licence", "licence_easy_read"):
        response = client.get(url(long_term, kind))
        assert response.status_code == 200, kind
        page = response.content.decode()
        assert "Patricia Parker" in page
        assert url(long_term, kind, "issue") not in page
    assert client.post(url(long_term, action="issue"), {"on": "2024-05-20"}).status_code == 403
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("who", ["client_carer_y", "client_coordinator_b", "client_family_of_q"])
def test_everyone_else_gets_404(request, long_term, who):
    client = request.getfixturevalue(who)
    for kind in ("arrangement", "licence", "licence_easy_read"):
        assert client.get(url(long_term, kind)).status_code == 404
    if who == "client_coordinator_b":
        assert client.post(url(long_term, action="issue"), {"on": "2024-05-20"}).status_code == 404
        assert client.post(url(long_term, action="sign"), {"on": "2024-05-20"}).status_code == 404
    assert not Agreement.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(anon_client, long_term):
    response = anon_client.get(url(long_term))
    assert response.status_code == 302 and "login" in response.url


def test_every_view_of_an_agreement_is_logged(client_carer, carer_user, long_term):
    client_carer.get(url(long_term, "licence"))
    log = AccessLog.objects.get(user=carer_user, object_id=long_term.pk)
    assert (log.object_type, log.page) == ("arrangements.arrangement", "arrangements:agreement:licence")


def test_ended_arrangements_offer_no_issue_form(client_coordinator_a, long_term, coordinator_a):
    arrangement_services.arrangement_end(
        arrangement_id=long_term.pk, by=coordinator_a, end_reason="persons_choice"
    )
    long_term.refresh_from_db()
    assert long_term.status == ArrangementStatus.ENDED
    page = client_coordinator_a.get(url(long_term)).content.decode()
    assert url(long_term, action="issue") not in page
