"""The households app's writes (services): views, forms' callers, imports, commands, the
demo data and the Django admin change households, platform records, support visits,
communication activities, OCOP products and the catalogues through these functions, and
only through them. Each writes in one transaction, records the acting user `by` (None for a
command) in the change history, and refreshes the KPI tallies (reports/kpis/tallies.py)
explicitly, for exactly the villages and teams the write touched:

- a support visit: its team (and the team it had), its household's village (and that of the
  household it had); never who is in charge (`assignments=False`);
- a household: its village (and the one it left); when its priority flags change or it is
  deleted, the teams that visited it (their visits to priority households);
- a platform record: its household's village; a platform becoming or ceasing to be
  essential (or VNeID): every village;
- a communication activity: the villages it reached before and after (its villages, the
  villages of the households it names);
- assignment and imports: the villages written, and the teams that visited households whose
  priority flags changed.
The tally guard (reports/kpis/tallyguard.py) fails a write of those rows that did not refresh.

Given a user, a service refuses (PermissionDenied) an object outside that user's
`for_user(by, write=True)`: one query; the views check access first and answer 404.

Assignment (phân công): `handover()` tells what giving households to a member would change
before anything is saved, in particular which other members are in charge of some of them
now; `assign_households()` saves it.
Import (nhập từ Excel): `import_households()` carries out a confirmed preview
(households/imports.py). Look-alikes the user declared different are remembered
(`mark_different()`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from binhdan.access import refuse_outside, refuse_villages
from binhdan.bulk import update_rows
from binhdan.collation import person_sort_key
from binhdan.previews import ASK, NEW, SKIP, UNCHANGED, UPDATE, DecisionError
from binhdan.uniqueness import refused_if_taken
from households.imports import DEFAULTS, HouseholdImportPlan, changes_for
from households.models import (
    CommunicationActivity,
    Household,
    HouseholdDistinction,
    HouseholdPlatform,
    OcopProduct,
    Platform,
    SupportVisit,
)
from households.queries import VNEID_PLATFORM, is_vneid
from reports.kpis import tallies
from teams.models import Team, Village

#: What a deleted household's versions in the change history keep of its head's name.
ERASED = _("(deleted household)")

OUTSIDE_VILLAGE = _("Some chosen households are not in the member's village.")


class AssignmentRefused(Exception):
    """The assignment breaks a rule of the registry; the message says which."""


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
    if by is not None:
        from binhdan.access import villages_for

        outside = Household.objects.filter(pk__in=ids).exclude(
            village__in=villages_for(by, write=True)
        )
        if outside.exists():
            raise PermissionDenied
    with transaction.atomic():
        changing = list(
            Household.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(member_in_charge=member)
            .order_by("pk")
        )
        if any(not member.works_in(household.village_id) for household in changing):
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
        # Who is in charge counts for K4 only (the member tallies of these villages): the
        # visits and what reached the households are as they were.
        tallies.refresh(villages={h.village_id for h in changing})
    return len(changing)


def import_households(plan: HouseholdImportPlan, decisions: dict[int, str], *, by) -> dict:
    """Carry out `plan` (which must have no errors), with the user's `decisions` for the rows
    that look like another household (row number -> choice value; missing: the proposal).

    Returns the counts {"created", "updated", "unchanged", "skipped"}.
    """
    assert plan.ok, "a plan with errors is never imported"
    village = plan.village
    refuse_villages([village.pk], by)
    now = timezone.now()
    to_create: list[tuple[int, Household]] = []  # (row, household)
    to_update: dict[int, Household] = {}
    # Households updated by the same fields are written together, those columns only.
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
            update_rows(Household, households, fields)
            # One version per household in its history, signed `by`, as bulk_update_with_history
            # writes them (its bulk_update is what update_rows replaces: binhdan/bulk.py).
            Household.history.bulk_history_create(
                households, batch_size=500, update=True, default_user=by, default_change_reason=None
            )
        created_by_row = dict(to_create)
        _record_distinctions(distinct_from, created_by_row, by)
        if to_create or to_update:
            # New households have no visits yet; the visits of a household whose size
            # changed are marked again (helping more people than it has), and the teams that
            # visited one whose priority flags changed count their visits to priority
            # households again.
            tallies.mark_over_size(
                SupportVisit.objects.filter(
                    household_id__in=[pk for pk in to_update if "people_count" in fields_of[pk]]
                )
            )
            recounted = {"has_elderly", "has_no_device"}
            flagged = [pk for pk in to_update if recounted & set(fields_of[pk])]
            tallies.refresh(
                villages=[village.pk], teams=tallies.teams_visiting(flagged) if flagged else ()
            )
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


# --- access -----------------------------------------------------------------------------------


def _signed(instance, by):
    """The next version in the change history is signed `by` (else the request's user)."""
    if by is not None:
        instance._history_user = by
    return instance


# --- households -------------------------------------------------------------------------------


#: `save_household(vneid_activated_on=...)` left out: the VNeID record's activation is kept.
KEEP = object()


def save_household(
    household, by, *, platforms=None, different_from=(), vneid_activated_on=KEEP
) -> Household:
    """Add or change a household (its next version signed `by`).

    `platforms`: the platforms it uses now, replacing those recorded (None: left as they
    are; a platform kept keeps its first date). `different_from`: look-alike households the
    user declared different (`mark_different`). `vneid_activated_on`: the day its VNeID
    account was activated (None: received, not activated yet), set on its VNeID record.
    """
    if household.pk:
        refuse_outside(Household, household.pk, by)
    refuse_villages([household.village_id], by)
    with transaction.atomic():
        before = (
            Household.objects.filter(pk=household.pk)
            .values_list("village_id", "has_elderly", "has_no_device", "people_count")
            .first()
            if household.pk
            else None
        )
        _signed(household, by).save()
        if platforms is not None:
            _write_platforms(household, platforms, replace=True)
        if vneid_activated_on is not KEEP:
            _write_vneid_activation(household, vneid_activated_on)
        if different_from:
            mark_different(household, different_from, by=by)
        teams = ()
        # The teams that visited it count their visits to priority households again; its
        # visits are marked again if its size changed (helping more people than it has).
        if before and before[1:3] != (household.has_elderly, household.has_no_device):
            teams = tallies.teams_visiting([household.pk])
        if before and before[3] != household.people_count:
            tallies.mark_over_size(SupportVisit.objects.filter(household=household))
        tallies.refresh(villages=[household.village_id, before and before[0]], teams=teams)
    return household


def delete_household(household, by) -> None:
    """Delete a household, and its personal data with it, also from the change history.

    The audit history keeps a copy of every version of a household; once the household is
    deleted those copies would be the last place its head's name, address and phone
    survive. They are blanked, keeping who changed what and when (and the deletion itself).
    Its visits stay, without it: the teams that visited it are recounted. Submitted reports
    hold only counts in their snapshots, so they keep their figures.
    """
    refuse_outside(Household, household.pk, by)
    with transaction.atomic():
        pk, village_id = household.pk, household.village_id
        teams = tallies.teams_visiting([pk])
        # Its visits stay, as visits to no household: none helped more people than it has.
        SupportVisit.objects.filter(household_id=pk, over_household_size=True).update(
            over_household_size=False
        )
        _signed(household, by).delete()
        Household.history.filter(id=pk).update(
            head_name=str(ERASED), address="", phone="", notes=""
        )
        tallies.refresh(villages=[village_id], teams=teams)


def record_platforms(household, platforms, by, *, on=None, replace=False) -> None:
    """Mark `platforms` as used by `household` (first recorded `on`, today by default).

    With `replace`, platforms no longer listed are removed; a platform already recorded
    keeps its first date. Recounts the household's village (K8).
    """
    refuse_outside(Household, household.pk, by)
    with transaction.atomic():
        if _write_platforms(household, platforms, on=on, replace=replace):
            tallies.refresh(villages=[household.village_id], assignments=False)


def _write_platforms(household, platforms, *, on=None, replace=False) -> bool:
    """The platform records of `record_platforms`, without the recount; whether any changed."""
    on = on or timezone.localdate()
    chosen = {p.pk for p in platforms}
    existing = set(household.platforms.values_list("pk", flat=True))
    gone = existing - chosen if replace else set()
    if gone:
        HouseholdPlatform.objects.filter(household=household, platform_id__in=gone).delete()
    if chosen - existing:
        HouseholdPlatform.objects.bulk_create(
            [
                HouseholdPlatform(household=household, platform_id=pk, first_recorded_on=on)
                for pk in chosen - existing
            ],
            ignore_conflicts=True,  # recorded a moment ago by someone else: kept as it is
        )
    return bool(gone or chosen - existing)


def _write_vneid_activation(household, activated_on) -> None:
    """Set the activation day of the household's VNeID record (if it has one); a record
    activated before it was first recorded was received that day at the latest."""
    record = HouseholdPlatform.objects.filter(
        household=household, platform__code=VNEID_PLATFORM
    ).first()
    if record is None or record.activated_on == activated_on:
        return
    record.activated_on = activated_on
    fields = ["activated_on"]
    if activated_on and activated_on < record.first_recorded_on:
        record.first_recorded_on = activated_on
        fields.append("first_recorded_on")
    record.save(update_fields=fields)


# --- support visits ---------------------------------------------------------------------------


def _village_of(household_id) -> int | None:
    if household_id is None:
        return None
    return Household.objects.filter(pk=household_id).values_list("village_id", flat=True).first()


def save_visit(visit, by, *, support_types=None, platforms=()) -> SupportVisit:
    """Log or change a support visit (its team is its member's); `support_types`: what it
    supported (None: left as it is); `platforms`: platforms the household was found using,
    recorded on the visit's date."""
    from binhdan.access import Capability, can

    if visit.pk:
        refuse_outside(SupportVisit, visit.pk, by)
    if by is not None:
        in_scope = Team.objects.for_user(by, write=True).filter(pk=visit.team_id).exists()
        if not in_scope or (
            visit.member.user_id != by.pk and not can(by, Capability.CHANGE_OTHERS_VISITS)
        ):
            raise PermissionDenied
    with transaction.atomic():
        before = (
            SupportVisit.objects.filter(pk=visit.pk)
            .values_list("team_id", "household_id", "date")
            .first()
            if visit.pk
            else None
        )
        if visit.pk is None and visit.created_by_id is None and by is not None:
            visit.created_by = by
        visit.over_household_size = _over_size(visit)
        _signed(visit, by).save()
        if support_types is not None:
            visit.support_types.set(support_types)
        if visit.household_id and platforms:
            _write_platforms(visit.household, platforms, on=visit.date)
        team_before, household_before, date_before = before or (None, None, None)
        villages = {_village_of(visit.household_id)}
        if household_before != visit.household_id:
            villages.add(_village_of(household_before))
        tallies.refresh(
            villages=villages,
            teams=[visit.team_id, team_before],
            assignments=False,
            visit_days=[visit.date, date_before],
            # Platforms recorded change the villages' adoption: recounted whatever the reach.
            visited_households=None if platforms else [visit.household_id, household_before],
        )
    return visit


def _over_size(visit) -> bool:
    """Whether `visit` helps more people than its household has, read under a lock on the
    household's row: a change of its size waits for the visit to be stored (and then marks it
    with the rest of its visits), or the visit waits for the new size."""
    if visit.household_id is None:
        return False
    size = (
        # The household's row alone: its default order would join (and lock) its village's.
        Household.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk=visit.household_id)
        .order_by("pk")
        .values_list("people_count", flat=True)
        .first()
    )
    return size is not None and visit.people_helped > size


