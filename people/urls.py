from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("me/", views.person_home, name="person_home"),
    path("family/", views.family_home, name="family_home"),
]
