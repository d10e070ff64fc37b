"""Communes, villages and the portal's users with their access role."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from binhdan.text import fold

code_validator = RegexValidator(
    r"^[A-Z0-9_-]{2,20}$",
    _("Use 2 to 20 capital letters, digits, '-' or '_' (for example LM01)."),
)


class Commune(models.Model):
    """A commune (xã): the unit that runs the plan and reports to the province."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: Liên Minh"))
    province = models.CharField(_("province"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return _("Commune %(name)s") % {"name": self.name}


class VillageQuerySet(models.QuerySet):
    def search(self, query: str):
        folded = fold(query)
        if not folded:
            return self
        return self.filter(models.Q(search_text__contains=folded) | models.Q(code__icontains=query))


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
    """What a user of the portal may do; scoping follows from it (binhdan/access.py)."""

    OFFICE = "office", _("Commune office staff")
    LEADER = "leader", _("Village team leader")
    MEMBER = "member", _("Team member")
    LEADERSHIP = "leadership", _("Commune leadership")
    POLICE = "police", _("Commune police")


VILLAGE_ROLES = {Role.LEADER, Role.MEMBER}


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

    objects = UserManager()

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
