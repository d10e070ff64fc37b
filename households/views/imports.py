"""Household import pages: upload a spreadsheet, see what it would do, confirm or cancel."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import MANAGE_ROLES, role_required, villages_for
from binhdan.downloads import attachment
from binhdan.models import ImportPreview
from binhdan.spreadsheets import SpreadsheetError, template_workbook, workbook_bytes
from households.forms import HouseholdImportForm
from households.imports import (
    ASK,
    COLUMNS,
    EXAMPLE,
    NEW,
    TEMPLATE_TITLE,
    UPDATE,
    plan_household_import,
    read_household_file,
)
from households.services import ImportDecisionError, import_households

MANAGERS = tuple(MANAGE_ROLES)
KIND = "households"
PREVIEW_LIFETIME = timedelta(hours=8)
SHOWN = 300  # rows of each kind listed on the preview page; counts are always complete


@role_required(*MANAGERS)
def household_import_template(request):
    workbook = template_workbook(COLUMNS, title=str(TEMPLATE_TITLE), example=EXAMPLE)
    return attachment(workbook_bytes(workbook), "mau-nhap-ho-dan.xlsx")


@role_required(*MANAGERS)
def household_import(request):
    """Step 1: the file is read and kept for the preview; nothing is written to the registry."""
    form = HouseholdImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            payload = read_household_file(upload)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            preview = store_preview(
                request.user, KIND, form.cleaned_data["village"].pk, upload.name, payload
            )
            return redirect("households:household_import_preview", preview.pk)
    return render(request, "households/household_import.html", {"form": form, "columns": COLUMNS})


def store_preview(user, kind, target_id, filename, payload) -> ImportPreview:
    """Keep a read file for its preview: the user's earlier previews of the same kind and
    every expired preview go (they hold residents' personal data)."""
    now = timezone.now()
    ImportPreview.objects.filter(expires_at__lte=now).delete()
    ImportPreview.objects.filter(user=user, kind=kind).delete()
    return ImportPreview.objects.create(
        user=user,
        kind=kind,
        target_id=target_id,
        filename=filename[:255],
        payload=payload,
        expires_at=now + PREVIEW_LIFETIME,
    )


@role_required(*MANAGERS)
def household_import_preview(request, pk):
    """Step 2: what confirming would do, row by row; look-alike rows are decided here."""
    preview = get_object_or_404(ImportPreview.objects.live(), pk=pk, user=request.user, kind=KIND)
    village = get_object_or_404(villages_for(request.user, write=True), pk=preview.target_id)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        preview.delete()
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect("households:household_import")
    plan = plan_household_import(preview.payload, village)
    problem = None
    if request.method == "POST" and plan.ok:
        decisions = {
            row.row: request.POST.get(f"row-{row.row}", row.proposed)
            for row in plan.with_action(ASK)
        }
        try:
            counts = import_households(plan, decisions, by=request.user)
        except ImportDecisionError as error:
            problem = str(error)
        else:
            preview.delete()
            messages.success(
                request,
                _(
                    "Import finished: %(created)s household(s) added, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(skipped)s row(s) skipped."
                )
                % counts,
            )
            return redirect(f"{reverse('households:household_list')}?village={village.pk}")
    return render(
        request,
        "households/household_import_preview.html",
        {
            "preview": preview,
            "village": village,
            "plan": plan,
            "problem": problem,
            "counts": plan.counts,
            "errors": plan.errors[:SHOWN],
            "asked": plan.with_action(ASK)[:SHOWN],
            "updated": plan.with_action(UPDATE)[:SHOWN],
            "added": plan.with_action(NEW)[:SHOWN],
            "shown": SHOWN,
        },
    )
