"""`{% has_capability "view_reports" as can_view_reports %}`: a `can_*` flag for an included
template whose view does not pass it (the dashboard's deadline panel). Templates never
compare roles."""

from django import template

from binhdan.access import Capability, can

register = template.Library()


@register.simple_tag(takes_context=True)
def has_capability(context, capability: str) -> bool:
    request = context.get("request")
    return request is not None and can(request.user, Capability(capability))
