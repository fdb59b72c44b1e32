from django.contrib import admin

from .models import (
    CapacityAssessment,
    LegalAuthority,
    Person,
    PersonLanguage,
    Profile,
    ProfileInterest,
    Referral,
    ReferralTransition,
    Representative,
)


class ReadOnlyMixin:
    """Rows that are evidence (transitions) are not edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NoDeleteMixin:
    """Care records are never hard-deleted; they are closed, removed or ended instead."""

    def has_delete_permission(self, request, obj=None):
        return False


class PersonLanguageInline(admin.TabularInline):
    model = PersonLanguage
    extra = 0
    autocomplete_fields = ["language"]


class ProfileInterestInline(admin.TabularInline):
    model = ProfileInterest
    extra = 0
    autocomplete_fields = ["interest"]


class ReferralTransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = ReferralTransition
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields


class LegalAuthorityInline(NoDeleteMixin, admin.StackedInline):
    model = LegalAuthority
    fk_name = "representative"
    extra = 0
    autocomplete_fields = ["checked_by", "removed_by"]


@admin.register(Person)
class PersonAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["full_name", "preferred_name", "scheme", "date_of_birth", "postcode", "funder", "user"]
    list_filter = ["scheme", "funder", "living_situation", "faith"]
    search_fields = ["first_name", "last_name", "preferred_name", "email", "postcode"]
    list_select_related = ["scheme", "user"]
    autocomplete_fields = ["scheme", "user"]
    readonly_fields = ["easting", "northing", "created_at"]
    inlines = [PersonLanguageInline]


@admin.register(Profile)
class ProfileAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = [
        "person",
        "carer_gender",
        "no_pets",
        "no_smoking",
        "no_children",
        "needs_level_access",
        "updated_at",
    ]
    list_filter = [
        "carer_gender",
        "no_pets",
        "no_smoking",
        "no_children",
        "needs_level_access",
        "person__scheme",
    ]
    search_fields = ["person__first_name", "person__last_name", "person__preferred_name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    readonly_fields = ["live_near_easting", "live_near_northing"]
    inlines = [ProfileInterestInline]


@admin.register(Referral)
class ReferralAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = [
        "person",
        "support_type",
        "status",
        "closed_reason",
        "urgency",
        "received_on",
        "referrer_name",
    ]
    list_filter = ["status", "support_type", "urgency", "closed_reason", "person__scheme"]
    search_fields = ["person__first_name", "person__last_name", "referrer_name", "referrer_organisation"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    date_hierarchy = "received_on"
    # Status changes go through the services, which write transition rows.
    readonly_fields = ["status", "closed_reason", "status_changed_at", "created_at"]
    inlines = [ReferralTransitionInline]


@admin.register(ReferralTransition)
class ReferralTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "referral", "from_status", "to_status", "by"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["referral__person__first_name", "referral__person__last_name", "reason"]
    list_select_related = ["referral__person", "by"]


@admin.register(Representative)
class RepresentativeAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["full_name", "person", "role", "relationship", "may_see_proposals", "user", "removed_at"]
    list_filter = ["role", "may_see_proposals", "person__scheme"]
    search_fields = ["full_name", "email", "person__first_name", "person__last_name"]
    list_select_related = ["person", "user"]
    autocomplete_fields = ["person", "user", "removed_by"]
    inlines = [LegalAuthorityInline]


@admin.register(LegalAuthority)
class LegalAuthorityAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["representative", "kind", "checked_on", "checked_by", "expires_on", "removed_at"]
    list_filter = ["kind", "representative__person__scheme"]
    search_fields = ["representative__full_name", "representative__person__last_name", "evidence_seen"]
    list_select_related = ["representative__person", "checked_by"]
    autocomplete_fields = ["representative", "checked_by", "removed_by"]


@admin.register(CapacityAssessment)
class CapacityAssessmentAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["person", "decision", "assessed_on", "outcome", "assessor", "recorded_by"]
    list_filter = ["decision", "outcome", "person__scheme"]
    search_fields = ["person__first_name", "person__last_name", "assessor"]
    list_select_related = ["person", "recorded_by"]
    autocomplete_fields = ["person", "recorded_by"]
    date_hierarchy = "assessed_on"
