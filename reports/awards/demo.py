"""Demo emulation nominations (thi đua) for 2026, the plan's year (LAST_PLAN_YEAR), whose
data the demo holds: one per title, from the demo's suggestions.

Idempotent: a commune that already has nominations for the year is left as it is.
"""

from django.utils import timezone

from binhdan.quarters import LAST_PLAN_YEAR
from reports.awards import nominations
from reports.awards.yearreview import review
from reports.kpis.scopes import Scope
from reports.models import Award, Nomination
from teams.models import User


def seed(commune) -> None:
    if Nomination.objects.filter(commune=commune, year=LAST_PLAN_YEAR).exists():
        return
    office = User.objects.filter(commune=commune, role="office").order_by("pk").first()
    result = review(Scope.whole_commune(commune), LAST_PLAN_YEAR, timezone.localdate())
    suggestions = nominations.suggest(result)
    fields = {"to": "team_id", "ho": "household_id", "thon": "village_id", "ten": "resident_name"}
    for index, category in enumerate(Award.values):
        candidates = suggestions.get(category) or []
        if not candidates:
            continue
        prefill = candidates[0].prefill
        nomination = Nomination(
            commune=commune,
            year=LAST_PLAN_YEAR,
            category=category,
            reason=prefill["ly-do"],
            created_by=office,
            **{field: prefill[key] for key, field in fields.items() if prefill.get(key)},
        )
        nomination.full_clean()
        nomination.save()
        if index == 0:
            nomination.submit(office)
    # One proposal the office changed its mind about: shows the "withdrawn" state.
    second = (suggestions.get(Award.ELECTRONIC_AREA) or [])[1:2]
    for candidate in second:
        withdrawn = Nomination(
            commune=commune,
            year=LAST_PLAN_YEAR,
            category=Award.ELECTRONIC_AREA,
            village_id=candidate.prefill["thon"],
            reason=candidate.prefill["ly-do"],
            created_by=office,
        )
        withdrawn.full_clean()
        withdrawn.save()
        withdrawn.withdraw(office)
