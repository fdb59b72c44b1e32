"""Photos and documents in the admin: their details readable, their bytes never editable here;
photos approved or hidden through the same services as the app's pages."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from . import services
from .models import Document, DocumentVersion, Photo, PhotoStatus


class ReadOnlyBytesAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Photo)
class PhotoAdmin(ReadOnlyBytesAdmin):
    list_display = ["alt_text", "scheme", "owner_type", "owner_id", "status", "is_main", "uploaded_at"]
    list_filter = ["status", "scheme", "owner_type"]
    search_fields = ["alt_text"]
    readonly_fields = [
        "scheme",
        "owner_type",
        "owner_id",
        "status",
        "is_main",
        "position",
        "width",
        "height",
        "uploaded_by",
        "uploaded_at",
        "reviewed_by",
        "reviewed_at",
        "hidden_reason",
        "bytes_removed",
    ]
    fields = ["alt_text", "consent", *readonly_fields]
    actions = ["approve", "hide"]

    @admin.action(description="Approve the chosen photos")
    def approve(self, request, queryset):
        for photo in queryset.exclude(status=PhotoStatus.APPROVED):
            services.photo_approve(photo_id=photo.pk, by=request.user)
        messages.success(request, "The photos are approved.")

    @admin.action(description="Hide the chosen photos")
    def hide(self, request, queryset):
        for photo in queryset.exclude(status=PhotoStatus.HIDDEN):
            services.photo_hide(photo_id=photo.pk, reason="Hidden by an administrator", by=request.user)
        messages.success(request, "The photos are hidden.")


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    fields = [
        "number",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "bytes_removed",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyBytesAdmin):
    list_display = ["title", "kind", "scheme", "owner_type", "owner_id", "added_at", "removed_at"]
    list_filter = ["kind", "scheme", "owner_type"]
    search_fields = ["title"]
    readonly_fields = [
        "scheme",
        "owner_type",
        "owner_id",
        "kind",
        "added_by",
        "added_at",
        "removed_at",
        "removed_by",
        "removed_reason",
        "versions_page",
    ]
    fields = ["title", *readonly_fields]
    inlines = [VersionInline]

    @admin.display(description="In the app")
    def versions_page(self, obj):
        return format_html(
            '<a href="{}">The document page</a>', reverse("files:document_detail", args=[obj.pk])
        )
