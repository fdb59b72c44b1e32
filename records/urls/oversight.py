from django.urls import path

from ..views import oversight

urlpatterns = [
    path("records/alerts/", oversight.alert_list, name="alerts"),
    path("records/settings/", oversight.settings_update, name="settings"),
    path("households/<int:pk>/records-sample/", oversight.household_sample, name="household_sample"),
    path(
        "households/<int:pk>/records-sample/read/",
        oversight.household_sample_read,
        name="household_sample_read",
    ),
]
