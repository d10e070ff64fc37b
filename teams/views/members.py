"""Pages for team members (tổ viên): list, add, edit, leave, leader, Excel in and out."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import (
    Capability,
    capability_required,
    get_for_change,
)
from binhdan.downloads import attachment
from binhdan.jobs import export_response
from binhdan.models import ImportPreview
from binhdan.previews import preview_page, store_preview
from binhdan.replicas import reads_from_replica
from binhdan.spreadsheets import SpreadsheetError, workbook_bytes
from teams.exports import ROSTER_EXPORT
from teams.forms import (
    DeactivateMemberForm,
    MemberForm,
    MemberImportForm,
    filtered_members,
)
from teams.imports import member_template, plan_member_import, read_member_file
from teams.models import Member
from teams.services import deactivate_member, import_members, make_leader, save_member
from teams.views.teams import TEAMS

C = Capability
IMPORT_KIND = "members"
#: A member with what their pages show about them.
MEMBERS = Member.objects.select_related("team__village", "role")


def _filtered_members(request):
    return filtered_members(request.user, request.GET)


@capability_required(C.VIEW_MEMBERS)
def member_list(request):
    form, members = _filtered_members(request)
    page = Paginator(members, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "teams/member_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(request.GET.get("q") or form.changed_data),
        },
    )


@capability_required(C.VIEW_MEMBERS)
@reads_from_replica
def member_export(request):
    return export_response(request, ROSTER_EXPORT)


@capability_required(C.MANAGE_MEMBERS)
def member_create(request, team_pk):
    team = get_for_change(request, TEAMS, C.MANAGE_MEMBERS, pk=team_pk)
    form = MemberForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        member = save_member(form.save(commit=False), request.user)
        messages.success(request, _("%(name)s was added to the team.") % {"name": member})
        return redirect(team)
    return render(request, "teams/member_form.html", {"form": form, "team": team})


@capability_required(C.MANAGE_MEMBERS)
def member_edit(request, pk):
    member = get_for_change(request, MEMBERS, C.MANAGE_MEMBERS, pk=pk)
    form = MemberForm(request.POST or None, instance=member, team=member.team)
    if request.method == "POST" and form.is_valid():
        save_member(form.save(commit=False), request.user)
        messages.success(request, _("Changes saved."))
        return redirect(member.team)
    return render(
        request, "teams/member_form.html", {"form": form, "team": member.team, "member": member}
    )


@capability_required(C.MANAGE_MEMBERS)
def member_deactivate(request, pk):
    """Confirm, then give the member a leaving date: never deleted (reports keep them)."""
    member = get_for_change(request, MEMBERS, C.MANAGE_MEMBERS, pk=pk)
    if "cancel" in request.POST:
        return redirect(member.team)
    form = DeactivateMemberForm(
        request.POST or None, member=member, initial={"left_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        deactivate_member(member, form.cleaned_data["left_on"], request.user)
        messages.success(request, _("%(name)s has left the team.") % {"name": member})
        return redirect(member.team)
    return render(request, "teams/member_deactivate.html", {"form": form, "member": member})


@capability_required(C.MANAGE_MEMBERS)
def member_make_leader(request, pk):
    """Confirm, then name the member team leader; the previous leader steps down."""
    member = get_for_change(request, MEMBERS, C.MANAGE_MEMBERS, pk=pk)
    if not member.is_active:
        messages.error(request, _("A member who has left cannot be the team leader."))
        return redirect(member.team)
    current = (
        Member.objects.active()
        .filter(team=member.team, is_leader=True)
        .exclude(pk=member.pk)
        .first()
    )
    if request.method == "POST":
        make_leader(member, request.user)
        messages.success(request, _("%(name)s is now the team leader.") % {"name": member})
        return redirect(member.team)
    return render(request, "teams/member_make_leader.html", {"member": member, "current": current})


@capability_required(C.MANAGE_MEMBERS)
def member_import_template(request):
    return attachment(workbook_bytes(member_template()), "mau-nhap-to-vien.xlsx")


@capability_required(C.MANAGE_MEMBERS)
def member_import(request, team_pk):
    """Step 1: the file is read and kept for the preview; nothing is written yet."""
    team = get_for_change(request, TEAMS, C.MANAGE_MEMBERS, pk=team_pk)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            payload = read_member_file(upload)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            preview = store_preview(request.user, IMPORT_KIND, team.pk, upload.name, payload)
            return redirect("teams:member_import_preview", preview.pk)
    return render(request, "teams/member_import.html", {"form": form, "team": team})


@capability_required(C.MANAGE_MEMBERS)
def member_import_preview(request, pk):
    """Step 2: what confirming would do, row by row; namesakes are decided here."""
    preview = get_object_or_404(
        ImportPreview.objects.live(), pk=pk, user=request.user, kind=IMPORT_KIND
    )
    team = get_for_change(request, TEAMS, C.MANAGE_MEMBERS, pk=preview.target_id)
    plan = plan_member_import(preview.payload, team)

    def confirm(decisions):
        counts = import_members(plan, decisions, by=request.user)
        return (
            _(
                "Import finished: %(created)s member(s) added, %(updated)s updated, "
                "%(unchanged)s unchanged, %(skipped)s row(s) skipped."
            )
            % counts
        )

    return preview_page(
        request,
        preview,
        plan,
        confirm=confirm,
        done_url=team.get_absolute_url(),
        retry_url=reverse("teams:member_import", args=[team.pk]),
        template="teams/member_import_preview.html",
        context={
            "team": team,
            "target": team.name,
            "lookalike_help": _(
                "Same full name as a member already in the team, or as another row: choose "
                "for each row. When both have a phone and the phones differ, “another person” "
                "is proposed."
            ),
        },
    )
