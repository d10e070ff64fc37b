"""Emulation nominations (thi đua) with the portal's suggestions, and the year review (sơ kết).

Access, by capability (binhdan/access.py): VIEW_NOMINATIONS reads nominations (leadership
all of the commune, a village leader those of their village), MANAGE_NOMINATIONS (the
commune office) writes them and takes the steps of their workflow (reports/awards/
workflow.py), whose buttons are the steps it allows the user now; VIEW_SUGGESTIONS reads the
portal's suggestions. The year review is scoped like the dashboard.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import (
    Capability,
    can,
    capability_required,
    communes_for,
    editable_ids,
    sees_whole_commune,
    villages_for,
)
from binhdan.picker import default_year, year_choices, year_from_request
from reports.awards import nominations
from reports.awards.forms import CATEGORY_CHOICES, STATUS_CHOICES, NominationForm
from reports.awards.workflow import NOMINATIONS
from reports.awards.yearreview import review
from reports.kpis import charts
from reports.kpis.arithmetic import CODES, LABELS
from reports.kpis.scopes import Scope, ScopeKind, scope_for
from reports.models import Award, Nomination, NominationStatus
from reports.transitions import TransitionRefused

# --- nominations -----------------------------------------------------------------------------


def _steps(nomination: Nomination, user, *, in_scope: bool | None = None) -> list[dict]:
    """The buttons of the steps the workflow allows `user` on `nomination` now."""
    return [
        {
            "action": action,
            "label": action.label_for(nomination),
            "url": reverse("reports:nomination_action", args=[nomination.pk, action.name]),
        }
        for action in NOMINATIONS.allowed_actions(nomination, user, in_scope=in_scope)
    ]


@capability_required(Capability.VIEW_NOMINATIONS)
def nomination_list(request):
    year = year_from_request(request)
    category = request.GET.get("loai", "")
    status = request.GET.get("trang-thai", "")
    query = request.GET.get("q", "").strip()
    found = (
        Nomination.objects.for_user(request.user)
        .filter(year=year)
        .select_related("village", "status_changed_by", "created_by")
    )
    if category in Award.values:
        found = found.filter(category=category)
    if status in NominationStatus.values:
        found = found.filter(status=status)
    found = found.search(query)
    page = Paginator(found.order_by("category", "nominee_name", "pk"), 25).get_page(
        request.GET.get("page")
    )
    can_manage = can(request.user, Capability.MANAGE_NOMINATIONS)
    writable = editable_ids(Nomination, request.user, page) if can_manage else set()
    for nomination in page:
        nomination.editable = nomination.pk in writable and nomination.is_open
        nomination.steps = _steps(nomination, request.user, in_scope=nomination.pk in writable)
    return render(
        request,
        "reports/awards/nomination_list.html",
        {
            "page_obj": page,
            "year": year,
            "years": year_choices(),
            "category": category,
            "status": status,
            "query": query,
            "categories": CATEGORY_CHOICES,
            "statuses": STATUS_CHOICES,
            "can_manage": can_manage,
            "can_suggest": can(request.user, Capability.VIEW_SUGGESTIONS),
        },
    )


@capability_required(Capability.VIEW_SUGGESTIONS)
def nomination_suggestions(request):
    year = year_from_request(request)
    scope = scope_for(request.user)
    suggestions = {}
    if scope is not None:
        suggestions = nominations.suggest(review(scope, year, timezone.localdate()))
    groups = [
        {
            "category": category,
            "label": Award(category).label,
            "items": suggestions.get(category, []),
        }
        for category in Award.values
    ]
    for group in groups:
        for item in group["items"]:
            item.url = reverse("reports:nomination_create") + "?" + urlencode(item.prefill)
    return render(
        request,
        "reports/awards/suggestions.html",
        {
            "groups": groups,
            "year": year,
            "years": year_choices(),
            "can_manage": can(request.user, Capability.MANAGE_NOMINATIONS),
            "other_platforms": nominations.OTHER_PLATFORMS,
        },
    )


def _prefill(request) -> dict:
    """Initial values from a suggestion's "nominate" link (?loai=&to=&ho=&thon=&ten=&ly-do=)."""
    keys = {
        "loai": "category",
        "nam": "year",
        "to": "team",
        "ho": "household",
        "thon": "village",
        "ten": "resident_name",
        "ly-do": "reason",
    }
    initial = {"year": default_year()}
    for key, field in keys.items():
        value = request.GET.get(key, "").strip()
        if value:
            initial[field] = value
    return initial


