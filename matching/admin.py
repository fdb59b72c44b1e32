from django.contrib import admin

from .models import (
    Agreement,
    Arrangement,
    ArrangementTransition,
    Booking,
    Introduction,
    MatchingSettings,
    MatchProposal,
    PaymentBand,
    PaymentRate,
    ProposalTransition,
    ReminderSent,
    RepresentativeView,
    Response,
    Review,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResponseInline(ReadOnlyInline):
    model = Response
    fields = ["at", "side", "round", "answer", "basis", "channel", "representative", "recorded_by", "note"]


class TransitionInline(ReadOnlyInline):
    model = ProposalTransition
    fields = ["at", "from_status", "to_status", "by", "reason"]


@admin.register(MatchProposal)
class MatchProposalAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the app, where the consent rules are enforced."""

    list_display = [
        "pk",
        "person",
        "household",
        "status",
        "support_type",
        "carer_deadline",
        "scheme",
        "created_at",
    ]
    list_filter = ["status", "support_type", "scheme"]
    search_fields = ["person__first_name", "person__last_name", "household__name"]
    list_select_related = ["person", "household", "scheme"]
    readonly_fields = [f.name for f in MatchProposal._meta.fields]
    inlines = [ResponseInline, TransitionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["at", "proposal", "side", "round", "answer", "basis", "channel", "recorded_by"]
    list_filter = ["side", "round", "answer", "basis", "channel"]
    search_fields = ["proposal__person__last_name", "proposal__household__name"]
    list_select_related = ["proposal", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RepresentativeView)
class RepresentativeViewAdmin(ResponseAdmin):
    list_display = ["at", "proposal", "representative", "view", "recorded_by"]
    list_filter = ["view"]
    list_select_related = ["proposal", "representative", "recorded_by"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["happened_on", "proposal", "kind", "attended"]
    list_filter = ["kind"]
    search_fields = ["proposal__household__name", "attended"]
    list_select_related = ["proposal"]

    def has_delete_permission(self, request, obj=None):
        return False  # part of the person's and the carers' records


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


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ["scheme", "answer_days", "weight_interest", "weight_language", "weight_distance"]


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
