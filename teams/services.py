"""The writes of the teams app (ghi dữ liệu Tổ CNSCĐ): villages, teams, members, the role
and topic catalogues, trainings, activity days and the member import. Views, the admin and
the demo data write through these plain functions; `by` is the acting user (None for a
command). Each refuses (PermissionDenied) what `by` may not change, by the models' own
`for_user(by, write=True)`, whatever the view did before: the object as stored and as it
is to be saved (a member moved to a team outside `by`'s villages is refused too).

The dashboard's tallies (reports/kpis/tallies.py) read only the ids of villages, teams and
members (and their commune, for the lock): no change to a village, team or member changes a
count, but deleting one drops its rows (a member named by the households' history, a
village's or team's tallies), so the deletions recount what they touched, in plain sight
(the tally guard, reports/kpis/tallyguard.py, watches those deletes).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import refuse_outside, refuse_villages
from binhdan.previews import NEW, SKIP, UPDATE
from binhdan.uniqueness import AlreadyTaken, refused_if_taken
from teams.imports import MemberImportPlan, changes_for
from teams.models import (
    ActivityDay,
    AllowanceLock,
    Commune,
    Member,
    Team,
    TrainingSession,
    Village,
    _may_see_villages,
    sees_whole_commune,
)
from teams.queries import allowance_schedule


def import_members(plan: MemberImportPlan, decisions: dict[int, str], *, by) -> dict:
    """Carry out `plan` (which must have no errors) with the user's `decisions` for the rows
    that look like a member already in the team (row number -> choice; missing: the
    proposal). One transaction. Returns {"created", "updated", "unchanged", "skipped"}."""
    assert plan.ok, "a plan with errors is never imported"
    _refuse_teams([plan.team.pk], by)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    with transaction.atomic():
        for row, action, member, changes in plan.resolved(decisions, changes_for):
            if action == NEW:
                Member(team=plan.team, **row.values).save()
                counts["created"] += 1
            elif action == UPDATE:
                for change in changes:
                    setattr(member, change.field, change.after)
                member.save(update_fields=[change.field for change in changes])
                counts["updated"] += 1
            elif action == SKIP:
                counts["skipped"] += 1
            else:
                counts["unchanged"] += 1
    return counts


def save_village(village, by):
    refuse_outside(Village, village.pk, by)
    _refuse_communes([village.commune_id], by)
    with refused_if_taken(_("A village with this code or name was saved a moment ago.")):
        village.save()
    return village


def save_team(team, by):
    """Create or change a team (its village included: the visits count for the team that
    logged them, whatever village it has, so no tally changes)."""
    refuse_outside(Team, team.pk, by)
    if team.village_id:
        refuse_villages([team.village_id], by)
    else:
        _refuse_communes([team.commune_id], by)
    with refused_if_taken(
        _("This village or the commune already has a team (saved a moment ago).")
    ):
        team.save()
    return team


def save_member(member, by):
    refuse_outside(Member, member.pk, by)
    _refuse_teams([member.team_id], by)
    member.save()
    return member


def make_leader(member, by) -> None:
    """Name `member` the team leader (tổ trưởng); the previous leader steps down. Two leaders
    named at once in one team wait for each other (the team's row is locked): the second wins."""
    refuse_outside(Member, member.pk, by)
    with transaction.atomic():
        locked = Team.objects.select_for_update().filter(pk=member.team_id).order_by()
        list(locked.values_list("pk", flat=True))
        member.make_leader()


def deactivate_member(member, on, by) -> None:
    """The member leaves on `on`, kept with their history (visits, trainings)."""
    refuse_outside(Member, member.pk, by)
    member.deactivate(on)


def save_member_role(role, by):
    with refused_if_taken(_("A role with this name was saved a moment ago."), "name"):
        role.save()
    return role


def save_skill_area(area, by, *, topics=None):
    """An area of the basic digital skills framework (757/QĐ-BKHCN) and (unless None) the
    training topics that teach it. The catalogue is the installation's, like the training
    topics it labels (the framework is national): a commune's office may change it."""
    if by is not None and not by.is_superuser:
        _refuse_communes([by.commune_id], by)
    with (
        transaction.atomic(),
        refused_if_taken(_("An area with this number was saved a moment ago."), "number"),
    ):
        area.save()
        if topics is not None:
            area.topics.set(topics)
    return area


def save_training_topic(topic, by):
    topic.save()
    return topic


def save_training(session, by, *, topics=None, attendees=None):
    """A training session with its topics and attendees (None: left as they are)."""
    refuse_outside(TrainingSession, session.pk, by)
    if session.team_id:
        _refuse_teams([session.team_id], by)
    elif by is not None and not sees_whole_commune(by):
        raise PermissionDenied  # a session for all teams is the commune's to organise
    else:
        _refuse_communes([session.commune_id], by)
    with transaction.atomic():
        session.save()
        if topics is not None:
            session.topics.set(topics)
        if attendees is not None:
            session.attendees.set(attendees)
    return session


def save_activity_day(day, by, *, attendees=None):
    """An activity day and (unless None) who of its team attended it. A month whose
    allowances are locked keeps its locked figures: the page shows how they drift."""
    refuse_outside(ActivityDay, day.pk, by)
    _refuse_teams([day.team_id], by)
    with refused_if_taken(
        _("An activity day of this team on this date was saved a moment ago."), "date"
    ):
        day.save()
        if attendees is not None:
            day.attendees.set(attendees)
    return day


def delete_member(member, by) -> None:
    """Delete a member (the admin only: a member who leaves is given a leaving date). The
    households' history may still name them: their member tallies go with them."""
    from reports.kpis import tallies  # teams/ does not import reports/ when it loads
    from reports.models import MemberTally

    refuse_outside(Member, member.pk, by)
    with transaction.atomic():
        villages = set(
            MemberTally.objects.filter(member=member).values_list("village_id", flat=True)
        )
        member.delete()
        tallies.refresh(villages=villages)


def delete_team(team, by) -> None:
    """Delete a team (refused while it has members or visits): its tallies go with it."""
    from reports.kpis import tallies

    refuse_outside(Team, team.pk, by)
    with transaction.atomic():
        pk = team.pk
        team.delete()
        tallies.refresh(teams=[pk], assignments=False)


def delete_village(village, by) -> None:
    """Delete a village (refused while it has households or a team)."""
    from reports.kpis import tallies

    refuse_outside(Village, village.pk, by)
    with transaction.atomic():
        pk = village.pk
        village.delete()
        tallies.refresh(villages=[pk])


# --- Allowances (chế độ hỗ trợ) -----------------------------------------------------------


class AllowanceRefused(Exception):
    """A lock or unlock that cannot be done as asked; the message is for the user."""


def save_allowance_rule(rule, by, *, excluded_roles=None):
    """The commune's allowance rule (as its resolution writes it), valid from its date."""
    _refuse_communes([rule.commune_id], by)
    with refused_if_taken(
        _("The commune already has a rule valid from that date (saved a moment ago)."),
        "valid_from",
    ):
        rule.save()
        if excluded_roles is not None:
            rule.excluded_roles.set(excluded_roles)
    return rule


def lock_allowance_month(commune, year: int, month: int, by):
    """Lock the month's allowances (chốt bảng kê): the schedule computed now is kept as it
    is, and the page and the payment list show it from then on. Refused when the month is
    already locked (twice at once: the second is refused)."""
    _refuse_communes([commune.pk], by)
    schedule = allowance_schedule(commune, year, month)
    try:
        with refused_if_taken(_("This month was locked a moment ago.")):
            return AllowanceLock.objects.create(
                commune=commune,
                month=datetime.date(year, month, 1),
                snapshot=schedule.to_dict(),
                locked_by=by,
            )
    except AlreadyTaken as taken:
        raise AllowanceRefused(taken.message) from None


def unlock_allowance_month(lock, by) -> None:
    """Unlock a locked month (the office, after confirming): the lock is kept with who
    unlocked it and when; the month shows live figures again until it is locked again."""
    _refuse_communes([lock.commune_id], by)
    with transaction.atomic():
        updated = AllowanceLock.objects.filter(pk=lock.pk, unlocked_at__isnull=True).update(
            unlocked_at=timezone.now(), unlocked_by=by
        )
    if not updated:
        raise AllowanceRefused(_("This month was unlocked a moment ago."))


# --- scope ------------------------------------------------------------------------------------


def _refuse_teams(team_ids, by) -> None:
    """PermissionDenied when `by` may not change data of one of these teams: one query."""
    wanted = {pk for pk in team_ids if pk is not None}
    allowed = Team.objects.for_user(by, write=True) if by is not None else None
    if allowed is not None and wanted and allowed.filter(pk__in=wanted).count() != len(wanted):
        raise PermissionDenied


def _refuse_communes(commune_ids, by) -> None:
    """PermissionDenied unless `by` enters data for each of these communes as a whole: the
    office of the commune (not the roles that only look, nor the village roles)."""
    wanted = {pk for pk in commune_ids if pk is not None}
    if by is None or not wanted:
        return
    may_write = _may_see_villages(by, write=True) and sees_whole_commune(by)
    if not may_write or Commune.objects.for_user(by).filter(pk__in=wanted).count() != len(wanted):
        raise PermissionDenied
