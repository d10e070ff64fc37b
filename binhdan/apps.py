from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BinhdanConfig(AppConfig):
    """The project package as an app: its templates tags, locale and cross-cutting code."""

    default = True  # apps.py also holds AxesConfig
    name = "binhdan"
    verbose_name = "Bình dân học vụ số"


class AxesConfig(AxesAppConfig):
    """django-axes (log-in lock-out) under a name the admin shows in the reader's language:
    the package names its app nothing, so the admin wrote "Axes"."""

    default = False
    verbose_name = _("Log-in protection")
