from django.urls import path

from ..views import support

urlpatterns = [
    path("carer/people/<int:person_id>/", support.support, name="support"),
    path("people/<int:person_id>/support-plan/", support.support_plan_edit, name="support_plan_edit"),
    path("people/<int:person_id>/support-plan/risks/new/", support.risk_plan_add, name="risk_plan_add"),
    path("risk-plans/<int:pk>/", support.risk_plan_edit, name="risk_plan_edit"),
    path("risk-plans/<int:pk>/remove/", support.risk_plan_remove, name="risk_plan_remove"),
    path("people/<int:person_id>/support-plan/contacts/new/", support.contact_add, name="contact_add"),
    path("emergency-contacts/<int:pk>/", support.contact_edit, name="contact_edit"),
    path("emergency-contacts/<int:pk>/remove/", support.contact_remove, name="contact_remove"),
]
