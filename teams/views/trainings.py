"""Pages for training sessions (tập huấn) and a team's activity days (ngày hoạt động)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import (
    Capability,
    can,
    capability_required,
    communes_for,
    editable_ids,
    get_for_change,
    get_for_user,
)
from binhdan.forms import save_or_explain
from binhdan.picker import quarter_choices, quarter_from_request
from binhdan.quarters import Quarter
from teams import queries
from teams.forms import ActivityDayForm, TrainingSessionForm
from teams.models import ActivityDay, Team, TrainingSession
from teams.services import save_activity_day, save_training
from teams.views.teams import TEAMS

C = Capability


# --- Training sessions --------------------------------------------------------------------


@capability_required(C.VIEW_TRAININGS)
def training_list(request):
    teams = Team.objects.for_user(request.user).select_related("village")
    team_id = request.GET.get("team", "")
    sessions = TrainingSession.objects.for_user(request.user)
    if team_id == "xa":
        sessions = sessions.filter(team__isnull=True)
    elif team_id.isdigit():
        # A team's own sessions and the commune-wide ones its members attended.
        sessions = sessions.filter(Q(team_id=team_id) | Q(attendees__team_id=team_id))
    sessions = (
        TrainingSession.objects.filter(pk__in=sessions.values("pk"))
        .select_related("team")
        .prefetch_related("topics")
        .annotate(attendance=Count("attendees", distinct=True))
        .order_by("-date", "-pk")
    )
    page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    can_add = can(request.user, C.MANAGE_TRAININGS)
    editable = editable_ids(TrainingSession, request.user, page) if can_add else set()
    return render(
        request,
        "teams/training_list.html",
        {
            "page_obj": page,
            "editable": editable,
            "can_add": can_add,
            "can_edit_areas": can(request.user, C.MANAGE_TEAMS),
            "teams": teams,
            "team_id": team_id,
        },
    )


def _training_form(request, instance=None):
    teams = Team.objects.for_user(request.user, write=True).select_related("village")
    commune = instance.commune if instance else communes_for(request.user).first()
    initial = {}
    if instance is None:
        initial["date"] = timezone.localdate()
        team_id = request.GET.get("team", "")
        if team_id.isdigit() and teams.filter(pk=team_id).exists():
            initial["team"] = int(team_id)
        elif teams.count() == 1:
            initial["team"] = teams.get().pk
    return TrainingSessionForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        teams=teams,
        commune=commune,
        # Only the commune office organises sessions for every team.
        allow_commune_wide=can(request.user, C.TRAIN_COMMUNE_WIDE),
    )


@capability_required(C.MANAGE_TRAININGS)
def training_create(request):
    form = _training_form(request)
    if request.method == "POST" and form.is_valid():
        _save_training(request, form)
        messages.success(request, _("The training session was saved."))
        return redirect(_after_training(form.instance))
    return render(request, "teams/training_form.html", {"form": form})


@capability_required(C.MANAGE_TRAININGS)
def training_edit(request, pk):
    session = get_for_change(request, TrainingSession, C.MANAGE_TRAININGS, pk=pk)
    form = _training_form(request, session)
    if request.method == "POST" and form.is_valid():
        _save_training(request, form)
        messages.success(request, _("Changes saved."))
        return redirect(_after_training(session))
    return render(request, "teams/training_form.html", {"form": form, "session": session})


def _save_training(request, form):
    save_training(
        form.save(commit=False),
        request.user,
        topics=form.cleaned_data["topics"],
        attendees=form.cleaned_data["attendees"],
    )


def _after_training(session):
    return session.team if session.team_id else "teams:training_list"


# --- Activity days ------------------------------------------------------------------------


@capability_required(C.VIEW_TEAM_DETAILS)
def activity_list(request, team_pk):
    """The team's weeks of a quarter (KPI K6) and its activity days."""
    team, can_record = get_for_user(request, TEAMS, C.RECORD_ACTIVITY_DAYS, pk=team_pk)
    quarter = quarter_from_request(request)
    quarters = quarter_choices()
    weeks = queries.team_weekly_activity(team, quarter)
    days = (
        ActivityDay.objects.filter(team=team, date__range=(quarter.first_day, quarter.last_day))
        .annotate(attended=Count("attendees"))
        .order_by("date")
    )
    return render(
        request,
        "teams/activity_list.html",
        {
            "team": team,
            "quarter": quarter,
            "quarters": quarters,
            "weeks": weeks,
            "weeks_met": sum(week.met for week in weeks),
            "weeks_counted": sum(week.counts for week in weeks),
            "days": days,
            "can_manage": can_record,
            "today": timezone.localdate(),
            # only the plan's quarters: none before it, none not started yet
            "previous": quarter.previous() if quarter.previous() in quarters else None,
            "next": quarter.next() if quarter.next() in quarters else None,
        },
    )


@capability_required(C.RECORD_ACTIVITY_DAYS)
def activity_create(request, team_pk):
    team = get_for_change(request, TEAMS, C.RECORD_ACTIVITY_DAYS, pk=team_pk)
    form = ActivityDayForm(
        request.POST or None, team=team, initial={"date": timezone.localdate(), "hours": 4}
    )
    if request.method == "POST" and form.is_valid():
        day = save_or_explain(form, lambda: _save_day(request, form))
        if day is not None:
            return _saved(request, day)
    return render(request, "teams/activity_form.html", {"form": form, "team": team})


@capability_required(C.RECORD_ACTIVITY_DAYS)
def activity_edit(request, pk):
    days = ActivityDay.objects.select_related("team")
    day = get_for_change(request, days, C.RECORD_ACTIVITY_DAYS, pk=pk)
    form = ActivityDayForm(request.POST or None, instance=day, team=day.team)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_explain(form, lambda: _save_day(request, form))
    ):
        return _saved(request, day)
    return render(request, "teams/activity_form.html", {"form": form, "team": day.team, "day": day})


def _save_day(request, form):
    return save_activity_day(
        form.save(commit=False), request.user, attendees=form.cleaned_data["attendees"]
    )


def _saved(request, day):
    messages.success(request, _("The activity day was saved."))
    url = redirect("teams:activity_list", day.team_id).url
    return redirect(f"{url}?quy={Quarter.containing(day.date)}")
