from django.urls import path

from . import views

app_name = "carers"

urlpatterns = [
    path("carer/household/", views.my_household, name="my_household"),
    path("carers/", views.registry, name="household_list"),
    path("carers/new/", views.household_create, name="household_create"),
    path("carers/compliance/", views.compliance, name="compliance"),
    path("carers/compliance.csv", views.compliance_csv, name="compliance_csv"),
    path("carers/settings/<int:scheme_pk>/", views.scheme_settings, name="compliance_settings"),
    path("carers/<int:pk>/", views.household_detail, name="household_detail"),
    path("carers/<int:pk>/print/", views.household_print, name="household_print"),
    path("carers/<int:pk>/terms/", views.household_terms, name="household_terms"),
    path("carers/<int:pk>/checks/", views.household_checks, name="household_checks"),
    path("carers/<int:pk>/availability/", views.household_availability, name="household_availability"),
    path("carers/<int:pk>/transitions/", views.household_transitions, name="household_transitions"),
    path("carers/<int:pk>/history/", views.household_history, name="household_history"),
    path("carers/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("carers/<int:pk>/about/", views.about_edit, name="household_about"),
    path("carers/<int:pk>/interests/", views.interests_edit, name="household_interests"),
    path("carers/<int:pk>/members/add/", views.member_add, name="household_member_add"),
    path("carers/<int:pk>/members/<int:member_pk>/", views.member_edit, name="household_member_edit"),
    path("carers/<int:pk>/carers/add/", views.carer_add, name="household_carer_add"),
    path("carers/<int:pk>/carers/<int:carer_pk>/", views.carer_edit, name="household_carer_edit"),
    path("carers/<int:pk>/carers/<int:carer_pk>/invite/", views.carer_invite, name="household_carer_invite"),
    path("carers/<int:pk>/panel/", views.panel_decision, name="household_panel"),
    path("carers/<int:pk>/checks/add/", views.check_add, name="household_check_add"),
    path("carers/<int:pk>/checks/<int:check_pk>/", views.check_edit, name="household_check_edit"),
    path(
        "carers/<int:pk>/availability/<int:period_pk>/",
        views.availability_edit,
        name="household_availability_edit",
    ),
    path(
        "carers/<int:pk>/availability/<int:period_pk>/remove/",
        views.availability_remove,
        name="household_availability_remove",
    ),
]
