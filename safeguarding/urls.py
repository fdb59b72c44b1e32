from django.urls import path

from .views import complaints, concerns, incidents, notifications, overview

app_name = "safeguarding"

urlpatterns = [
    # Overview for managers and safeguarding leads, the inspection report and the scheme's targets.
    path("safeguarding/", overview.dashboard, name="dashboard"),
    path("safeguarding/report/", overview.inspection_report, name="report"),
    path("safeguarding/settings/", overview.settings_update, name="settings"),
    # Incidents and accidents.
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/new/", incidents.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/edit/", incidents.incident_update, name="incident_update"),
    path("incidents/<int:pk>/review/", incidents.incident_start_review, name="incident_start_review"),
    path("incidents/<int:pk>/close/", incidents.incident_close, name="incident_close"),
    path("incidents/<int:pk>/withhold/", incidents.incident_withhold, name="incident_withhold"),
    path("carer/incidents/", incidents.carer_incidents, name="carer_incidents"),
    # Safeguarding concerns and the allegations about carers they open.
    path("concerns/", concerns.concern_list, name="concern_list"),
    path("concerns/new/", concerns.concern_create, name="concern_create"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/lead/", concerns.concern_assign_lead, name="concern_assign_lead"),
    path("concerns/<int:pk>/refer/", concerns.concern_refer, name="concern_refer"),
    path("concerns/<int:pk>/enquiry/", concerns.concern_start_enquiry, name="concern_start_enquiry"),
    path("concerns/<int:pk>/outcome/", concerns.concern_record_outcome, name="concern_record_outcome"),
    path("concerns/<int:pk>/close/", concerns.concern_close, name="concern_close"),
    path("concerns/<int:pk>/withhold/", concerns.concern_withhold, name="concern_withhold"),
    path("allegations/<int:pk>/suspend/", concerns.allegation_suspend, name="allegation_suspend"),
    path("allegations/<int:pk>/safety-plan/", concerns.safety_plan_record, name="safety_plan_record"),
    path("allegations/<int:pk>/panel/", concerns.allegation_panel_decision, name="allegation_panel_decision"),
    # Complaints and compliments.
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_record, name="complaint_record"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/acknowledge/", complaints.complaint_acknowledge, name="complaint_acknowledge"),
    path("complaints/<int:pk>/investigate/", complaints.complaint_investigate, name="complaint_investigate"),
    path("complaints/<int:pk>/answer/", complaints.complaint_answer, name="complaint_answer"),
    path("complaints/<int:pk>/close/", complaints.complaint_close, name="complaint_close"),
    path("complaints/<int:pk>/withhold/", complaints.complaint_withhold, name="complaint_withhold"),
    path("my-complaints/", complaints.own_complaints, name="own_complaints"),
    path("my-complaints/new/", complaints.complaint_send, name="complaint_send"),
    path("me/tell-us/", complaints.person_tell_us, name="person_tell_us"),
    path("me/tell-us/check/", complaints.person_tell_us_check, name="person_tell_us_check"),
    # Notifications to the regulator.
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", notifications.notification_detail, name="notification_detail"),
    path(
        "notifications/<int:pk>/sent/",
        notifications.notification_record_sent,
        name="notification_record_sent",
    ),
]
