"""Safeguarding records in the Django admin, for superusers.

Care records are never hard-deleted here: incidents, concerns, allegations, safety plans and
complaints are closed, never removed. Their statuses move only through the safeguarding pages
(whose services write the transition rows), so status and dates are read-only here; transition
rows are evidence and cannot be changed at all, and a notification is read-only once it is sent.
"""

from django.contrib import admin

from sharedlives.adminkit import NoDeleteMixin, ReadOnlyInline, ReadOnlyMixin

from .models import (
    Allegation,
    Complaint,
    ComplaintTransition,
    Concern,
    ConcernTransition,
    Incident,
    IncidentTransition,
    Notification,
    SafeguardingSettings,
    SafetyPlan,
)

TRANSITION_FIELDS = ["at", "from_status", "to_status", "by", "reason"]


class IncidentTransitionInline(ReadOnlyInline):
    model = IncidentTransition
    fields = TRANSITION_FIELDS
    readonly_fields = TRANSITION_FIELDS


class ConcernTransitionInline(ReadOnlyInline):
    model = ConcernTransition
    fields = TRANSITION_FIELDS
    readonly_fields = TRANSITION_FIELDS


class ComplaintTransitionInline(ReadOnlyInline):
    model = ComplaintTransition
    fields = TRANSITION_FIELDS
    readonly_fields = TRANSITION_FIELDS


class NotificationInline(ReadOnlyInline):
    model = Notification
    fields = ["trigger", "regulator", "due_since", "sent_at", "sent_how", "regulator_reference"]
    readonly_fields = fields


class SafetyPlanInline(ReadOnlyInline):
    model = SafetyPlan
    fields = ["arrangement", "decision", "detail", "recorded_by", "recorded_at"]
    readonly_fields = fields


@admin.register(Incident)
class IncidentAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["reference", "kind", "occurred_at", "person", "household", "harm", "status", "scheme"]
    list_filter = ["status", "kind", "harm", "police_involved", "scheme"]
    search_fields = [
        "person__first_name",
        "person__last_name",
        "household__name",
        "location",
        "police_reference",
    ]
    list_select_related = ["person", "household", "scheme"]
    raw_id_fields = ["person", "household", "reported_by", "reviewed_by"]
    readonly_fields = ["scheme", "status", "reported_by", "reported_at", "reviewed_by", "closed_at"]
    date_hierarchy = "occurred_at"
    inlines = [IncidentTransitionInline, NotificationInline]

    def has_add_permission(self, request):
        return False  # reported on the incident pages, which raise the notifications it makes due


@admin.register(IncidentTransition)
class IncidentTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "incident", "from_status", "to_status", "by"]
    list_filter = ["to_status", "incident__scheme"]
    search_fields = ["reason", "incident__person__last_name"]
    list_select_related = ["incident", "by"]


@admin.register(Concern)
class ConcernAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["reference", "person", "status", "raised_at", "about_household", "lead", "scheme"]
    list_filter = ["status", "immediate_risk", "outcome", "scheme"]
    search_fields = [
        "person__first_name",
        "person__last_name",
        "about_household__name",
        "council_reference",
        "council_contact",
    ]
    list_select_related = ["person", "about_household", "lead", "scheme"]
    raw_id_fields = [
        "person",
        "source_incident",
        "about_household",
        "about_carer",
        "about_member",
        "raised_by",
        "lead",
    ]
    readonly_fields = [
        "scheme",
        "status",
        "raised_by",
        "raised_at",
        "referred_on",
        "enquiry_started_on",
        "outcome",
        "outcome_on",
        "closed_at",
    ]
    date_hierarchy = "raised_at"
    inlines = [ConcernTransitionInline, NotificationInline]

    def has_add_permission(self, request):
        return False  # raised on the concern pages, which open allegations and notifications


@admin.register(ConcernTransition)
class ConcernTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "concern", "from_status", "to_status", "by"]
    list_filter = ["to_status", "concern__scheme"]
    search_fields = ["reason", "concern__person__last_name"]
    list_select_related = ["concern", "by"]


@admin.register(Allegation)
class AllegationAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Suspension and the panel's decision go through the carers lifecycle, never from here."""

    list_display = ["concern", "household", "status", "opened_at", "suspended_at", "closed_at"]
    list_filter = ["status", "household__scheme"]
    search_fields = ["household__name", "concern__person__last_name"]
    list_select_related = ["concern", "household"]
    readonly_fields = [
        "concern",
        "household",
        "status",
        "opened_at",
        "suspended_at",
        "suspended_by",
        "panel_decision",
        "closed_at",
    ]
    inlines = [SafetyPlanInline]

    def has_add_permission(self, request):
        return False


@admin.register(SafetyPlan)
class SafetyPlanAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["allegation", "arrangement", "decision", "recorded_by", "recorded_at"]
    list_filter = ["decision", "allegation__household__scheme"]
    search_fields = ["allegation__household__name", "arrangement__person__last_name", "detail"]
    list_select_related = ["allegation__household", "allegation__concern", "arrangement", "recorded_by"]
    readonly_fields = ["allegation", "arrangement", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Complaint)
class ComplaintAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "kind",
        "complainant_name",
        "from_who",
        "channel",
        "received_on",
        "status",
        "answer_by",
        "scheme",
    ]
    list_filter = ["kind", "status", "from_who", "channel", "outcome", "scheme"]
    search_fields = ["complainant_name", "person__first_name", "person__last_name", "household__name"]
    list_select_related = ["scheme"]
    raw_id_fields = ["made_by", "person", "household", "recorded_by", "investigator"]
    readonly_fields = [
        "scheme",
        "status",
        "made_by",
        "recorded_by",
        "acknowledge_by",
        "answer_by",
        "acknowledged_on",
        "answered_on",
        "closed_at",
    ]
    date_hierarchy = "received_on"
    inlines = [ComplaintTransitionInline]

    def has_add_permission(self, request):
        return False  # made on the complaint pages, which work out the deadlines


@admin.register(ComplaintTransition)
class ComplaintTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "complaint", "from_status", "to_status", "by"]
    list_filter = ["to_status", "complaint__scheme"]
    search_fields = ["reason", "complaint__complainant_name"]
    list_select_related = ["complaint", "by"]


@admin.register(Notification)
class NotificationAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Due ones may be corrected; once sent, a notification is the record of what the regulator got."""

    list_display = [
        "trigger",
        "regulator",
        "scheme",
        "due_since",
        "sent_at",
        "sent_how",
        "regulator_reference",
    ]
    list_filter = ["trigger", "regulator", "sent_how", "scheme"]
    search_fields = ["regulator_reference", "sent_text"]
    list_select_related = ["scheme"]
    raw_id_fields = ["incident", "concern", "sent_by"]
    readonly_fields = ["scheme", "regulator", "trigger", "incident", "concern", "due_since"]

    def has_add_permission(self, request):
        return False  # raised by the rules when an event is recorded

    def has_change_permission(self, request, obj=None):
        # Sending is recorded on the app's notification page, where the service checks it.
        return False


@admin.register(SafeguardingSettings)
class SafeguardingSettingsAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Managers change these on the safeguarding settings page; a scheme without a row has the defaults."""

    list_display = [
        "scheme",
        "complaint_acknowledge_days",
        "complaint_answer_days",
        "safety_plan_hours",
        "refer_within_days",
    ]
    search_fields = ["scheme__name"]
    list_select_related = ["scheme"]