def delete_visit(visit, by) -> None:
    refuse_outside(SupportVisit, visit.pk, by)
    with transaction.atomic():
        team_id, village_id = visit.team_id, _village_of(visit.household_id)
        date = SupportVisit.objects.filter(pk=visit.pk).values_list("date", flat=True).first()
        _signed(visit, by).delete()
        tallies.refresh(
            villages=[village_id],
            teams=[team_id],
            assignments=False,
            visit_days=[date],
            visited_households=[visit.household_id],
        )


# --- communication activities -----------------------------------------------------------------


def _reached_villages(activity) -> set[int]:
    """The villages whose reach an activity counts in: its villages and those of the
    households it names."""
    if activity.pk is None:
        return set()
    villages = set(activity.villages.values_list("pk", flat=True))
    villages |= set(activity.households.values_list("village_id", flat=True))
    return villages


def save_communication(activity, by, *, villages=None, households=None) -> CommunicationActivity:
    """Add or change a communication activity with its villages and the households it
    reached (None: left as they are); the commune is its villages'."""
    if activity.pk:
        refuse_outside(CommunicationActivity, activity.pk, by)
    if villages is not None:
        refuse_villages([v.pk for v in villages], by)
        if villages:
            activity.commune_id = villages[0].commune_id
    with transaction.atomic():
        before = _reached_villages(activity)
        if activity.pk is None and activity.created_by_id is None and by is not None:
            activity.created_by = by
        activity.save()
        if villages is not None:
            activity.villages.set(villages)
        if households is not None:
            activity.households.set(households)
        tallies.refresh(villages=before | _reached_villages(activity), assignments=False)
    return activity


