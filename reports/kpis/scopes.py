"""What a KPI is computed for: the commune as a whole, the commune team, or one village team.

`scope_for(user, ...)` is the only way a page picks a scope; it goes through
binhdan/access.py, so a village leader asking for another village gets a 404.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from binhdan.access import communes_for, sees_whole_commune, villages_for
from teams.models import Commune, Village


class ScopeKind(StrEnum):
    COMMUNE = "commune"
    COMMUNE_TEAM = "commune_team"
    VILLAGE = "village"


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    commune: Commune
    village: Village | None = None

    @classmethod
    def whole_commune(cls, commune: Commune) -> "Scope":
        return cls(ScopeKind.COMMUNE, commune)

    @classmethod
    def commune_team(cls, commune: Commune) -> "Scope":
        return cls(ScopeKind.COMMUNE_TEAM, commune)

    @classmethod
    def of_village(cls, village: Village) -> "Scope":
        return cls(ScopeKind.VILLAGE, village.commune, village)

    @property
    def label(self) -> str:
        if self.kind == ScopeKind.VILLAGE:
            return _("Team of %(village)s") % {"village": self.village.name}
        if self.kind == ScopeKind.COMMUNE_TEAM:
            return _("Commune team of %(commune)s") % {"commune": self.commune.name}
        return _("Commune %(name)s") % {"name": self.commune.name}


def scope_for(user, *, village_pk: int | None = None, commune_team: bool = False) -> Scope | None:
    """The scope a user asks for, within what they may see (404 outside it).

    Without a village, office staff, leadership and police get their commune (or its
    team); a village leader or member gets their own village. None: the account has no
    commune or village yet (the page shows an empty state).
    """
    if village_pk is not None:
        village = get_object_or_404(
            villages_for(user).select_related("commune__province"), pk=village_pk
        )
        return Scope.of_village(village)
    if sees_whole_commune(user):
        commune = communes_for(user).select_related("province").order_by("pk").first()
        if commune is None:
            return None
        return Scope.commune_team(commune) if commune_team else Scope.whole_commune(commune)
    if commune_team:
        raise Http404
    village = villages_for(user).select_related("commune__province").order_by("pk").first()
    return Scope.of_village(village) if village else None
