import pytest
from django.contrib import admin
from django.urls import reverse


def test_admin_lists_every_registered_model(client_admin):
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client_admin.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("client_fixture", ["client_coordinator_a", "client_carer"])
def test_admin_is_for_superusers_only(request, client_fixture):
    response = request.getfixturevalue(client_fixture).get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_admin_signs_in_through_the_product_login(anon_client, db):
    response = anon_client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