def delete_communication(activity, by) -> None:
    refuse_outside(CommunicationActivity, activity.pk, by)
    with transaction.atomic():
        reached = _reached_villages(activity)
        activity.delete()
        tallies.refresh(villages=reached, assignments=False)


# --- OCOP products (no tally counts them: K9 is read live) -------------------------------------


def save_ocop_product(product, by, *, listed_on=None) -> OcopProduct:
    if product.pk:
        refuse_outside(OcopProduct, product.pk, by)
    with transaction.atomic():
        product.save()
        if listed_on is not None:
            product.listed_on.set(listed_on)
    return product


def delete_ocop_product(product, by) -> None:
    refuse_outside(OcopProduct, product.pk, by)
    with transaction.atomic():
        product.delete()


# --- catalogues (the commune office's; the views check who may) ----------------------------


def _counts_as(platform) -> tuple:
    """What of a platform the village tallies depend on."""
    return (platform.is_essential, is_vneid(platform))


def save_platform(platform, by) -> Platform:
    """Add or change a digital platform of a commune's catalogue. One becoming or ceasing to
    be essential (or VNeID) recounts the villages of its commune (K8), no other: each commune
    keeps its own catalogue; a new one has no household yet, a new name or order changes no
    count."""
    with transaction.atomic():
        before = Platform.objects.filter(pk=platform.pk).first() if platform.pk else None
        with refused_if_taken(
            gettext("A digital platform with this code was saved a moment ago."), "code"
        ):
            platform.save()
        counts_otherwise = before is not None and _counts_as(before) != _counts_as(platform)
        # The commune's villages, or none (a refresh of nothing: the write changed no count).
        villages = (
            Village.objects.filter(commune_id=platform.commune_id).values_list("pk", flat=True)
            if counts_otherwise
            else ()
        )
        tallies.refresh(villages=villages, assignments=False)
    return platform


def save_support_type(support_type, by):
    """Add or change a kind of support (no tally counts kinds of support)."""
    with refused_if_taken(
        gettext("A kind of support with this code was saved a moment ago."), "code"
    ):
        support_type.save()
    return support_type
