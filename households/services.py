"""The households app's writes (services): views, imports and commands change households
through these functions. Each writes in one transaction, records the acting user in the
change history, and keeps the KPI tallies right.

Assignment (phân công): `handover()` tells what giving households to a member would change
before anything is saved, in particular which other members are in charge of some of them
now; `assign_households()` saves it.
Import (nhập từ Excel): `import_households()` carries out a confirmed preview
(households/imports.py). Look-alikes the user declared different are remembered
(`mark_different()`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from binhdan.collation import person_sort_key
from binhdan.previews import ASK, NEW, SKIP, UNCHANGED, UPDATE, DecisionError
from households.imports import DEFAULTS, HouseholdImportPlan, changes_for
from households.models import Household, HouseholdDistinction
from households.signals import written_in_bulk

OUTSIDE_VILLAGE = _("Some chosen households are not in the member's village.")


class AssignmentRefused(Exception):
    """The assignment breaks a rule of the registry; the message says which."""


def may_take(member, village_id: int) -> bool:
    """A member is put in charge of households of their own team's village only; a member
    of a commune-wide team, of any village."""
    return member.team.village_id in (None, village_id)


@dataclass(frozen=True)
class InCharge:
    """A member in charge of some of the households about to be given to someone else."""

    name: str
    count: int


@dataclass(frozen=True)
class Handover:
    """What giving a set of households to one member would change."""

    total: int
    taken_from: tuple[InCharge, ...]  # other members now in charge, most households first
    unassigned: int  # nobody in charge yet
    already: int  # already in this member's charge: they stay so

    @property
    def needs_confirmation(self) -> bool:
        """Households are taken from another member: the user says so first."""
        return bool(self.taken_from)


def summarise_handover(
    in_charge: Iterable[tuple[int | None, str | None, int]], member_id: int
) -> Handover:
    """The handover to member `member_id` from (member id, name, households) rows, one per
    member now in charge of some of the households (id None: nobody)."""
    taken, unassigned, already = [], 0, 0
    for pk, name, count in in_charge:
        if pk is None:
            unassigned += count
        elif pk == member_id:
            already += count
        else:
            taken.append(InCharge(name, count))
    taken.sort(key=lambda line: (-line.count, person_sort_key(line.name)))
    total = unassigned + already + sum(line.count for line in taken)
    return Handover(total, tuple(taken), unassigned, already)


def handover(households: QuerySet, member) -> Handover:
    """What giving `households` to `member` would change (one grouped query)."""
    rows = (
        households.order_by()
        .values_list("member_in_charge_id", "member_in_charge__full_name")
        .annotate(count=Count("pk"))
    )
    return summarise_handover(rows, member.pk)


def assign_households(households, member, *, by) -> int:
    """Put `member` in charge of `households` (a queryset or a list); the number of
    households that changed hands.

    Those already in the member's charge are left alone (no new version in their history).
    The rows are locked while they change; each new version in the history is signed `by`
    that user, and the tallies of the villages concerned are refreshed (KPI K4, also for
    the members who lose households). Raises `AssignmentRefused` for a household outside the
    member's village: nothing is saved then.
    """
    ids = (
        households.values("pk")
        if isinstance(households, QuerySet)
        else [household.pk for household in households]
    )
    with transaction.atomic():
        changing = list(
            Household.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(member_in_charge=member)
            .order_by("pk")
        )
        if any(not may_take(member, household.village_id) for household in changing):
            raise AssignmentRefused(OUTSIDE_VILLAGE)
        if not changing:
            return 0
        now = timezone.now()
        for household in changing:
            household.member_in_charge = member
            household.updated_at = now
        bulk_update_with_history(
            changing, Household, ["member_in_charge", "updated_at"], default_user=by
        )
        written_in_bulk.send(sender=Household, villages={h.village_id for h in changing})
    return len(changing)


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
    # Households updated by the same fields are written together: a bulk update writes only
    # those columns (a CASE per row and column: ten columns for one change is ten times slower).
    fields_of: dict[int, tuple[str, ...]] = {}
    distinct_from: dict[int, list] = {}  # row -> existing households / rows it differs from
    taken_by: dict[int, int] = {}  # household id -> row that updates it
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    for row, action, household, changes in plan.resolved(decisions, changes_for):
        if row.action == ASK and action == NEW:
            distinct_from[row.row] = row.differs_from
        if household is not None and action in (UPDATE, UNCHANGED):
            if household.pk in taken_by:
                raise DecisionError(
                    gettext(
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
            fields_of[household.pk] = _columns(change.field for change in changes)
        elif action == SKIP:
            counts["skipped"] += 1
        else:
            counts["unchanged"] += 1
    with transaction.atomic():
        if to_create:
            bulk_create_with_history(
                [h for _row, h in to_create], Household, batch_size=500, default_user=by
            )
        groups: dict[tuple[str, ...], list[Household]] = {}
        for pk, household in to_update.items():
            groups.setdefault(fields_of[pk], []).append(household)
        for fields, households in groups.items():
            bulk_update_with_history(
                households, Household, list(fields), batch_size=500, default_user=by
            )
        created_by_row = dict(to_create)
        _record_distinctions(distinct_from, created_by_row, by)
        if to_create or to_update:
            written_in_bulk.send(sender=Household, villages=[village.pk])
    counts["created"], counts["updated"] = len(to_create), len(to_update)
    return counts


DERIVED = ("search_text", "match_key", "sort_key")  # follow the head's name and the address


def _columns(changed) -> tuple[str, ...]:
    """The columns to write for these changed fields (with what follows from them)."""
    columns = set(changed) | {"updated_at"}
    if columns & {"head_name", "address"}:
        columns.update(DERIVED)
    return tuple(sorted(columns))


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
