"""A person's record and a carer household's page say, to the scheme's staff, that a safeguarding
concern is open and whom to ask; only managers and safeguarding leads see the concern itself."""

import pytest
from django.urls import reverse

from safeguarding import services
from safeguarding.models import AbuseCategory

pytestmark = pytest.mark.django_db

OPEN = "A safeguarding concern is open"


@pytest.fixture
def concern(person_p, household_x, coordinator_a, lead_a):
    return services.concern_raise(
        by=coordinator_a,
        person_id=person_p.pk,
        categories=[AbuseCategory.FINANCIAL],
        summary="Money missing from P's purse, twice this month.",
        about_carer_id=household_x.carers.first().pk,
        lead_id=lead_a.pk,
    )


def test_a_coordinator_sees_that_a_concern_is_open_and_whom_to_ask_but_not_the_concern(
    client_coordinator_a, person_p, concern
):
    page = client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk])).content.decode()
    assert OPEN in page and "Lena Lead" in page
    assert concern.reference not in page
    assert "Money missing" not in page


def test_a_lead_sees_the_concern_on_the_person_and_the_household(
    client_lead_a, person_p, household_x, concern
):
    for url in (
        reverse("people:person_detail", args=[person_p.pk]),
        reverse("carers:household_detail", args=[household_x.pk]),
    ):
        page = client_lead_a.get(url).content.decode()
        assert OPEN in page
        assert concern.get_absolute_url() in page


def test_whom_to_ask_is_the_managers_when_no_lead_is_named(
    client_coordinator_a, person_p, coordinator_a, manager_a
):
    services.concern_raise(
        by=coordinator_a, person_id=person_p.pk, categories=[AbuseCategory.NEGLECT], summary="Not fed."
    )
    page = client_coordinator_a.get(reverse("people:person_detail", args=[person_p.pk])).content.decode()
    assert OPEN in page and manager_a.full_name in page


def test_a_closed_concern_raises_no_alarm(client_lead_a, person_p, concern, lead_a):
    from django.utils import timezone

    services.concern_refer(
        concern_id=concern.pk,
        by=lead_a,
        referred_on=timezone.localdate(),
        council_reference="ASC-1",
        council_contact="Duty social worker",
    )
    services.concern_record_outcome(
        concern_id=concern.pk, by=lead_a, outcome="not", outcome_on=timezone.localdate()
    )
    services.concern_close(concern_id=concern.pk, by=lead_a, actions="Money kept in a locked box; receipts.")
    page = client_lead_a.get(reverse("people:person_detail", args=[person_p.pk])).content.decode()
    assert OPEN not in page
    assert concern.get_absolute_url() in page  # still listed, closed


def test_another_schemes_staff_get_nothing(client_coordinator_b, person_p, concern):
    assert client_coordinator_b.get(reverse("people:person_detail", args=[person_p.pk])).status_code == 404


def test_the_panel_keeps_the_persons_page_to_a_fixed_number_of_queries(
    client_lead_a, person_p, coordinator_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("people:person_detail", args=[person_p.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client_lead_a.get(url)
        return len(ctx.captured_queries)

    services.concern_raise(by=coordinator_a, person_id=person_p.pk, categories=["physical"], summary="One")
    count()  # the first request of a session does more (the session, the second factor)
    few = count()
    for n in range(8):
        services.concern_raise(
            by=coordinator_a, person_id=person_p.pk, categories=["physical"], summary=f"{n}"
        )
    assert count() == few
