from crispy_forms.layout import Submit
from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from binhdan.access import sees_whole_commune, villages_for
from binhdan.dates import DayMonthYearField, HappenedDateField
from binhdan.downloads import XLSX
from binhdan.forms import submit_helper
from binhdan.text import fold
from teams.models import (
    ActivityDay,
    AllowanceRule,
    DigitalSkillArea,
    Member,
    MemberRole,
    Team,
    TeamLevel,
    TrainingSession,
    TrainingTopic,
    Village,
)


class VillageForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ["code", "name", "is_active"]

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.helper = submit_helper()

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class TeamForm(forms.ModelForm):
    """Create or edit a team (office): the commune team or one village's team."""

    class Meta:
        model = Team
        fields = ["level", "village", "name", "founded_on"]
        field_classes = {"founded_on": DayMonthYearField}

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        free = commune.villages.filter(is_active=True, team__isnull=True)
        if self.instance.village_id:
            free = free | commune.villages.filter(pk=self.instance.village_id)
        self.fields["village"].queryset = free
        self.fields["village"].help_text = _("Only for a village team.")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty for “Tổ CNSCĐ” followed by the village.")
        self.helper = submit_helper()

    def clean(self):
        data = super().clean()
        level, village = data.get("level"), data.get("village")
        if level == TeamLevel.VILLAGE and not village:
            self.add_error("village", _("Choose the village of this team."))
        if level == TeamLevel.COMMUNE:
            data["village"] = None
            others = Team.objects.filter(commune=self.instance.commune, level=TeamLevel.COMMUNE)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("level", _("The commune already has its commune team."))
        if not data.get("name"):
            if level == TeamLevel.COMMUNE:
                data["name"] = _("Commune team of %(name)s") % {"name": self.instance.commune.name}
            elif village:
                data["name"] = _("Village team of %(name)s") % {"name": village.name}
        return data


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["full_name", "role", "is_youth_union", "paid_from_budget", "phone", "joined_on"]
        field_classes = {"joined_on": DayMonthYearField}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.team = team
        roles = MemberRole.objects.of(team.commune_id).filter(is_active=True)
        if self.instance.role_id:
            roles = roles | MemberRole.objects.filter(pk=self.instance.role_id)
        self.fields["role"].queryset = roles.distinct()
        self.helper = submit_helper()

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class DeactivateMemberForm(forms.Form):
    left_on = HappenedDateField(label=_("Leaving date"))

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.helper = submit_helper(_("Yes, the member leaves the team"))
        self.helper.add_input(Submit("cancel", _("Cancel"), css_class="btn-secondary"))

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if self.member.joined_on and left_on < self.member.joined_on:
            raise forms.ValidationError(_("The leaving date is before the joining date."))
        return left_on


