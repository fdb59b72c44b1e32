"""Demo data covers every status and check state and loads twice without duplicates; admin lists all."""

from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from carers.models import (
    ApprovalTerms,
    Carer,
    Check,
    Household,
    HouseholdTransition,
    PanelDecision,
)
from sharedlives.reference.models import Postcode


def _counts():
    return [
        m.objects.count()
        for m in (Household, Carer, Check, ApprovalTerms, PanelDecision, HouseholdTransition, Postcode)
    ]


def test_seed_demo_is_idempotent_and_covers_the_registry(db, capsys):
    call_command("seed_demo")
    counts = _counts()
    call_command("seed_demo")
    assert _counts() == counts

    northshire = Household.objects.filter(scheme__name="Northshire Shared Lives")
    assert northshire.count() >= 18
    assert set(northshire.values_list("status", flat=True)) == set(Household.Status.values)
    assert Household.objects.filter(scheme__name="Riverside Shared Lives").exists()
    assert Check.objects.expired().filter(household__in=northshire).exists()
    assert (
        Check.objects.due_within().exclude(pk__in=Check.objects.expired()).exists()
    )  # expiring, not expired
    assert Household.objects.matchable().count() >= 4

    priya = Household.objects.get(carers__user__email="carer@demo.sharedlives.test")
    assert priya.name == "Priya and Sam Shah"
    assert Household.objects.matchable().filter(pk=priya.pk).exists()
    assert priya.coordinates is not None


def test_admin_lists_every_carers_model_with_search(client_admin, household_a):
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "carers":
            continue
        url = reverse(f"admin:carers_{model._meta.model_name}_changelist")
        assert client_admin.get(url).status_code == 200, url
        assert model_admin.list_display != ("__str__",), model
        if model_admin.search_fields:
            assert client_admin.get(url + "?q=Abbott").status_code == 200, url
    change = reverse("admin:carers_household_change", args=[household_a.pk])
    assert client_admin.get(change).status_code == 200
