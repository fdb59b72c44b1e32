from django.contrib import admin

from .models import Interest, Language


@admin.register(Interest, Language)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
