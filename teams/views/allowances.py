"""Pages for the team allowances (chế độ hỗ trợ): the month's schedule, its lock, the payment
list (bảng kê chi trả) and the commune's allowance rules.

The office sees and locks the whole commune; leadership reads it; a village leader reads
their own team's part. A locked month shows its locked schedule, and what differs now.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import Capability, can, capability_required, communes_for, get_for_change
from binhdan.audit import record_data_access
from binhdan.downloads import attachment
from binhdan.forms import save_or_explain
from teams import allowance_files, queries
from teams.allowances import Schedule, differences
from teams.forms import AllowanceRuleForm
from teams.models import AllowanceLock, AllowanceRule, Team
from teams.services import (
    AllowanceRefused,
    lock_allowance_month,
    save_allowance_rule,
    unlock_allowance_month,
)

C = Capability
#: Months offered in the picker, back from the current one.
MONTHS_BACK = 24


def _commune(request):
    commune = communes_for(request.user).first()
    if commune is None:
        raise Http404
    return commune


def _month(year: int, month: int) -> datetime.date:
    """The month's first day; 404 for a month that does not exist or has not begun."""
    try:
        first = datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    if first > timezone.localdate():
        raise Http404
    return first


def _month_from_request(request) -> datetime.date:
    today = timezone.localdate()
    text = request.GET.get("thang", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)
    return min(first, today.replace(day=1))


def _month_choices() -> list[datetime.date]:
    first = timezone.localdate().replace(day=1)
    months = []
    for _back in range(MONTHS_BACK):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months


def _lock_of(commune, first: datetime.date):
    return (
        AllowanceLock.objects.in_force()
        .filter(commune=commune, month=first)
        .select_related("locked_by")
        .first()
    )


def month_state(request, first: datetime.date) -> dict:
    """What the page and the files show of the month, for the teams the user sees: the
    locked schedule (or, not locked, the live one), the lock, and what differs now."""
    commune = _commune(request)
    teams = Team.objects.for_user(request.user).filter(commune=commune)
    visible = set(teams.values_list("pk", flat=True))
    lock = _lock_of(commune, first)
    live = queries.allowance_schedule(commune, first.year, first.month).only(visible)
    schedule = Schedule.from_dict(lock.snapshot).only(visible) if lock else live
    return {
        "commune": commune,
        "lock": lock,
        "schedule": schedule,
        "differences": differences(schedule, live) if lock else [],
        "rules": _rules_in_force(commune, first),
        # the commune as a whole: a leader's file is their team's part of it
        "village": teams.get().village if len(visible) == 1 and not can_manage(request) else None,
    }


def can_manage(request) -> bool:
    return can(request.user, C.MANAGE_ALLOWANCES)


def _rules_in_force(commune, first: datetime.date) -> list[AllowanceRule]:
    """The rules that hold on at least one day of the month, oldest first."""
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    rules = list(
        AllowanceRule.objects.filter(commune=commune, valid_from__lte=last).order_by("valid_from")
    )
    starting = [rule for rule in rules if rule.valid_from <= first][-1:]
    return starting + [rule for rule in rules if rule.valid_from > first]


@capability_required(C.VIEW_ALLOWANCES)
def allowance_month(request):
    first = _month_from_request(request)
    state = month_state(request, first)
    return render(
        request,
        "teams/allowance_month.html",
        {
            **state,
            "month": first,
            "months": _month_choices(),
            "can_manage": can_manage(request),
        },
    )


def _month_url(first: datetime.date) -> str:
    return f"{reverse('teams:allowance_month')}?thang={first:%Y-%m}"


@capability_required(C.MANAGE_ALLOWANCES)
def allowance_lock(request, year, month):
    first = _month(year, month)
    commune = _commune(request)
    if request.method == "POST":
        try:
            lock_allowance_month(commune, first.year, first.month, request.user)
        except AllowanceRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The month is locked."))
        return redirect(_month_url(first))
    return render(
        request,
        "teams/allowance_confirm.html",
        {
            "month": first,
            "question": _(
                "Lock the allowances of this month? The payment list will keep today's "
                "figures even if activity days are changed later."
            ),
            "button": _("Lock the month"),
            "url": _month_url(first),
        },
    )


@capability_required(C.MANAGE_ALLOWANCES)
def allowance_unlock(request, year, month):
    first = _month(year, month)
    lock = _lock_of(_commune(request), first)
    if lock is None:
        raise Http404
    if request.method == "POST":
        try:
            unlock_allowance_month(lock, request.user)
        except AllowanceRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The month is unlocked: it shows live figures again."))
        return redirect(_month_url(first))
    return render(
        request,
        "teams/allowance_confirm.html",
        {
            "month": first,
            "lock": lock,
            "question": _(
                "Unlock this month? Its figures will follow the activity log again, and a "
                "payment list printed before may no longer match."
            ),
            "button": _("Yes, unlock the month"),
            "danger": True,
            "url": _month_url(first),
        },
    )


@capability_required(C.VIEW_ALLOWANCES)
def allowance_file(request, year, month, fmt):
    """The payment list (bảng kê chi trả) of the month: from its locked schedule once
    locked; the download goes into the access log."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    first = _month(year, month)
    state = month_state(request, first)
    document = allowance_files.PaymentList(
        commune=state["commune"],
        schedule=state["schedule"],
        lock=state["lock"],
        rules=state["rules"],
        today=timezone.localdate(),
    )
    if fmt == "pdf":
        body, what = allowance_files.payment_list_pdf(document), _("Allowance payment list (PDF)")
    else:
        body, what = (
            allowance_files.payment_list_xlsx(document),
            _("Allowance payment list (Excel)"),
        )
    response = attachment(body, f"{document.filename}.{fmt}")
    record_data_access(
        request,
        what,
        village=state["village"],
        commune=state["commune"],
        rows=sum(len(team.members) for team in state["schedule"].teams),
    )
    return response


# --- The rules ----------------------------------------------------------------------------


@capability_required(C.MANAGE_ALLOWANCES)
def allowance_rule_list(request):
    rules = (
        AllowanceRule.objects.for_user(request.user)
        .prefetch_related("excluded_roles")
        .order_by("-valid_from")
    )
    return render(request, "teams/allowance_rule_list.html", {"rules": rules})


def _rule_form(request, rule):
    form = AllowanceRuleForm(request.POST or None, instance=rule, commune=_commune(request))
    if request.method == "POST" and form.is_valid():
        saved = save_or_explain(
            form,
            lambda: save_allowance_rule(
                form.save(commit=False),
                request.user,
                excluded_roles=form.cleaned_data["excluded_roles"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The allowance rule was saved."))
            return redirect("teams:allowance_rule_list")
    return render(request, "teams/allowance_rule_form.html", {"form": form, "rule": rule})


@capability_required(C.MANAGE_ALLOWANCES)
def allowance_rule_create(request):
    return _rule_form(request, None)


@capability_required(C.MANAGE_ALLOWANCES)
def allowance_rule_edit(request, pk):
    rule = get_for_change(request, AllowanceRule, C.MANAGE_ALLOWANCES, pk=pk)
    return _rule_form(request, rule)
