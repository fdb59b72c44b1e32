"""Nothing lost: care records are never hard-deleted in normal use; retention feeds a review list;
destruction needs a recorded decision and leaves a tombstone."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from arrangements.models import Arrangement
from carers.models import Household, HouseholdTransition
from people.models import Person, Referral, ReferralStatus
from sharedlives.audit import retention
from sharedlives.audit.models import AccessLog, DestructionRecord
from sharedlives.audit.services import access_record
from tests.carers.conftest import *  # noqa: F403
from tests.people.conftest import *  # noqa: F403
from tests.people.factories import PersonFactory, ReferralFactory, RepresentativeFactory

TODAY = timezone.localdate()


def years_ago(years: int, days: int = 0) -> date:
    return retention.years_before(TODAY, years) - timedelta(days=days)


def close_referral(person, on: date):
    referral = ReferralFactory(person=person, status=ReferralStatus.CLOSED, closed_reason="withdrawn")
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=timezone.make_aware(timezone.datetime.combine(on, timezone.datetime.min.time()))
    )
    return referral


def ended_arrangement(person, household, *, by, ended_on: date):
    from matching import services

    referral = ReferralFactory(person=person, status=ReferralStatus.MATCHING, support_type="short_break")
    proposal = services.proposal_create(referral_id=referral.pk, household_id=household.pk, by=by)
    return Arrangement.objects.create(
        scheme=household.scheme,
        proposal=proposal,
        person=person,
        household=household,
        support_type="short_break",
        start_date=ended_on - timedelta(days=300),
        end_date=ended_on,
        status="ended",
        end_reason="planned_end",
        created_by=by,
    )


def _due_ids(user):
    return {(d.record_type, d.obj.pk) for d in retention.due_for_review(user)}


@pytest.fixture
def old_person(scheme_a):
    """Dora: her only referral closed 9 years ago."""
    person = PersonFactory(scheme=scheme_a, first_name="Dora", last_name="Done")
    close_referral(person, years_ago(9))
    return person


# --- Admin delete is off for care records ----------------------------------------------------------

# Admin models whose rows may be deleted there: reference lists, settings and roles (removing a
# membership is how a role is taken away). Everything else holds care records or evidence.
DELETABLE_IN_ADMIN = {
    "accounts.schememembership",
    "reference.interest",
    "reference.language",
    "reference.postcode",
    "matching.matchingsettings",
    "arrangements.reviewsettings",
    "arrangements.paymentband",
    "auth.group",
    "mfa.authenticator",
    "account.emailaddress",
}


def test_the_admin_cannot_delete_care_records(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    deletable = set()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if model_admin.has_delete_permission(request):
            deletable.add(label)
        for inline in model_admin.get_inline_instances(request):
            if (
                inline.can_delete
                and inline.has_delete_permission(request)
                and inline.model._meta.label_lower
                not in (
                    "people.personlanguage",
                    "people.profileinterest",
                    "carers.householdlanguage",
                    "carers.householdinterest",
                    "accounts.schememembership",
                )
            ):
                deletable.add(f"{label} inline {inline.model._meta.label_lower}")
    assert deletable <= DELETABLE_IN_ADMIN, "\n".join(sorted(deletable - DELETABLE_IN_ADMIN))


# --- Due for review -------------------------------------------------------------------------------


def test_a_person_is_due_8_years_after_their_last_referral_closed(manager_a, old_person, scheme_a):
    recent = PersonFactory(scheme=scheme_a, first_name="Rita")
    close_referral(recent, years_ago(7))
    due = _due_ids(manager_a)
    assert ("people.person", old_person.pk) in due
    assert ("people.person", recent.pk) not in due


def test_a_person_with_an_open_referral_is_never_due(manager_a, old_person):
    ReferralFactory(person=old_person, status=ReferralStatus.SCREENING)
    assert ("people.person", old_person.pk) not in _due_ids(manager_a)


def test_the_last_arrangement_end_counts(manager_a, coordinator_a, old_person, household_x):
    ended_arrangement(old_person, household_x, by=coordinator_a, ended_on=years_ago(2))
    Referral.objects.filter(person=old_person, status=ReferralStatus.MATCHING).update(
        status=ReferralStatus.CLOSED,
        closed_reason="withdrawn",
        status_changed_at=timezone.now() - timedelta(days=3650),
    )
    assert ("people.person", old_person.pk) not in _due_ids(manager_a)
    Arrangement.objects.filter(person=old_person).update(
        start_date=years_ago(9), end_date=years_ago(8, days=1)
    )
    assert ("people.person", old_person.pk) in _due_ids(manager_a)


def test_a_live_arrangement_keeps_the_record_in_use(manager_a, coordinator_a, old_person, household_x):
    arrangement = ended_arrangement(old_person, household_x, by=coordinator_a, ended_on=years_ago(9))
    Arrangement.objects.filter(pk=arrangement.pk).update(status="active", end_date=None, end_reason="")
    assert ("people.person", old_person.pk) not in _due_ids(manager_a)


def test_a_carer_household_is_due_25_years_after_de_registration(manager_a, household_a, coordinator_a):
    Household.objects.filter(pk=household_a.pk).update(status=Household.Status.DEREGISTERED)
    transition = HouseholdTransition.objects.create(
        household=household_a, from_status="approved", to_status="deregistered", by=coordinator_a
    )
    HouseholdTransition.objects.filter(pk=transition.pk).update(at=timezone.now() - timedelta(days=365 * 24))
    assert ("carers.household", household_a.pk) not in _due_ids(manager_a)
    HouseholdTransition.objects.filter(pk=transition.pk).update(
        at=timezone.now() - timedelta(days=365 * 25 + 7)
    )
    assert ("carers.household", household_a.pk) in _due_ids(manager_a)


def test_retention_periods_are_settings(manager_a, scheme_a, settings):
    person = PersonFactory(scheme=scheme_a)
    close_referral(person, years_ago(3))
    assert ("people.person", person.pk) not in _due_ids(manager_a)
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "people.person": 2}
    assert ("people.person", person.pk) in _due_ids(manager_a)


def test_the_review_list_is_for_managers_of_the_scheme_and_destroys_nothing(
    client_manager_a, client_coordinator_a, client_coordinator_b, old_person
):
    page = client_manager_a.get(reverse("audit:retention"))
    assert page.status_code == 200 and f"#{old_person.pk}" in page.content.decode()
    assert Person.objects.filter(pk=old_person.pk).exists()  # listing it destroyed nothing
    assert client_coordinator_a.get(reverse("audit:retention")).status_code == 403
    assert client_coordinator_b.get(reverse("audit:retention")).status_code == 403


# --- Destruction ---------------------------------------------------------------------------------


def test_destroying_needs_a_reason_and_a_confirmation(client_manager_a, old_person):
    url = reverse("audit:destroy", args=["people.person", old_person.pk])
    assert client_manager_a.get(url).status_code == 200
    response = client_manager_a.post(url, {"reason": "", "confirm": ""})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert Person.objects.filter(pk=old_person.pk).exists()
    assert not DestructionRecord.objects.exists()


def test_a_manager_destroys_a_due_record_and_a_tombstone_is_left(
    client_manager_a, manager_a, coordinator_a, old_person, household_x
):
    representative = RepresentativeFactory(person=old_person, full_name="Dan Done")
    ended_arrangement(old_person, household_x, by=coordinator_a, ended_on=years_ago(10))
    Referral.objects.filter(person=old_person).exclude(status="closed").update(
        status="closed", closed_reason="withdrawn", status_changed_at=timezone.now() - timedelta(days=3700)
    )
    looked = access_record(user=coordinator_a, obj=old_person, page="person detail")
    person_events = old_person.pgh_event_models["insert"]
    assert person_events.objects.filter(pgh_obj_id=old_person.pk).exists()

    url = reverse("audit:destroy", args=["people.person", old_person.pk])
    response = client_manager_a.post(
        url, {"reason": "Retention passed; reviewed at records meeting.", "confirm": "on"}
    )
    assert response.status_code == 302 and response.url == reverse("audit:retention")

    assert not Person.objects.filter(pk=old_person.pk).exists()
    assert not Referral.objects.filter(person_id=old_person.pk).exists()
    assert not Arrangement.objects.filter(person_id=old_person.pk).exists()
    assert not type(representative).objects.filter(pk=representative.pk).exists()
    assert not person_events.objects.filter(pgh_obj_id=old_person.pk).exists()  # its history went too
    assert AccessLog.objects.filter(pk=looked.pk).exists()  # the access log holds no content: kept
    assert household_x.__class__.objects.filter(pk=household_x.pk).exists()  # the carers are untouched

    tombstone = DestructionRecord.objects.get()
    assert tombstone.decided_by == manager_a and "records meeting" in tombstone.reason
    assert tombstone.record_type == "people.person" and tombstone.object_id == old_person.pk
    assert tombstone.destroyed["people.person"] == 1 and tombstone.destroyed["people.referral"] == 2
    assert tombstone.destroyed["arrangements.arrangement"] == 1 and tombstone.destroyed["history rows"] > 0
    assert "Dora" not in tombstone.description  # a note of what went, not its content
    listing = client_manager_a.get(reverse("audit:retention")).content.decode()
    assert tombstone.description in listing and "records meeting" in listing


def test_a_record_that_is_not_due_cannot_be_destroyed(client_manager_a, manager_a, person_p):
    url = reverse("audit:destroy", args=["people.person", person_p.pk])
    assert client_manager_a.get(url).status_code == 404
    assert client_manager_a.post(url, {"reason": "x", "confirm": "on"}).status_code == 404
    with pytest.raises(retention.RetentionError):
        retention.record_destroy(record_type="people.person", object_id=person_p.pk, by=manager_a, reason="x")
    assert Person.objects.filter(pk=person_p.pk).exists()


def test_only_a_manager_of_the_scheme_can_destroy(
    client_coordinator_a, client_coordinator_b, coordinator_a, old_person
):
    url = reverse("audit:destroy", args=["people.person", old_person.pk])
    assert client_coordinator_a.post(url, {"reason": "x", "confirm": "on"}).status_code == 403
    with pytest.raises(retention.RetentionError):
        retention.record_destroy(
            record_type="people.person", object_id=old_person.pk, by=coordinator_a, reason="x"
        )
    assert Person.objects.filter(pk=old_person.pk).exists()


def test_a_household_whose_records_belong_to_people_still_kept_is_not_destroyed(
    manager_a, coordinator_a, household_x, person_q
):
    ended_arrangement(person_q, household_x, by=coordinator_a, ended_on=years_ago(30))
    Household.objects.filter(pk=household_x.pk).update(status=Household.Status.RESIGNED)
    HouseholdTransition.objects.filter(household=household_x).update(
        at=timezone.now() - timedelta(days=366 * 26)
    )
    HouseholdTransition.objects.create(
        household=household_x, from_status="approved", to_status="resigned", by=coordinator_a
    )
    HouseholdTransition.objects.filter(household=household_x).update(
        at=timezone.now() - timedelta(days=366 * 26)
    )
    with pytest.raises(retention.RetentionError, match="part of people's records"):
        retention.record_destroy(
            record_type="carers.household", object_id=household_x.pk, by=manager_a, reason="due"
        )
    assert Household.objects.filter(pk=household_x.pk).exists()


def test_a_household_is_destroyed_with_its_carers_checks_and_history(manager_a, household_a, coordinator_a):
    Household.objects.filter(pk=household_a.pk).update(status=Household.Status.WITHDRAWN)
    HouseholdTransition.objects.create(
        household=household_a, from_status="enquiry", to_status="withdrawn", by=coordinator_a
    )
    HouseholdTransition.objects.filter(household=household_a).update(
        at=timezone.now() - timedelta(days=366 * 26)
    )
    record = retention.record_destroy(
        record_type="carers.household", object_id=household_a.pk, by=manager_a, reason="Retention passed."
    )
    assert not Household.objects.filter(pk=household_a.pk).exists()
    assert record.destroyed["carers.carer"] == 1 and record.destroyed["carers.householdtransition"] == 1
    with pytest.raises(DatabaseError), transaction.atomic():
        DestructionRecord.objects.filter(pk=record.pk).delete()
