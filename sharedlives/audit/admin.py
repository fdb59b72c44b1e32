from django.contrib import admin

from .models import AccessLog, DestructionRecord, SecurityEvent


class EvidenceAdmin(admin.ModelAdmin):
    """Read-only: the audit is evidence and cannot be added to, edited or deleted here
    (the database refuses changes and deletions anyway)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(EvidenceAdmin):
    list_display = ["at", "user", "scheme", "object_type", "object_id", "page"]
    list_filter = ["scheme", "object_type", "page"]
    search_fields = ["user__email", "user__full_name", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["user", "scheme"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(EvidenceAdmin):
    list_display = ["at", "kind", "user", "login", "ip", "method", "path", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["user__email", "user__full_name", "login", "ip", "path"]
    date_hierarchy = "at"
    list_select_related = ["user"]


@admin.register(DestructionRecord)
class DestructionRecordAdmin(EvidenceAdmin):
    list_display = ["decided_at", "description", "decided_by", "scheme"]
    list_filter = ["scheme", "record_type"]
    search_fields = ["description", "reason"]
    list_select_related = ["decided_by", "scheme"]
