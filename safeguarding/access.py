"""One access helper per safeguarding record. Each answers 404 to anyone the record does not concern:
another scheme's staff, a coordinator who is not a safeguarding lead (for a concern), a carer
asking for an incident they did not report, anyone asking for someone else's complaint."""

from django.shortcuts import get_object_or_404

from .models import Allegation, Complaint, Concern, Incident, Notification


def get_incident_for_user(user, pk: int) -> Incident:
    return get_object_or_404(
        Incident.objects.for_user(user).select_related("scheme", "person", "household", "reported_by"), pk=pk
    )


def get_concern_for_user(user, pk: int) -> Concern:
    """The concern in full: for the managers and safeguarding leads of its scheme. Views log each view."""
    return get_object_or_404(
        Concern.objects.for_user(user).select_related(
            "scheme__safeguarding_settings",
            "person",
            "about_household",
            "about_carer",
            "about_member",
            "raised_by",
            "lead",
        ),
        pk=pk,
    )


def get_allegation_for_user(user, pk: int) -> Allegation:
    return get_object_or_404(
        Allegation.objects.for_user(user).select_related("household", "concern__person"), pk=pk
    )


def get_complaint_for_user(user, pk: int) -> Complaint:
    return get_object_or_404(
        Complaint.objects.for_user(user).select_related("scheme", "person", "household"), pk=pk
    )


def get_notification_for_user(user, pk: int) -> Notification:
    return get_object_or_404(
        Notification.objects.for_user(user).select_related(
            "scheme", "incident__person", "incident__household", "concern__person", "concern__about_household"
        ),
        pk=pk,
    )
