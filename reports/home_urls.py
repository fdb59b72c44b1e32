"""The role home pages, at the addresses they have always had."""

from django.urls import path

from . import home

urlpatterns = [
    path("", home.home, name="home"),
    path("dashboard/", home.staff_dashboard, name="staff_dashboard"),
    path("carer/", home.carer_home, name="carer_home"),
    path("me/", home.person_home, name="person_home"),
    path("family/", home.family_home, name="family_home"),
]
