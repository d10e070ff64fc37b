"""The Django admin of the households app: every save and delete goes through
households/services.py, as the portal's own pages do (history user, tallies)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from binhdan.admin import ServiceAdmin
from households import services
from households.models import Household, OcopProduct, Platform, SupportType, SupportVisit


@admin.register(Platform)
class PlatformAdmin(ServiceAdmin):
    list_display = ["name", "code", "is_essential", "is_ecommerce", "sort_order", "is_active"]
    list_editable = ["is_essential", "is_ecommerce", "sort_order", "is_active"]
    save_service = services.save_platform  # deleting one is refused while a household uses it


@admin.register(SupportType)
class SupportTypeAdmin(ServiceAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    save_service = services.save_support_type


@admin.register(Household)
class HouseholdAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["head_name", "address", "village", "member_in_charge"]
    list_filter = ["village"]
    search_fields = ["search_text"]
    raw_id_fields = ["member_in_charge"]
    save_service, delete_service = services.save_household, services.delete_household


@admin.register(SupportVisit)
class SupportVisitAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["date", "team", "member", "household", "walk_in_name", "method"]
    list_filter = ["team", "method"]
    raw_id_fields = ["household", "member"]
    save_service, delete_service = services.save_visit, services.delete_visit
    # The kinds of support are saved by save_related (form.save_m2m): no tally counts them.


@admin.register(OcopProduct)
class OcopProductAdmin(ServiceAdmin):
    list_display = ["name", "commune", "village", "stars"]
    save_service, delete_service = services.save_ocop_product, services.delete_ocop_product
