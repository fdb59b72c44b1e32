from django.urls import path

from ..views import medicines as views

urlpatterns = [
    path("people/<int:person_id>/medicines/", views.medicines, name="medicines"),
    path("people/<int:person_id>/medicines/new/", views.medicine_add, name="medicine_add"),
    path("medicines/<int:pk>/edit/", views.medicine_edit, name="medicine_edit"),
    path("medicines/<int:pk>/stop/", views.medicine_stop, name="medicine_stop"),
    path("people/<int:person_id>/medicines/doses/new/", views.dose_record, name="dose_record"),
    path("doses/<int:pk>/correct/", views.dose_correct, name="dose_correct"),
    path(
        "people/<int:person_id>/medicines/<int:year>/<int:month>/",
        views.medicines_chart,
        name="medicines_chart",
    ),
    path(
        "people/<int:person_id>/medicines/<int:year>/<int:month>/print/",
        views.medicines_chart_print,
        name="medicines_chart_print",
    ),
]
