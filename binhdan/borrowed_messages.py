"""Messages of Django, django-axes and django-simple-history that binhdan/locale translates.

The admin and every form show some of these packages' own messages: django-axes and
django-simple-history ship no Vietnamese, Django's Vietnamese leaves its newer messages in
English and words a few others badly ("Đảm bảo giá trị này lớn hơn hoặc bằng với 0 .",
"Thêm vào hộ dân" for "add a household", "Bởi thôn, xóm" for "by village").
binhdan/locale comes first in LOCALE_PATHS, so its Vietnamese for the same message wins.

Nothing imports this module: it lists the messages (exactly as the packages write them) so
that `makemessages` keeps their entries in binhdan/locale, and a test checks each is
translated (tests/test_english_leftovers.py).
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

#: Form and model validation (django/core/validators.py, django/forms/, django/db/models/).
FORMS = (
    _("Ensure this value is %(limit_value)s (it is %(show_value)s)."),
    _("Ensure this value is less than or equal to %(limit_value)s."),
    _("Ensure this value is greater than or equal to %(limit_value)s."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        "max",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "max",
    ),
    _("Enter a whole number."),
    _("Enter a number."),
    _("Enter a valid email address."),
    _("This field cannot be null."),
    _("This field cannot be blank."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Select a valid choice. That choice is not one of the available choices."),
    _("“%(pk)s” is not a valid value."),
    _("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    _("Null characters are not allowed."),
    _("%(model_name)s with this %(field_labels)s already exists."),
    _("Please correct the duplicate data for %(field)s."),
)

#: Django's admin (django/contrib/admin/) and its user pages (django/contrib/auth/).
ADMIN = (
    _("Site administration"),
    _("Add"),
    _("Add %(name)s"),
    _("Add another %(verbose_name)s"),
    _("Add link"),
    _("Change or view list link"),
    _("Model name"),
    _("Models in the %(name)s application"),
    _("Added:"),
    _("Changed:"),
    _("Deleted:"),
    _("Breadcrumbs"),
    _("Skip to main content"),
    _("Sidebar"),
    _("Toggle navigation"),
    _("Filter navigation items"),
    _("Toggle theme (current theme: auto)"),
    _("Toggle theme (current theme: light)"),
    _("Toggle theme (current theme: dark)"),
    _(" By %(filter_title)s "),
    _("Hide counts"),
    _("Show counts"),
    _("0 of %(cnt)s selected"),
    _("Click here to select the objects across all pages"),
    _("Select this object for an action - {}"),
    _("Select all objects on this page for an action"),
    _("Sorting priority: %(priority_number)s"),
    _("View selected %(model)s"),
    _("Popup closing…"),
    _("Error:"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "n"),
    ngettext_lazy("entry", "entries", "n"),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    _("Successfully deleted %(count)d %(items)s."),
    _(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    _(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    ),
    _("No fields changed."),
    _("Forgotten your login credentials?"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _("superuser status"),
    _("staff status"),
    _("Set password"),
    _("Set password: %s"),
    _("Reset password"),
    _("Password-based authentication"),
    _("Enabled"),
    _("Disabled"),
    _("Enable password-based authentication"),
    _("Disable password-based authentication"),
    _("This action will <strong>enable</strong> password-based authentication for this user."),
    _("Enable password-based authentication for this user by setting a password."),
    _(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    _("Password-based authentication was disabled."),
    _("Raw passwords are not stored, so there is no way to see the user’s password."),
    _("Conflicting form data submitted. Please try again."),
)

#: django-axes (log-in lock-out): its models, fields and admin (binhdan.apps.AxesConfig
#: names the app).
AXES = (
    _("access attempt"),
    _("access attempts"),
    _("Access Attempt"),
    _("access failure"),
    _("access failures"),
    _("access log"),
    _("access logs"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("User Agent"),
    _("Username"),
    _("IP Address"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("Locked Out"),
    _("Form Data"),
    _("Meta Data"),
    _("Clean up expired attempts"),
    _("Not set"),
    _("Attempt Remaining"),
)

#: django-simple-history: the change history of households and visits in the admin.
HISTORY = (
    _("View history: %s"),
    _("Revert %s"),
    _("Revert %(verbose_name)s"),
    _("View %(verbose_name)s"),
    _('The %(name)s "%(obj)s" was changed successfully.'),
    _("You may edit it again below"),
    _("Created"),
    _("Changed"),
    _("Deleted"),
    _("Deleted %(type_name)s"),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("This object doesn't have a change history."),
    _("Press the 'Revert' button below to revert to this version of the object."),
    _("Press the 'Change History' button below to edit the history."),
    _("Object"),
    _("Comment"),
    _("Changed by"),
    _("Change reason"),
    _("Changes"),
    _("Revert"),
    _("Change History"),
)
