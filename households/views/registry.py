"""The household registry (sổ theo dõi hộ dân): list, detail, edit, assignment, Excel."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binhdan.access import (
    Capability,
    can,
    capability_required,
    get_for_change,
    get_for_user,
    villages_for,
)
from binhdan.jobs import export_response
from binhdan.paging import page_of
from binhdan.replicas import reads_from_replica
from households import queries as household_queries
from households.exports import REGISTRY_EXPORT
from households.forms import (
    BulkAssignForm,
    HouseholdFilterForm,
    HouseholdForm,
    members_with_household_counts,
)
from households.models import Household, HouseholdPlatform, writable_village_ids
from households.services import (
    AssignmentRefused,
    assign_households,
    delete_household,
    handover,
    save_household,
)
from teams.models import Village

C = Capability
HOUSEHOLDS_PER_MEMBER = 20  # KPI K4 target


def _filtered(request):
    form = HouseholdFilterForm(request.GET or None, user=request.user)
    households = form.apply(Household.objects.for_user(request.user))
    return form, households


def _as_listed(households):
    """Households as the registry lists them: with their village and member in charge, by
    village, then in Vietnamese order of the head's name (given name first). The export reads
    the same rows as plain values (`households.exports.registry_rows`)."""
    return households.select_related("village", "member_in_charge").in_list_order()


def _count_essential_platforms(households) -> None:
    """Set `essential_platforms` on a page's households: one grouped count over their ids
    only (an annotation on the list was computed for every row skipped by the page's OFFSET:
    5,000 subqueries on page 200)."""
    counts = dict(
        HouseholdPlatform.objects.filter(
            household__in=[h.pk for h in households], platform__is_essential=True
        )
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values_list("household", "n")
    )
    for household in households:
        household.essential_platforms = counts.get(household.pk, 0)


def _can_manage(user) -> bool:
    return can(user, C.CHANGE_HOUSEHOLDS) and villages_for(user, write=True).exists()


def _count_from_tallies(form, user) -> int | None:
    """How many households the list holds when nothing but the user's villages, or one
    village, narrows it: from the village tallies (households.queries.household_count);
    None when a search or another filter does (the list counts its rows)."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("q") or data.get("member") or data.get("priority"):
        return None
    where = Village.objects.scope(user, through="village__")
    if data.get("village"):
        where &= Q(village=data["village"])
    return household_queries.household_count(where)


@capability_required(C.VIEW_HOUSEHOLDS)
def household_list(request):
    form, households = _filtered(request)
    households = _as_listed(households)
    page = page_of(request, households, count=_count_from_tallies(form, request.user))
    _count_essential_platforms(page.object_list)
    return render(
        request,
        "households/household_list.html",
        {"page_obj": page, "filter_form": form, "can_manage": _can_manage(request.user)},
    )


@capability_required(C.VIEW_HOUSEHOLDS)
def vneid_follow_up(request):
    """Đã thu nhận nhưng chưa kích hoạt: the households of the user's villages whose VNeID
    account was received and not activated yet, with the day it was received, for the teams
    to go back to (scoped and paged like the registry; ?village= keeps one village)."""
    households = household_queries.vneid_received_not_activated(
        Household.objects.for_user(request.user)
    )
    villages = villages_for(request.user)
    village = villages.filter(pk=request.GET.get("village") or None).first()
    if village is not None:
        households = households.filter(village=village)
    households = _as_listed(households).annotate(
        vneid_received_on=household_queries.vneid_received_on()
    )
    return render(
        request,
        "households/vneid_follow_up.html",
        {
            "page_obj": page_of(request, households),
            "villages": villages.order_by("code") if villages.count() > 1 else [],
            "village": village,
        },
    )


@capability_required(C.VIEW_HOUSEHOLDS)
def household_detail(request, pk):
    household, can_edit = get_for_user(
        request,
        Household.objects.select_related("village", "member_in_charge"),
        C.CHANGE_HOUSEHOLDS,
        pk=pk,
    )
    platforms = HouseholdPlatform.objects.filter(household=household).select_related("platform")
    visits = (
        household.visits.select_related("member")
        .prefetch_related("support_types")
        .order_by("-date", "-id")[:20]
    )
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "platforms": platforms,
            "visits": visits,
            "can_edit": can_edit,
            "can_read_history": can(request.user, C.VIEW_HISTORY),
            # "Log a support visit for this household": its village is one the user works in.
            "can_log_here": can(request.user, C.LOG_VISITS)
            and household.village_id in writable_village_ids(request.user),
        },
    )


