"""WSGI entry point: `gunicorn binhdan.wsgi`.

The application is warmed up as it is loaded, while a gunicorn worker boots and before it
takes a request: otherwise each worker's first request (a log-in, usually) imports every view
through the URLconf, WeasyPrint among them, and loads the translations: about 0.6 s on a
two-core server, paid again after each recycling (`GUNICORN_MAX_REQUESTS`). Nothing here
touches the database.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdan.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Import the URLconf (every view), load each language's catalogue and compile the
    log-in page and the base template."""
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports binhdan/urls.py and every view
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Log in")
    for name in ("base.html", "registration/login.html"):
        get_template(name)


warm_up()
