from django.contrib import admin

from households.models import Platform, SupportType


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_essential", "is_ecommerce", "sort_order", "is_active"]
    list_editable = ["is_essential", "is_ecommerce", "sort_order", "is_active"]


@admin.register(SupportType)
class SupportTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
