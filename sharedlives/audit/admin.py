from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence and cannot be edited here."""

    list_display = ["at", "user", "scheme", "object_type", "object_id", "page"]
    list_filter = ["scheme", "object_type", "page"]
    search_fields = ["user__email", "user__full_name", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["user", "scheme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
