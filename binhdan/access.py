"""Who may do what: the one place that answers it.

A role (teams.models.Role) is a set of named capabilities (`Capability`, the table
`GRANTS` below); views, templates, services and the navigation ask `can(user, capability,
obj)` and never compare roles. Where a user may do it is the scope of their role:
`for_user(user, write=...)` on each model's queryset (their own village for a village leader
or member; their commune for the others; every commune for a superuser). Objects outside a
user's scope answer 404 (so that ids do not leak); a page the role may not use at all
answers 403.

The roles, in words:
- office staff: see and change everything in their commune;
- village team leader: see and change their own village only;
- team member: see their own village, log visits, change only what they logged themselves;
- leadership: see the whole commune and download reports, change nothing;
- police: see the commune's VNeID figures, change nothing;
- the Department of Science and Technology's staff: see the commune reports sent by every
  commune of their province and receive them or return them, and the communes' KPIs
  (figures, never a name of a resident or a member); change nothing inside a commune.
A superuser is office staff of every commune.

Views take a capability with `capability_required` and fetch their object with
`get_for_user` / `get_for_change`; templates get a `can_<capability>` flag for each
(binhdan/context_processors.py). To add a capability: name it below, grant it in `GRANTS`
(and `CHANGES` if it changes data) and add its row to tests/test_capabilities.py.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from teams.models import Commune, Role, Village, portal_role
from teams.models import sees_whole_commune as _sees_whole_commune


class Capability(StrEnum):
    """Something a user may do in the portal. The value is the `can_*` flag templates get."""

    # Looking
    VIEW_DASHBOARD = "view_dashboard"  # the home page (police: its VNeID part only)
    VIEW_KPIS = "view_kpis"  # the KPI figures, the trend, a team's KPI page
    VIEW_VNEID = "view_vneid"  # the VNeID figures (K10) of the commune
    VIEW_COMMUNE_TEAM_KPIS = "view_commune_team_kpis"  # the commune team's KPI page
    VIEW_HOUSEHOLDS = "view_households"
    VIEW_VISITS = "view_visits"
    VIEW_COMMUNICATION = "view_communication"
    VIEW_OCOP = "view_ocop"
    VIEW_TEAMS = "view_teams"
    VIEW_TEAM_DETAILS = "view_team_details"  # members, trainings and villages behind a team
    VIEW_VILLAGES = "view_villages"
    VIEW_MEMBERS = "view_members"
    VIEW_TRAININGS = "view_trainings"
    VIEW_ASSIGNMENTS = "view_assignments"  # who is in charge of which household (K4)
    VIEW_HISTORY = "view_history"  # the change history of households (personal data)
    VIEW_ACCESS_LOG = "view_access_log"  # who exported or downloaded personal data
    VIEW_ACCOUNTS = "view_accounts"  # log-in accounts: role, village, last log-in, lock-out
    EXPORT_HOUSEHOLDS = "export_households"  # the registry as Excel (personal data)
    VIEW_REPORTS = "view_reports"  # a village team's quarterly report
    VIEW_COMMUNE_REPORTS = "view_commune_reports"  # the commune's report and the status table
    VIEW_YEAR_REVIEW = "view_year_review"
    VIEW_NOMINATIONS = "view_nominations"
    VIEW_SUGGESTIONS = "view_suggestions"  # the portal's ranking of candidates
    VIEW_DATA_QUALITY = "view_data_quality"  # the data-quality rules' findings (reports/quality)
    VIEW_ALLOWANCES = "view_allowances"  # the month's allowances schedule and payment list
    # Changing
    CHANGE_HOUSEHOLDS = "change_households"  # add, edit, import, assign, hand over
    LOG_VISITS = "log_visits"
    CHANGE_OTHERS_VISITS = "change_others_visits"  # visits logged by another member
    CHANGE_COMMUNICATION = "change_communication"
    MANAGE_OCOP = "manage_ocop"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_TRAININGS = "manage_trainings"
    RECORD_ACTIVITY_DAYS = "record_activity_days"  # a team's working days (K6)
    TRAIN_COMMUNE_WIDE = "train_commune_wide"  # sessions for every team of the commune
    MANAGE_TEAMS = "manage_teams"  # teams, villages and the team-role catalogue
    MANAGE_CATALOGUES = "manage_catalogues"  # platforms, kinds of support
    MANAGE_ACCOUNTS = "manage_accounts"  # create, deactivate, temporary password, unlock
    WRITE_VILLAGE_REPORT = "write_village_report"  # narrative and submission
    REVIEW_REPORTS = "review_reports"  # return or accept a village team's report
    WRITE_COMMUNE_REPORT = "write_commune_report"  # narrative, sending, document date
    MANAGE_NOMINATIONS = "manage_nominations"
    MANAGE_DATA_QUALITY = "manage_data_quality"  # rule settings, the follow-up list
    MANAGE_ALLOWANCES = "manage_allowances"  # the allowance rule; lock and unlock a month
    # The province
    VIEW_PROVINCE_REPORTS = "view_province_reports"  # the communes' reports of a province
    VIEW_PROVINCE_KPIS = "view_province_kpis"  # its communes' KPIs, compared; its files
    RECEIVE_COMMUNE_REPORTS = "receive_commune_reports"  # receive (tiếp nhận) or return them


C = Capability
_LOOK_AT_FIELD_WORK = {
    C.VIEW_DASHBOARD,
    C.VIEW_KPIS,
    C.VIEW_VNEID,
    C.VIEW_HOUSEHOLDS,
    C.VIEW_VISITS,
    C.VIEW_COMMUNICATION,
    C.VIEW_OCOP,
    C.VIEW_TEAMS,
    C.VIEW_REPORTS,
    C.VIEW_YEAR_REVIEW,
}
_LOOK_AT_ORGANISATION = {
    C.VIEW_TEAM_DETAILS,
    C.VIEW_VILLAGES,
    C.VIEW_MEMBERS,
    C.VIEW_TRAININGS,
    C.VIEW_ASSIGNMENTS,
    C.VIEW_NOMINATIONS,
}
#: Residents' personal data leaving the portal (each download is in the access log).
_DOWNLOAD_REGISTRY = {C.EXPORT_HOUSEHOLDS}
_LOOK_AT_COMMUNE = {
    C.VIEW_COMMUNE_TEAM_KPIS,
    C.VIEW_COMMUNE_REPORTS,
    C.VIEW_SUGGESTIONS,
}

#: The province's part: the Department's staff, and no one in a commune.
_PROVINCE = {C.VIEW_PROVINCE_REPORTS, C.VIEW_PROVINCE_KPIS, C.RECEIVE_COMMUNE_REPORTS}

#: What each role may do. The only table of its kind: everything else asks `can()`.
GRANTS: dict[str, frozenset[Capability]] = {
    Role.OFFICE: frozenset(Capability) - {C.WRITE_VILLAGE_REPORT} - _PROVINCE,
    Role.LEADER: frozenset(
        _LOOK_AT_FIELD_WORK
        | _LOOK_AT_ORGANISATION
        | _DOWNLOAD_REGISTRY
        | {
            C.CHANGE_HOUSEHOLDS,
            C.LOG_VISITS,
            C.CHANGE_OTHERS_VISITS,
            C.CHANGE_COMMUNICATION,
            C.MANAGE_MEMBERS,
            C.MANAGE_TRAININGS,
            C.RECORD_ACTIVITY_DAYS,
            C.WRITE_VILLAGE_REPORT,
            C.VIEW_ACCOUNTS,  # their village's accounts, read only
            C.VIEW_DATA_QUALITY,  # their village's
            C.VIEW_ALLOWANCES,  # their own team's, read only
        }
    ),
    Role.MEMBER: frozenset(_LOOK_AT_FIELD_WORK | {C.LOG_VISITS}),
    Role.LEADERSHIP: frozenset(
        _LOOK_AT_FIELD_WORK
        | _LOOK_AT_ORGANISATION
        | _DOWNLOAD_REGISTRY
        | _LOOK_AT_COMMUNE
        | {C.VIEW_DATA_QUALITY, C.VIEW_ALLOWANCES}
    ),
    Role.POLICE: frozenset({C.VIEW_DASHBOARD, C.VIEW_VNEID}),
    Role.DEPARTMENT: frozenset(_PROVINCE),
}

#: Capabilities that change data: asked about an object, they need it in the user's write
#: scope (`for_user(user, write=True)`), not only in what they see.
CHANGES = frozenset(
    {
        C.CHANGE_HOUSEHOLDS,
        C.LOG_VISITS,
        C.CHANGE_OTHERS_VISITS,
        C.CHANGE_COMMUNICATION,
        C.MANAGE_OCOP,
        C.MANAGE_MEMBERS,
        C.MANAGE_TRAININGS,
        C.RECORD_ACTIVITY_DAYS,
        C.TRAIN_COMMUNE_WIDE,
        C.MANAGE_TEAMS,
        C.MANAGE_CATALOGUES,
        C.MANAGE_ACCOUNTS,
        C.WRITE_VILLAGE_REPORT,
        C.REVIEW_REPORTS,
        C.WRITE_COMMUNE_REPORT,
        C.MANAGE_NOMINATIONS,
        C.MANAGE_DATA_QUALITY,
        C.MANAGE_ALLOWANCES,
    }
)


def role_of(user) -> str | None:
    """The user's role; a superuser counts as office staff of every commune."""
    return portal_role(user)


