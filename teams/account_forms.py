"""Forms of the Accounts page (tài khoản): a new account, the list's search and filters; and
the password change form."""

import re

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from binhdan.forms import submit_helper
from binhdan.text import fold
from teams.models import VILLAGE_ROLES, Member, Role, User, Village

USERNAME = re.compile(r"^[a-z0-9._-]+$")


class AccountForm(forms.ModelForm):
    """A new log-in account of the office's commune; its password is a temporary one the
    portal makes (teams.accounts.create_account)."""

    member = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        required=False,
        label=_("Team member"),
        help_text=_(
            "Optional: the team member who will use this account, from the chosen village's "
            "team (or the commune team)."
        ),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "commune", "village"]

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        if len(communes) == 1:
            del self.fields["commune"]
            self.instance.commune = communes[0]
        else:  # a superuser, who sees every commune
            self.fields["commune"].queryset = communes
            self.fields["commune"].required = True
        fields = self.fields
        fields["username"].help_text = _(
            "Letters without diacritics, digits, “.”, “_” or “-”, for example totruong03."
        )
        fields["full_name"].help_text = _("Leave empty to take the chosen team member's name.")
        fields["role"].required = True
        # A commune's office makes its commune's accounts, not the Department's (the admin).
        fields["role"].choices = [
            ("", _("Choose a role")),
            *[(value, label) for value, label in Role.choices if value != Role.DEPARTMENT],
        ]
        fields["village"].queryset = Village.objects.filter(
            commune__in=communes, is_active=True
        ).order_by("code")
        fields["village"].help_text = _("Only for a village team leader or member.")
        fields["member"].queryset = (
            Member.objects.active()
            .filter(user__isnull=True, team__commune__in=communes)
            .select_related("team")
            .order_by("team__level", "team__village__code", "sort_key")
        )
        fields["member"].label_from_instance = lambda m: f"{m.full_name} · {m.team.name}"
        self.helper = submit_helper(_("Create the account"))

    def clean_username(self):
        username = self.cleaned_data["username"].strip().lower()
        if not USERNAME.match(username):
            raise forms.ValidationError(
                _("Use only letters without diacritics, digits, “.”, “_” or “-”.")
            )
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken: choose another one."))
        return username

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean(self):
        data = super().clean()
        role, village, member = data.get("role"), data.get("village"), data.get("member")
        if member is not None and role:
            if role in VILLAGE_ROLES and (village is None or member.team.village_id != village.pk):
                self.add_error("member", _("Choose a member of the chosen village's team."))
            elif role not in VILLAGE_ROLES and not member.team.is_commune_team:
                self.add_error("member", _("Choose a member of the commune team, or nobody."))
        if not data.get("full_name"):
            if member is not None:
                data["full_name"] = member.full_name
            elif "full_name" not in self.errors:
                self.add_error(
                    "full_name", _("Type the person's full name, or choose their team member.")
                )
        return data


class AccountFilterForm(forms.Form):
    """The account list's search and filters (GET); every field optional."""

    ACTIVE, LOCKED, TEMPORARY, INACTIVE, ALL = "", "locked", "temporary", "inactive", "all"

    q = forms.CharField(required=False, label=_("Search"))
    role = forms.ChoiceField(
        required=False, label=_("Role"), choices=[("", _("All roles")), *Role.choices]
    )
    village = forms.ChoiceField(required=False, label=_("Village"))
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[
            (ACTIVE, _("Accounts in use")),
            (LOCKED, _("Locked")),
            (TEMPORARY, _("Temporary password")),
            (INACTIVE, _("Deactivated")),
            (ALL, _("All")),
        ],
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        villages = list(villages)
        if len(villages) > 1:
            choices = [("", _("All villages")), *((str(v.pk), v.name) for v in villages)]
            self.fields["village"].choices = choices
        else:  # a village leader: their own village only
            del self.fields["village"]

    def filter(self, accounts):
        if not self.is_valid():
            return accounts.filter(is_active=True)
        data = self.cleaned_data
        if data["q"]:
            accounts = accounts.filter(pk__in=self._matching(accounts, data["q"]))
        if data["role"]:
            accounts = accounts.filter(role=data["role"])
        if data.get("village"):
            accounts = accounts.filter(village_id=data["village"])
        status = data["status"]
        if status == self.LOCKED:
            return accounts.filter(is_locked=True)
        if status == self.TEMPORARY:
            return accounts.filter(must_change_password=True, is_active=True)
        if status == self.INACTIVE:
            return accounts.filter(is_active=False)
        if status == self.ALL:
            return accounts
        return accounts.filter(is_active=True)

    @staticmethod
    def _matching(accounts, query) -> list[int]:
        """Accounts whose user name or full name holds `query`, diacritics ignored ("huong"
        finds "Nguyễn Thị Hương"). A commune has tens of accounts: folded here, one query."""
        needle = fold(query)
        names = accounts.values_list("pk", "username", "full_name")
        return [pk for pk, username, name in names if needle in fold(f"{username} {name}")]


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's password change form; the new password must differ from the current one (a
    temporary password given by the office is replaced, not kept)."""

    def clean(self):
        data = super().clean()
        new = data.get("new_password2")
        if new and "new_password2" not in self.errors and new == data.get("old_password"):
            self.add_error("new_password2", _("Choose a password different from the current one."))
        return data
