from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.search, name="search"),
    path("audit/retention/", views.retention_list, name="retention"),
    path(
        "audit/retention/<str:record_type>/<int:pk>/destroy/",
        views.destroy,
        name="destroy",
    ),
    path("audit/people/<int:pk>/export/", views.person_export, name="person_export"),
]
