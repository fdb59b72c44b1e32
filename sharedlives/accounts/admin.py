from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Invitation, Scheme, SchemeMembership, User


class NoDeleteMixin:
    """Users, schemes and invitations are referred to by care records and their history: deactivate
    a user, or cancel an invitation, instead. Memberships may be deleted (that removes the role)."""

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = SchemeMembership
    extra = 0
    fields = ["scheme", "user", "role", "is_safeguarding_lead"]
    autocomplete_fields = ["scheme", "user"]


@admin.register(User)
class UserAdmin(NoDeleteMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "kind", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser", "memberships__scheme"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "kind"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "kind", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Scheme)
class SchemeAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "regulator", "area", "contact_email", "created_at"]
    list_filter = ["regulator"]
    search_fields = ["name", "area"]
    filter_horizontal = ["neighbours"]
    inlines = [MembershipInline]


@admin.register(SchemeMembership)
class SchemeMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "scheme", "role", "is_safeguarding_lead", "created_at"]
    list_editable = ["is_safeguarding_lead"]
    list_filter = ["role", "is_safeguarding_lead", "scheme"]
    search_fields = ["user__email", "user__full_name", "scheme__name"]
    autocomplete_fields = ["user", "scheme"]
    list_select_related = ["user", "scheme"]


@admin.register(Invitation)
class InvitationAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = [
        "email",
        "kind",
        "scheme",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["kind", "scheme"]
    search_fields = ["email", "user__full_name"]
    list_select_related = ["scheme", "invited_by"]
    readonly_fields = ["token_hash", "user", "created_at", "accepted_at"]
    autocomplete_fields = ["scheme", "invited_by"]
