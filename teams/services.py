"""The writes of the teams app (ghi dữ liệu Tổ CNSCĐ) that the portal makes in bulk."""

from django.db import transaction

from binhdan.previews import NEW, SKIP, UPDATE
from teams.imports import MemberImportPlan, changes_for
from teams.models import Member


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