def capabilities_of(user) -> frozenset[Capability]:
    return GRANTS.get(portal_role(user), frozenset())


def can(user, capability: Capability, obj: Model | None = None) -> bool:
    """May `user` do `capability` (to `obj`, when given: it must be in their scope, their
    write scope for a capability that changes data)? One query when `obj` is given."""
    if capability not in capabilities_of(user):
        return False
    if obj is None:
        return True
    scoped = type(obj)._default_manager.for_user(user, write=capability in CHANGES)
    return scoped.filter(pk=obj.pk).exists()


def flags(user, *capabilities: Capability) -> dict[str, bool]:
    """`{"can_<capability>": bool}` for templates, which never compare roles."""
    granted = capabilities_of(user)
    return {f"can_{capability}": capability in granted for capability in capabilities}


def communes_for(user) -> QuerySet[Commune]:
    """The communes a user may see."""
    return Commune.objects.for_user(user)


def villages_for(user, *, write: bool = False) -> QuerySet[Village]:
    """The villages a user may see, or (write=True) enter data in."""
    return Village.objects.for_user(user, write=write)


def refuse_outside(model, pk, by) -> None:
    """PermissionDenied when `by` (a user; None: a command) may not change the stored object
    `pk` of `model` (its `for_user(by, write=True)`); nothing for an object not saved yet.
    The services of each app call it on their first line: one query."""
    in_scope = model.objects.for_user(by, write=True) if by is not None else None
    if in_scope is not None and pk is not None and not in_scope.filter(pk=pk).exists():
        raise PermissionDenied


