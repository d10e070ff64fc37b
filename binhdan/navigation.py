"""The main navigation: each entry names the capability it takes (binhdan/access.py).

Entries with a `group` are shown together in a drop-down menu of that name (a group with a
single entry the user may use is shown as a plain link).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdan.access import Capability, can, sees_whole_commune
from binhdan.quarters import Quarter

C = Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability
    group: str | None = None
    #: Only for those who work in one village (leaders and members): a field shortcut.
    village_teams_only: bool = False
    #: The URL's arguments for the user (None: the entry is not for them yet).
    url_args: Callable[[object], tuple | None] | None = None


def _own_team_report(user) -> tuple | None:
    """This quarter's report of the village team the user leads: a leader's account names
    their village (teams.models.User.village), so no query is needed on every page."""
    if not user.village_id:
        return None
    return (Quarter.containing(timezone.localdate()), user.village_id)


TEAMS = _("Teams and training")
FIELD = _("Field work")
REPORTS = _("Reports")


NAV_ITEMS = [
    NavItem(_("Overview"), "home", C.VIEW_DASHBOARD),
    # The one thing a member does in the field, one tap away.
    NavItem(_("Log a visit"), "households:visit_create", C.LOG_VISITS, village_teams_only=True),
    NavItem(_("Teams"), "teams:team_list", C.VIEW_TEAMS, TEAMS),
    NavItem(_("Members"), "teams:member_list", C.VIEW_MEMBERS, TEAMS),
    NavItem(_("Trainings"), "teams:training_list", C.VIEW_TRAININGS, TEAMS),
    NavItem(_("Team roles"), "teams:role_list", C.MANAGE_TEAMS, TEAMS),
    NavItem(_("Villages"), "teams:village_list", C.VIEW_VILLAGES, TEAMS),
    NavItem(_("Allowances"), "teams:allowance_month", C.VIEW_ALLOWANCES, TEAMS),
    # households: registry, field work, communication, OCOP
    NavItem(_("Households"), "households:household_list", C.VIEW_HOUSEHOLDS, FIELD),
    NavItem(_("Support visits"), "households:visit_list", C.VIEW_VISITS, FIELD),
    NavItem(_("Communication"), "households:communication_list", C.VIEW_COMMUNICATION, FIELD),
    NavItem(_("OCOP products"), "households:ocop_list", C.VIEW_OCOP, FIELD),
    # the catalogues behind the field forms, kept by the office like the role catalogue
    NavItem(_("Digital platforms"), "households:platform_list", C.MANAGE_CATALOGUES, FIELD),
    NavItem(_("Kinds of support"), "households:support_type_list", C.MANAGE_CATALOGUES, FIELD),
    # reports: quarterly reports, year review (sơ kết), emulation nominations (thi đua)
    NavItem(_("Quarterly reports"), "reports:report_status", C.VIEW_COMMUNE_REPORTS, REPORTS),
    # a village team's leader: the report they write, of the current quarter
    NavItem(
        _("Quarterly reports"),
        "reports:team_report",
        C.WRITE_VILLAGE_REPORT,
        REPORTS,
        url_args=_own_team_report,
    ),
    NavItem(_("Data quality"), "reports:quality", C.VIEW_DATA_QUALITY, REPORTS),
    NavItem(_("Year review"), "reports:year_review", C.VIEW_YEAR_REVIEW, REPORTS),
    NavItem(_("Emulation"), "reports:nomination_list", C.VIEW_NOMINATIONS, REPORTS),
    # the Department of Science and Technology: its province's communes and their reports
    NavItem(_("Province overview"), "reports:province_dashboard", C.VIEW_PROVINCE_KPIS),
    NavItem(_("Commune reports"), "reports:province_reports", C.VIEW_PROVINCE_REPORTS),
    # log-in accounts: the office manages its commune's, a leader reads their village's
    NavItem(_("Accounts"), "teams:account_list", C.VIEW_ACCOUNTS),
]


def items_for(user, current_path: str) -> list[dict]:
    """The entries `user` may use, in order; grouped ones as {"label", "children", "active"}."""
    whole_commune = sees_whole_commune(user)
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for item in NAV_ITEMS:
        if not can(user, item.capability) or (item.village_teams_only and whole_commune):
            continue
        args = item.url_args(user) if item.url_args else ()
        if args is None:
            continue
        url = reverse(item.url_name, args=args)
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
