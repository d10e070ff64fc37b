"""Households, the digital platforms they use, support visits, communication and OCOP."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binhdan.bounds import Bounds
from binhdan.collation import person_sort_key
from binhdan.dates import validate_happened
from binhdan.phones import PhoneNumberField
from binhdan.search import SearchTextQuerySet
from binhdan.text import fold, identity
from teams.models import CatalogueQuerySet, Commune, Member, Team, Village

#: People in a household (số nhân khẩu): the registry's form, the admin, the import and the
#: database take 1 to 99.
HOUSEHOLD_SIZE = Bounds(1, 99, _("A household has %(lowest)s to %(highest)s people."))
#: People helped in one support visit: one household, or a small group at the community point
#: (a gathering of a hundred is a communication activity or a training, not a visit).
PEOPLE_HELPED = Bounds(1, 99, _("A visit helps %(lowest)s to %(highest)s people."))
#: OCOP stars: products are rated 3 to 5 stars (fewer is no OCOP rating; empty: not rated yet).
OCOP_STARS = Bounds(3, 5, _("OCOP products are rated %(lowest)s to %(highest)s stars."))
#: Adults in a household (people from 15 years, KPI K11), and of them those whose basic digital
#: skills are confirmed on VNeID: 0 to 99 (empty: not recorded yet).
ADULTS = Bounds(0, 99, _("A household has %(lowest)s to %(highest)s adults."))


class PlatformQuerySet(CatalogueQuerySet):
    def with_usage(self, user):
        """The platforms of `user`'s communes, each with `households_using`: the households
        in `user`'s villages that use it (one query, whatever the number of platforms), in
        the catalogue's order."""
        from binhdan.access import villages_for

        in_scope = Q(households__village__in=villages_for(user))
        counted = self.for_user(user).annotate(
            households_using=Count("households", filter=in_scope)
        )
        return counted.order_by(*Platform._meta.ordering)  # GROUP BY drops Meta.ordering