@capability_required(C.CHANGE_HOUSEHOLDS)
def household_create(request):
    form = HouseholdForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        household = save_household(
            form.save(commit=False),
            request.user,
            platforms=form.cleaned_data["platforms_used"],
            different_from=form.lookalikes,
            vneid_activated_on=form.cleaned_data["vneid_activated_on"],
        )
        messages.success(request, _("The household was added."))
        return redirect(household)
    return render(request, "households/household_form.html", {"form": form})


@capability_required(C.CHANGE_HOUSEHOLDS)
def household_edit(request, pk):
    household = get_for_change(request, Household, C.CHANGE_HOUSEHOLDS, pk=pk)
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        save_household(
            form.save(commit=False),
            request.user,
            platforms=form.cleaned_data["platforms_used"],
            different_from=form.lookalikes,
            vneid_activated_on=form.cleaned_data["vneid_activated_on"],
        )
        messages.success(request, _("Changes saved."))
        return redirect(household)
    return render(request, "households/household_form.html", {"form": form, "household": household})


@capability_required(C.CHANGE_HOUSEHOLDS)
def household_delete(request, pk):
    household = get_for_change(request, Household, C.CHANGE_HOUSEHOLDS, pk=pk)
    if request.method == "POST":
        delete_household(household, request.user)
        messages.success(request, _("The household was deleted."))
        return redirect("households:household_list")
    return render(
        request,
        "households/confirm_delete.html",
        {
            "object": household,
            "cancel_url": household.get_absolute_url(),
            "warning": _(
                "Its support visits are kept, without the household. Its personal data is "
                "erased, also from the change history; submitted reports keep their figures."
            ),
        },
    )


@capability_required(C.CHANGE_HOUSEHOLDS)
def household_assign(request):
    """Select households (ticked, or all that match the filters), pick a member: that member
    is now in charge of them. Taking households from another member is said first and
    saved only once confirmed."""
    filter_form = HouseholdFilterForm(request.GET or None, user=request.user)
    matching = filter_form.apply(Household.objects.for_user(request.user, write=True))
    filters_read = not filter_form.is_bound or filter_form.is_valid()
    form = BulkAssignForm(
        request.POST or None, user=request.user, matching=matching if filters_read else None
    )
    if request.method == "POST" and form.is_valid():
        member, households = form.cleaned_data["member"], form.cleaned_data["households"]
        told = handover(households, member)
        if told.needs_confirmation and not form.cleaned_data["confirm"]:
            all_matching = form.cleaned_data["scope"] == BulkAssignForm.ALL_MATCHING
            return render(
                request,
                "households/household_assign_confirm.html",
                {
                    "member": member,
                    "handover": told,
                    "all_matching": all_matching,
                    "chosen": [] if all_matching else [h.pk for h in households],
                },
            )
        try:
            changed = assign_households(households, member, by=request.user)
        except AssignmentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if changed:
                messages.success(
                    request,
                    _("%(member)s is now in charge of %(n)s more household(s).")
                    % {"member": member.full_name, "n": changed},
                )
            else:
                messages.info(
                    request,
                    _("%(member)s was already in charge of these households: nothing changed.")
                    % {"member": member.full_name},
                )
            return redirect(request.get_full_path())
    for error in form.non_field_errors():
        messages.error(request, error)
    for name in ("households", "member"):
        if form.errors.get(name):
            messages.error(request, f"{form.fields[name].label}: {form.errors[name][0]}")
    page = Paginator(matching.select_related("village", "member_in_charge"), 50).get_page(
        request.GET.get("page")
    )
    members = members_with_household_counts(request.user).filter(
        team__in=form.fields["member"].queryset.values("team")
    )
    ticked = {int(pk) for pk in form["households"].value() or [] if str(pk).isdigit()}
    return render(
        request,
        "households/household_assign.html",
        {
            "page_obj": page,
            "filter_form": filter_form,
            "assign_form": form,
            "ticked": ticked,  # kept when the page comes back with an error
            "filters_read": filters_read,
            "members": members,
            "target": HOUSEHOLDS_PER_MEMBER,
        },
    )


@capability_required(C.EXPORT_HOUSEHOLDS)
@reads_from_replica
def household_export(request):
    """The registry as the list filters it, as Excel: streamed, or prepared in the background
    above EXPORT_INLINE_MAX_ROWS (binhdan/jobs.py)."""
    return export_response(request, REGISTRY_EXPORT)


@require_GET
@capability_required(C.LOG_VISITS)
def household_search(request):
    """Search-as-you-type for the visit form: an HTML fragment of radio choices."""
    query = request.GET.get("q", "")
    households = (
        Household.objects.for_user(request.user, write=True)
        .search(query)
        .select_related("village")
        .in_list_order()[:15]
        if query.strip()
        else []
    )
    return render(
        request,
        "households/_household_choices.html",
        {"households": households, "chosen": request.GET.get("chosen", ""), "query": query},
    )
