"""The households app's writes (services): views, imports and commands change households
through these functions.

Assignment (phân công): `handover()` tells what giving households to a member would change
before anything is saved, in particular which other members are in charge of some of them
now; `assign_households()` saves it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from binhdan.collation import person_sort_key
from households.models import Household
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
