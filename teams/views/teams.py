"""Pages for villages, teams (with their composition status) and the role catalogue.

Members: members.py; trainings and activity days: trainings.py.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import (
    Capability,
    can,
    capability_required,
    communes_for,
    get_for_change,
    get_for_user,
    villages_for,
)
from binhdan.forms import save_or_explain
from teams import queries, services
from teams.forms import DigitalSkillAreaForm, MemberRoleForm, TeamForm, VillageForm
from teams.models import DigitalSkillArea, Member, MemberRole, Team, TrainingTopic, Village

C = Capability


@capability_required(C.VIEW_VILLAGES)
def village_list(request):
    query = request.GET.get("q", "").strip()
    villages = villages_for(request.user).select_related("commune").search(query)
    page = Paginator(villages, 25).get_page(request.GET.get("page"))
    return render(request, "teams/village_list.html", {"page_obj": page, "query": query})


@capability_required(C.VIEW_VILLAGES)
def village_detail(request, pk):
    village, can_edit = get_for_user(
        request, Village.objects.select_related("commune"), C.MANAGE_TEAMS, pk=pk
    )
    return render(request, "teams/village_detail.html", {"village": village, "can_edit": can_edit})


@capability_required(C.MANAGE_TEAMS)
def village_create(request):
    commune = communes_for(request.user).first()
    if commune is None:
        return redirect("teams:village_list")
    form = VillageForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        village = save_or_explain(
            form, lambda: services.save_village(form.save(commit=False), request.user)
        )
        if village is not None:
            messages.success(request, _("Village %(name)s was added.") % {"name": village.name})
            return redirect(village)
    return render(request, "teams/village_form.html", {"form": form})


@capability_required(C.MANAGE_TEAMS)
def village_edit(request, pk):
    village = get_for_change(request, Village, C.MANAGE_TEAMS, pk=pk)
    form = VillageForm(request.POST or None, instance=village, commune=village.commune)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_explain(
            form, lambda: services.save_village(form.save(commit=False), request.user)
        )
    ):
        messages.success(request, _("Changes saved."))
        return redirect(village)
    return render(request, "teams/village_form.html", {"form": form, "village": village})


# --- Teams --------------------------------------------------------------------------------


#: A team with what its pages show about it.
TEAMS = Team.objects.select_related("village", "commune")


@capability_required(C.VIEW_TEAMS)
def team_list(request):
    teams = list(Team.objects.for_user(request.user).select_related("village"))
    compositions = queries.compositions(teams)
    coverage = queries.training_coverage(teams)
    rows = [
        {"team": team, "composition": compositions[team.pk], "coverage": coverage[team.pk]}
        for team in teams
    ]
    without_team = []
    if can(request.user, C.MANAGE_TEAMS):
        without_team = villages_for(request.user, write=True).filter(
            team__isnull=True, is_active=True
        )
    return render(
        request, "teams/team_list.html", {"rows": rows, "villages_without_team": without_team}
    )


@capability_required(C.VIEW_TEAMS)
def team_detail(request, pk):
    team, can_manage = get_for_user(request, TEAMS, C.MANAGE_MEMBERS, pk=pk)
    composition = queries.compositions([team])[team.pk]
    coverage = queries.training_coverage([team])[team.pk]
    members = (
        Member.objects.filter(team=team).active().with_trained().select_related("role", "user")
    )
    former = Member.objects.filter(team=team, left_on__lte=timezone.localdate())
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "composition": composition,
            "coverage": coverage,
            "members": members,
            "untrained": [m for m in members if not m.is_trained],
            "leader": next((m for m in members if m.is_leader), None),
            "former": former.select_related("role"),
            "can_manage": can_manage,
            "can_read_more": can(request.user, C.VIEW_TEAM_DETAILS),
        },
    )


@capability_required(C.MANAGE_TEAMS)
def team_create(request):
    commune = communes_for(request.user).first()
    if commune is None:
        return redirect("teams:team_list")
    initial = {}
    if request.GET.get("village", "").isdigit():
        initial = {"level": "village", "village": request.GET["village"]}
    form = TeamForm(request.POST or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        team = save_or_explain(
            form, lambda: services.save_team(form.save(commit=False), request.user)
        )
        if team is not None:
            messages.success(request, _("Team %(name)s was created.") % {"name": team.name})
            return redirect(team)
    return render(request, "teams/team_form.html", {"form": form})


@capability_required(C.MANAGE_TEAMS)
def team_edit(request, pk):
    team = get_for_change(request, TEAMS, C.MANAGE_TEAMS, pk=pk)
    form = TeamForm(request.POST or None, instance=team, commune=team.commune)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_explain(form, lambda: services.save_team(form.save(commit=False), request.user))
    ):
        messages.success(request, _("Changes saved."))
        return redirect(team)
    return render(request, "teams/team_form.html", {"form": form, "team": team})


# --- The areas of the basic digital skills framework ----------------------------------------


@capability_required(C.MANAGE_TEAMS)
def skill_area_list(request):
    areas = DigitalSkillArea.objects.prefetch_related(
        Prefetch("topics", queryset=TrainingTopic.objects.order_by("number"))
    ).order_by("number")
    return render(request, "teams/skill_area_list.html", {"areas": areas})


@capability_required(C.MANAGE_TEAMS)
def skill_area_create(request):
    return _skill_area_form(request, DigitalSkillArea())


@capability_required(C.MANAGE_TEAMS)
def skill_area_edit(request, pk):
    return _skill_area_form(request, get_object_or_404(DigitalSkillArea, pk=pk))


def _skill_area_form(request, area):
    form = DigitalSkillAreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        saved = save_or_explain(
            form,
            lambda: services.save_skill_area(
                form.save(commit=False), request.user, topics=form.cleaned_data["topics"]
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("teams:skill_area_list")
    return render(
        request, "teams/skill_area_form.html", {"form": form, "area": area if area.pk else None}
    )


# --- The role catalogue -------------------------------------------------------------------


@capability_required(C.MANAGE_TEAMS)
def role_list(request):
    # A grouped query leaves out the model's ordering: it is given again.
    roles = (
        MemberRole.objects.for_user(request.user)
        .annotate(active_members=Count("members", filter=Q(members__left_on__isnull=True)))
        .select_related("commune")
        .order_by("commune__name", "sort_order", "name")
    )
    return render(request, "teams/role_list.html", {"roles": roles})


@capability_required(C.MANAGE_TEAMS)
def role_create(request):
    commune = communes_for(request.user).first()
    if commune is None:
        return redirect("teams:role_list")
    form = MemberRoleForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        role = save_or_explain(
            form, lambda: services.save_member_role(form.save(commit=False), request.user)
        )
        if role is not None:
            messages.success(request, _("Role %(name)s was added.") % {"name": role.name})
            return redirect("teams:role_list")
    return render(request, "teams/role_form.html", {"form": form})


@capability_required(C.MANAGE_TEAMS)
def role_edit(request, pk):
    role = get_object_or_404(MemberRole.objects.for_user(request.user), pk=pk)
    form = MemberRoleForm(request.POST or None, instance=role, commune=role.commune)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_explain(
            form, lambda: services.save_member_role(form.save(commit=False), request.user)
        )
    ):
        messages.success(request, _("Changes saved."))
        return redirect("teams:role_list")
    return render(request, "teams/role_form.html", {"form": form, "role": role})
