from django.urls import path

from . import views

app_name = "carers"

urlpatterns = [
    path("carer/", views.home, name="home"),
]
