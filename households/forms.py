"""Forms of the households app: registry, bulk assignment, visits, communication, OCOP."""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, F, Q
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdan.access import Capability, can, villages_for
from binhdan.dates import DayMonthYearField, validate_happened
from binhdan.forms import LongSelect, submit_helper
from households import queries as household_queries
from households.models import (
    ADULTS,
    HOUSEHOLD_SIZE,
    OCOP_STARS,
    PEOPLE_HELPED,
    CommunicationActivity,
    Household,
    HouseholdPlatform,
    OcopProduct,
    Platform,
    SupportMethod,
    SupportType,
    SupportVisit,
    skills_problems,
)
from households.queries import VNEID_PLATFORM, is_vneid
from households.services import OUTSIDE_VILLAGE
from teams.models import Member, Team, Village


def _tidy(text: str) -> str:
    return " ".join(text.split())


class MembersByVillage(ModelChoiceIterator):
    """A member's choices grouped by village (an <optgroup> each, the commune team's first),
    each named alone inside its group: namesakes in two villages are told apart by the group,
    not by a label that repeats the team's name 140 times. Choices of one team only (a
    village leader's) are not grouped."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # Plain values, not Member objects: a commune of 1,200 members built 3,600 model
        # instances (member, team, village) for one <select>.
        # `shown`: the members offered when the field takes more than it lists (the visit
        # form of a large commune lists one team's members: SupportVisitForm).
        shown = getattr(self.field, "shown", None)
        members = (
            (self.queryset if shown is None else shown)
            .order_by(F("team__village__code").asc(nulls_first=True), "sort_key", "pk")
            .values_list("pk", "full_name", "team__village__name")
        )
        groups: dict[str, list] = {}
        commune_team = str(_("Commune team"))
        for pk, full_name, village in members:
            groups.setdefault(village or commune_team, []).append((pk, full_name))
        if len(groups) == 1:
            yield from next(iter(groups.values()))
        else:
            yield from groups.items()


class MemberChoiceField(forms.ModelChoiceField):
    """A member: active members grouped by village (`MembersByVillage`), named alone."""

    iterator = MembersByVillage
    widget = LongSelect

    def label_from_instance(self, member):
        return member.full_name


class TeamNarrowing(forms.ModelChoiceField):
    """A team whose members another field lists: it narrows that list and decides nothing,
    so a team no longer offered (its last member gone since the page was opened) is no error."""

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError:
            return None


class HouseholdForm(forms.ModelForm):
    """A household of the registry, in one of the villages the user may change."""

    platforms_used = forms.ModelMultipleChoiceField(
        label=_("Digital platforms used"),
        queryset=Platform.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    vneid_activated_on = DayMonthYearField(
        label=_("VNeID activated on"),
        required=False,
        help_text=_(
            "VNeID ticked means the account was received (đã thu nhận); the day it was "
            "activated (level 2, the person logged in) counts it for KPI K8. Empty: not "
            "activated yet."
        ),
    )
    # Shown once the form has found households that look like this one.
    is_different = forms.BooleanField(
        label=_("This is a different household (not one of those above)"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Household
        fields = [
            "village",
            "head_name",
            "address",
            "phone",
            "people_count",
            "has_elderly",
            "has_no_device",
            "adults",
            "adults_skilled",
            "skills_seen_on",
            "member_in_charge",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"skills_seen_on": DayMonthYearField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = villages_for(user, write=True)
        self.fields["village"].queryset = villages
        if villages.count() == 1 and not self.instance.pk:
            self.fields["village"].initial = villages.first()
        catalogue = Platform.objects.for_user(user)
        if self.instance.pk:
            catalogue = catalogue.of(self.instance.village.commune_id)
        self.fields["platforms_used"].queryset = catalogue.filter(is_active=True)
        self.fields["member_in_charge"] = MemberChoiceField(
            label=_("Member in charge"),
            queryset=Member.objects.for_user(user, write=True).active(),
            required=False,
        )
        if self.instance.pk:
            self.fields["member_in_charge"].queryset |= Member.objects.filter(
                pk=self.instance.member_in_charge_id
            )
            used = list(self.instance.platforms.values_list("pk", flat=True))
            self.fields["platforms_used"].initial = used
            self.fields["vneid_activated_on"].initial = (
                HouseholdPlatform.objects.filter(
                    household=self.instance, platform__code=VNEID_PLATFORM
                )
                .values_list("activated_on", flat=True)
                .first()
            )
            # A platform no longer in use stays ticked where it was used: leaving it out
            # would remove it from the household (and perhaps from K8) on the next save.
            self.fields["platforms_used"].queryset = catalogue.filter(
                Q(is_active=True) | Q(pk__in=used)
            )
        self.fields["people_count"].widget.attrs.update(HOUSEHOLD_SIZE.widget_attrs())
        for name in ("adults", "adults_skilled"):
            self.fields[name].widget.attrs.update(ADULTS.widget_attrs())
        self.fields["adults"].help_text = _("People from 15 years of age (empty: not asked yet).")
        self.fields["adults_skilled"].help_text = _(
            "Of them, those who showed their completed basic digital skills on VNeID."
        )
        self.helper = submit_helper()

    def clean_head_name(self):
        return _tidy(self.cleaned_data["head_name"])

    def clean_address(self):
        return _tidy(self.cleaned_data["address"])

    lookalikes: list = ()

    def clean(self):
        data = super().clean()
        village = data.get("village")
        if village and data.get("head_name") and data.get("address"):
            # A possible duplicate is a warning the user resolves, never a refusal: two
            # households whose heads share a name at one hamlet address are common.
            self.lookalikes = list(
                Household.objects.lookalikes(
                    village,
                    data["head_name"],
                    data["address"],
                    data.get("phone", ""),
                    of=self.instance,
                )[:10]
            )
            if self.lookalikes and not data.get("is_different"):
                self.fields["is_different"].widget = forms.CheckboxInput()
                raise forms.ValidationError(
                    _(
                        "This may be a household already in the registry (listed above). "
                        "If it is, open it instead; if it is a different household, tick "
                        "“This is a different household” and save again."
                    ),
                    code="lookalike",
                )
        member = data.get("member_in_charge")
        if village and member and not member.works_in(village.pk):
            self.add_error("member_in_charge", _("The member belongs to another village's team."))
        skills = skills_problems(
            data.get("people_count"),
            data.get("adults"),
            data.get("adults_skilled"),
            data.get("skills_seen_on"),
        )
        for name, problem in skills.items():
            if name not in self.errors:
                self.add_error(name, problem)
        if village and _of_another_commune(data.get("platforms_used"), village.commune_id):
            self.add_error("platforms_used", _("Choose platforms of the village's commune."))
        activated_on = data.get("vneid_activated_on")
        if activated_on:
            try:
                validate_happened(activated_on)
            except forms.ValidationError as error:
                self.add_error("vneid_activated_on", error)
            if not any(is_vneid(p) for p in data.get("platforms_used") or ()):
                self.add_error("vneid_activated_on", _("Tick VNeID among the platforms used."))
        return data


def _of_another_commune(entries, commune_id) -> bool:
    """Whether catalogue entries (platforms, kinds of support) include one of another commune
    than `commune_id`: each commune keeps its own catalogues; only a superuser sees several."""
    return any(entry.commune_id != commune_id for entry in entries or ())


class HouseholdFilterForm(forms.Form):
    """Search and filters of the registry (all optional, read from the query string)."""

    q = forms.CharField(label=_("Search"), required=False)
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.none(), required=False, widget=LongSelect
    )
    member = MemberChoiceField(
        label=_("Member in charge"), queryset=Member.objects.none(), required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority list"),
        required=False,
        choices=[
            ("", _("All households")),
            ("elderly", _("With an elderly person")),
            ("no_device", _("Without a digital device")),
            ("never_reached", _("Never reached yet")),
            ("unassigned", _("No member in charge")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages_for(user)
        # Active members, and one who has left when the filter names them (a link to their
        # households, which are handed over to someone else).
        chosen = self["member"].value() if self.is_bound else None
        members = Member.objects.for_user(user)
        self.fields["member"].queryset = members.active() | members.filter(
            pk=chosen if str(chosen).isdigit() else None
        )
        for name in ("village", "member", "priority"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["village"].empty_label = self.fields["member"].empty_label = _("All")

    def apply(self, households):
        if not self.is_valid():
            return households
        data = self.cleaned_data
        households = households.search(data["q"])
        if data["village"]:
            households = households.filter(village=data["village"])
        if data["member"]:
            households = households.filter(member_in_charge=data["member"])
        priority = data["priority"]
        if priority == "elderly":
            households = households.filter(has_elderly=True)
        elif priority == "no_device":
            households = households.filter(has_no_device=True)
        elif priority == "never_reached":
            households = households.never_reached()
        elif priority == "unassigned":
            households = households.filter(member_in_charge__isnull=True)
        return households


@dataclass(frozen=True)
class VisitFilters:
    """Search and filters of the support visit list (and its export), read from the query
    string: the household or resident searched (`q`), the way of helping (`method`) and
    "only mine" (`mine`, ticked by default for a team member who changes only their own)."""

    query: str = ""
    method: str = ""
    mine: bool = False

    @classmethod
    def read(cls, params, user) -> "VisitFilters":
        method = params.get("method", "")
        chosen = params.getlist("mine")
        has_member = Member.objects.filter(user=user).exists()
        mine = has_member and (
            "1" in chosen if chosen else not can(user, Capability.CHANGE_OTHERS_VISITS)
        )
        return cls(
            query=params.get("q", "").strip(),
            method=method if method in SupportMethod.values else "",
            mine=mine,
        )

    def apply(self, visits, user):
        if self.query:
            visits = visits.filter(self._matching(user))
        if self.method:
            visits = visits.filter(method=self.method)
        if self.mine:
            visits = visits.filter(member__user=user)
        return visits

    def count_from_tallies(self, user) -> int | None:
        """How many visits the list holds when nothing narrows it but the user's teams: from
        the teams' tallies (households.queries.visit_count); None when a search or a filter
        does (the list counts its rows)."""
        if self.query or self.method or self.mine:
            return None
        return household_queries.visit_count(Team.objects.for_user(user))

    def _matching(self, user) -> Q:
        """Visits to a household whose name or address matches the search, or to a walk-in
        of that name. The households are looked up first (a trigram index on PostgreSQL)
        and, when few, named by id: the database then ORs two indexes of the visits (by
        household, and the walk-in's trigrams) instead of joining every visit of the commune
        to its household to test the text (a rare name, 240,000 visits: 155 ms -> 1 ms for
        the count)."""
        households = (
            Household.objects.for_user(user)
            .search(self.query)
            .order_by()
            .values_list("pk", flat=True)
        )
        found = list(households[: SEARCH_HOUSEHOLDS_BY_ID + 1])
        named = households if len(found) > SEARCH_HOUSEHOLDS_BY_ID else found
        return Q(household__in=named) | Q(walk_in_name__icontains=self.query)


#: Up to this many households found by a visit search are named by id
#: (`VisitFilters._matching`).
SEARCH_HOUSEHOLDS_BY_ID = 1000


class BulkAssignForm(forms.Form):
    """Give many households to one member: the ticked ones, or (scope "all_matching") every
    household the registry's filters select, on every page of the list."""

    ALL_MATCHING = "all_matching"

    households = forms.ModelMultipleChoiceField(
        label=_("Households"), queryset=Household.objects.none(), required=False
    )
    # The values of the page's controls; the page words them itself.
    scope = forms.ChoiceField(
        choices=[("ticked", "ticked"), (ALL_MATCHING, ALL_MATCHING)], required=False
    )
    member = MemberChoiceField(label=_("Member in charge"), queryset=Member.objects.none())
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, user, matching=None, **kwargs):
        """`matching`: the households the list's filters select among those `user` may
        change; None when the filters could not be read."""
        # Its own ids: the filters above it on the page have a `member` box too.
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        self.matching = matching
        self.fields["households"].queryset = Household.objects.for_user(user, write=True)
        self.fields["member"].queryset = Member.objects.for_user(user, write=True).active()

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.ALL_MATCHING:
            if self.matching is None:
                raise forms.ValidationError(_("The filters could not be read: filter again."))
            data["households"] = self.matching
            if not self.matching.exists():
                raise forms.ValidationError(_("No household matches these filters."))
        elif "households" not in self.errors and not data["households"].exists():
            self.add_error("households", self.fields["households"].error_messages["required"])
        member, households = data.get("member"), data.get("households")
        if member and households is not None:
            villages = households.order_by().values_list("village_id", flat=True).distinct()
            if any(not member.works_in(village) for village in villages):
                raise forms.ValidationError(OUTSIDE_VILLAGE)
        return data


