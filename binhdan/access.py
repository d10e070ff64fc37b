"""Who may see and change what: the one place that answers it.

Every view, export, command and API asks these functions (or the `for_user` queryset
methods built on them); no view filters by role by hand. Objects outside a user's scope
answer 404 (so that ids do not leak); a page the role may not use at all answers 403.

Roles (teams.models.Role):
- office staff: see and change everything in their commune;
- village team leader: see and change their own village only;
- team member: see their own village, change only what they logged themselves;
- leadership: see the whole commune and download reports, change nothing;
- police: see the commune's VNeID figures, change nothing.
A superuser sees and changes every commune.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from teams.models import Commune, Role, User, Village

#: Roles that may change data of the villages in their scope (members: their own entries).
WRITE_ROLES = {Role.OFFICE, Role.LEADER, Role.MEMBER}
#: Roles that manage the organisation: teams, catalogues, users' villages.
MANAGE_ROLES = {Role.OFFICE, Role.LEADER}


def role_of(user) -> str | None:
    """The user's role; a superuser counts as office staff of every commune."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.OFFICE
    return user.role or None


def communes_for(user) -> QuerySet[Commune]:
    """The communes a user may see."""
    if not user.is_authenticated or not role_of(user):
        return Commune.objects.none()
    if user.is_superuser:
        return Commune.objects.all()
    return Commune.objects.filter(pk=user.commune_id)


def villages_for(user, *, write: bool = False) -> QuerySet[Village]:
    """The villages a user may see, or (write=True) change data in."""
    role = role_of(user)
    if role is None:
        return Village.objects.none()
    if write and role not in WRITE_ROLES:
        return Village.objects.none()
    if user.is_superuser:
        return Village.objects.all()
    if role in (Role.LEADER, Role.MEMBER):
        return Village.objects.filter(pk=user.village_id)
    return Village.objects.filter(commune_id=user.commune_id)


def sees_whole_commune(user) -> bool:
    """Office staff, leadership and police look at the commune as a whole."""
    return role_of(user) in (Role.OFFICE, Role.LEADERSHIP, Role.POLICE)


def has_role(user, *roles: str) -> bool:
    return role_of(user) in roles


def editable_ids(model, user, objects) -> set[int]:
    """The ids of `objects` (a page of a list) that `user` may change, by the model's own
    `for_user(user, write=True)`: one query, so that a list shows edit links only there."""
    return set(
        model.objects.for_user(user, write=True)
        .filter(pk__in=[obj.pk for obj in objects])
        .values_list("pk", flat=True)
    )


def role_required(*roles: str):
    """View decorator: log-in required, then 403 unless the user has one of `roles`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


ALL_ROLES = tuple(Role.values)


def commune_users_for(user) -> QuerySet[User]:
    """The portal's users in the communes a user sees (office pages about accounts)."""
    if user.is_authenticated and user.is_superuser:
        return User.objects.all()
    return User.objects.filter(commune__in=communes_for(user))
