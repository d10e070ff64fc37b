"""The Accounts page (tài khoản): the log-in accounts of the commune with their role, village,
last log-in and lock-out. The office creates an account, gives a temporary password, unlocks,
deactivates and reactivates (teams/accounts.py writes and logs each); a village leader reads
their own village's accounts. Also the password change page, where a temporary password is
replaced.

A temporary password is shown once, in the answer to the POST that made it: never put in a
message or the session (both are stored), never in a URL.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from binhdan.access import (
    Capability,
    can,
    capability_required,
    communes_for,
    editable_ids,
    get_for_change,
    get_for_user,
    villages_for,
)
from teams import accounts
from teams.account_forms import AccountFilterForm, AccountForm, OwnPasswordChangeForm
from teams.models import AccountEvent, User

C = Capability
#: An account with what its pages show about it.
ACCOUNTS = User.objects.select_related("village", "commune")


@capability_required(C.VIEW_ACCOUNTS)
def account_list(request):
    user = request.user
    form = AccountFilterForm(request.GET or None, villages=villages_for(user))
    found = form.filter(
        User.objects.for_user(user)
        .with_lock_state()
        .select_related("village")
        .order_by(F("village__code").asc(nulls_first=True), "username")
    )
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "teams/account_list.html",
        {
            "form": form,
            "page_obj": page,
            "editable": editable_ids(User, user, page) if can(user, C.MANAGE_ACCOUNTS) else (),
            "filtered": bool(request.GET.get("q") or form.changed_data),
        },
    )


@capability_required(C.VIEW_ACCOUNTS)
def account_detail(request, pk):
    account, can_manage = get_for_user(
        request,
        ACCOUNTS.with_lock_state().select_related("member__team"),
        C.MANAGE_ACCOUNTS,
        pk=pk,
    )
    events = account.account_events.select_related("by")[:50]
    return render(
        request,
        "teams/account_detail.html",
        {"account": account, "can_manage": can_manage, "events": events},
    )


@capability_required(C.VIEW_ACCOUNTS)
def account_log(request):
    events = AccountEvent.objects.for_user(request.user).select_related("account", "by")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "teams/account_log.html", {"page_obj": page})


@capability_required(C.MANAGE_ACCOUNTS)
def account_create(request):
    form = AccountForm(request.POST or None, communes=communes_for(request.user))
    if request.method == "POST" and form.is_valid():
        account = form.save(commit=False)
        member = form.cleaned_data["member"]
        password = accounts.create_account(account, request.user, member=member)
        return _temporary_password_page(request, account, password, created=True)
    return render(request, "teams/account_form.html", {"form": form})


@capability_required(C.MANAGE_ACCOUNTS)
def account_password(request, pk):
    """Confirm, then give the account a temporary password (shown once) it must change."""
    account = get_for_change(request, ACCOUNTS, C.MANAGE_ACCOUNTS, pk=pk)
    if request.method == "POST":
        password = accounts.set_temporary_password(account, request.user)
        return _temporary_password_page(request, account, password, created=False)
    return _confirm(
        request,
        account,
        title=_("Set a temporary password"),
        explanation=_(
            "The portal makes a new password, shown to you once: give it to the person "
            "yourself or read it to them over the phone. Their current password stops "
            "working at once, they are logged out of every device, and at their next log-in "
            "they must choose their own password. A lock-out is cleared too."
        ),
        button=_("Set a temporary password"),
    )


@capability_required(C.MANAGE_ACCOUNTS)
def account_unlock(request, pk):
    account = get_for_change(request, ACCOUNTS, C.MANAGE_ACCOUNTS, pk=pk)
    if request.method == "POST":
        accounts.unlock_account(account, request.user)
        messages.success(
            request,
            _("Account %(username)s is unlocked; it may log in again.")
            % {"username": account.username},
        )
        return redirect("teams:account_detail", account.pk)
    return _confirm(
        request,
        account,
        title=_("Unlock account"),
        explanation=_(
            "Unlock it once you know the wrong passwords were the owner's: they may log in "
            "again at once, from every device. If they have forgotten their password, set "
            "a temporary one instead."
        ),
        button=_("Unlock"),
    )


@capability_required(C.MANAGE_ACCOUNTS)
def account_deactivate(request, pk):
    account = get_for_change(request, ACCOUNTS, C.MANAGE_ACCOUNTS, pk=pk)
    if request.method == "POST":
        accounts.deactivate_account(account, request.user)
        messages.success(
            request,
            _("Account %(username)s is deactivated.") % {"username": account.username},
        )
        return redirect("teams:account_detail", account.pk)
    return _confirm(
        request,
        account,
        title=_("Deactivate account"),
        explanation=_(
            "The account can no longer log in and is logged out of every device. Nothing it "
            "recorded is deleted: its visits and reports stay. You can let it log in again "
            "later."
        ),
        button=_("Yes, deactivate the account"),
        danger=True,
    )


@capability_required(C.MANAGE_ACCOUNTS)
def account_reactivate(request, pk):
    account = get_for_change(request, ACCOUNTS, C.MANAGE_ACCOUNTS, pk=pk)
    if request.method == "POST":
        accounts.reactivate_account(account, request.user)
        messages.success(
            request,
            _("Account %(username)s may log in again.") % {"username": account.username},
        )
        return redirect("teams:account_detail", account.pk)
    return _confirm(
        request,
        account,
        title=_("Let the account log in again"),
        explanation=_(
            "The account logs in again with the password it had. If its owner does not "
            "remember it, set a temporary password afterwards."
        ),
        button=_("Let it log in again"),
    )


def _confirm(request, account, *, title, explanation, button, danger=False):
    context = {
        "account": account,
        "title": title,
        "explanation": explanation,
        "button": button,
        "danger": danger,
    }
    return render(request, "teams/account_confirm.html", context)


def _temporary_password_page(request, account, password, *, created):
    context = {"account": account, "password": password, "created": created}
    return render(request, "teams/account_password.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page; the change goes through teams.accounts, which also ends the request
    to replace a temporary password. The user's other sessions end; this one stays."""

    form_class = OwnPasswordChangeForm

    def form_valid(self, form):
        accounts.change_own_password(form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())
