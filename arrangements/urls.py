"""Arrangements: lifecycle and bookings; payment bands, statements and agreements; reviews.

The addresses are those the app has always served, so bookmarks and printed links keep working.
"""

from django.urls import path

from .views import arrangements, payments, reviews

app_name = "arrangements"

urlpatterns = [
    path("arrangements/", arrangements.arrangement_list, name="arrangement_list"),
    path("arrangements/<int:pk>/", arrangements.arrangement_detail, name="arrangement_detail"),
    path("arrangements/<int:pk>/start/", arrangements.arrangement_start, name="arrangement_start"),
    path("arrangements/<int:pk>/pause/", arrangements.arrangement_pause, name="arrangement_pause"),
    path("arrangements/<int:pk>/resume/", arrangements.arrangement_resume, name="arrangement_resume"),
    path("arrangements/<int:pk>/notice/", arrangements.arrangement_notice, name="arrangement_notice"),
    path("arrangements/<int:pk>/end/", arrangements.arrangement_end, name="arrangement_end"),
    path("arrangements/<int:pk>/extend/", arrangements.arrangement_extend, name="arrangement_extend"),
    path("arrangements/<int:pk>/funding/", arrangements.arrangement_update, name="arrangement_update"),
    path("arrangements/<int:pk>/bookings/", arrangements.booking_create, name="booking_create"),
    path("bookings/<int:pk>/cancel/", arrangements.booking_cancel, name="booking_cancel"),
    path("carers/<int:pk>/calendar/", arrangements.household_calendar, name="household_calendar"),
    path(
        "carers/<int:pk>/calendar/<int:year>/<int:month>/",
        arrangements.household_calendar,
        name="household_calendar",
    ),
    path("people/<int:pk>/calendar/", arrangements.person_calendar, name="person_calendar"),
    path(
        "people/<int:pk>/calendar/<int:year>/<int:month>/",
        arrangements.person_calendar,
        name="person_calendar",
    ),
    path("carer/arrangements/", arrangements.carer_arrangements, name="carer_arrangements"),
    path("family/arrangements/", arrangements.family_arrangements, name="family_arrangements"),
    # Payment bands: staff of the scheme read them; its managers add and change them.
    path("payment-bands/", payments.payment_bands, name="payment_bands"),
    path("schemes/<int:scheme_pk>/payment-bands/", payments.payment_band_list, name="payment_band_list"),
    path(
        "schemes/<int:scheme_pk>/payment-bands/new/", payments.payment_band_create, name="payment_band_create"
    ),
    path("payment-bands/<int:pk>/", payments.payment_band_edit, name="payment_band_edit"),
    # Payments statements: staff by household, carers their own.
    path("households/<int:pk>/statements/", payments.household_statements, name="household_statements"),
    path(
        "households/<int:pk>/statements/<int:year>/<int:month>/",
        payments.household_statement,
        name="household_statement",
    ),
    path(
        "households/<int:pk>/statements/<int:year>/<int:month>/statement.csv",
        payments.household_statement_csv,
        name="household_statement_csv",
    ),
    path("carer/statements/", payments.carer_statements, name="carer_statements"),
    path("carer/statements/<int:year>/<int:month>/", payments.carer_statement, name="carer_statement"),
    path(
        "carer/statements/<int:year>/<int:month>/statement.csv",
        payments.carer_statement_csv,
        name="carer_statement_csv",
    ),
    # Agreements: printable pages for everyone the arrangement concerns; staff record the dates.
    path("arrangements/<int:pk>/agreements/<str:kind>/", payments.agreement, name="agreement"),
    path(
        "arrangements/<int:pk>/agreements/<str:kind>/issue/", payments.agreement_issue, name="agreement_issue"
    ),
    path("arrangements/<int:pk>/agreements/<str:kind>/sign/", payments.agreement_sign, name="agreement_sign"),
    # Staff
    path("arrangements/<int:pk>/reviews/", reviews.arrangement_reviews, name="arrangement_reviews"),
    path("arrangements/<int:pk>/reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/due/", reviews.reviews_due, name="reviews_due"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    # Carers and families: summaries only
    path("carer/arrangements/<int:pk>/reviews/", reviews.carer_reviews, name="carer_reviews"),
    path("family/arrangements/<int:pk>/reviews/", reviews.family_reviews, name="family_reviews"),
]
