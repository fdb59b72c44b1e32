from django.contrib import admin

from .models import (
    ApprovalTerms,
    Availability,
    Carer,
    CarerSettings,
    Check,
    Household,
    HouseholdInterest,
    HouseholdLanguage,
    HouseholdMember,
    HouseholdTransition,
    PanelDecision,
)


class NoDeleteMixin:
    """Care records are never hard-deleted: they are ended, closed or replaced (and kept in history)."""

    def has_delete_permission(self, request, obj=None):
        return False


class CarerInline(NoDeleteMixin, admin.TabularInline):
    model = Carer
    extra = 0
    fields = ["position", "first_name", "last_name", "gender", "phone", "email", "user"]
    readonly_fields = ["position"]
    raw_id_fields = ["user"]


class MemberInline(NoDeleteMixin, admin.TabularInline):
    model = HouseholdMember
    extra = 0


class LanguageInline(admin.TabularInline):
    model = HouseholdLanguage
    extra = 0
    verbose_name = "language"


class InterestInline(admin.TabularInline):
    model = HouseholdInterest
    extra = 0
    verbose_name = "interest"


@admin.register(Household)
class HouseholdAdmin(NoDeleteMixin, admin.ModelAdmin):
    """Status changes go through the registry pages, which write transition rows; here it is read-only."""

    list_display = ["name", "scheme", "status", "postcode", "current_terms", "updated_at"]
    list_filter = ["status", "scheme", "smoking", "has_pets"]
    search_fields = ["name", "postcode", "carers__first_name", "carers__last_name", "carers__email"]
    list_select_related = ["scheme", "current_terms"]
    readonly_fields = ["status", "current_terms", "easting", "northing", "created_at", "updated_at"]
    autocomplete_fields = ["scheme"]
    inlines = [CarerInline, MemberInline, LanguageInline, InterestInline]


@admin.register(Carer)
class CarerAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "household", "position", "email", "phone", "user"]
    list_filter = ["household__scheme", "gender"]
    search_fields = ["first_name", "last_name", "email", "household__name"]
    list_select_related = ["household", "user"]
    raw_id_fields = ["household", "user"]


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "household", "relationship", "age_band", "left_on"]
    list_filter = ["age_band", "household__scheme"]
    search_fields = ["name", "household__name"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]


@admin.register(HouseholdTransition)
class HouseholdTransitionAdmin(admin.ModelAdmin):
    """The lifecycle log is evidence: it can be read here, not changed."""

    list_display = ["household", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "household__scheme"]
    search_fields = ["household__name", "reason"]
    list_select_related = ["household", "by"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PanelDecision)
class PanelDecisionAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["household", "decided_on", "decision", "decision_maker", "recorded_by"]
    list_filter = ["decision", "household__scheme"]
    search_fields = ["household__name", "decision_maker", "minutes"]
    list_select_related = ["household", "recorded_by"]
    raw_id_fields = ["household", "recorded_by"]
    date_hierarchy = "decided_on"


@admin.register(ApprovalTerms)
class ApprovalTermsAdmin(admin.ModelAdmin):
    """Terms are versions made by panel decisions; earlier versions are never changed."""

    list_display = ["household", "version", "max_people", "support_types", "client_groups", "effective_from"]
    list_filter = ["max_people", "household__scheme"]
    search_fields = ["household__name"]
    list_select_related = ["household"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Check)
class CheckAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["label", "household", "carer", "done_on", "expires_on", "is_current", "verified_by"]
    list_filter = ["check_type", "is_current", "household__scheme"]
    search_fields = ["household__name", "carer__first_name", "carer__last_name", "title", "evidence"]
    list_select_related = ["household", "carer", "verified_by"]
    raw_id_fields = ["household", "carer", "verified_by"]
    readonly_fields = ["expires_on", "is_current", "recorded_at"]
    date_hierarchy = "expires_on"


@admin.register(Availability)
class AvailabilityAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["household", "starts_on", "ends_on", "reason", "note"]
    list_filter = ["reason", "household__scheme"]
    search_fields = ["household__name", "note"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]


@admin.register(CarerSettings)
class CarerSettingsAdmin(admin.ModelAdmin):
    """Managers change these on the carer settings page, which also recomputes stored expiry dates."""

    list_display = ["scheme", "dbs_months", "health_safety_months", "gas_safety_months", "insurance_months"]
    list_filter = ["carers_may_edit_about_us", "carers_may_edit_interests", "carers_may_edit_members"]
    search_fields = ["scheme__name"]
    list_select_related = ["scheme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