def refuse_villages(village_ids, by) -> None:
    """PermissionDenied when `by` may not change data in one of these villages (None left
    out): one query."""
    wanted = {pk for pk in village_ids if pk is not None}
    allowed = villages_for(by, write=True) if by is not None else None
    if allowed is not None and wanted and allowed.filter(pk__in=wanted).count() != len(wanted):
        raise PermissionDenied


def sees_whole_commune(user) -> bool:
    """Everyone but village leaders and members looks at the commune as a whole."""
    return _sees_whole_commune(user)


def editable_ids(model, user, objects) -> set[int]:
    """The ids of `objects` (a page of a list) that `user` may change, by the model's own
    `for_user(user, write=True)`: one query, so that a list shows edit links only there."""
    return set(
        model.objects.for_user(user, write=True)
        .filter(pk__in=[obj.pk for obj in objects])
        .values_list("pk", flat=True)
    )


def get_for_user(request, queryset, change: Capability | None = None, **lookup):
    """`(obj, can_change)`: the object from the user's scope of `queryset` (a model or a
    queryset whose model has `for_user`), 404 outside it; `can_change`: the user has
    `change` and the object is in their write scope. Every view about one object starts here.
    """
    user = request.user
    obj = get_object_or_404(_within_scope(queryset, user, write=False), **lookup)
    return obj, change is not None and can(user, change, obj)


def get_for_change(request, queryset, change: Capability, **lookup):
    """The object the user may change (`change` in their write scope), 404 otherwise."""
    if not can(request.user, change):
        raise PermissionDenied
    return get_object_or_404(_within_scope(queryset, request.user, write=True), **lookup)


def _within_scope(queryset, user, *, write: bool) -> QuerySet:
    """`queryset` (or a model's objects) narrowed to the user's scope of its model. By
    subquery, not `&`: some scopes are DISTINCT (trainings, communication), and Django does
    not combine a DISTINCT queryset with another."""
    model = getattr(queryset, "model", queryset)
    base = queryset if isinstance(queryset, QuerySet) else model._default_manager.all()
    manager = model._default_manager
    scoped = manager.for_user(user, write=True) if write else manager.for_user(user)
    return base.filter(pk__in=scoped.values("pk"))


def capability_required(capability: Capability):
    """View decorator: log-in required, then 403 unless the user has `capability`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator
