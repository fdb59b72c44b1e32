from django.contrib import admin

from sharedlives.adminkit import ReadOnlyInline

from .models import (
    Introduction,
    MatchingSettings,
    MatchProposal,
    ProposalTransition,
    RepresentativeOpinion,
    Response,
)


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


@admin.register(RepresentativeOpinion)
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


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ["scheme", "answer_days", "weight_interest", "weight_language", "weight_distance"]
