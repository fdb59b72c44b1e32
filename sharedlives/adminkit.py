"""Admin pieces shared by the apps."""

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NoDeleteMixin:
    """Care records are never hard-deleted; they are closed instead (and kept in history)."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin:
    """Evidence (status changes, logs) is read here, never written or changed by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
