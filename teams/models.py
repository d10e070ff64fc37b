"""Provinces, communes, villages and the portal's users with their access role."""

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdan.collation import person_sort_key
from binhdan.dates import validate_happened
from binhdan.phones import PhoneNumberField
from binhdan.search import SearchTextQuerySet
from binhdan.text import fold

code_validator = RegexValidator(
    r"^[A-Z0-9_-]{2,20}$",
    _("Use 2 to 20 capital letters, digits, '-' or '_' (for example LM01)."),
)


def province_code(name: str) -> str:
    """A province's code from its name: its letters without diacritics ("THAINGUYEN")."""
    letters = "".join(c for c in fold(name).upper() if c.isascii() and c.isalnum())
    return (letters or "TINH")[:20].ljust(2, "0")


class ProvinceQuerySet(models.QuerySet):
    def for_user(self, user):
        """The provinces a user may see: a Department user's own; a superuser every one."""
        role = portal_role(user)
        if role is None:
            return self.none()
        if user.is_superuser:
            return self.all()
        if role == Role.DEPARTMENT:
            return self.filter(pk=user.province_id)
        return self.filter(communes__pk=user.commune_id)


class Province(models.Model):
    """A province (tỉnh): its Department of Science and Technology receives every commune's
    quarterly report."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("For example: Thái Nguyên")
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return _("Province %(name)s") % {"name": self.name}


class CommuneQuerySet(models.QuerySet):
    def for_user(self, user):
        """The communes a user may see: their own; a Department user's, every commune of
        their province; a superuser every one."""
        role = portal_role(user)
        if role is None:
            return self.none()
        if user.is_superuser:
            return self.all()
        if role == Role.DEPARTMENT:
            return self.filter(province_id=user.province_id) if user.province_id else self.none()
        return self.filter(pk=user.commune_id)


class Commune(models.Model):
    """A commune (xã): the unit that runs the plan and reports to the province."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: Liên Minh"))
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
        verbose_name=_("province"),
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return _("Commune %(name)s") % {"name": self.name}

    @property
    def province_name(self) -> str:
        return self.province.name if self.province_id else ""


def _may_see_villages(user, write: bool) -> bool:
    role = portal_role(user)
    return role is not None and not (write and role in LOOKING_ROLES)


class VillageQuerySet(SearchTextQuerySet):
    """Villages; `search` also finds a village by its code (it is in `search_text`)."""

    def for_user(self, user, *, write: bool = False):
        """The villages a user may see, or (write=True) enter data in: a village leader's or
        member's own village; the whole commune for the others (none to write for the roles
        that only look)."""
        if not _may_see_villages(user, write):
            return self.none()
        return self.filter(self.scope(user, write=write))

    @staticmethod
    def scope(user, *, write: bool = False, through: str = "") -> Q:
        """`for_user` as a condition on the rows of another model that reach the village
        through `through` (e.g. "village__"): the list then filters on the village it joins
        anyway (its order, its column), and PostgreSQL reads the commune's villages in code
        order and each one's rows from an index, instead of hashing every row of the table
        against a subquery and sorting them all (household list at 40,000 households:
        28 -> 7 ms)."""
        if not _may_see_villages(user, write):
            return Q(**{f"{through}pk__in": []})
        if user.is_superuser:
            return Q()
        if portal_role(user) in VILLAGE_ROLES:
            return Q(**{f"{through}pk": user.village_id})
        if not user.commune_id:  # the Department's staff: no village's own data
            return Q(**{f"{through}pk__in": []})
        return Q(**{f"{through}commune_id": user.commune_id})


