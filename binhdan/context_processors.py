"""What every page's template knows about the user: the navigation, a `can_<capability>` flag
for each capability (binhdan/access.py; templates never compare roles) and whether the user
looks at the whole commune (so that lists name each row's village)."""

from binhdan.access import Capability, flags, sees_whole_commune
from binhdan.navigation import items_for
from reports.models import Notification


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": items_for(user, request.path),
        **flags(user, *Capability),
        "sees_whole_commune": sees_whole_commune(user),
        # the count beside the bell: read only by the template that shows it
        "unread_notifications": lambda: Notification.objects.filter(user=user).unread().count(),
    }
