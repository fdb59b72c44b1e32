"""Bad input on every form: a clear message by the field, what was typed kept, nothing saved, never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import CapacityAssessment, LegalAuthority, Person, Profile, Referral, Representative

from .factories import LegalAuthorityFactory, ReferralFactory, RepresentativeFactory

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()
TOO_LONG = "x" * 5000


def _refused(response, *messages, kept=()):
    """The form came back with the error summary, each message, and each typed value."""
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    for message in messages:
        assert message in html, message
    for value in kept:
        assert value in html, value
    return html


def _snapshot():
    return (
        Person.objects.count(),
        list(Profile.objects.values_list("admired_for", flat=True)),
        list(Referral.objects.values_list("status", "reasons")),
        list(Representative.objects.values_list("full_name", "removed_at")),
        list(LegalAuthority.objects.values_list("kind", "removed_at")),
        CapacityAssessment.objects.count(),
    )


class TestPersonForms:
    def test_a_date_of_birth_in_the_future_is_refused(self, client_coordinator_a, scheme_a):
        before = _snapshot()
        response = client_coordinator_a.post(
            reverse("people:person_create"),
            {"scheme": scheme_a.pk, "first_name": "Kept", "last_name": "Name", "date_of_birth": TOMORROW},
        )
        _refused(
            response,
            "The date of birth cannot be in the future.",
            kept=['value="Kept"', f'value="{TOMORROW}"'],
        )
        assert _snapshot() == before

    def test_missing_names_and_date_of_birth_are_refused(self, client_coordinator_a, scheme_a):
        response = client_coordinator_a.post(reverse("people:person_create"), {"scheme": scheme_a.pk})
        html = _refused(response, "This field is required.")
        assert html.count("This field is required.") >= 6  # summary and field, for three fields
        assert not Person.objects.exists()

    def test_over_long_names_and_a_bad_postcode_are_refused(self, client_coordinator_a, scheme_a):
        response = client_coordinator_a.post(
            reverse("people:person_create"),
            {
                "scheme": scheme_a.pk,
                "first_name": "A" * 101,
                "last_name": "B",
                "date_of_birth": "1990-01-01",
                "postcode": "NOPE 123",
            },
        )
        _refused(
            response,
            "Ensure this value has at most 100 characters",
            "Enter a full UK postcode",
            kept=['value="NOPE 123"'],
        )
        assert not Person.objects.exists()

    def test_another_schemes_id_is_refused(self, client_coordinator_a, scheme_b):
        response = client_coordinator_a.post(
            reverse("people:person_create"),
            {"scheme": scheme_b.pk, "first_name": "A", "last_name": "B", "date_of_birth": "1990-01-01"},
        )
        _refused(response, "Select a valid choice")
        assert not Person.objects.exists()

    def test_editing_refuses_a_future_date_of_birth_and_keeps_the_old_one(
        self, client_coordinator_a, person_p
    ):
        response = client_coordinator_a.post(
            reverse("people:person_edit", args=[person_p.pk]),
            {"first_name": "Changed", "last_name": "Parker", "date_of_birth": TOMORROW},
        )
        _refused(response, "The date of birth cannot be in the future.", kept=['value="Changed"'])
        person_p.refresh_from_db()
        assert person_p.first_name == "Patricia" and person_p.date_of_birth.year == 1990


def test_profile_refuses_over_long_text_and_a_bad_postcode(client_coordinator_a, person_p):
    before = _snapshot()
    response = client_coordinator_a.post(
        reverse("people:person_profile_edit", args=[person_p.pk]),
        {
            "admired_for": TOO_LONG,
            "important_to_me": "Kept words",
            "carer_gender": "no_preference",
            "live_near_postcode": "??",
        },
    )
    _refused(
        response,
        "Ensure this value has at most 4000 characters",
        "Enter a UK postcode (NS1 4AB)",
        kept=["Kept words"],
    )
    assert _snapshot() == before


def test_profile_refuses_a_carer_gender_that_is_not_a_choice(client_coordinator_a, person_p):
    response = client_coordinator_a.post(
        reverse("people:person_profile_edit", args=[person_p.pk]), {"carer_gender": "robot"}
    )
    _refused(response, "Select a valid choice")


class TestReferralForms:
    def test_missing_fields_and_a_future_received_date_are_refused(self, client_coordinator_a, person_p):
        response = client_coordinator_a.post(
            reverse("people:person_referral_create", args=[person_p.pk]),
            {"frequency": "Kept frequency", "received_on": TOMORROW, "urgency": "routine"},
        )
        _refused(
            response,
            "This field is required.",
            "The referral cannot arrive in the future.",
            kept=['value="Kept frequency"'],
        )
        assert not Referral.objects.exists()

    def test_over_long_text_is_refused(self, client_coordinator_a, person_p):
        response = client_coordinator_a.post(
            reverse("people:person_referral_create", args=[person_p.pk]),
            {
                "support_type": "long_term",
                "reasons": TOO_LONG,
                "referrer_name": "Sam",
                "urgency": "routine",
                "received_on": "2025-01-01",
                "frequency": "y" * 201,
            },
        )
        _refused(response, "at most 4000 characters", "at most 200 characters")
        assert not Referral.objects.exists()

    def test_a_second_open_referral_for_the_same_support_is_refused_on_the_form(
        self, client_coordinator_a, person_p
    ):
        ReferralFactory(person=person_p)
        response = client_coordinator_a.post(
            reverse("people:person_referral_create", args=[person_p.pk]),
            {
                "support_type": "long_term",
                "reasons": "Again",
                "referrer_name": "Sam",
                "urgency": "routine",
                "received_on": "2025-01-01",
            },
        )
        _refused(response, "already has an open referral", kept=["Again"])
        assert Referral.objects.count() == 1

    def test_editing_refuses_bad_input_and_keeps_the_referral(self, client_coordinator_a, person_p):
        referral = ReferralFactory(person=person_p)
        response = client_coordinator_a.post(
            reverse("people:referral_edit", args=[referral.pk]),
            {
                "support_type": "long_term",
                "reasons": "",
                "referrer_name": "Kept referrer",
                "urgency": "soon",
                "received_on": "2025-01-01",
                "client_groups": ["not_a_group"],
            },
        )
        _refused(response, "This field is required.", "Select a valid choice", kept=['value="Kept referrer"'])
        referral.refresh_from_db()
        assert referral.reasons == "Wants to move out of the family home." and referral.urgency == "routine"

    def test_closing_needs_a_reason(self, client_coordinator_a, person_p):
        referral = ReferralFactory(person=person_p)
        response = client_coordinator_a.post(
            reverse("people:referral_close", args=[referral.pk]), {"note": "Kept note"}
        )
        _refused(response, "This field is required.", kept=['value="Kept note"'])
        referral.refresh_from_db()
        assert referral.status == Referral.Status.RECEIVED


class TestRepresentativeForms:
    def test_missing_name_bad_email_and_over_long_relationship_are_refused(
        self, client_coordinator_a, person_p
    ):
        response = client_coordinator_a.post(
            reverse("people:person_representative_create", args=[person_p.pk]),
            {"email": "not-an-email", "relationship": "r" * 101, "role": "family"},
        )
        _refused(
            response,
            "This field is required.",
            "Enter a valid email address.",
            "at most 100 characters",
            kept=['value="not-an-email"'],
        )
        assert not Representative.objects.exists()

    def test_removing_needs_a_reason(self, client_coordinator_a, person_p):
        representative = RepresentativeFactory(person=person_p)
        response = client_coordinator_a.post(
            reverse("people:representative_remove", args=[representative.pk]), {"reason": "  "}
        )
        _refused(response, "This field is required.")
        representative.refresh_from_db()
        assert not representative.is_removed

    def test_editing_refuses_bad_input(self, client_coordinator_a, person_p):
        representative = RepresentativeFactory(person=person_p, full_name="Old Name")
        response = client_coordinator_a.post(
            reverse("people:representative_edit", args=[representative.pk]),
            {"full_name": "", "role": "family", "email": "bad", "phone": "Kept phone"},
        )
        _refused(response, "This field is required.", kept=['value="Kept phone"'])
        representative.refresh_from_db()
        assert representative.full_name == "Old Name"


class TestAuthorityForms:
    def test_a_future_check_and_missing_evidence_are_refused(self, client_coordinator_a, person_p):
        representative = RepresentativeFactory(person=person_p)
        response = client_coordinator_a.post(
            reverse("people:authority_create", args=[representative.pk]),
            {"kind": "health_welfare_lpa", "checked_on": TOMORROW, "note": "Kept note"},
        )
        _refused(
            response, "This field is required.", "The check cannot be in the future.", kept=["Kept note"]
        )
        assert not LegalAuthority.objects.exists()

    def test_an_expiry_before_the_check_is_refused(self, client_coordinator_a, person_p):
        representative = RepresentativeFactory(person=person_p)
        response = client_coordinator_a.post(
            reverse("people:authority_create", args=[representative.pk]),
            {
                "kind": "welfare_deputy",
                "evidence_seen": "Court order",
                "checked_on": "2025-01-10",
                "expires_on": "2025-01-09",
            },
        )
        _refused(
            response,
            "The expiry date must be after the date the evidence was checked.",
            kept=['value="Court order"'],
        )
        assert not LegalAuthority.objects.exists()

    def test_removing_needs_a_reason(self, client_coordinator_a, person_p, coordinator_a):
        authority = LegalAuthorityFactory(representative__person=person_p, checked_by=coordinator_a)
        response = client_coordinator_a.post(
            reverse("people:authority_remove", args=[authority.pk]), {"reason": ""}
        )
        _refused(response, "This field is required.")
        authority.refresh_from_db()
        assert authority.removed_at is None


class TestCapacityForm:
    def test_a_future_assessment_and_a_missing_assessor_are_refused(self, client_coordinator_a, person_p):
        response = client_coordinator_a.post(
            reverse("people:person_capacity_create", args=[person_p.pk]),
            {
                "decision": "arrangement",
                "assessed_on": TOMORROW,
                "outcome": "has_capacity",
                "note": "Kept note",
            },
        )
        _refused(
            response,
            "The assessment date cannot be in the future.",
            "This field is required.",
            kept=["Kept note"],
        )
        assert not CapacityAssessment.objects.exists()

    def test_a_lack_of_capacity_needs_the_reasons(self, client_coordinator_a, person_p):
        response = client_coordinator_a.post(
            reverse("people:person_capacity_create", args=[person_p.pk]),
            {
                "decision": "arrangement",
                "assessed_on": "2025-01-01",
                "outcome": "lacks_capacity",
                "assessor": "Kept assessor",
            },
        )
        _refused(response, "Record why the assessor found", kept=['value="Kept assessor"'])
        assert not CapacityAssessment.objects.exists()

    def test_a_good_assessment_is_recorded_by_the_user(self, client_coordinator_a, coordinator_a, person_p):
        response = client_coordinator_a.post(
            reverse("people:person_capacity_create", args=[person_p.pk]),
            {
                "decision": "arrangement",
                "assessed_on": "2025-01-01",
                "outcome": "lacks_capacity",
                "assessor": "Sam Lee, social worker",
                "note": "Could not retain the information.",
            },
        )
        assert response.status_code == 302
        assessment = CapacityAssessment.objects.get()
        assert assessment.recorded_by == coordinator_a and assessment.person == person_p


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"waiting": "forever"},
        {"sort": "'; drop table"},
        {"page": "999"},
        {"q": "x" * 500},
    ],
)
def test_the_people_list_shrugs_off_bad_filter_values(client_coordinator_a, person_p, query):
    assert client_coordinator_a.get(reverse("people:person_list"), query).status_code == 200


def test_a_name_search_too_long_is_refused_next_to_the_field(client_coordinator_a, person_p):
    response = client_coordinator_a.post(reverse("people:person_list"), {"q": "x" * 500})
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()
    assert "people_search" not in client_coordinator_a.session
