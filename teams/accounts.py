"""The writes of log-in accounts (tài khoản đăng nhập): create one, deactivate and reactivate
it, give it a temporary password, unlock it, and its owner's own password change.

Each function takes `by`, the acting user (None for a command run on the server), refuses an
account outside `by`'s write scope (`User.objects.for_user(by, write=True)`: the office's own
commune, never a superuser, never `by` themselves) with PermissionDenied, and writes one
AccountEvent. A temporary password is returned to be shown once to the office: it is stored
only as Django's hash and never written to the account log or to a log file.
"""

import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binhdan.access import Capability, can, communes_for
from teams.models import AccountAction, AccountEvent, Member, User

#: Lower-case letters and digits that cannot be mistaken for one another when read out over
#: the phone or copied from paper (no 0/o, 1/l/i).
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password(account: User) -> str:
    """A readable random password in three groups of four, "k7dm-x3pq-ta9w" (59 bits), that
    passes the portal's password rules for `account`."""
    while True:
        password = "-".join(
            "".join(secrets.choice(TEMPORARY_ALPHABET) for _letter in range(4))
            for _group in range(3)
        )
        try:
            validate_password(password, account)
        except ValidationError:  # all digits, or like the user name: practically never
            continue
        return password


def _refuse_outside_scope(account: User, by) -> None:
    if by is None:
        return
    managed = User.objects.for_user(by, write=True).filter(pk=account.pk)
    if not can(by, Capability.MANAGE_ACCOUNTS) or not managed.exists():
        raise PermissionDenied


def _log(account: User, by, action: AccountAction, details: str = "") -> AccountEvent:
    return AccountEvent.objects.create(
        account=account,
        username=account.username,
        by=by,
        by_username=by.get_username() if by is not None else "",
        action=action,
        details=str(details)[:200],
    )


def record_admin_change(account: User, by, *, created: bool, was_active: bool | None) -> None:
    """What a superuser did to an account in the Django admin, in the same account log as
    the office's actions: its creation, its deactivation or reactivation."""
    if created:
        _log(
            account,
            by,
            AccountAction.CREATED,
            _("%(role)s · in the administration") % {"role": _role_and_village(account)},
        )
    elif was_active is not None and was_active != account.is_active:
        action = AccountAction.REACTIVATED if account.is_active else AccountAction.DEACTIVATED
        _log(account, by, action, _("in the administration"))


def record_admin_password(account: User, by) -> None:
    """A superuser set the account's password in the Django admin."""
    _log(account, by, AccountAction.TEMPORARY_PASSWORD, _("in the administration"))


def _role_and_village(account: User) -> str:
    parts = [str(account.get_role_display()), str(account.village or "")]
    return " · ".join(part for part in parts if part)


@transaction.atomic
def create_account(account: User, by, *, member: Member | None = None) -> str:
    """Save the new `account` (its user name, full name, role, commune and village set),
    with a temporary password it must change at its first log-in, and link it to `member`
    (a team member without an account). Returns the temporary password."""
    account.is_superuser = account.is_staff = False
    account.full_clean(exclude=["password"])  # a village's account takes its commune
    if by is not None and (
        not can(by, Capability.MANAGE_ACCOUNTS)
        or not communes_for(by).filter(pk=account.commune_id).exists()
    ):
        raise PermissionDenied
    password = temporary_password(account)
    account.set_password(password)
    account.must_change_password = True
    account.save()
    details = _role_and_village(account)
    if member is not None:
        if member.user_id is not None or member.team.commune_id != account.commune_id:
            raise PermissionDenied
        member.user = account
        member.save(update_fields=["user"])
        details = _("%(role)s · linked to the team member %(member)s") % {
            "role": details,
            "member": member.full_name,
        }
    _log(account, by, AccountAction.CREATED, details)
    return password


@transaction.atomic
def set_temporary_password(account: User, by) -> str:
    """Replace the account's password with a temporary one it must change at its next
    log-in, and clear its lock-out (the office does this for someone who forgot their
    password). Its sessions elsewhere end. Returns the temporary password."""
    _refuse_outside_scope(account, by)
    password = temporary_password(account)
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    unlocked = axes_reset(username=account.username)
    details = _("the lock-out was cleared too") if unlocked else ""
    _log(account, by, AccountAction.TEMPORARY_PASSWORD, details)
    return password


@transaction.atomic
def unlock_account(account: User, by) -> int:
    """Clear the account's failed log-ins (django-axes), from every address: it may log in
    again at once. Returns how many axes records were removed."""
    _refuse_outside_scope(account, by)
    removed = axes_reset(username=account.username)
    details = "" if by is not None else _("from the server's command line")
    _log(account, by, AccountAction.UNLOCKED, details)
    return removed


@transaction.atomic
def deactivate_account(account: User, by) -> None:
    """The account may no longer log in; its sessions end (Django refuses an inactive user
    on every request). Kept, with what it recorded: reports still name its work."""
    _refuse_outside_scope(account, by)
    if not account.is_active:
        return  # a second click: nothing changes, nothing to log
    account.is_active = False
    account.save(update_fields=["is_active"])
    _log(account, by, AccountAction.DEACTIVATED)


@transaction.atomic
def reactivate_account(account: User, by) -> None:
    """A deactivated account may log in again, with the password it had."""
    _refuse_outside_scope(account, by)
    if account.is_active:
        return
    account.is_active = True
    account.save(update_fields=["is_active"])
    _log(account, by, AccountAction.REACTIVATED)


@transaction.atomic
def change_own_password(user: User, new_password: str) -> None:
    """The user chose a new password (the password change page): a temporary one is no
    longer asked to be changed."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    _log(user, user, AccountAction.PASSWORD_CHANGED)
