"""The registry list and the compliance dashboard keep the same number of queries however many households."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carers.models import Check

from .factories import CarerFactory, HouseholdFactory, approve


def _households(scheme, verified_by, count):
    """`count` approved households of two carers, each with one check expired and one expiring soon."""
    today = timezone.localdate()
    for n in range(count):
        household = approve(HouseholdFactory(scheme=scheme, name=f"Household {n:03}"))
        first = CarerFactory(household=household, position=1)
        CarerFactory(household=household, position=2)
        Check.objects.create(
            household=household,
            carer=first,
            check_type=Check.Type.DBS,
            done_on=today - timedelta(days=1200),
            expires_on=today - timedelta(days=5),
            verified_by=verified_by,
        )
        Check.objects.create(
            household=household,
            check_type=Check.Type.INSURANCE,
            done_on=today - timedelta(days=350),
            expires_on=today + timedelta(days=15),
            verified_by=verified_by,
        )


@pytest.mark.parametrize("count", [5, 50])
def test_registry_list_uses_constant_queries(
    client_coordinator_a, coordinator_a, scheme_a, count, django_assert_num_queries
):
    _households(scheme_a, coordinator_a, count)
    url = reverse("carers:household_list") + "?checks=due&status=approved&sort=-places"
    client_coordinator_a.get(url)  # the first request after signing in also updates the session
    # 1 session, 2 user, 3 memberships (roles),
    # 4 count of the filtered households,
    # 5 the page of households (+scheme, +current terms by join; check counts, free places and
    #   matchable as subqueries),
    # 6 the carers of the households on the page (prefetch).
    # The schemes for the scheme filter are read when the filter form is drawn, on the first
    # request only: the form is kept, rendered, for that address and those schemes.
    with django_assert_num_queries(6):
        response = client_coordinator_a.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{count} households" in html
    assert "1 expired" in html and "1 expiring" in html


@pytest.mark.parametrize("count", [5, 50])
def test_compliance_dashboard_uses_constant_queries(
    client_coordinator_a, coordinator_a, scheme_a, count, django_assert_num_queries
):
    _households(scheme_a, coordinator_a, count)
    url = reverse("carers:compliance")
    client_coordinator_a.get(url)
    # 1 session, 2 user, 3 memberships (roles),
    # 4 count of households with a check due,
    # 5 the page of households (+scheme), most urgent first,
    # 6 their expired and expiring checks (prefetch, +verifier), 7 those checks' carers
    with django_assert_num_queries(7):
        response = client_coordinator_a.get(url)
    html = response.content.decode()
    assert html.count("Enhanced DBS check") == min(count, 25)
    assert "Expired" in html and "Expires soon" in html


@pytest.mark.parametrize("count", [5, 50])
def test_compliance_csv_uses_constant_queries(
    client_coordinator_a, coordinator_a, scheme_a, count, django_assert_num_queries
):
    _households(scheme_a, coordinator_a, count)
    url = reverse("carers:compliance_csv")
    client_coordinator_a.get(url)
    # 1 session, 2 user, 3 memberships, 4 every due check (+household, scheme, carer, verifier)
    with django_assert_num_queries(4):
        # The file streams: its query runs as it is read.
        body = client_coordinator_a.get(url).getvalue().decode()
    assert body.count("\n") == 1 + 2 * count
