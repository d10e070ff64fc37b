"""The main navigation: each entry names the roles that may use it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from binhdan.access import ALL_ROLES, role_of
from teams.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]


_FIELD_READERS = (Role.OFFICE, Role.LEADER, Role.MEMBER, Role.LEADERSHIP)

NAV_ITEMS = [
    NavItem(_("Overview"), "home", ALL_ROLES),
    NavItem(_("Villages"), "teams:village_list", (Role.OFFICE, Role.LEADER, Role.LEADERSHIP)),
    NavItem(
        _("Teams"), "teams:team_list", (Role.OFFICE, Role.LEADER, Role.MEMBER, Role.LEADERSHIP)
    ),
    NavItem(_("Members"), "teams:member_list", (Role.OFFICE, Role.LEADER, Role.LEADERSHIP)),
    NavItem(_("Trainings"), "teams:training_list", (Role.OFFICE, Role.LEADER, Role.LEADERSHIP)),
    NavItem(_("Team roles"), "teams:role_list", (Role.OFFICE,)),
    # households: registry, field work, communication, OCOP
    NavItem(_("Households"), "households:household_list", _FIELD_READERS),
    NavItem(_("Support visits"), "households:visit_list", _FIELD_READERS),
    NavItem(_("Communication"), "households:communication_list", _FIELD_READERS),
    NavItem(_("OCOP products"), "households:ocop_list", _FIELD_READERS),
    # reports: year review (sơ kết) and emulation nominations (thi đua)
    NavItem(_("Year review"), "reports:year_review", _FIELD_READERS),
    NavItem(_("Emulation"), "reports:nomination_list", (Role.OFFICE, Role.LEADER, Role.LEADERSHIP)),
]


def items_for(user, current_path: str) -> list[dict]:
    role = role_of(user)
    items = []
    for item in NAV_ITEMS:
        if role in item.roles:
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    return items