class Platform(models.Model):
    """A digital platform (nền tảng số) of a commune's catalogue. Essential ones count for
    KPI K8 (VNeID, ...)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="platforms", verbose_name=_("commune")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    is_essential = models.BooleanField(_("essential"), default=False)
    is_ecommerce = models.BooleanField(_("e-commerce platform"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("digital platform")
        verbose_name_plural = _("digital platforms")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="platform_code_unique")
        ]

    def __str__(self):
        return self.name


def mask_phone(phone: str) -> str:
    """A phone number with its middle hidden: 0912345123 -> 09•••••123."""
    digits = "".join(phone.split())
    if not digits:
        return ""
    if len(digits) <= 5:
        return "•" * len(digits)
    return digits[:2] + "•" * (len(digits) - 5) + digits[-3:]


def writable_village_ids(user) -> frozenset[int]:
    """Ids of the villages `user` may change, asked once per user object (per request)."""
    from binhdan.access import villages_for

    cached = getattr(user, "_writable_village_ids", None)
    if cached is None:
        cached = frozenset(villages_for(user, write=True).values_list("pk", flat=True))
        user._writable_village_ids = cached
    return cached


def phone_as_seen_by(user, village_id: int, phone: str) -> str:
    """A household's phone as `user` may see it: in full in the villages they may change,
    masked elsewhere (`Household.phone_for`, and the export's rows read without models)."""
    return phone if village_id in writable_village_ids(user) else mask_phone(phone)


def household_key(head_name: str, address: str) -> str:
    """What two records of one village must share to look like the same household: the
    head's name and the address compared with case and spacing normalised but every
    diacritic kept (binhdan.text.identity). It finds look-alikes; it never decides alone
    (namesakes at one hamlet address are common), and nothing makes it unique.
    """
    return f"{identity(head_name)}|{identity(address)}"


CODE_PREFIX = "HD"


def household_code(pk: int) -> str:
    """The short code printed on a household's page and in every export: HD000123."""
    return f"{CODE_PREFIX}{pk:06d}"


def parse_household_code(text) -> int | None:
    """The id behind a household code ("HD000123", "hd123", 123), or None if it is not one."""
    if text is None:
        return None
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    text = str(text).strip().upper()
    if text.startswith(CODE_PREFIX):
        text = text[len(CODE_PREFIX) :]
    return int(text) if text.isdigit() and 0 < int(text) < 10**12 else None


class HouseholdQuerySet(SearchTextQuerySet):
    def for_user(self, user, *, write: bool = False):
        return self.filter(Village.objects.scope(user, write=write, through="village__"))

    def lookalikes(self, village, head_name, address, phone="", *, of=None):
        """Households of `village` that may be the one described: same head and address
        (diacritics kept), or same phone. Those already marked different from household `of`
        (and `of` itself) are left out."""
        alike = Q(match_key=household_key(head_name, address))
        if phone:
            alike |= Q(phone=phone)
        found = self.filter(alike, village=village)
        if of is not None and of.pk:
            marked = HouseholdDistinction.objects.filter(Q(first=of) | Q(second=of))
            found = (
                found.exclude(pk=of.pk)
                .exclude(pk__in=marked.values("first"))
                .exclude(pk__in=marked.values("second"))
            )
        return found

    def in_list_order(self):
        """In the order of commune lists: by village, then by the head's name in Vietnamese
        order, given name first (sort_key; binhdan.collation)."""
        return self.order_by("village__code", "sort_key", "pk")

    def never_reached(self):
        """Households no support visit and no communication activity has reached yet."""
        return self.filter(first_reached_on__isnull=True)


class Household(models.Model):
    """A household (hộ dân) of a village, with the team member in charge of it."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="households", verbose_name=_("village")
    )
    head_name = models.CharField(_("head of household"), max_length=150)
    address = models.CharField(_("address"), max_length=250)
    phone = PhoneNumberField(_("phone"), max_length=20, blank=True)
    people_count = models.PositiveSmallIntegerField(
        _("number of people"), default=1, validators=[HOUSEHOLD_SIZE]
    )
    has_elderly = models.BooleanField(_("has an elderly person"), default=False)
    has_no_device = models.BooleanField(_("has no digital device"), default=False)
    # KPI K11 (kỹ năng số cơ bản): counts only, never who (no ID numbers, no birth dates).
    adults = models.PositiveSmallIntegerField(
        _("adults (15 years and over)"), null=True, blank=True, validators=[ADULTS]
    )
    adults_skilled = models.PositiveSmallIntegerField(
        _("adults with basic digital skills confirmed on VNeID"),
        null=True,
        blank=True,
        validators=[ADULTS],
    )
    skills_seen_on = models.DateField(
        _("confirmation seen on"),
        null=True,
        blank=True,
        validators=[validate_happened],
        help_text=_("The day a member saw the confirmation on VNeID."),
    )
    member_in_charge = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("member in charge"),
    )
    platforms = models.ManyToManyField(
        Platform,
        through="HouseholdPlatform",
        blank=True,
        related_name="households",
        verbose_name=_("platforms used"),
    )
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")
    # The day a support visit or a communication activity first reached the household (None:
    # not yet): written by the tallies' refresh (reports/kpis/tallies.py) on every write that
    # can change it, read by the lists of households never reached (households.queries).
    first_reached_on = models.DateField(null=True, blank=True, editable=False)
    match_key = models.CharField(max_length=410, editable=False, default="")
    sort_key = models.CharField(max_length=800, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "match_key",
            "sort_key",
            "updated_at",
            "first_reached_on",
        ]
    )

    class Meta:
        ordering = ["village", "sort_key", "pk"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [
            models.Index(fields=["village", "member_in_charge"]),
            models.Index(fields=["village", "match_key"]),
            # The data-quality check of possible duplicates groups the households of a village
            # by head and phone, where a phone is given (reports/quality/rules.py).
            models.Index(
                fields=["village", "head_name", "phone"],
                condition=~models.Q(phone=""),
                name="household_head_phone",
            ),
            models.Index(fields=["village", "sort_key"]),
            # The households never reached yet, by village: the priority list and K7's rows
            # read them without scanning the table (9.7 ms -> well under 1 ms at 50,000).
            models.Index(
                fields=["village", "sort_key"],
                condition=models.Q(first_reached_on__isnull=True),
                name="household_never_reached",
            ),
            # With the index above, "not reached by a quarter's end" (never, or first after
            # it: the team drill-down, K7's rows) is a union of two index scans rather than a
            # scan of every household (30 -> 1 ms at 40,000 households, PostgreSQL).
            models.Index(
                fields=["first_reached_on"],
                condition=models.Q(first_reached_on__isnull=False),
                name="household_first_reached",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=HOUSEHOLD_SIZE.condition("people_count"), name="household_size_bounds"
            ),
            models.CheckConstraint(
                condition=ADULTS.condition("adults", null=True), name="household_adults_bounds"
            ),
            models.CheckConstraint(
                condition=Q(adults_skilled__isnull=True)
                | Q(adults_skilled__lte=models.F("adults")),
                name="household_skilled_within_adults",
            ),
            models.CheckConstraint(
                condition=Q(adults_skilled__isnull=True)
                | Q(adults_skilled=0)
                | Q(skills_seen_on__isnull=False),
                name="household_skilled_seen_on",
            ),
        ]

    def __str__(self):
        return f"{self.head_name} · {self.address}"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("households:household_detail", args=[self.pk])

    @property
    def code(self) -> str:
        return household_code(self.pk) if self.pk else ""

    @classmethod
    def as_at_end_of(cls, day: datetime.date):
        """Each household as its change history had it at the end of `day` (local time):
        its latest version recorded by then; households created later or deleted by then are
        left out. Historical records (with head_name, member_in_charge...), so that a past
        quarter shows who was in charge on its last day (KPI K4)."""
        midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
        versions = cls.history.filter(
            history_date__lt=timezone.make_aware(midnight, timezone.get_default_timezone())
        )
        later = versions.filter(id=OuterRef("id")).filter(
            Q(history_date__gt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
        )
        return versions.exclude(Exists(later)).exclude(history_type="-")

    @property
    def preview_line(self) -> str:
        """The household in one line, as an import preview shows a look-alike."""
        from django.utils.translation import ngettext

        people = ngettext("%(n)s person", "%(n)s people", self.people_count)
        parts = [self.code, self.head_name, self.address, self.phone]
        parts.append(people % {"n": self.people_count})
        return " · ".join(part for part in parts if part)

    def fill_derived_fields(self):
        """search_text, match_key and sort_key follow the name and address (bulk_create
        skips save)."""
        self.search_text = fold(f"{self.head_name} {self.address}")
        self.match_key = household_key(self.head_name, self.address)
        self.sort_key = person_sort_key(self.head_name)

    def phone_for(self, user) -> str:
        """The phone in full for users who may change this household, masked for others."""
        return phone_as_seen_by(user, self.village_id, self.phone)

    def clean(self):
        super().clean()
        member = self.member_in_charge if self.member_in_charge_id else None
        if member and self.village_id and not member.works_in(self.village_id):
            raise ValidationError(
                {"member_in_charge": _("The member belongs to another village's team.")}
            )
        problems = skills_problems(
            self.people_count, self.adults, self.adults_skilled, self.skills_seen_on
        )
        if problems:
            raise ValidationError(problems)


def skills_problems(people, adults, skilled, seen_on) -> dict:
    """What is wrong with a household's adults and confirmed skills (K11), by field (empty:
    nothing): the form, the model's clean and the import say the same."""
    problems = {}
    if adults is not None and people is not None and adults > people:
        problems["adults"] = _("There are more adults than people in the household.")
    if skilled is not None and adults is None:
        problems["adults"] = _("Enter the number of adults too.")
    elif skilled is not None and skilled > adults:
        problems["adults_skilled"] = _("More adults with confirmed skills than adults.")
    if skilled and seen_on is None:
        problems["skills_seen_on"] = _("Enter the day the confirmation was seen.")
    return problems


