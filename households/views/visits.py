"""Support visits (lượt hỗ trợ người dân): log one from a phone, list, edit, delete."""

import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binhdan.access import Capability, can, capability_required, editable_ids, get_for_change
from binhdan.jobs import export_response
from binhdan.paging import page_of
from binhdan.replicas import reads_from_replica
from households.exports import VISIT_EXPORT
from households.forms import SupportVisitForm, VisitFilters, members_logging_visits
from households.models import SupportMethod, SupportVisit
from households.services import delete_visit, save_visit
from households.views.offline import TAKEN, stored_under

C = Capability


@capability_required(C.VIEW_VISITS)
def visit_list(request):
    filters = VisitFilters.read(request.GET, request.user)
    visits = filters.apply(SupportVisit.objects.for_user(request.user), request.user)
    visits = visits.select_related("household", "member", "team").prefetch_related("support_types")
    page = page_of(request, visits, count=filters.count_from_tallies(request.user))
    editable = editable_ids(SupportVisit, request.user, page)
    return render(
        request,
        "households/visit_list.html",
        {
            "page_obj": page,
            "query": filters.query,
            "method": filters.method,
            "methods": SupportMethod.choices,
            "mine": filters.mine,
            "editable": editable,
            "can_log": can(request.user, C.LOG_VISITS),
        },
    )


@capability_required(C.EXPORT_HOUSEHOLDS)
@reads_from_replica
def visit_export(request):
    """The visits of the list (its search and filters) as Excel: streamed, or prepared in
    the background above EXPORT_INLINE_MAX_ROWS (binhdan/jobs.py)."""
    return export_response(request, VISIT_EXPORT)


def _visit_form_page(request, form, visit=None):
    # A new visit carries an id made for it (the page's, or the phone's script's): the form
    # sent again after its answer was lost (a weak signal) stores it once, as the outbox does.
    client_id = _client_id(request) if visit is None else None
    if request.method == "POST" and "find" not in request.POST and form.is_valid():
        _save_once(request, form, client_id)
        if "again" in request.POST and visit is None:
            # "Save and log another": the next visit starts with this one's day, kinds of
            # support and way of helping (a day of door-to-door visits is logged in a row).
            messages.success(request, _("The support visit was saved. Log the next one."))
            data = form.cleaned_data
            again = QueryDict(mutable=True)
            again["ngay"] = data["date"].strftime("%d/%m/%Y")
            again.setlist("nd", [str(t.pk) for t in data["support_types"]])
            again["cach"] = data["method"]
            return _saved(request, f"{reverse('households:visit_create')}?{again.urlencode()}")
        messages.success(request, _("The support visit was saved."))
        return _saved(request, reverse("households:visit_list"))
    if request.method == "POST" and "find" in request.POST:
        form.errors.clear()  # a plain search (no JavaScript): show results, judge nothing yet
    choices, chosen = form.household_choices()
    return render(
        request,
        "households/visit_form.html",
        {
            "form": form,
            "visit": visit,
            "choices": choices,
            "chosen": chosen,
            "client_id": client_id or (uuid.uuid4() if visit is None else None),
        },
    )


def _client_id(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        return None


def _save_once(request, form, client_id):
    """Store the form's visit, unless the visit of this id is stored already (its answer was
    lost). An id another user's visit holds is not taken over: the visit is stored without."""
    stored = stored_under(client_id, request.user) if client_id else None
    if stored not in (None, TAKEN):
        return  # saved by the first send: the member is answered as then
    new = form.save(commit=False)
    if stored is None:
        new.client_id = client_id
    try:
        with transaction.atomic():
            save_visit(
                new,
                request.user,
                support_types=form.cleaned_data["support_types"],
                platforms=form.cleaned_data["platforms_now_used"],
            )
    except IntegrityError:
        # The same form, sent again while its first send was still being stored.
        if stored_under(client_id, request.user) in (None, TAKEN):
            raise


def _saved(request, url):
    """A saved visit's answer: the next page. The visit form's script (static/js/offline.js)
    sends the form itself, to keep the visit on the phone when no answer comes; it is told
    the next page (204, `X-Next`) rather than sent there, so that a redirect answers only a
    log-in that lapsed (the visit then waits in the outbox)."""
    if request.headers.get("X-Visit-Form") == "script":
        response = HttpResponse(status=204)
        response["X-Next"] = url
        return response
    return redirect(url)


def _prefilled(request) -> dict:
    """A new visit's starting values from the address: the household (`ho`, from its page),
    the day (`ngay`), kinds of support (`nd`) and way of helping (`cach`) of the visit just
    saved. The form's own querysets still decide what may be chosen."""
    given = request.GET
    initial = {}
    if given.get("ho", "").isdigit():
        initial["household"] = int(given["ho"])
    if given.get("ngay"):
        initial["date"] = given["ngay"]
    kinds = [pk for pk in given.getlist("nd") if pk.isdigit()]
    if kinds:
        initial["support_types"] = kinds
    if given.get("cach") in SupportMethod.values:
        initial["method"] = given["cach"]
    return initial


@capability_required(C.LOG_VISITS)
def visit_create(request):
    form = SupportVisitForm(request.POST or None, user=request.user, initial=_prefilled(request))
    if not form.fields["member"].queryset.exists():
        messages.warning(request, _("No team member can be chosen yet: add the team first."))
    return _visit_form_page(request, form)


@capability_required(C.LOG_VISITS)
def visit_edit(request, pk):
    visit = get_for_change(request, SupportVisit, C.LOG_VISITS, pk=pk)
    form = SupportVisitForm(request.POST or None, instance=visit, user=request.user)
    return _visit_form_page(request, form, visit)


@capability_required(C.LOG_VISITS)
def visit_delete(request, pk):
    visit = get_for_change(request, SupportVisit, C.LOG_VISITS, pk=pk)
    if request.method == "POST":
        delete_visit(visit, request.user)
        messages.success(request, _("The support visit was deleted."))
        return redirect("households:visit_list")
    return render(
        request,
        "households/confirm_delete.html",
        {"object": visit, "cancel_url": reverse("households:visit_list")},
    )


@require_GET
@capability_required(C.LOG_VISITS)
def visit_members(request):
    """The visit form's member list for one team (?to=<team id>), as `<option>`s: the form of
    a large commune lists one team's members at a time (SupportVisitForm.MEMBERS_AT_ONCE).
    The members the user may log visits for (`members_logging_visits`, as the form's own
    list); `chosen` stays chosen."""
    team = request.GET.get("to", "")
    members = members_logging_visits(request.user)
    members = (
        (members.filter(team_id=int(team)) if team.isdigit() else members.none())
        .order_by("sort_key", "pk")
        .values_list("pk", "full_name")
    )
    return render(
        request,
        "households/_member_options.html",
        {"members": members, "chosen": request.GET.get("chosen", "")},
    )