class Village(models.Model):
    """A village (thôn, xóm) of a commune; each has one village team."""

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="villages", verbose_name=_("commune")
    )
    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: Thôn Đông"))
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.CharField(max_length=200, editable=False, db_index=True, default="")

    objects = VillageQuerySet.as_manager()

    class Meta:
        ordering = ["commune", "code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="village_code_unique"),
            models.UniqueConstraint(fields=["commune", "name"], name="village_name_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("teams:village_detail", args=[self.pk])


class Role(models.TextChoices):
    """A user's role: here, whom it covers (one village or the commune); what it may do is
    binhdan/access.py's capabilities."""

    OFFICE = "office", _("Commune office staff")
    LEADER = "leader", _("Village team leader")
    MEMBER = "member", _("Team member")
    LEADERSHIP = "leadership", _("Commune leadership")
    POLICE = "police", _("Commune police")
    DEPARTMENT = "department", _("Department of Science and Technology staff")


#: Roles tied to one village; the others look at their whole commune.
VILLAGE_ROLES = {Role.LEADER, Role.MEMBER}
#: Roles that only look: they enter no data anywhere.
LOOKING_ROLES = {Role.LEADERSHIP, Role.POLICE, Role.DEPARTMENT}


def portal_role(user) -> str | None:
    """The user's role; a superuser counts as office staff of every commune. What each role
    may do is binhdan/access.py's business; this module knows only whom a role covers."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.OFFICE
    return user.role or None


def sees_whole_commune(user) -> bool:
    """Everyone but village leaders and members looks at the commune as a whole (the
    Department's staff: at every commune of their province, from above)."""
    role = portal_role(user)
    return role is not None and role not in VILLAGE_ROLES


class UserQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """The log-in accounts a user may see, or (write=True) manage on the Accounts page:
        office staff, those of their commune; a village leader, those of their own village,
        read only; nobody else any. Nobody manages their own account there (the password
        page is theirs) nor a superuser's (the Django admin, `manage.py unlock_account`)."""
        role = portal_role(user)
        if role is None or role in LOOKING_ROLES or role == Role.MEMBER:
            return self.none()
        if write:
            if role in VILLAGE_ROLES:
                return self.none()
            scope = self.all() if user.is_superuser else self.filter(commune_id=user.commune_id)
            return scope.exclude(is_superuser=True).exclude(pk=user.pk)
        if user.is_superuser:
            return self.all()
        if role in VILLAGE_ROLES:
            return self.filter(village_id=user.village_id)
        return self.filter(commune_id=user.commune_id)

    def with_lock_state(self):
        """Annotate each account with its log-in lock-out as django-axes judges it, in the
        same query: `failed_logins` (wrong passwords within the cool-off time) and
        `is_locked` (from at least one address: axes counts failures per user name and
        address, AXES_LOCKOUT_PARAMETERS)."""
        recent = AccessAttempt.objects.filter(
            username=models.OuterRef("username"),
            attempt_time__gte=timezone.now() - get_cool_off(),
        )
        failures = models.Sum("failures_since_start")
        locked = (
            recent.values("ip_address")
            .annotate(failures=failures)
            .filter(failures__gte=get_failure_limit(None, None))
        )
        return self.annotate(
            failed_logins=Coalesce(
                models.Subquery(
                    recent.values("username").annotate(failures=failures).values("failures")
                ),
                0,
            ),
            is_locked=models.Exists(locked),
        )


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user, create_superuser) with the scopes above."""


class User(AbstractUser):
    """A person who logs in: office staff, a village leader, a member, leadership or police."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("commune"),
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("village"),
        help_text=_("Required for village team leaders and members."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("province"),
        help_text=_("Required for the Department's staff, and only for them."),
    )
    # Set with a temporary password given by the commune office (teams/accounts.py): every
    # page sends the user to change it until they have (binhdan.middleware).
    must_change_password = models.BooleanField(
        _("must change the password at the next log-in"), default=False
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        # Vietnamese names are written family name first: keep them in one field.
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self):
        return (self.full_name.split()[-1] if self.full_name else "") or self.username

    def clean(self):
        super().clean()
        if self.is_superuser:
            return
        if not self.role:
            raise ValidationError({"role": _("Choose a role.")})
        if self.role == Role.DEPARTMENT:
            if not self.province_id:
                raise ValidationError({"province": _("Choose the Department's province.")})
            if self.commune_id or self.village_id:
                raise ValidationError(
                    {"commune": _("The Department's staff belong to a province, not a commune.")}
                )
            return
        if self.province_id:
            raise ValidationError({"province": _("Only the Department's staff have a province.")})
        if self.role in VILLAGE_ROLES and not self.village_id:
            raise ValidationError({"village": _("A village leader or member needs a village.")})
        if self.role not in VILLAGE_ROLES and self.village_id:
            raise ValidationError(
                {"village": _("Only village leaders and members have a village.")}
            )
        if self.village_id:
            if self.commune_id and self.commune_id != self.village.commune_id:
                raise ValidationError({"village": _("The village is not in the chosen commune.")})
            self.commune_id = self.village.commune_id
        if not self.commune_id:
            raise ValidationError({"commune": _("Choose the user's commune.")})


class AccountAction(models.TextChoices):
    CREATED = "created", _("account created")
    TEMPORARY_PASSWORD = "temporary_password", _("temporary password set")
    PASSWORD_CHANGED = "password_changed", _("password changed by its owner")
    UNLOCKED = "unlocked", _("account unlocked")
    DEACTIVATED = "deactivated", _("account deactivated")
    REACTIVATED = "reactivated", _("account reactivated")


class AccountEventQuerySet(models.QuerySet):
    def for_user(self, user):
        """The events of the accounts a user sees (User.objects.for_user)."""
        return self.filter(account__in=User.objects.for_user(user))


class AccountEvent(models.Model):
    """Something done to a log-in account (nhật ký tài khoản): what, to whom, by whom, when.

    Written only by teams/accounts.py. Never a password, temporary or not.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    account = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="account_events",
        verbose_name=_("account"),
    )
    # The user names are kept as they were, so that the log still reads when an account is
    # deleted or renamed in the Django admin.
    username = models.CharField(_("user name"), max_length=150)
    by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    by_username = models.CharField(_("by (user name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=AccountAction.choices)
    details = models.CharField(_("details"), max_length=200, blank=True)

    objects = AccountEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account event")
        verbose_name_plural = _("account log")

    def __str__(self):
        return f"{self.username} · {self.get_action_display()}"


# --- The organisation: teams, members, roles, trainings, activity days ---------------------


class TeamLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune team")
    VILLAGE = "village", _("Village team")


class CatalogueQuerySet(models.QuerySet):
    """A catalogue each commune keeps for itself (roles here; digital platforms and kinds of
    support in households): seeded from the defaults when the commune is opened
    (`binhdan.communes.open_commune`), then edited by its office."""

    def for_user(self, user):
        """The entries of the communes `user` sees (changing them takes a capability)."""
        return self.filter(commune__in=Commune.objects.for_user(user))

    def of(self, commune):
        """The entries of one commune (`commune`: a Commune or its id)."""
        return self.filter(commune=commune)


class MemberRole(models.Model):
    """A role in a team (vai trò trong Tổ), from a managed catalogue.

    `required_in_village_team` marks the roles the plan asks every village team to have
    (Bí thư Chi bộ, Trưởng Ban công tác Mặt trận, Trưởng thôn, ...): KPI K2.
    """

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="member_roles", verbose_name=_("commune")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    required_in_village_team = models.BooleanField(_("required in a village team"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("team role")
        verbose_name_plural = _("team roles")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="member_role_code_unique")
        ]

    def __str__(self):
        return self.name


class TeamQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        villages = Village.objects.for_user(user, write=write)
        scope = models.Q(village__in=villages)
        if sees_whole_commune(user) and (not write or villages.exists()):
            scope |= models.Q(level=TeamLevel.COMMUNE, commune__in=Commune.objects.for_user(user))
        return self.filter(scope)


class Team(models.Model):
    """A Community Digital Technology Team (Tổ CNSCĐ) of the commune or of one village."""

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="teams", verbose_name=_("commune")
    )
    level = models.CharField(_("level"), max_length=10, choices=TeamLevel.choices)
    village = models.OneToOneField(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team",
        verbose_name=_("village"),
    )
    name = models.CharField(_("name"), max_length=150)
    founded_on = models.DateField(
        _("founded on"), null=True, blank=True, validators=[validate_happened]
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["commune", "level", "village__code"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                fields=["commune"],
                condition=models.Q(level="commune"),
                name="one_commune_team_per_commune",
            ),
            models.CheckConstraint(
                condition=(models.Q(level="commune", village__isnull=True))
                | (models.Q(level="village", village__isnull=False)),
                name="team_level_matches_village",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("teams:team_detail", args=[self.pk])

    @property
    def is_commune_team(self) -> bool:
        return self.level == TeamLevel.COMMUNE


class MemberQuerySet(SearchTextQuerySet):
    def active(self, on=None):
        """Members in the team on date `on` (today when None): joined and not yet left."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(
            models.Q(joined_on__isnull=True) | models.Q(joined_on__lte=on),
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=on),
        )

    def for_user(self, user, *, write: bool = False):
        return self.filter(team__in=Team.objects.for_user(user, write=write))

    def with_trained(self):
        """Annotate `is_trained`: attended at least one training session (KPI K3)."""
        attended = TrainingSession.attendees.through.objects.filter(member_id=models.OuterRef("pk"))
        return self.annotate(is_trained=models.Exists(attended))


