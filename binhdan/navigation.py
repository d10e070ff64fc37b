"""The main navigation: each entry names the roles that may use it.

Entries with a `group` are shown together in a drop-down menu of that name (a group with a
single entry the user may use is shown as a plain link).
"""

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
    group: str | None = None


TEAMS = _("Teams and training")
FIELD = _("Field work")
REPORTS = _("Reports")


_FIELD_READERS = (Role.OFFICE, Role.LEADER, Role.MEMBER, Role.LEADERSHIP)
_REPORT_READERS = (Role.OFFICE, Role.LEADERSHIP)

NAV_ITEMS = [
    NavItem(_("Overview"), "home", ALL_ROLES),
    # The one thing a member does in the field, one tap away.
    NavItem(_("Log a visit"), "households:visit_create", (Role.LEADER, Role.MEMBER)),
    NavItem(
        _("Teams"),
        "teams:team_list",
        (Role.OFFICE, Role.LEADER, Role.MEMBER, Role.LEADERSHIP),
        TEAMS,
    ),
    NavItem(_("Members"), "teams:member_list", (Role.OFFICE, Role.LEADER, Role.LEADERSHIP), TEAMS),
    NavItem(
        _("Trainings"), "teams:training_list", (Role.OFFICE, Role.LEADER, Role.LEADERSHIP), TEAMS
    ),
    NavItem(_("Team roles"), "teams:role_list", (Role.OFFICE,), TEAMS),
    NavItem(
        _("Villages"), "teams:village_list", (Role.OFFICE, Role.LEADER, Role.LEADERSHIP), TEAMS
    ),
    # households: registry, field work, communication, OCOP
    NavItem(_("Households"), "households:household_list", _FIELD_READERS, FIELD),
    NavItem(_("Support visits"), "households:visit_list", _FIELD_READERS, FIELD),
    NavItem(_("Communication"), "households:communication_list", _FIELD_READERS, FIELD),
    NavItem(_("OCOP products"), "households:ocop_list", _FIELD_READERS, FIELD),
    # the catalogues behind the field forms, kept by the office like the role catalogue
    NavItem(_("Digital platforms"), "households:platform_list", (Role.OFFICE,), FIELD),
    NavItem(_("Kinds of support"), "households:support_type_list", (Role.OFFICE,), FIELD),
    # reports: quarterly reports, year review (sơ kết), emulation nominations (thi đua)
    NavItem(_("Quarterly reports"), "reports:report_status", _REPORT_READERS, REPORTS),
    NavItem(_("Year review"), "reports:year_review", _FIELD_READERS, REPORTS),
    NavItem(
        _("Emulation"),
        "reports:nomination_list",
        (Role.OFFICE, Role.LEADER, Role.LEADERSHIP),
        REPORTS,
    ),
]


def items_for(user, current_path: str) -> list[dict]:
    """The entries `user` may use, in order; grouped ones as {"label", "children", "active"}."""
    role = role_of(user)
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for item in NAV_ITEMS:
        if role not in item.roles:
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        entry = {"label": item.label, "url": url, "active": active}
        if item.group is None:
            items.append(entry)
            continue
        if item.group not in groups:
            groups[item.group] = {"label": item.group, "children": [], "active": False}
            items.append(groups[item.group])
        groups[item.group]["children"].append(entry)
        groups[item.group]["active"] |= active
    # A group with a single entry is just a link.
    return [i["children"][0] if len(i.get("children", ())) == 1 else i for i in items]