class DigitalSkillAreaForm(forms.ModelForm):
    """An area of the basic digital skills framework, and the training topics that teach it."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Training topics that teach it"),
        queryset=TrainingTopic.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DigitalSkillArea
        fields = ["number", "name", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["topics"].initial = list(self.instance.topics.values_list("pk", flat=True))
        self.helper = submit_helper()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        same = DigitalSkillArea.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("An area with this name already exists."))
        return name


class MemberRoleForm(forms.ModelForm):
    """A role of `commune`'s catalogue (the role's own commune when it is changed)."""

    class Meta:
        model = MemberRole
        fields = ["name", "required_in_village_team", "sort_order", "is_active"]

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.commune = commune
        self.helper = submit_helper()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        catalogue = MemberRole.objects.of(self.instance.commune_id)
        same = catalogue.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("A role with this name already exists."))
        return name

    def save(self, commit=True):
        role = super().save(commit=False)
        if not role.code:
            base = slugify(fold(role.name))[:34] or "vai-tro"
            code, n = base, 1
            while MemberRole.objects.of(role.commune_id).filter(code=code).exists():
                n += 1
                code = f"{base}-{n}"
            role.code = code
        if commit:
            role.save()
        return role


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.full_name} · {member.team.name}"


class TopicChoiceField(forms.ModelMultipleChoiceField):
    """Training topics, each with the areas of the basic digital skills framework
    (757/QĐ-BKHCN) it teaches (the queryset prefetches them)."""

    def label_from_instance(self, topic):
        areas = ", ".join(str(area.number) for area in topic.skill_areas.all())
        if not areas:
            return str(topic)
        return _("%(topic)s (digital skills areas %(areas)s)") % {"topic": topic, "areas": areas}


class TrainingSessionForm(forms.ModelForm):
    """A training session: its team (empty = commune-wide, office only), topics, attendance."""

    attendees = MemberChoiceField(
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Attendance"),
    )

    class Meta:
        model = TrainingSession
        fields = ["team", "date", "place", "organiser", "topics", "attendees", "notes"]
        field_classes = {"date": DayMonthYearField, "topics": TopicChoiceField}
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, teams, commune, allow_commune_wide, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.fields["team"].queryset = teams
        self.fields["team"].required = not allow_commune_wide
        if not allow_commune_wide:
            self.fields["team"].help_text = ""
        self.fields["team"].empty_label = (
            _("Commune-wide (all teams)") if allow_commune_wide else None
        )
        self.fields["topics"].queryset = TrainingTopic.objects.filter(
            is_active=True
        ).prefetch_related("skill_areas")
        members = Member.objects.active().filter(team__in=teams)
        if self.instance.pk:  # keep who attended even if they have left since
            members = members | self.instance.attendees.all()
        self.fields["attendees"].queryset = (
            members.distinct().select_related("team").order_by("team__village__code", "sort_key")
        )
        self.helper = submit_helper()

    def clean(self):
        data = super().clean()
        team = data.get("team")
        if team:
            outsiders = [m.full_name for m in data.get("attendees", []) if m.team_id != team.pk]
            if outsiders:
                self.add_error(
                    "attendees",
                    _("Not members of %(team)s: %(names)s. Choose the commune-wide session.")
                    % {"team": team.name, "names": ", ".join(outsiders)},
                )
        return data


class AttendeeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return member.full_name


class ActivityDayForm(forms.ModelForm):
    """An activity day and who of the team attended it (for the allowances): the team's
    members active on the day, all ticked for a new day."""

    attendees = AttendeeField(
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Attendance"),
    )

    class Meta:
        model = ActivityDay
        fields = ["date", "hours", "description", "attendees"]
        field_classes = {"date": DayMonthYearField}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.team = team
        self.fields["hours"].widget.attrs.update({"step": "0.5", "min": "0.5", "max": "24"})
        on = self.instance.date if self.instance.pk else timezone.localdate()
        members = Member.objects.active(on).filter(team=team)
        if self.instance.pk:  # keep who attended even if they have left since
            members = members | self.instance.attendees.all()
        else:
            self.initial.setdefault("attendees", list(members.values_list("pk", flat=True)))
        self.fields["attendees"].queryset = members.distinct().order_by("-is_leader", "sort_key")
        self.helper = submit_helper()

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and not (0 < hours <= 24):
            raise forms.ValidationError(_("Hours must be more than 0 and at most 24."))
        return hours

    def clean_date(self):
        day = self.cleaned_data["date"]
        same = ActivityDay.objects.filter(team=self.instance.team, date=day)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This team already has an activity day on that date; edit it instead.")
            )
        return day

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if day:
            absent = [
                m.full_name
                for m in data.get("attendees", [])
                if (m.joined_on and m.joined_on > day) or (m.left_on and m.left_on <= day)
            ]
            if absent:
                self.add_error(
                    "attendees",
                    _("Not in the team on that date: %(names)s.") % {"names": ", ".join(absent)},
                )
        return data


class MemberImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = f".xlsx,{XLSX}"
        self.helper = submit_helper(_("Check and import"))
        self.helper.attrs = {"data-busy": _("Checking and importing the file…")}


class MemberFilterForm(forms.Form):
    """The member list's search and filters (GET); every field optional."""

    COMMUNE_TEAM = "xa"

    q = forms.CharField(required=False, label=_("Search"))
    village = forms.ChoiceField(required=False, label=_("Village"))
    role = forms.ModelChoiceField(
        queryset=MemberRole.objects.none(), required=False, label=_("Role"), empty_label=None
    )
    trained = forms.ChoiceField(
        required=False,
        label=_("Training"),
        choices=[("", _("Trained or not")), ("yes", _("Trained")), ("no", _("Not trained yet"))],
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Active")), ("left", _("Left the team")), ("all", _("All"))],
    )

    def __init__(self, *args, villages, show_commune_team, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles
        choices = [("", _("All villages"))]
        if show_commune_team:
            choices.append((self.COMMUNE_TEAM, _("Commune team")))
        choices += [(str(v.pk), v.name) for v in villages]
        self.fields["village"].choices = choices
        self.fields["role"].empty_label = _("All roles")

    def filter(self, members):
        from django.utils import timezone

        if not self.is_valid():
            return members.active()
        data = self.cleaned_data
        members = members.search(data["q"])
        if data["village"] == self.COMMUNE_TEAM:
            members = members.filter(team__level=TeamLevel.COMMUNE)
        elif data["village"]:
            members = members.filter(team__village_id=data["village"])
        if data["role"]:
            members = members.filter(role=data["role"])
        if data["trained"]:
            members = members.with_trained().filter(is_trained=data["trained"] == "yes")
        if data["status"] == "left":
            members = members.filter(left_on__lte=timezone.localdate())
        elif data["status"] != "all":
            members = members.active()
        return members


def filtered_members(user, params):
    """(form, members): the members of the user's scope the member list's search and filters
    (`params`, its query string) keep, with their trainings counted, in the list's order."""
    form = MemberFilterForm(
        params or None,
        villages=villages_for(user),
        show_commune_team=sees_whole_commune(user),
        roles=MemberRole.objects.for_user(user),
    )
    members = (
        Member.objects.for_user(user)
        .select_related("team__village", "role")
        .annotate(trainings_attended=Count("trainings", distinct=True))
        .order_by("team__level", "team__village__code", "-is_leader", "sort_key", "pk")
    )
    return form, form.filter(members)


class AllowanceRuleForm(forms.ModelForm):
    """The commune's allowance rule as its resolution writes it (office)."""

    class Meta:
        model = AllowanceRule
        fields = [
            "resolution",
            "valid_from",
            "per_team_month",
            "per_person_day",
            "per_person_month",
            "person_month_needs_a_day",
            "max_days_per_person_month",
            "max_per_person_month",
            "max_per_team_month",
            "exclude_budget_paid",
            "excluded_roles",
            "notes",
        ]
        field_classes = {"valid_from": DayMonthYearField}
        widgets = {
            "excluded_roles": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.commune = commune
        self.fields["excluded_roles"].queryset = MemberRole.objects.of(
            self.instance.commune_id
        ).filter(is_active=True)
        for name in ("per_team_month", "per_person_day", "per_person_month"):
            self.fields[name].widget.attrs.update({"step": "1000", "inputmode": "numeric"})
        self.helper = submit_helper()

    def clean_valid_from(self):
        day = self.cleaned_data["valid_from"]
        same = AllowanceRule.objects.filter(commune=self.instance.commune, valid_from=day)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The commune already has a rule valid from that date."))
        return day
