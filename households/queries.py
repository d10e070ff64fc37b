"""The reads other apps make of the households' data: the KPI engine, the report content and
the tallies (reports/) count through these functions, so that they never touch the
households' many-to-many tables (`.through`) nor know the catalogue's codes.

What is here:
- the catalogue: `VNEID_PLATFORM`, `VNEID_SUPPORT_TYPES`, `is_vneid(platform)`;
- priority households (an elderly person or no digital device, K10): `priority()`;
- reach (K7): `never_reached()`, `reached()`, `reached_by()`, and the dates each household
  was first reached, first used an essential platform and first used VNeID (`first_dates()`),
  which the tallies count;
- adoption (K8): `uses_essential_platform()`, `counts_for_k8()` (VNeID once activated);
- VNeID in two steps (received, activated): `vneid_received_not_activated()`,
  `vneid_received_on()`;
- basic digital skills (K11): `with_adults()`, `all_adults_skilled()`;
- breakdowns of a quarterly report: `visits_by_support_type()`, `essential_platform_use()`,
  `vneid_visits()`, `ocop_listings()` (over `ocop_products()`).

Every function returns a QuerySet, a Q or a few grouped rows: none reads households or visits
one by one.
"""

import datetime

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields import DateField
from django.db.models.functions import Coalesce

from households.models import (
    CommunicationActivity,
    Household,
    HouseholdPlatform,
    OcopProduct,
    Platform,
    SupportVisit,
)

#: The platform catalogue's code of VNeID (seeded by households/migrations/0002): the police's
#: figures count the households using it.
VNEID_PLATFORM = "vneid"
#: The kinds of support that install, activate or integrate papers in VNeID.
VNEID_SUPPORT_TYPES = ("vneid-kich-hoat", "vneid-tich-hop")

_NAMED = CommunicationActivity.households.through
_VILLAGES = CommunicationActivity.villages.through


def is_vneid(platform: Platform) -> bool:
    return platform.code == VNEID_PLATFORM


def priority(prefix: str = "") -> Q:
    """Priority households (K10: an elderly person, or no digital device); `prefix` is the
    path to the household ("household__" from a support visit)."""
    return Q(**{f"{prefix}has_elderly": True}) | Q(**{f"{prefix}has_no_device": True})


# --- reach (K7) -------------------------------------------------------------------------------


def over_household_size(household_model=Household) -> Exists:
    """Over support visits: the visit helped more people than its household has (data-quality
    rule CL09); never for a walk-in. What `SupportVisit.over_household_size` stores.
    `household_model`: a migration's historical model."""
    return Exists(
        household_model.objects.filter(
            pk=OuterRef("household_id"), people_count__lt=OuterRef("people_helped")
        )
    )


def marked_wrongly(visits: QuerySet, household_model=Household) -> QuerySet:
    """Those of `visits` whose `over_household_size` says otherwise than their household's
    size."""
    counted = over_household_size(household_model)
    return visits.filter(
        Q(~counted, over_household_size=True) | Q(counted, over_household_size=False)
    )


def household_count(villages_where: Q) -> int:
    """How many households the villages `villages_where` (a condition through "village__")
    hold, summed from the village tallies (reports/kpis/tallies.py: every household counted
    once, by when it was first reached, kept with every write) rather than row by row: the
    registry's count took 30 ms at 40,000 households and grew with them."""
    from reports.models import VillageTally

    tallies = VillageTally.objects.filter(villages_where)
    return tallies.aggregate(n=Coalesce(Sum("first_reached"), 0))["n"]


def visit_count(teams: QuerySet) -> int:
    """How many support visits these teams logged, summed from their tallies (a row per team
    and quarter, kept with every write) rather than counted: the visit list's count read
    every visit of the commune (85 ms at 60,000 visits, 125 ms at 240,000 on a busy
    machine)."""
    from reports.models import TeamTally

    tallies = TeamTally.objects.filter(team__in=teams)
    return tallies.aggregate(n=Coalesce(Sum("visits"), 0))["n"]


def never_reached(households: QuerySet, *, on_or_before=None, before=None) -> QuerySet:
    """The households not reached by a support visit nor a communication activity by a date:
    by the first reach each household keeps (`Household.first_reached_on`, written by the
    tallies' refresh on every write that can change it). Anti-joins over every visit of the
    commune took 35-55 ms a query at 40,000 households; the stored date is read from the row.
    """
    if on_or_before:
        later = Q(first_reached_on__gt=on_or_before)
    else:
        later = Q(first_reached_on__gte=before)
    return households.filter(Q(first_reached_on__isnull=True) | later)


