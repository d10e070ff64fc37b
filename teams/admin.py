from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from binhdan.admin import ServiceAdmin
from binhdan.communes import open_commune
from teams import accounts, services
from teams.models import (
    AccountEvent,
    Commune,
    DigitalSkillArea,
    Member,
    MemberRole,
    Province,
    Team,
    TrainingTopic,
    User,
    Village,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Commune)
class CommuneAdmin(ServiceAdmin):
    list_display = ["code", "name", "province"]
    search_fields = ["code", "name"]
    save_service = open_commune  # a new commune gets its catalogues


@admin.register(Village)
class VillageAdmin(ServiceAdmin):
    list_display = ["code", "name", "commune", "is_active"]
    list_filter = ["commune", "is_active"]
    search_fields = ["code", "name", "search_text"]
    save_service, delete_service = services.save_village, services.delete_village


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "commune", "village", "is_active"]
    list_filter = ["role", "commune", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email")}),
        (
            _("Access"),
            {
                "fields": (
                    "role",
                    "province",
                    "commune",
                    "village",
                    "is_active",
                    "must_change_password",
                )
            },
        ),
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
                    "province",
                    "commune",
                    "village",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login"]

    def save_model(self, request, obj, form, change):
        """Saved as the admin does, and written in the account log (teams/accounts.py) as the
        office's actions are."""
        was_active = (
            User.objects.filter(pk=obj.pk).values_list("is_active", flat=True).first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        accounts.record_admin_change(obj, request.user, created=not change, was_active=was_active)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            accounts.record_admin_password(User.objects.get(pk=id), request.user)
        return response


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """The account log, read only: written by teams/accounts.py alone."""

    list_display = ["at", "username", "action", "by_username", "details"]
    list_filter = ["action"]
    search_fields = ["username", "by_username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MemberRole)
class MemberRoleAdmin(ServiceAdmin):
    list_display = [
        "name",
        "code",
        "commune",
        "required_in_village_team",
        "sort_order",
        "is_active",
    ]
    list_filter = ["commune"]
    list_editable = ["required_in_village_team", "sort_order", "is_active"]
    save_service = services.save_member_role


@admin.register(TrainingTopic)
class TrainingTopicAdmin(ServiceAdmin):
    list_display = ["number", "name", "is_active"]
    filter_horizontal = ["skill_areas"]
    save_service = services.save_training_topic


@admin.register(DigitalSkillArea)
class DigitalSkillAreaAdmin(ServiceAdmin):
    """The areas of the basic digital skills framework (757/QĐ-BKHCN) the topics map to."""

    list_display = ["number", "name", "is_active"]
    list_editable = ["name", "is_active"]
    save_service = services.save_skill_area


@admin.register(Team)
class TeamAdmin(ServiceAdmin):
    list_display = ["name", "level", "village", "commune"]
    list_filter = ["level", "commune"]
    save_service, delete_service = services.save_team, services.delete_team


@admin.register(Member)
class MemberAdmin(ServiceAdmin):
    list_display = ["full_name", "team", "role", "is_leader", "is_youth_union", "left_on"]
    list_filter = ["team__commune", "role", "is_leader"]
    search_fields = ["full_name", "search_text"]
    raw_id_fields = ["user"]
    save_service, delete_service = services.save_member, services.delete_member
