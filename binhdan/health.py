"""The health check shared by `/healthz` and `python manage.py healthcheck`."""

from django.db import connection


def database_problem() -> str | None:
    """None when the database answers a query, else a short description of the failure."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not healthy"
        return type(error).__name__
    return None
