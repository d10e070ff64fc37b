"""The writes of the households app (ghi dữ liệu hộ dân): the only way the portal changes
households in bulk. Each function writes in one transaction, records the acting user in
the change history, and keeps the KPI tallies right."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from binhdan.previews import ASK, NEW, SKIP, UNCHANGED, UPDATE, DecisionError
from households.imports import DEFAULTS, HouseholdImportPlan, changes_for
from households.models import Household, HouseholdDistinction
from households.signals import written_in_bulk


def import_households(plan: HouseholdImportPlan, decisions: dict[int, str], *, by) -> dict:
    """Carry out `plan` (which must have no errors), with the user's `decisions` for the rows
    that look like another household (row number -> choice value; missing: the proposal).

    Returns the counts {"created", "updated", "unchanged", "skipped"}.
    """
    assert plan.ok, "a plan with errors is never imported"
    village = plan.village
    now = timezone.now()
    to_create: list[tuple[int, Household]] = []  # (row, household)
    to_update: dict[int, Household] = {}
    distinct_from: dict[int, list] = {}  # row -> existing households / rows it differs from
    taken_by: dict[int, int] = {}  # household id -> row that updates it
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    for row in plan.rows:
        action, household, changes = row.action, row.record, row.changes
        if action == ASK:
            action, household = row.decide(decisions.get(row.row))
            if action == NEW:
                distinct_from[row.row] = row.differs_from
            elif action == UPDATE:
                changes = changes_for(household, row.values)
                action = UPDATE if changes else UNCHANGED
        if household is not None and action in (UPDATE, UNCHANGED):
            if household.pk in taken_by:
                raise DecisionError(
                    _(
                        "Rows %(first)s and %(second)s would both update household %(code)s: "
                        "choose “a different household” or “skip” for one of them."
                    )
                    % {"first": taken_by[household.pk], "second": row.row, "code": household.code}
                )
            taken_by[household.pk] = row.row
        if action == NEW:
            values = {**DEFAULTS, **row.values}
            new = Household(village=village, **values)
            new.fill_derived_fields()
            to_create.append((row.row, new))
        elif action == UPDATE:
            for change in changes:
                setattr(household, change.field, change.after)
            household.fill_derived_fields()
            household.updated_at = now
            to_update[household.pk] = household
        elif action == SKIP:
            counts["skipped"] += 1
        else:
            counts["unchanged"] += 1
    with transaction.atomic():
        if to_create:
            bulk_create_with_history(
                [h for _row, h in to_create], Household, batch_size=500, default_user=by
            )
        if to_update:
            fields = ["head_name", "address", "phone", "people_count", "has_elderly"]
            fields += ["has_no_device", "member_in_charge", "notes", "search_text", "match_key"]
            fields += ["sort_key", "updated_at"]
            bulk_update_with_history(
                list(to_update.values()), Household, fields, batch_size=500, default_user=by
            )
        created_by_row = dict(to_create)
        _record_distinctions(distinct_from, created_by_row, by)
        if to_create or to_update:
            written_in_bulk.send(sender=Household, villages=[village.pk])
    counts["created"], counts["updated"] = len(to_create), len(to_update)
    return counts


def _record_distinctions(distinct_from, created_by_row, by):
    pairs = set()
    for row, others in distinct_from.items():
        new = created_by_row[row]
        for other in others:
            kind, _sep, ref = other.partition(":")
            other_id = (
                int(ref) if kind == "hh" else getattr(created_by_row.get(int(ref)), "pk", None)
            )
            if other_id and other_id != new.pk:
                pairs.add((min(new.pk, other_id), max(new.pk, other_id)))
    _save_distinctions(pairs, by)


def mark_different(household, others, *, by) -> None:
    """Record that `household` is not any of `others` (households that look like it), so
    that neither the forms nor the imports ask again."""
    pairs = {tuple(sorted((household.pk, o.pk))) for o in others if o.pk != household.pk}
    _save_distinctions(pairs, by)


def _save_distinctions(pairs, by) -> None:
    HouseholdDistinction.objects.bulk_create(
        [HouseholdDistinction(first_id=a, second_id=b, decided_by=by) for a, b in sorted(pairs)],
        ignore_conflicts=True,
    )
