"""Household import pages: upload a spreadsheet, see what it would do, confirm or cancel."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from binhdan.access import Capability, capability_required, get_for_change
from binhdan.downloads import attachment
from binhdan.models import ImportPreview
from binhdan.previews import preview_page, store_preview
from binhdan.spreadsheets import SpreadsheetError, template_workbook, workbook_bytes
from households.forms import HouseholdImportForm
from households.imports import (
    COLUMNS,
    EXAMPLE,
    TEMPLATE_TITLE,
    plan_household_import,
    read_household_file,
)
from households.services import import_households
from teams.models import Village

KIND = "households"


@capability_required(Capability.CHANGE_HOUSEHOLDS)
def household_import_template(request):
    workbook = template_workbook(COLUMNS, title=str(TEMPLATE_TITLE), example=EXAMPLE)
    return attachment(workbook_bytes(workbook), "mau-nhap-ho-dan.xlsx")


@capability_required(Capability.CHANGE_HOUSEHOLDS)
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
            village = form.cleaned_data["village"]
            preview = store_preview(request.user, KIND, village.pk, upload.name, payload)
            return redirect("households:household_import_preview", preview.pk)
    return render(request, "households/household_import.html", {"form": form, "columns": COLUMNS})


@capability_required(Capability.CHANGE_HOUSEHOLDS)
def household_import_preview(request, pk):
    """Step 2: what confirming would do, row by row; look-alike rows are decided here."""
    preview = get_object_or_404(ImportPreview.objects.live(), pk=pk, user=request.user, kind=KIND)
    village = get_for_change(request, Village, Capability.CHANGE_HOUSEHOLDS, pk=preview.target_id)
    plan = plan_household_import(preview.payload, village)

    def confirm(decisions):
        counts = import_households(plan, decisions, by=request.user)
        return (
            _(
                "Import finished: %(created)s household(s) added, %(updated)s updated, "
                "%(unchanged)s unchanged, %(skipped)s row(s) skipped."
            )
            % counts
        )

    return preview_page(
        request,
        preview,
        plan,
        confirm=confirm,
        done_url=f"{reverse('households:household_list')}?village={village.pk}",
        retry_url=reverse("households:household_import"),
        template="households/household_import_preview.html",
        context={
            "target": village.name,
            "lookalike_help": _(
                "Same head of household and address, or same phone: choose for each row. "
                "Namesakes living at one address are common; when the phone or the number of "
                "people differs, “a different household” is proposed."
            ),
        },
    )
