from django.contrib import admin

from .models import Interest, Language, Postcode


@admin.register(Interest, Language)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "district", "easting", "northing"]
    # Code-Point Open has 1.7 million rows: no filter sidebar, and no full count on each page.
    search_fields = ["postcode", "district"]
    show_full_result_count = False
