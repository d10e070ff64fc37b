"""The writes of the teams app (ghi dữ liệu Tổ CNSCĐ): villages, teams, members, the role
and topic catalogues, trainings, activity days and the member import. Views, the admin and
the demo data write through these plain functions; `by` is the acting user (None for a
command).

The dashboard's tallies (reports/kpis/tallies.py) read only the ids of villages, teams and
members (and their commune, for the lock): no change to a village, team or member changes a
count, but deleting one drops its rows (a member named by the households' history, a
village's or team's tallies), so the deletions recount what they touched, in plain sight
(the tally guard, reports/kpis/tallyguard.py, watches those deletes).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from binhdan.previews import NEW, SKIP, UPDATE
from binhdan.uniqueness import refused_if_taken
from teams.imports import MemberImportPlan, changes_for
from teams.models import Member, Team


def import_members(plan: MemberImportPlan, decisions: dict[int, str], *, by) -> dict:
    """Carry out `plan` (which must have no errors) with the user's `decisions` for the rows
    that look like a member already in the team (row number -> choice; missing: the
    proposal). One transaction. Returns {"created", "updated", "unchanged", "skipped"}."""
    assert plan.ok, "a plan with errors is never imported"
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
    with refused_if_taken(_("A village with this code or name was saved a moment ago.")):
        village.save()
    return village


def save_team(team, by):
    """Create or change a team (its village included: the visits count for the team that
    logged them, whatever village it has, so no tally changes)."""
    with refused_if_taken(
        _("This village or the commune already has a team (saved a moment ago).")
    ):
        team.save()
    return team


def save_member(member, by):
    member.save()
    return member


def make_leader(member, by) -> None:
    """Name `member` the team leader (tổ trưởng); the previous leader steps down. Two leaders
    named at once in one team wait for each other (the team's row is locked): the second wins."""
    with transaction.atomic():
        locked = Team.objects.select_for_update().filter(pk=member.team_id).order_by()
        list(locked.values_list("pk", flat=True))
        member.make_leader()


def deactivate_member(member, on, by) -> None:
    """The member leaves on `on`, kept with their history (visits, trainings)."""
    member.deactivate(on)


def save_member_role(role, by):
    with refused_if_taken(_("A role with this name was saved a moment ago."), "name"):
        role.save()
    return role


def save_training_topic(topic, by):
    topic.save()
    return topic


def save_skill_area(area, by):
    """An area of the basic digital skills framework (no KPI counts areas)."""
    area.save()
    return area


def save_training(session, by, *, topics=None, attendees=None):
    """A training session with its topics and attendees (None: left as they are)."""
    with transaction.atomic():
        session.save()
        if topics is not None:
            session.topics.set(topics)
        if attendees is not None:
            session.attendees.set(attendees)
    return session


def save_activity_day(day, by):
    with refused_if_taken(
        _("An activity day of this team on this date was saved a moment ago."), "date"
    ):
        day.save()
    return day


def delete_member(member, by) -> None:
    """Delete a member (the admin only: a member who leaves is given a leaving date). The
    households' history may still name them: their member tallies go with them."""
    from reports.kpis import tallies  # teams/ does not import reports/ when it loads
    from reports.models import MemberTally

    with transaction.atomic():
        villages = set(
            MemberTally.objects.filter(member=member).values_list("village_id", flat=True)
        )
        member.delete()
        tallies.refresh(villages=villages)


def delete_team(team, by) -> None:
    """Delete a team (refused while it has members or visits): its tallies go with it."""
    from reports.kpis import tallies

    with transaction.atomic():
        pk = team.pk
        team.delete()
        tallies.refresh(teams=[pk], assignments=False)


def delete_village(village, by) -> None:
    """Delete a village (refused while it has households or a team)."""
    from reports.kpis import tallies

    with transaction.atomic():
        pk = village.pk
        village.delete()
        tallies.refresh(villages=[pk])
