"""Print pages for panels and meetings: carer profile, one-page person profile, proposal summary."""

import pytest
from django.urls import reverse

from sharedlives.audit.models import AccessLog

from .conftest import answer


@pytest.fixture
def pages(household_x, person_p, proposal):
    return {
        "carer profile": reverse("carers:household_print", args=[household_x.pk]),
        "person profile": reverse("people:person_print", args=[person_p.pk]),
        "proposal summary": reverse("matching:proposal_print", args=[proposal.pk]),
    }


@pytest.mark.parametrize("page", ["carer profile", "person profile", "proposal summary"])
def test_print_pages_link_the_a4_stylesheet_and_a_print_button(client_coordinator_a, pages, page):
    html = client_coordinator_a.get(pages[page]).content.decode()
    assert 'href="/static/css/print.css" media="print"' in html
    assert 'id="print-button"' in html and "Confidential" in html


@pytest.mark.parametrize("page", ["carer profile", "person profile", "proposal summary"])
def test_print_pages_are_404_to_other_schemes_staff_and_to_carers(
    client_coordinator_b, client_carer, pages, page
):
    assert client_coordinator_b.get(pages[page]).status_code == 404
    assert client_carer.get(pages[page]).status_code in (403, 404)


def test_carer_profile_prints_approval_people_home_and_checks(client_coordinator_a, household_x, pages):
    html = client_coordinator_a.get(pages["carer profile"]).content.decode()
    assert "Carer profile: Xena Xu household" in html
    assert "can be matched" in html and "Xena Xu (carer)" in html and "We love the sea." in html
    assert "Enhanced DBS" in html  # the checks table
    assert AccessLog.objects.filter(object_id=household_x.pk, page="carers:household_print").exists()


def test_person_profile_prints_strengths_first_without_staff_only_risk_detail(
    client_coordinator_a, person_p, pages
):
    person_p.profile.risk_detail = "SECRET-RISK-DETAIL"
    person_p.profile.save()
    html = client_coordinator_a.get(pages["person profile"]).content.decode()
    assert "One-page profile: Patricia Parker (Pat)" in html
    assert html.index("Pat makes everyone laugh.") < html.index("Finds crowds hard.")
    assert "SECRET-RISK-DETAIL" not in html
    log = AccessLog.objects.get(object_id=person_p.pk, page="printed profile")
    assert log.user.email == "coord.a@example.test"


def test_proposal_summary_shows_both_profiles_and_answers_but_no_staff_notes(
    client_coordinator_a, proposal, carer_user, pages
):
    answer(proposal, "carer", "not_interested", carer_user, note="SECRET-DECLINE-REASON")
    html = client_coordinator_a.get(pages["proposal summary"]).content.decode()
    assert "What the carers see" in html and "Pat makes everyone laugh." in html
    assert "We love the sea." in html
    assert "Not interested" in html
    assert "SECRET-DECLINE-REASON" not in html


def test_record_pages_link_to_their_print_page(client_coordinator_a, household_x, person_p, proposal, pages):
    assert pages["carer profile"] in client_coordinator_a.get(household_x.get_absolute_url()).content.decode()
    profile = client_coordinator_a.get(reverse("people:person_profile", args=[person_p.pk]))
    assert pages["person profile"] in profile.content.decode()
    assert pages["proposal summary"] in client_coordinator_a.get(proposal.get_absolute_url()).content.decode()