def members_with_household_counts(user):
    """Active members the user sees, with how many households each is in charge of (K4)."""
    return (
        Member.objects.for_user(user)
        .active()
        .select_related("team")
        .annotate(household_count=Count("households", distinct=True))
        .order_by("team__village__code", "sort_key")
    )


def members_logging_visits(user):
    """The active members `user` may log a support visit for: those of the villages they
    change; a team member only themselves (a visit in another member's name would skew that
    member's K5). The visit form's choices and the team's list it loads
    (households/views/visits.py `visit_members`)."""
    members = Member.objects.for_user(user, write=True).active()
    if not can(user, Capability.CHANGE_OTHERS_VISITS):
        members = members.filter(user=user)
    return members


class SupportVisitForm(forms.ModelForm):
    """A support visit, short enough to fill on a phone in the field."""

    household_query = forms.CharField(
        label=_("Find the household"),
        required=False,
        help_text=_("Type part of the name or address; diacritics are not needed."),
    )
    platforms_now_used = forms.ModelMultipleChoiceField(
        label=_("Platforms the household now uses (optional)"),
        queryset=Platform.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SupportVisit
        fields = [
            "member",
            "date",
            "household",
            "walk_in_name",
            "support_types",
            "method",
            "people_helped",
            "notes",
        ]
        field_classes = {"date": DayMonthYearField}
        widgets = {
            "support_types": forms.CheckboxSelectMultiple,
            "method": forms.RadioSelect,
            "household": forms.RadioSelect,
        }

    SEARCH_LIMIT = 15
    #: Above this many members to choose from (the office of a large commune: 1,156 at four
    #: times the demo's size), the form asks for the team first and lists its members only.
    MEMBERS_AT_ONCE = 150

    member_team = TeamNarrowing(label=_("Team"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        members = members_logging_visits(user).select_related("team")
        # A team member logs visits as themselves: no choice, and what a POST says is ignored.
        as_themselves = not can(user, Capability.CHANGE_OTHERS_VISITS)
        if self.instance.pk:
            members |= Member.objects.filter(pk=self.instance.member_id).select_related("team")
        self.fields["member"] = MemberChoiceField(
            label=_("Member"), queryset=members, disabled=as_themselves
        )
        own = Member.objects.filter(user=user).first()
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
            if own is not None:
                self.fields["member"].initial = own.pk
        self.asks_team = not as_themselves and members.count() > self.MEMBERS_AT_ONCE
        if self.asks_team:
            self._members_of_one_team(members)
        else:
            del self.fields["member_team"]
        # A kind of support no longer in use stays on the visits that gave it.
        given = (
            self.instance.support_types.all() if self.instance.pk else SupportType.objects.none()
        )
        self.fields["support_types"].queryset = SupportType.objects.for_user(user).filter(
            Q(is_active=True) | Q(pk__in=given.values("pk"))
        )
        self.fields["platforms_now_used"].queryset = Platform.objects.for_user(user).filter(
            is_active=True
        )
        self.fields["method"].choices = SupportMethod.choices
        self.fields["method"].initial = SupportMethod.DOOR_TO_DOOR
        self.fields["household"].queryset = Household.objects.for_user(user, write=True)
        self.fields["household"].empty_label = None
        self.fields["household"].required = False
        self.fields["people_helped"].widget.attrs.update(
            {**PEOPLE_HELPED.widget_attrs(), "inputmode": "numeric"}
        )

    def _members_of_one_team(self, members) -> None:
        """The team's list (`member_team`, the commune team first, then the villages' in
        their order) and the member's, of that team only: the team asked for (a POST, or the
        page's script, households/views/visits.py `visit_members`), else the chosen member's
        (the user's own, on a new visit), else none yet. Any member of `members` may still be
        sent (the phone's outbox)."""
        field = self.fields["member_team"]
        field.queryset = Team.objects.filter(pk__in=members.values("team_id")).order_by(
            F("village__code").asc(nulls_first=True), "pk"
        )
        field.label_from_instance = lambda team: team.name
        field.widget.attrs["data-members-url"] = reverse("households:visit_members")
        asked = str(self.data.get("member_team") or "") if self.is_bound else ""
        chosen = self["member"].value()
        team = (
            int(asked)
            if asked.isdigit()
            else members.filter(pk=chosen).values_list("team_id", flat=True).first()
            if str(chosen or "").isdigit()
            else None
        )
        field.initial = team
        self.fields["member"].shown = members.filter(team_id=team) if team else members.none()

    def household_choices(self):
        """Households offered as radio buttons: the search results and the chosen one."""
        query = (self.data.get("household_query") or "") if self.is_bound else ""
        chosen = (
            self.data.get("household")
            if self.is_bound
            else self.instance.household_id or self.initial.get("household")
        )
        base = self.fields["household"].queryset.select_related("village")
        found = (
            list(base.search(query).in_list_order()[: self.SEARCH_LIMIT]) if query.strip() else []
        )
        if chosen and str(chosen).isdigit() and all(str(h.pk) != str(chosen) for h in found):
            found = list(base.filter(pk=chosen)) + found
        return found, str(chosen or "")

    def clean_walk_in_name(self):
        return _tidy(self.cleaned_data["walk_in_name"])

    def clean(self):
        data = super().clean()
        household, walk_in = data.get("household"), data.get("walk_in_name")
        if not household and not walk_in:
            raise forms.ValidationError(
                _("Choose a household of the registry or write the walk-in resident's name.")
            )
        if household and walk_in:
            self.add_error(
                "walk_in_name", _("Leave the walk-in name empty when a household is chosen.")
            )
        member = data.get("member")
        if member and household and not member.works_in(household.village_id):
            self.add_error("household", _("The household is not in the member's village."))
        if data.get("platforms_now_used") and not household:
            self.add_error(
                "platforms_now_used",
                _("Platforms can be recorded only for a household of the registry."),
            )
        if member and _of_another_commune(data.get("support_types"), member.team.commune_id):
            self.add_error("support_types", _("Choose kinds of support of the member's commune."))
        if member and _of_another_commune(data.get("platforms_now_used"), member.team.commune_id):
            self.add_error("platforms_now_used", _("Choose platforms of the member's commune."))
        return data

    def save(self, commit=False):
        """The visit as typed, not saved: households.services.save_visit writes it (with
        the support types and platforms of cleaned_data)."""
        assert not commit, "households.services.save_visit writes a visit"
        visit = super().save(commit=False)
        visit.team = visit.member.team
        if not visit.pk:
            visit.created_by = self.user
        return visit


def _ids(values) -> list[int]:
    """The ids among the values of a multiple choice (what a POST says may be anything)."""
    return [int(v) for v in values or () if str(v).isdigit()]


def households_matching(households, village_ids, query: str, limit: int):
    """(found, more): the households of `households` in the villages `village_ids` whose
    head's name or address contains `query` (diacritics not needed), the first `limit` in
    list order; `more`: whether others match too. Nothing without a query or a village."""
    if not query.strip() or not village_ids:
        return [], False
    found = list(
        households.filter(village_id__in=village_ids)
        .search(query)
        .select_related("village")
        .in_list_order()[: limit + 1]
    )
    return found[:limit], len(found) > limit


class CommunicationForm(forms.ModelForm):
    """A communication activity (hoạt động tuyên truyền): its villages, then either every
    household of them or the households it reached. A commune has hundreds of households:
    the page never lists them all, only those ticked and those found by name or address in
    the chosen villages (`household_choices`); the search works with the "Find" button
    (a POST with `find`, no JavaScript needed) and as you type
    (static/js/communication-households.js)."""

    household_query = forms.CharField(
        label=_("Find the households reached"),
        required=False,
        help_text=_("Type part of the name or address; diacritics are not needed."),
    )

    SEARCH_LIMIT = 20

    class Meta:
        model = CommunicationActivity
        fields = ["date", "channel", "title", "villages", "reaches_all_households", "households"]
        field_classes = {"date": DayMonthYearField}
        widgets = {
            "villages": forms.CheckboxSelectMultiple,
            "households": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        villages = villages_for(user, write=True)
        self.fields["villages"].queryset = villages
        if villages.count() == 1 and not self.instance.pk:
            self.fields["villages"].initial = [villages.first().pk]
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
        # Validates what is ticked; never rendered as one box per household.
        self.fields["households"].queryset = Household.objects.for_user(user, write=True)
        self.fields["households"].help_text = _(
            "Only when it did not reach every household of the villages."
        )

    def chosen_village_ids(self) -> list[int]:
        """The villages whose households the search looks in: those ticked on the form (as
        posted, or the activity's, or a village leader's own)."""
        return _ids(self["villages"].value())

    def household_choices(self):
        """(ticked, found, more): the households ticked, kept whatever their village (so that
        one outside the chosen villages can be unticked), and those of the chosen villages
        matching the search, at most SEARCH_LIMIT, without the ticked ones; `more`: whether
        more match than are shown."""
        households = self.fields["households"].queryset
        ticked_ids = _ids(self["households"].value())
        ticked = (
            list(households.filter(pk__in=ticked_ids).select_related("village").in_list_order())
            if ticked_ids
            else []
        )
        found, more = households_matching(
            households.exclude(pk__in=ticked_ids),
            self.chosen_village_ids(),
            self["household_query"].value() or "",
            self.SEARCH_LIMIT,
        )
        return ticked, found, more

    def clean(self):
        data = super().clean()
        villages, households = data.get("villages"), data.get("households")
        if villages is None:
            return data
        if data.get("reaches_all_households"):
            data["households"] = Household.objects.none()
        elif not households:
            # A form error, not the field's: the field shows nothing when it has no choices.
            self.add_error(
                None,
                _("Choose the households reached, or tick that it reached every household."),
            )
        elif households.exclude(village__in=villages).exists():
            self.add_error("households", _("Some households are not in the chosen villages."))
        return data

    def save(self, commit=False):
        """The activity as typed, not saved: households.services.save_communication writes
        it with its villages and households."""
        assert not commit, "households.services.save_communication writes an activity"
        activity = super().save(commit=False)
        activity.commune = self.cleaned_data["villages"][0].commune
        if not activity.pk:
            activity.created_by = self.user
        return activity


class OcopProductForm(forms.ModelForm):
    class Meta:
        model = OcopProduct
        fields = ["name", "producer", "village", "stars", "listed_on"]
        widgets = {"listed_on": forms.CheckboxSelectMultiple}

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.fields["village"].queryset = commune.villages.all()
        # A platform no longer marked e-commerce stays ticked where the product is listed:
        # leaving it out would delete the listing on the next save.
        listed = self.instance.listed_on.all() if self.instance.pk else Platform.objects.none()
        self.fields["listed_on"].queryset = Platform.objects.of(commune).filter(
            Q(is_ecommerce=True) | Q(pk__in=listed.values("pk"))
        )
        self.fields["stars"].widget.attrs.update(OCOP_STARS.widget_attrs())
        self.helper = submit_helper()


class HouseholdImportForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Village"), queryset=Village.objects.none())
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = villages_for(user, write=True)
        self.fields["village"].queryset = villages
        if villages.count() == 1:
            self.fields["village"].initial = villages.first()
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        self.helper = submit_helper(_("Import"))
        self.helper.form_tag = True
        self.helper.attrs = {
            "enctype": "multipart/form-data",
            "data-busy": _("Checking and importing the file…"),
        }
