from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from households.models import Household, OcopProduct, Platform, SupportType, SupportVisit


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_essential", "is_ecommerce", "sort_order", "is_active"]
    list_editable = ["is_essential", "is_ecommerce", "sort_order", "is_active"]


@admin.register(SupportType)
class SupportTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    list_display = ["head_name", "address", "village", "member_in_charge"]
    list_filter = ["village"]
    search_fields = ["search_text"]
    raw_id_fields = ["member_in_charge"]


@admin.register(SupportVisit)
class SupportVisitAdmin(SimpleHistoryAdmin):
    list_display = ["date", "team", "member", "household", "walk_in_name", "method"]
    list_filter = ["team", "method"]
    raw_id_fields = ["household", "member"]


@admin.register(OcopProduct)
class OcopProductAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "village", "stars"]
