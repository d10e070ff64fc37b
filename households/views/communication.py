"""Communication activities (hoạt động tuyên truyền) and the households they reached."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binhdan.access import Capability, can, capability_required, editable_ids, get_for_change
from households.forms import CommunicationForm, households_matching
from households.models import Channel, CommunicationActivity, Household
from households.services import delete_communication, save_communication

C = Capability


@capability_required(C.VIEW_COMMUNICATION)
def communication_list(request):
    activities = CommunicationActivity.objects.for_user(request.user)
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        activities = activities.filter(channel=channel)
    activities = (
        activities.prefetch_related("villages")
        .annotate(chosen_households=Count("households", distinct=True))
        .order_by("-date", "-pk")
    )
    page = Paginator(activities, 25).get_page(request.GET.get("page"))
    can_add = can(request.user, C.CHANGE_COMMUNICATION)
    editable = editable_ids(CommunicationActivity, request.user, page) if can_add else set()
    return render(
        request,
        "households/communication_list.html",
        {
            "page_obj": page,
            "channel": channel,
            "channels": Channel.choices,
            "editable": editable,
            "can_add": can_add,
        },
    )


def _form_page(request, form, activity=None):
    finding = request.method == "POST" and "find" in request.POST
    if request.method == "POST" and not finding and form.is_valid():
        save_communication(
            form.save(commit=False),
            request.user,
            villages=form.cleaned_data["villages"],
            households=form.cleaned_data["households"],
        )
        messages.success(request, _("The communication activity was saved."))
        return redirect("households:communication_list")
    if finding:
        form.errors.clear()  # a plain search (no JavaScript): show results, judge nothing yet
    ticked, found, more = form.household_choices()
    return render(
        request,
        "households/communication_form.html",
        {
            "form": form,
            "activity": activity,
            "ticked": ticked,
            "found": found,
            "more": more,
            "query": form["household_query"].value() or "",
            "villages_chosen": bool(form.chosen_village_ids()),
        },
    )


@capability_required(C.CHANGE_COMMUNICATION)
def communication_create(request):
    return _form_page(request, CommunicationForm(request.POST or None, user=request.user))


@capability_required(C.CHANGE_COMMUNICATION)
def communication_edit(request, pk):
    activity = get_for_change(request, CommunicationActivity, C.CHANGE_COMMUNICATION, pk=pk)
    form = CommunicationForm(request.POST or None, instance=activity, user=request.user)
    return _form_page(request, form, activity)


@capability_required(C.CHANGE_COMMUNICATION)
def communication_delete(request, pk):
    activity = get_for_change(request, CommunicationActivity, C.CHANGE_COMMUNICATION, pk=pk)
    if request.method == "POST":
        delete_communication(activity, request.user)
        messages.success(request, _("The communication activity was deleted."))
        return redirect("households:communication_list")
    return render(
        request,
        "households/confirm_delete.html",
        {"object": activity, "cancel_url": reverse("households:communication_list")},
    )


@require_GET
@capability_required(C.CHANGE_COMMUNICATION)
def communication_household_search(request):
    """Search-as-you-type for the communication form: an HTML fragment of the households of
    the chosen villages (?villages=1&villages=2) whose name or address matches ?q=."""
    query = request.GET.get("q", "")
    village_ids = [int(v) for v in request.GET.getlist("villages") if v.isdigit()]
    found, more = households_matching(
        Household.objects.for_user(request.user, write=True),
        village_ids,
        query,
        CommunicationForm.SEARCH_LIMIT,
    )
    return render(
        request,
        "households/_communication_found.html",
        {"found": found, "more": more, "query": query, "villages_chosen": bool(village_ids)},
    )