class Member(models.Model):
    """A team member (tổ viên). Members who leave are given a `left_on` date, never deleted."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", verbose_name=_("team")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.ForeignKey(
        MemberRole, on_delete=models.PROTECT, related_name="members", verbose_name=_("role")
    )
    is_leader = models.BooleanField(_("team leader"), default=False)
    is_youth_union = models.BooleanField(_("Youth Union member"), default=False)
    # Allowances (teams/allowances.py): a rule may pay nothing to civil servants (cán bộ,
    # công chức) who take part in office hours, on their state salary.
    paid_from_budget = models.BooleanField(
        _("paid from the state budget"),
        default=False,
        help_text=_("A civil servant (cán bộ, công chức): the allowance rule may exclude them."),
    )
    phone = PhoneNumberField(_("phone"), max_length=20, blank=True)
    joined_on = models.DateField(
        _("joined on"), null=True, blank=True, validators=[validate_happened]
    )
    # A departure is recorded once it has happened, never planned ahead: a leader with a
    # leaving date no longer holds the team's one leader place (one_leader_per_team).
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[validate_happened])
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("log-in account"),
    )
    search_text = models.CharField(max_length=200, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=800, editable=False, default="")

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["team", "-is_leader", "sort_key", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(is_leader=True, left_on__isnull=True),
                name="one_leader_per_team",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("teams:member_edit", args=[self.pk])

    def fill_derived_fields(self):
        """search_text and sort_key follow the name (bulk_create skips save)."""
        self.search_text = fold(self.full_name)
        self.sort_key = person_sort_key(self.full_name)

    @property
    def preview_line(self) -> str:
        """The member in one line, as an import preview shows a look-alike."""
        return " · ".join(part for part in (self.full_name, str(self.role), self.phone) if part)

    def works_in(self, village_id) -> bool:
        """A member works in their own team's village; a member of the commune team, in
        every village (who may be in charge of a household, who may visit it)."""
        return self.team.village_id in (None, village_id)

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        return self.left_on is None or self.left_on > timezone.localdate()

    @transaction.atomic
    def make_leader(self) -> None:
        """Name this member the team leader (tổ trưởng); the previous leader steps down."""
        Member.objects.filter(team_id=self.team_id, is_leader=True, left_on__isnull=True).exclude(
            pk=self.pk
        ).update(is_leader=False)
        self.is_leader = True
        self.save(update_fields=["is_leader"])

    def deactivate(self, on) -> None:
        """The member leaves on `on`: kept with their history (visits, trainings)."""
        self.left_on = on
        self.save(update_fields=["left_on"])

    def clean(self):
        super().clean()
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("The leaving date is before the joining date.")})


class DigitalSkillArea(models.Model):
    """An area (miền) of the basic digital skills framework of Quyết định 757/QĐ-BKHCN
    (29/4/2025): the framework's domains are seeded; the catalogue is editable, since the
    framework is a version 1.0 and provinces adapt it."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=250)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("digital skills area")
        verbose_name_plural = _("digital skills areas")

    def __str__(self):
        return f"{self.number}. {self.name}"


