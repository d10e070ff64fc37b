"""What the apps' admins share: saving and deleting through the apps' services."""

from django.contrib import admin
from django.db import transaction


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
