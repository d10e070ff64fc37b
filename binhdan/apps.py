from django.apps import AppConfig


class BinhdanConfig(AppConfig):
    """The project package as an app: its templates tags, locale and cross-cutting code."""

    name = "binhdan"
    verbose_name = "Bình dân học vụ số"
