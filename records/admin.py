"""Living-together records in the Django admin, for superusers.

Nothing here is hard-deleted. The support plan, risk plans, contacts and medicines are staff's own
records and may be corrected here. Notes, the person's words, doses, money entries and counts are
written on the app's pages (never added here) and are read-only once their day has passed, as the
database also insists; staff readings of notes are evidence and read-only.
"""

from django.contrib import admin
from django.utils import timezone

from sharedlives.adminkit import NoDeleteMixin, ReadOnlyInline, ReadOnlyMixin

from .models import (
    DailyNote,
    DoseRecord,
    EmergencyContact,
    Medicine,
    MoneyCheck,
    MoneyEntry,
    NoteReading,
    NoteWords,
    RecordsSettings,
    RiskPlan,
    SupportPlan,
)


class FixedAfterItsDayMixin(NoDeleteMixin):
    """Made on the app's pages; changeable on its own day only (records.models.fixed_after_its_day)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.day < timezone.localdate():
            return False
        return super().has_change_permission(request, obj)


@admin.register(RecordsSettings)
class RecordsSettingsAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = [
        "scheme",
        "days_around_stay",
        "refusals_alert_count",
        "no_note_alert_days",
        "samples_per_month",
    ]


@admin.register(SupportPlan)
class SupportPlanAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["person", "gp_practice", "updated_at", "updated_by"]
    search_fields = ["person__first_name", "person__last_name", "gp_practice"]
    list_select_related = ["person", "updated_by"]
    raw_id_fields = ["person", "updated_by"]


@admin.register(EmergencyContact)
class EmergencyContactAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "relationship", "phone", "person", "removed_at"]
    search_fields = ["name", "person__last_name"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "added_by"]


@admin.register(RiskPlan)
class RiskPlanAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["risk", "person", "review_on", "removed_at"]
    list_filter = ["review_on"]
    search_fields = ["risk", "person__last_name"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "added_by", "removed_by"]


class NoteWordsInline(ReadOnlyInline):
    model = NoteWords
    fields = ["words", "written_by", "written_at"]
    readonly_fields = fields


class NoteReadingInline(ReadOnlyInline):
    model = NoteReading
    fields = ["read_by", "read_at", "comment", "sampled"]
    readonly_fields = fields


@admin.register(DailyNote)
class DailyNoteAdmin(FixedAfterItsDayMixin, admin.ModelAdmin):
    list_display = ["day", "person", "household", "written_by", "written_at"]
    list_filter = ["scheme"]
    search_fields = ["person__last_name", "household__name"]
    list_select_related = ["person", "household", "written_by"]
    raw_id_fields = ["scheme", "arrangement", "person", "household", "corrects", "written_by"]
    readonly_fields = [
        "scheme",
        "arrangement",
        "person",
        "household",
        "day",
        "corrects",
        "written_by",
        "written_at",
    ]
    date_hierarchy = "day"
    inlines = [NoteWordsInline, NoteReadingInline]


@admin.register(NoteWords)
class NoteWordsAdmin(FixedAfterItsDayMixin, admin.ModelAdmin):
    list_display = ["note", "written_by", "written_at"]
    list_select_related = ["note__person", "written_by"]
    raw_id_fields = ["note", "written_by"]
    readonly_fields = ["note", "written_by", "written_at"]


@admin.register(NoteReading)
class NoteReadingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["note", "read_by", "read_at", "sampled"]
    list_select_related = ["note__person", "read_by"]


@admin.register(Medicine)
class MedicineAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "strength", "person", "as_needed", "starts_on", "stops_on"]
    list_filter = ["as_needed", "route"]
    search_fields = ["name", "person__last_name"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "added_by"]


@admin.register(DoseRecord)
class DoseRecordAdmin(FixedAfterItsDayMixin, admin.ModelAdmin):
    list_display = ["day", "due_at", "medicine", "person", "outcome", "recorded_by"]
    list_filter = ["outcome"]
    search_fields = ["person__last_name", "medicine__name"]
    list_select_related = ["medicine", "person", "recorded_by"]
    raw_id_fields = ["medicine", "person", "household", "corrects", "recorded_by"]
    readonly_fields = [
        "medicine",
        "person",
        "household",
        "day",
        "due_at",
        "corrects",
        "recorded_by",
        "recorded_at",
    ]
    date_hierarchy = "day"


@admin.register(MoneyEntry)
class MoneyEntryAdmin(FixedAfterItsDayMixin, admin.ModelAdmin):
    list_display = ["day", "person", "direction", "amount", "what", "recorded_by"]
    list_filter = ["direction"]
    search_fields = ["person__last_name", "what"]
    list_select_related = ["person", "recorded_by"]
    raw_id_fields = ["person", "household", "corrects", "recorded_by"]
    readonly_fields = ["person", "household", "day", "corrects", "recorded_by", "recorded_at"]
    date_hierarchy = "day"


@admin.register(MoneyCheck)
class MoneyCheckAdmin(FixedAfterItsDayMixin, admin.ModelAdmin):
    list_display = ["checked_at", "person", "kind", "counted", "recorded_balance", "checked_by"]
    list_filter = ["kind"]
    list_select_related = ["person", "checked_by"]
    raw_id_fields = ["person", "household", "checked_by"]
    readonly_fields = ["person", "household", "kind", "recorded_balance", "checked_by", "checked_at"]
