"""The data-quality pages ("Chất lượng dữ liệu"): the findings of a village or of the whole
commune for a quarter, the follow-up list, and the office's rule settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from binhdan.access import Capability, can, capability_required, communes_for, villages_for
from binhdan.picker import quarter_choices, quarter_from_request
from reports.kpis.scopes import scope_for
from reports.quality import engine, services
from reports.quality.forms import SettingsForm, VerifyForm

C = Capability
FIRST_ROWS = 20  # of each rule, on the overview
ROWS_PER_PAGE = 50  # of one rule


@capability_required(C.VIEW_DATA_QUALITY)
def quality_page(request):
    """?quy=2026Q4, ?thon=<village id> (a leader: their own village, always)."""
    quarter = quarter_from_request(request)
    village = request.GET.get("thon", "")
    scope = scope_for(request.user, village_pk=int(village) if village.isdigit() else None)
    if scope is None:
        return render(request, "reports/quality/page.html", {"scope": None})
    found = engine.check(scope, quarter)
    # The overview shows each rule's first rows; ?quy-tac=CL05 all of one rule, by pages.
    only = request.GET.get("quy-tac", "")
    page = None
    for result in found.results:
        if result.rule.code == only:
            page = Paginator(result.findings, ROWS_PER_PAGE).get_page(request.GET.get("page"))
            result.shown = page.object_list
        else:
            result.shown = result.findings[:FIRST_ROWS]
    return render(
        request,
        "reports/quality/page.html",
        {
            "scope": scope,
            "quarter": quarter,
            "quarters": quarter_choices(),
            "check": found,
            "villages": villages_for(request.user).order_by("code"),
            "village": village,
            "can_verify": can(request.user, C.MANAGE_DATA_QUALITY),
            "show_verified": request.GET.get("xem") == "da-xac-minh",
            "verify_form": VerifyForm(),
            "only": only if page else "",
            "page_obj": page,
            "first_rows": FIRST_ROWS,
            "here": request.get_full_path(),  # where each row's form comes back
        },
    )


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("reports:quality")


@capability_required(C.MANAGE_DATA_QUALITY)
def verify(request):
    """POST: put a finding on the follow-up list (or take it off, `undo`); GET: the page."""
    if request.method != "POST":
        return redirect("reports:quality")
    commune = communes_for(request.user).order_by("pk").first()
    if commune is None:
        raise PermissionDenied
    form = VerifyForm(request.POST)
    if "undo" in request.POST:
        code, key = request.POST.get("code", ""), request.POST.get("key", "")
        services.unverify(commune, code, key, request.user)
        messages.success(request, _("The row is reported again."))
    elif form.is_valid() and form.cleaned_data["code"] in engine.BY_CODE:
        data = form.cleaned_data
        services.verify(commune, data["code"], data["key"], data["note"], request.user)
        messages.success(request, _("Marked as checked: it is no longer reported."))
    else:
        messages.error(request, _("Say what was checked (for example: two namesakes)."))
    return redirect(_back(request))


@capability_required(C.MANAGE_DATA_QUALITY)
def rule_settings(request):
    commune = communes_for(request.user).order_by("pk").first()
    if commune is None:
        raise PermissionDenied
    form = SettingsForm(request.POST or None, settings=engine.settings_of(commune))
    if request.method == "POST" and form.is_valid():
        changed = services.save_settings(commune, form.rows(), request.user)
        messages.success(
            request,
            _("%(n)s rules changed.") % {"n": changed} if changed else _("Nothing changed."),
        )
        return redirect("reports:quality_settings")
    return render(request, "reports/quality/settings.html", {"form": form, "commune": commune})
