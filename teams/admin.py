from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from teams.models import Commune, User, Village


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    search_fields = ["code", "name"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "commune", "is_active"]
    list_filter = ["commune", "is_active"]
    search_fields = ["code", "name", "search_text"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "commune", "village", "is_active"]
    list_filter = ["role", "commune", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email")}),
        (_("Access"), {"fields": ("role", "commune", "village", "is_active")}),
        (_("Administration"), {"fields": ("is_staff", "is_superuser", "last_login")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "role",
                    "commune",
                    "village",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login"]