class HouseholdDistinction(models.Model):
    """Two households that look alike (same head and address, or same phone) and that a
    user said are two different households, so that nobody is asked again."""

    first = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("households marked different")
        verbose_name_plural = _("households marked different")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="distinction_once"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="distinction_ordered"
            ),
        ]

    def __str__(self):
        return f"{household_code(self.first_id)} ≠ {household_code(self.second_id)}"


class HouseholdPlatform(models.Model):
    """A platform a household uses, and when that was first recorded (for KPI K8 by date).

    VNeID in two steps: its record is the account received (đã thu nhận, registered) on
    `first_recorded_on`, and activated (đã kích hoạt, level 2, the person has logged in) on
    `activated_on` (None: received only). K8 counts VNeID once activated (the setting
    K8_VNEID_ACTIVATED_ONLY); other platforms have no second step."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE)
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT)
    first_recorded_on = models.DateField(_("first recorded on"), validators=[validate_happened])
    activated_on = models.DateField(
        _("activated on"), null=True, blank=True, validators=[validate_happened]
    )

    class Meta:
        verbose_name = _("platform used")
        verbose_name_plural = _("platforms used")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "platform"], name="household_platform_once"
            ),
            models.CheckConstraint(
                condition=Q(activated_on__isnull=True)
                | Q(activated_on__gte=models.F("first_recorded_on")),
                name="platform_activated_after_received",
            ),
        ]

    def __str__(self):
        return f"{self.platform} ({self.first_recorded_on:%d/%m/%Y})"


class SupportTypeQuerySet(CatalogueQuerySet):
    def with_usage(self, user):
        """The kinds of support of `user`'s communes, each with `visits_using`: the support
        visits of the teams `user` sees that gave it (one query, whatever the number of
        kinds), in the catalogue's order."""
        in_scope = Q(visits__team__in=Team.objects.for_user(user))
        counted = self.for_user(user).annotate(visits_using=Count("visits", filter=in_scope))
        return counted.order_by(*SupportType._meta.ordering)  # GROUP BY drops Meta.ordering


