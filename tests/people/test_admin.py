"""The Django admin has every people model, with list, search and filters that work."""

import pytest
from django.contrib import admin
from django.urls import reverse

from people.models import ReferralTransition

from .factories import CapacityAssessmentFactory, LegalAuthorityFactory, ReferralFactory

PEOPLE_MODELS = [model for model in admin.site._registry if model._meta.app_label == "people"]


def test_every_people_model_is_in_the_admin():
    from django.apps import apps
    from pghistory.models import Event

    from people.models import PersonLanguage, ProfileInterest

    ours = {m for m in apps.get_app_config("people").get_models() if not issubclass(m, Event)}
    inlines_only = {PersonLanguage, ProfileInterest}  # edited inline on the person and the profile
    assert ours - inlines_only == set(PEOPLE_MODELS)


@pytest.mark.parametrize("model", PEOPLE_MODELS, ids=lambda m: m.__name__)
def test_admin_lists_searches_and_opens_each_people_model(client_admin, person_p, coordinator_a, model):
    referral = ReferralFactory(person=person_p)
    ReferralTransition.objects.create(referral=referral, to_status="received", by=coordinator_a)
    LegalAuthorityFactory(representative__person=person_p, checked_by=coordinator_a)
    CapacityAssessmentFactory(person=person_p, recorded_by=coordinator_a)
    changelist = reverse(f"admin:people_{model._meta.model_name}_changelist")
    assert client_admin.get(changelist).status_code == 200
    assert client_admin.get(changelist, {"q": "Parker"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert (
            client_admin.get(
                reverse(f"admin:people_{model._meta.model_name}_change", args=[obj.pk])
            ).status_code
            == 200
        )


def test_care_records_cannot_be_deleted_in_the_admin(client_admin, person_p):
    url = reverse("admin:people_person_delete", args=[person_p.pk])
    assert client_admin.post(url, {"post": "yes"}).status_code == 403