def shared_keys(households: QuerySet) -> tuple[QuerySet, QuerySet]:
    """The keys more than one of `households` share, each grouped from an index alone: by
    village and match key (the same head and address, diacritics kept), and by village, head
    and phone where a phone is given. Rows of (village, match key) and (village, head, phone):
    what the data-quality rule on possible duplicates pairs up (reports/quality/rules.py) and
    the tallies count by village (reports/kpis/tallies.py)."""
    households = households.order_by()
    by_place = (
        households.values_list("village_id", "match_key")
        .annotate(n=Count("*"))
        .filter(n__gt=1)
        .values_list("village_id", "match_key")
    )
    by_phone = (
        households.exclude(phone="")
        .values_list("village_id", "head_name", "phone")
        .annotate(n=Count("*"))
        .filter(n__gt=1)
        .values_list("village_id", "head_name", "phone")
    )
    return by_place, by_phone


def reached(households: QuerySet, *, on_or_before) -> QuerySet:
    """The households reached by a support visit or a communication activity by a date: the
    complement of `never_reached()` (K7's numerator, row by row)."""
    return households.filter(first_reached_on__lte=on_or_before)


def reached_by(activities: QuerySet) -> Q:
    """A condition on households: reached by one of these communication activities (named by
    it, or in a village it reached entirely)."""
    named = _NAMED.objects.filter(communicationactivity__in=activities.values("pk"))
    broadcast = _VILLAGES.objects.filter(
        communicationactivity__in=activities.filter(reaches_all_households=True).values("pk")
    )
    return Q(pk__in=named.values("household_id")) | Q(village_id__in=broadcast.values("village_id"))


# --- adoption (K8) ----------------------------------------------------------------------------


def vneid_activated_only() -> bool:
    """Whether K8 counts a household's VNeID only once activated (level 2), not when only
    received: the setting K8_VNEID_ACTIVATED_ONLY (on by default)."""
    return settings.K8_VNEID_ACTIVATED_ONLY


def counts_for_k8(on_or_before: datetime.date) -> Q:
    """A condition on platform records: an essential platform the household used by a date,
    VNeID by the day it was activated (`vneid_activated_only()`), by the day it was received
    otherwise."""
    essential = Q(platform__is_essential=True)
    if not vneid_activated_only():
        return essential & Q(first_recorded_on__lte=on_or_before)
    vneid = Q(platform__code=VNEID_PLATFORM)
    return essential & (
        (~vneid & Q(first_recorded_on__lte=on_or_before))
        | (vneid & Q(activated_on__lte=on_or_before))
    )


def uses_essential_platform(on_or_before: datetime.date) -> Exists:
    """A condition on households: using an essential platform recorded by a date (K8's
    numerator, row by row; negate it for the households using none yet)."""
    return Exists(
        HouseholdPlatform.objects.filter(counts_for_k8(on_or_before), household_id=OuterRef("pk"))
    )


# --- VNeID in two steps -------------------------------------------------------------------


def vneid_received_not_activated(households: QuerySet) -> QuerySet:
    """The households whose VNeID account was received (đã thu nhận) but not activated yet
    (chưa kích hoạt): the teams' follow-up list."""
    waiting = HouseholdPlatform.objects.filter(
        household_id=OuterRef("pk"), platform__code=VNEID_PLATFORM, activated_on__isnull=True
    )
    return households.filter(Exists(waiting))


def vneid_received_on() -> Subquery:
    """The day a household's VNeID account was received (a correlated subquery, to annotate
    households with)."""
    record = HouseholdPlatform.objects.filter(
        household_id=OuterRef("pk"), platform__code=VNEID_PLATFORM
    )
    return Subquery(record.values("first_recorded_on")[:1])


# --- basic digital skills (K11) -----------------------------------------------------------


def with_adults(households: QuerySet) -> QuerySet:
    """The households whose adults are recorded (K11 counts their adults)."""
    return households.filter(adults__gt=0)


def all_adults_skilled(on_or_before: datetime.date) -> Q:
    """A condition on households: every adult's basic digital skills confirmed on VNeID, the
    confirmation seen by a date (K11, household by household)."""
    return Q(adults__gt=0, adults_skilled=F("adults"), skills_seen_on__lte=on_or_before)


def _first(queryset: QuerySet, field: str) -> Subquery:
    """The earliest `field` of `queryset` (a correlated subquery)."""
    return Subquery(queryset.order_by(field).values(field)[:1])


