"""The notification list (thông báo) every user has, and the commune office's reminder text
for the teams' Zalo group (reports/reminders.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from binhdan.access import Capability, capability_required
from binhdan.picker import quarter_choices, quarter_from_request
from reports.kpis.scopes import scope_for
from reports.models import Notification
from reports.reminders import zalo_message


@login_required
def notifications(request):
    """The user's notifications, latest first; opening the list marks them read (a POST
    marks them read too, for a form without JavaScript)."""
    mine = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        mine.unread().update(read_at=timezone.now())
        return redirect("reports:notifications")
    shown = list(mine[:100])
    mine.unread().filter(pk__in=[n.pk for n in shown]).update(read_at=timezone.now())
    return render(request, "reports/notifications.html", {"notifications": shown})


@capability_required(Capability.REVIEW_REPORTS)
def reminder_message(request):
    """ "Sao chép tin nhắn nhắc việc": the villages still to submit a quarter's report and
    the deadline, as a ready text to copy into Zalo."""
    scope = scope_for(request.user)
    if scope is None:
        raise Http404
    quarter = quarter_from_request(request)
    return render(
        request,
        "reports/reminder_message.html",
        {
            "quarter": quarter,
            "quarters": quarter_choices(),
            "message": zalo_message(scope.commune, quarter, timezone.localdate()),
        },
    )
