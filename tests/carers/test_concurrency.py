"""Two people changing the same household at the same moment: the row lock makes one wait for the other."""

import threading

import pytest
from django.db import connection

from carers import services
from carers.models import Household, HouseholdTransition
from carers.services import CarersError

from .factories import CarerFactory, HouseholdFactory


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_moves_from_enquiry_make_exactly_one_transition(scheme_a, coordinator_a, manager_a):
    household = HouseholdFactory(scheme=scheme_a)
    CarerFactory(household=household)
    barrier = threading.Barrier(2)
    outcomes = []

    def move(user):
        try:
            barrier.wait()
            services.household_transition(household_id=household.pk, to_status="initial_visit", by=user)
            outcomes.append("moved")
        except CarersError as e:
            outcomes.append(str(e))
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(u,)) for u in (coordinator_a, manager_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("moved") == 1
    assert any("initial visit cannot become initial visit" in o for o in outcomes)
    assert Household.objects.get(pk=household.pk).status == "initial_visit"
    assert HouseholdTransition.objects.filter(household=household).count() == 1