class SupportType(models.Model):
    """What a visit supported (nội dung hỗ trợ): install VNeID, online public service, ...;
    each commune keeps its own catalogue."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="support_types", verbose_name=_("commune")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = SupportTypeQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("kind of support")
        verbose_name_plural = _("kinds of support")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="support_type_code_unique")
        ]

    def __str__(self):
        return self.name


class SupportMethod(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", _("Door to door")
    AT_HOME = "at_home", _("Hands-on at home")
    COMMUNITY_POINT = "community_point", _("At the community point")
    SMALL_GROUP = "small_group", _("Small group")


class SupportVisitQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """Visits in the user's villages; to change one logged by another member takes
        `CHANGE_OTHERS_VISITS` (a team member changes only the visits they logged)."""
        from binhdan.access import Capability, can

        visits = self.filter(team__in=Team.objects.for_user(user, write=write))
        if write and not can(user, Capability.CHANGE_OTHERS_VISITS):
            visits = visits.filter(member__user=user)
        return visits


class SupportVisit(models.Model):
    """A support visit (lượt hỗ trợ người dân) by a team member, to a household or a walk-in."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="visits", verbose_name=_("team")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="visits", verbose_name=_("member")
    )
    date = models.DateField(_("date"), validators=[validate_happened])
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("household"),
    )
    walk_in_name = models.CharField(
        _("walk-in resident"),
        max_length=150,
        blank=True,
        help_text=_("For a resident who is not in the household registry."),
    )
    support_types = models.ManyToManyField(
        SupportType, related_name="visits", verbose_name=_("what was supported")
    )
    method = models.CharField(_("how"), max_length=20, choices=SupportMethod.choices)
    people_helped = models.PositiveSmallIntegerField(
        _("people helped"), default=1, validators=[PEOPLE_HELPED]
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: The id the phone gave a visit logged offline (households/views/offline.py): the same
    #: visit sent twice, after a timeout, is stored once.
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    #: It helped more people than its household has (data-quality rule CL09): kept by the
    #: services that change a visit or a household's size (households/services.py), checked
    #: and mended by `manage.py tallies`. Stored so that the rule reads the few such visits
    #: from an index rather than every visit of the quarter joined to its household.
    over_household_size = models.BooleanField(default=False, editable=False)

    objects = SupportVisitQuerySet.as_manager()
    # The flag follows the household: derived, not a change anyone made.
    history = HistoricalRecords(m2m_fields=[support_types], excluded_fields=["over_household_size"])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("support visit")
        verbose_name_plural = _("support visits")
        indexes = [
            # The member too: the data-quality check of busy days groups a quarter's visits by
            # member and day from this index alone (reports/quality/rules.py).
            models.Index(fields=["team", "date", "member"]),
            models.Index(fields=["household", "date"]),
            # The data-quality check of visits outside a member's membership probes it twice
            # per member (reports/quality/rules.py).
            models.Index(fields=["member", "date"]),
            # The visit list's order: the newest page read from the index rather than every
            # visit of the commune sorted, where the planner takes it (a database of one
            # commune: 129 -> 27 ms at 60,000 visits, SQLite; see README, issue 17).
            models.Index(fields=["-date", "-id"], name="visit_list_order"),
            models.Index(
                fields=["team", "date"],
                condition=models.Q(over_household_size=True),
                name="visit_over_household_size",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=PEOPLE_HELPED.condition("people_helped"), name="people_helped_bounds"
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.household or self.walk_in_name}"


class Channel(models.TextChoices):
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker")
    BULLETIN_BOARD = "bulletin_board", _("Bulletin board")
    BANNER = "banner", _("Banners and posters")
    ZALO = "zalo", _("Community Zalo group")
    FACEBOOK = "facebook", _("Local Facebook")
    LEAFLET = "leaflet", _("Leaflets")
    VIDEO = "video", _("Short video")
    MEETING = "meeting", _("Village or union meeting")


class CommunicationQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """Activities touching the user's villages; to change one, all its villages."""
        from binhdan.access import villages_for

        scoped = villages_for(user, write=write)
        activities = self.filter(villages__in=scoped)
        if write:
            activities = activities.exclude(villages__in=Village.objects.exclude(pk__in=scoped))
        return activities.distinct()


class CommunicationActivity(models.Model):
    """A communication activity (hoạt động tuyên truyền) and the households it reached.

    With `reaches_all_households`, every household of its villages counts as reached
    (a loudspeaker broadcast); otherwise only the chosen `households`.
    """

    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="communications",
        verbose_name=_("commune"),
    )
    date = models.DateField(_("date"), validators=[validate_happened])
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("content"), max_length=250)
    villages = models.ManyToManyField(
        Village, related_name="communications", verbose_name=_("villages")
    )
    reaches_all_households = models.BooleanField(
        _("reaches every household of the villages"), default=False
    )
    households = models.ManyToManyField(
        Household, blank=True, related_name="communications", verbose_name=_("households reached")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication activities")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.get_channel_display()}"


class OcopQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """The products of the user's commune; changing them takes `MANAGE_OCOP`."""
        from binhdan.access import Capability, can, communes_for

        if write and not can(user, Capability.MANAGE_OCOP):
            return self.none()
        return self.filter(commune__in=communes_for(user))


class OcopProduct(models.Model):
    """An OCOP product of the commune and the e-commerce platforms it is listed on (K9)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="ocop_products", verbose_name=_("commune")
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ocop_products",
        verbose_name=_("village"),
    )
    name = models.CharField(_("product"), max_length=200)
    producer = models.CharField(_("producer"), max_length=200, blank=True)
    stars = models.PositiveSmallIntegerField(
        _("OCOP stars"), null=True, blank=True, validators=[OCOP_STARS]
    )
    listed_on = models.ManyToManyField(
        Platform,
        blank=True,
        related_name="ocop_products",
        verbose_name=_("listed on"),
        limit_choices_to={"is_ecommerce": True},
    )

    objects = OcopQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("OCOP product")
        verbose_name_plural = _("OCOP products")
        constraints = [
            models.CheckConstraint(
                condition=OCOP_STARS.condition("stars", null=True), name="ocop_stars_bounds"
            )
        ]

    def __str__(self):
        return self.name