def first_dates(village_ids: list[int], *, skills: bool = True, vneid_steps: bool = True):
    """Each household of these villages with the dates it was first visited, first named by a
    communication activity, first recorded using an essential platform and VNeID (None:
    never), and its adults, those with confirmed basic digital skills and the day that was
    seen (K11); and, by village, the first communication activity that reached all of its
    households. Rows: (village_id, has_elderly, has_no_device, visited, named, adopted,
    vneid, household id, adults, adults_skilled, skills_seen_on, vneid_activated); two
    queries. K8's first date counts VNeID by its activation (`counts_for_k8`). `skills=False`,
    `vneid_steps=False` (a migration older than those columns): those values are None."""
    village_wide = dict(
        _VILLAGES.objects.filter(
            village_id__in=village_ids, communicationactivity__reaches_all_households=True
        )
        .order_by()
        .values("village_id")
        .annotate(first=Min("communicationactivity__date"))
        .values_list("village_id", "first")
    )
    platforms = HouseholdPlatform.objects.filter(household_id=OuterRef("pk"))
    households = (
        Household.objects.filter(village_id__in=village_ids)
        .annotate(
            visited=_first(SupportVisit.objects.filter(household_id=OuterRef("pk")), "date"),
            named=_first(
                _NAMED.objects.filter(household_id=OuterRef("pk")), "communicationactivity__date"
            ),
            adopted=_first_adopted(platforms, vneid_steps),
            vneid=_first(platforms.filter(platform__code=VNEID_PLATFORM), "first_recorded_on"),
            vneid_activated=_first(
                platforms.filter(platform__code=VNEID_PLATFORM, activated_on__isnull=False),
                "activated_on",
            )
            if vneid_steps
            else Value(None, DateField()),
        )
        .values_list(
            "village_id",
            "has_elderly",
            "has_no_device",
            "visited",
            "named",
            "adopted",
            "vneid",
            "pk",
            *(("adults", "adults_skilled", "skills_seen_on") if skills else ()),
            "vneid_activated",
        )
    )
    if not skills:
        households = (row[:-1] + (None, None, None, row[-1]) for row in households)
    return households, village_wide


def _first_adopted(platforms: QuerySet, vneid_steps: bool) -> Subquery:
    """The first day a household used an essential platform, as K8 counts it (a correlated
    subquery over its platform records `platforms`)."""
    essential = platforms.filter(platform__is_essential=True)
    if not (vneid_steps and vneid_activated_only()):
        return _first(essential, "first_recorded_on")
    counted = essential.exclude(platform__code=VNEID_PLATFORM, activated_on__isnull=True)
    counted = counted.annotate(
        counted_on=Case(
            When(platform__code=VNEID_PLATFORM, then=F("activated_on")),
            default=F("first_recorded_on"),
        )
    )
    return _first(counted, "counted_on")


# --- a report's breakdowns --------------------------------------------------------------------


def visits_by_support_type(visits: QuerySet) -> dict[int, dict]:
    """{support type id: {"visits", "people"}} of these visits (a visit may give several kinds
    of support): one grouped query, the visits joined to their kinds of support, so that the
    visits' own filters (a quarter's dates) choose the rows first. Matching the whole link table
    to `visits` as a subquery read every row of it: a quarter at 120 villages 73 → 59 ms
    (PostgreSQL, medians of 9 alternating)."""
    rows = (
        visits.order_by()
        .values("support_types")
        .annotate(visits=Count("pk"), people=Coalesce(Sum("people_helped"), 0))
    )
    # A visit without a kind of support (none is saved so) would come as None.
    return {row.pop("support_types"): row for row in rows if row["support_types"] is not None}


def vneid_visits(visits: QuerySet) -> QuerySet:
    """The visits that installed, activated or integrated papers in VNeID."""
    vneid = SupportVisit.support_types.through.objects.filter(
        supporttype__code__in=VNEID_SUPPORT_TYPES
    ).values("supportvisit_id")
    return visits.filter(pk__in=vneid)


def essential_platform_use(households: QuerySet, on_or_before: datetime.date) -> dict[int, int]:
    """{essential platform id: households of `households` using it, recorded by the date}."""
    return dict(
        HouseholdPlatform.objects.filter(counts_for_k8(on_or_before), household__in=households)
        .order_by()
        .values("platform_id")
        .annotate(n=Count("household", distinct=True))
        .values_list("platform_id", "n")
    )


def ocop_products(commune, village_ids: list[int], *, commune_products: bool) -> QuerySet:
    """The OCOP products of these villages, and of the commune's own (village None) when
    `commune_products`, each annotated `listed`: on at least one e-commerce platform (K9)."""
    listed = OcopProduct.listed_on.through.objects.filter(
        ocopproduct_id=OuterRef("pk"), platform__is_ecommerce=True
    )
    where = Q(village_id__in=village_ids)
    if commune_products:
        where |= Q(village__isnull=True)
    return OcopProduct.objects.filter(where, commune=commune).annotate(listed=Exists(listed))


def ocop_listings(villages: QuerySet, communes_own: list[int]):
    """(commune id, village id, name, listed on an e-commerce platform) of the OCOP products
    of `villages` and of the communes `communes_own`'s own (village None): K9 of several
    communes in one query."""
    listed = OcopProduct.listed_on.through.objects.filter(
        ocopproduct_id=OuterRef("pk"), platform__is_ecommerce=True
    )
    where = Q(village__in=villages) | Q(village__isnull=True, commune_id__in=communes_own)
    return (
        OcopProduct.objects.filter(where)
        .annotate(listed=Exists(listed))
        .values_list("commune_id", "village_id", "name", "listed")
    )