class TrainingTopic(models.Model):
    """A training topic (nội dung tập huấn); the plan's six are seeded, each mapped to the
    areas of the basic digital skills framework it teaches (`skill_areas`)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=250)
    is_active = models.BooleanField(_("in use"), default=True)
    skill_areas = models.ManyToManyField(
        DigitalSkillArea,
        blank=True,
        related_name="topics",
        verbose_name=_("digital skills areas (757/QĐ-BKHCN)"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("training topic")
        verbose_name_plural = _("training topics")

    def __str__(self):
        return f"{self.number}. {self.name}"


class TrainingSessionQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        teams = Team.objects.for_user(user, write=write)
        scope = models.Q(team__in=teams)
        if sees_whole_commune(user) and (not write or teams.exists()):
            scope |= models.Q(team__isnull=True, commune__in=Commune.objects.for_user(user))
        elif not write:
            scope |= models.Q(attendees__team__in=teams)
        return self.filter(scope).distinct()


class TrainingSession(models.Model):
    """A training session (buổi tập huấn): commune-wide (no team) or one team's own."""

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("commune")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("team"),
        help_text=_("Empty for a session organised by the commune for all teams."),
    )
    date = models.DateField(_("date"), validators=[validate_happened])
    place = models.CharField(_("place"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    topics = models.ManyToManyField(
        TrainingTopic, related_name="sessions", verbose_name=_("topics")
    )
    attendees = models.ManyToManyField(
        Member, blank=True, related_name="trainings", verbose_name=_("attendees")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.place}"


class ActivityDayQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        return self.filter(team__in=Team.objects.for_user(user, write=write))


class ActivityDay(models.Model):
    """A day a team worked (ngày hoạt động) and its hours: KPI K6 wants ≥ 4 h once a week."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="activity_days", verbose_name=_("team")
    )
    date = models.DateField(_("date"), validators=[validate_happened])
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1)
    description = models.CharField(_("what was done"), max_length=300, blank=True)
    attendees = models.ManyToManyField(
        Member,
        blank=True,
        related_name="activity_days_attended",
        verbose_name=_("attendance"),
        help_text=_("The members of the team who took part (for the allowances)."),
    )

    objects = ActivityDayQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("activity day")
        verbose_name_plural = _("activity days")
        constraints = [
            models.UniqueConstraint(fields=["team", "date"], name="one_activity_day_per_date"),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24), name="activity_hours_in_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.team} · {self.date:%d/%m/%Y}"


# --- Allowances (chế độ hỗ trợ): the rule of the commune and the months it locked ----------


class AllowanceRuleQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """The rules of the communes a user sees (changing them takes MANAGE_ALLOWANCES)."""
        return self.filter(commune__in=Commune.objects.for_user(user))


class AllowanceRule(models.Model):
    """The commune's allowance rule (quy định chế độ hỗ trợ Tổ CNSCĐ) as written in the
    province's resolution, valid from a date until the next rule's. What each amount means
    and how a month is counted: teams/allowances.py. Amounts in đồng; 0 = not paid."""

    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="allowance_rules",
        verbose_name=_("commune"),
    )
    valid_from = models.DateField(_("valid from"))
    resolution = models.CharField(
        _("resolution"),
        max_length=200,
        help_text=_("The resolution the rule is written in, e.g. Nghị quyết 26/2025/NQ-HĐND."),
    )
    per_team_month = models.PositiveIntegerField(_("per team per month (đ)"), default=0)
    per_person_day = models.PositiveIntegerField(
        _("per person per activity day attended (đ)"), default=0
    )
    per_person_month = models.PositiveIntegerField(_("per person per month (đ)"), default=0)
    person_month_needs_a_day = models.BooleanField(
        _("the monthly amount per person needs an attended day"), default=False
    )
    max_days_per_person_month = models.PositiveSmallIntegerField(
        _("at most these days paid per person per month"), null=True, blank=True
    )
    max_per_person_month = models.PositiveIntegerField(
        _("at most per person per month (đ)"), null=True, blank=True
    )
    max_per_team_month = models.PositiveIntegerField(
        _("at most per team per month (đ)"),
        null=True,
        blank=True,
        help_text=_("Everything the team and its members get in a month included."),
    )
    exclude_budget_paid = models.BooleanField(
        _("members paid from the state budget get nothing"),
        default=True,
        help_text=_(
            "Civil servants (cán bộ, công chức) working in office hours: ticked on the member."
        ),
    )
    excluded_roles = models.ManyToManyField(
        MemberRole,
        blank=True,
        related_name="+",
        verbose_name=_("roles that get nothing"),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = AllowanceRuleQuerySet.as_manager()

    class Meta:
        ordering = ["commune", "-valid_from"]
        verbose_name = _("allowance rule")
        verbose_name_plural = _("allowance rules")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "valid_from"], name="one_allowance_rule_per_day"
            )
        ]

    def __str__(self):
        return f"{self.resolution} ({self.valid_from:%d/%m/%Y})"


class AllowanceLockQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        return self.filter(commune__in=Commune.objects.for_user(user))

    def in_force(self):
        return self.filter(unlocked_at__isnull=True)


class AllowanceLock(models.Model):
    """A month's allowance schedule locked by the office (chốt bảng kê): `snapshot` is the
    schedule as it was (teams/allowances.py `Schedule.to_dict`), which the page and the
    payment list show from then on. Unlocking keeps the row (who, when) and lets the month
    be locked again."""

    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    month = models.DateField(_("month"), help_text=_("Its first day."))
    snapshot = models.JSONField(_("locked schedule"), editable=False)
    locked_at = models.DateTimeField(_("locked at"), default=timezone.now)
    locked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("locked by")
    )
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unlocked by"),
    )

    objects = AllowanceLockQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "-locked_at"]
        verbose_name = _("locked allowance month")
        verbose_name_plural = _("locked allowance months")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "month"],
                condition=models.Q(unlocked_at__isnull=True),
                name="one_allowance_lock_per_month",
            )
        ]

    def __str__(self):
        return f"{self.month:%m/%Y}"
