"""The quarter and year pickers of the portal's pages: ?quy=2026Q4 and ?nam=2026.

Only the plan's quarters (from October 2025 to the current one) and years are offered and
read; anything else in the query string falls back to the current quarter (the current
year, `default_year()`) with a message saying so. A quarter in a URL's path is read by reports/urls.py with
the same rule, and answers 404 outside it.
"""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.quarters import (
    FIRST_QUARTER,
    Quarter,
    quarter_in_plan,
    quarters_in_plan,
    years_in_plan,
)


def quarter_from_request(request) -> Quarter:
    """The quarter asked for with ?quy=2026Q4, the current one by default."""
    today = timezone.localdate()
    current = Quarter.containing(today)
    text = request.GET.get("quy", "").strip()
    if not text:
        return current
    try:
        return quarter_in_plan(text, today)
    except ValueError:
        messages.warning(
            request,
            _(
                "“%(text)s” is not a quarter of the plan (from %(first)s to %(current)s); "
                "showing this quarter."
            )
            % {"text": text[:20], "first": FIRST_QUARTER.label, "current": current.label},
        )
        return current


def quarter_choices() -> list[Quarter]:
    """The quarters of the picker, the current one first."""
    return quarters_in_plan(timezone.localdate())


def default_year() -> int:
    """The year a page about a year (year review, nominations) opens on: the current year,
    within the years the picker offers."""
    years = year_choices()
    return min(max(timezone.localdate().year, years[-1]), years[0])


def year_from_request(request) -> int:
    """The year asked for with ?nam=2026, the current year by default."""
    text = request.GET.get("nam", "").strip()
    years = year_choices()
    if not text:
        return default_year()
    if text.isascii() and text.isdigit() and int(text) in years:
        return int(text)
    year = default_year()
    messages.warning(
        request,
        _("“%(text)s” is not a year of the plan (from %(first)s to %(last)s); showing %(year)s.")
        % {"text": text[:20], "first": years[-1], "last": years[0], "year": year},
    )
    return year


def year_choices() -> list[int]:
    """The years of the picker, the latest first."""
    return years_in_plan(timezone.localdate())
