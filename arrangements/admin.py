from django.contrib import admin

from sharedlives.adminkit import ReadOnlyInline

from .models import (
    Agreement,
    Arrangement,
    ArrangementTransition,
    Booking,
    PaymentBand,
    PaymentRate,
    ReminderSent,
    Review,
    ReviewSettings,
)


class ArrangementTransitionInline(ReadOnlyInline):
    model = ArrangementTransition
    fields = ["at", "from_status", "to_status", "by", "reason"]


@admin.register(Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    list_display = ["pk", "person", "household", "support_type", "status", "start_date", "end_date", "scheme"]
    list_filter = ["status", "support_type", "scheme"]
    search_fields = ["person__first_name", "person__last_name", "household__name"]
    list_select_related = ["person", "household", "scheme"]
    readonly_fields = ["proposal", "person", "household", "scheme", "status", "created_by", "created_at"]
    inlines = [ArrangementTransitionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["scheme", "first_review_weeks", "review_every_months"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["starts_on", "ends_on", "session", "household", "arrangement", "cancelled_at"]
    list_filter = ["session"]
    search_fields = ["household__name", "arrangement__person__last_name"]
    list_select_related = ["household", "arrangement"]
    readonly_fields = ["arrangement", "household", "created_by", "cancelled_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentRateInline(admin.TabularInline):
    """Rates are read here: a change goes through the band page, which refuses to reach into a
    month already past."""

    model = PaymentRate
    extra = 0
    fields = ["effective_from", "amount", "uplift_percent", "board_lodging_weekly", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentBand)
class PaymentBandAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "unit", "is_active"]
    list_filter = ["unit", "is_active", "scheme"]
    search_fields = ["name"]
    inlines = [PaymentRateInline]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["arrangement", "kind", "issued_on", "signed_on"]
    list_filter = ["kind"]
    list_select_related = ["arrangement"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "held_on",
        "arrangement",
        "informed_score",
        "confident_score",
        "connected_score",
        "next_review_on",
    ]
    list_select_related = ["arrangement"]
    date_hierarchy = "held_on"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "kind", "key", "recipient"]
    list_filter = ["kind"]
    search_fields = ["key", "recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # evidence that a reminder went
