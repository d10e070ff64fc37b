"""What the apps' admins share: saving and deleting through the apps' services; and
django-axes' admin, its wording completed."""

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes through the app's services: `save_service` (obj, by) and
    `delete_service` (obj, by; None: Django's own save or delete); a selection is deleted one object
    at a time, in one transaction."""

    save_service = delete_service = None

    def save_model(self, request, obj, form, change):
        if self.save_service is None:
            return super().save_model(request, obj, form, change)
        type(self).save_service(obj, request.user)

    def delete_model(self, request, obj):
        if self.delete_service is None:
            return super().delete_model(request, obj)
        type(self).delete_service(obj, request.user)

    def delete_queryset(self, request, queryset):
        if self.delete_service is None:
            return super().delete_queryset(request, queryset)
        with transaction.atomic():
            for obj in queryset:
                type(self).delete_service(obj, request.user)


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    """django-axes' list of failed log-ins, with its status column named in the reader's
    language (the package leaves it to Django, which writes the method's name: "Status")."""

    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AccessAttemptAdmin)
