"""Payment bands, payments statements and agreements (payments_views)."""

from django.urls import path

from . import payments_views as views

urlpatterns = [
    # Payment bands: staff of the scheme read them; its managers add and change them.
    path("payment-bands/", views.payment_bands, name="payment_bands"),
    path("schemes/<int:scheme_pk>/payment-bands/", views.payment_band_list, name="payment_band_list"),
    path("schemes/<int:scheme_pk>/payment-bands/new/", views.payment_band_create, name="payment_band_create"),
    path("payment-bands/<int:pk>/", views.payment_band_edit, name="payment_band_edit"),
    # Payments statements: staff by household, carers their own.
    path("households/<int:pk>/statements/", views.household_statements, name="household_statements"),
    path(
        "households/<int:pk>/statements/<int:year>/<int:month>/",
        views.household_statement,
        name="household_statement",
    ),
    path(
        "households/<int:pk>/statements/<int:year>/<int:month>/statement.csv",
        views.household_statement_csv,
        name="household_statement_csv",
    ),
    path("carer/statements/", views.carer_statements, name="carer_statements"),
    path("carer/statements/<int:year>/<int:month>/", views.carer_statement, name="carer_statement"),
    path(
        "carer/statements/<int:year>/<int:month>/statement.csv",
        views.carer_statement_csv,
        name="carer_statement_csv",
    ),
    # Agreements: printable pages for everyone the arrangement concerns; staff record the dates.
    path("arrangements/<int:pk>/agreements/<str:kind>/", views.agreement, name="agreement"),
    path("arrangements/<int:pk>/agreements/<str:kind>/issue/", views.agreement_issue, name="agreement_issue"),
    path("arrangements/<int:pk>/agreements/<str:kind>/sign/", views.agreement_sign, name="agreement_sign"),
]