def _form_arguments(request, initial: dict | None = None) -> dict:
    """Bound to the POST to save; after "Find" (a household search), unbound with what was
    typed as initial values, so that the page shows the households found and no errors."""
    if "find" in request.POST:
        return {"initial": request.POST.dict()}
    if request.method == "POST":
        return {"data": request.POST}
    return {"initial": initial or {}}


def _form_page(request, form, nomination=None):
    if form.is_bound and form.is_valid():
        saved = form.save(commit=False)
        if nomination is None:
            saved.created_by = request.user
        saved.save()
        messages.success(request, _("The nomination was saved."))
        return redirect(reverse("reports:nomination_list") + f"?nam={saved.year}")
    return render(
        request,
        "reports/awards/nomination_form.html",
        {"form": form, "nomination": nomination},
    )


@capability_required(Capability.MANAGE_NOMINATIONS)
def nomination_create(request):
    commune = communes_for(request.user).first()
    if commune is None:
        return redirect("reports:nomination_list")
    form = NominationForm(**_form_arguments(request, _prefill(request)), commune=commune)
    return _form_page(request, form)


def _writable(request, pk) -> Nomination:
    return get_object_or_404(
        Nomination.objects.for_user(request.user, write=True).select_related("commune"), pk=pk
    )


@capability_required(Capability.MANAGE_NOMINATIONS)
def nomination_edit(request, pk):
    nomination = _writable(request, pk)
    if not nomination.is_open:
        messages.warning(request, _("Only a proposed nomination can be changed."))
        return redirect(reverse("reports:nomination_list") + f"?nam={nomination.year}")
    form = NominationForm(
        **_form_arguments(request), instance=nomination, commune=nomination.commune
    )
    return _form_page(request, form, nomination)


@capability_required(Capability.VIEW_NOMINATIONS)
def nomination_detail(request, pk):
    """A nomination: its nominee and reason, its status with the steps the user may take,
    and its history (who changed its status, when)."""
    nomination = get_object_or_404(
        Nomination.objects.for_user(request.user).select_related(
            "village", "team", "household", "created_by", "status_changed_by"
        ),
        pk=pk,
    )
    steps = _steps(nomination, request.user)
    return render(
        request,
        "reports/awards/nomination_detail.html",
        {
            "nomination": nomination,
            "steps": steps,
            "can_edit": nomination.is_open
            and can(request.user, Capability.MANAGE_NOMINATIONS, nomination),
            "transitions": nomination.transitions.select_related("user"),
            "back": reverse("reports:nomination_list") + f"?nam={nomination.year}",
        },
    )


@login_required
def nomination_action(request, pk, action):
    """Confirm, then take a step of the nomination's workflow (the table in workflow.py):
    404 for a step it does not have or outside the user's write scope, 403 without the
    step's capability; a step its status does not allow is refused with its message."""
    step = NOMINATIONS.action(action)
    if step is None:
        raise Http404
    if not can(request.user, step.capability):
        raise PermissionDenied
    nomination = _writable(request, pk)
    back = reverse("reports:nomination_list") + f"?nam={nomination.year}"
    if request.method == "POST":
        try:
            NOMINATIONS.perform(nomination, step, request.user)
        except TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, step.done)
        return redirect(back)
    return render(
        request,
        "reports/awards/nomination_confirm.html",
        {
            "nomination": nomination,
            "action": step,
            "question": step.question
            % {"name": nomination.nominee_name, "title": nomination.get_category_display()},
            "cancel_url": back,
        },
    )


# --- the year review -------------------------------------------------------------------------


def _review_scope(request) -> Scope | None:
    village = request.GET.get("thon", "").strip()
    return scope_for(
        request.user, village_pk=int(village) if village.isascii() and village.isdigit() else None
    )


@capability_required(Capability.VIEW_YEAR_REVIEW)
def year_review(request):
    year = year_from_request(request)
    scope = _review_scope(request)
    code = request.GET.get("chi-so", "K8")
    code = code if code in CODES else "K8"
    context = {"year": year, "years": year_choices(), "scope": scope, "code": code, "codes": CODES}
    if scope is not None:
        result = review(scope, year, timezone.localdate())
        context.update(
            review=result,
            rows=result.kpi_rows(),
            village_rows=result.village_rows(code) if scope.kind == ScopeKind.COMMUNE else None,
            code_label=LABELS[code],
            chart=charts.trend_svg(result.trend_points()) if result.figures else None,
            villages=villages_for(request.user).filter(is_active=True).order_by("code")
            if sees_whole_commune(request.user)
            else [],
        )
    return render(request, "reports/awards/year_review.html", context)
