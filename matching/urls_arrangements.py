from django.urls import path

from . import arrangement_views as views

urlpatterns = [
    path("arrangements/", views.arrangement_list, name="arrangement_list"),
    path("arrangements/<int:pk>/", views.arrangement_detail, name="arrangement_detail"),
    path("arrangements/<int:pk>/start/", views.arrangement_start, name="arrangement_start"),
    path("arrangements/<int:pk>/pause/", views.arrangement_pause, name="arrangement_pause"),
    path("arrangements/<int:pk>/resume/", views.arrangement_resume, name="arrangement_resume"),
    path("arrangements/<int:pk>/notice/", views.arrangement_notice, name="arrangement_notice"),
    path("arrangements/<int:pk>/end/", views.arrangement_end, name="arrangement_end"),
    path("arrangements/<int:pk>/extend/", views.arrangement_extend, name="arrangement_extend"),
    path("arrangements/<int:pk>/funding/", views.arrangement_update, name="arrangement_update"),
    path("arrangements/<int:pk>/bookings/", views.booking_create, name="booking_create"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("carers/<int:pk>/calendar/", views.household_calendar, name="household_calendar"),
    path(
        "carers/<int:pk>/calendar/<int:year>/<int:month>/",
        views.household_calendar,
        name="household_calendar",
    ),
    path("people/<int:pk>/calendar/", views.person_calendar, name="person_calendar"),
    path("people/<int:pk>/calendar/<int:year>/<int:month>/", views.person_calendar, name="person_calendar"),
    path("carer/arrangements/", views.carer_arrangements, name="carer_arrangements"),
    path("family/arrangements/", views.family_arrangements, name="family_arrangements"),
]
