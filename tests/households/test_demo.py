"""The demo data of the field side: idempotent, realistic, and with mixed KPIs."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from binhdan.quarters import Quarter
from households.models import CommunicationActivity, Household, OcopProduct, SupportVisit
from reports.kpis import tallies
from reports.kpis.queries import compute_kpis
from reports.kpis.scopes import Scope
from teams.models import Commune, Village


@pytest.mark.django_db
def test_seed_gives_every_village_households_and_mixed_kpis_and_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    counts = (Household.objects.count(), SupportVisit.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Household.objects.count(), SupportVisit.objects.count()) == counts

    # Liên Minh's villages (its two neighbouring communes in the demo have villages only).
    villages = Village.objects.filter(commune__code="LIENMINH").annotate(
        households_n=Count("households", distinct=True),
        adopted=Count(
            "households", filter=Q(households__platforms__is_essential=True), distinct=True
        ),
        q1_visits=Count(
            "team__visits",
            filter=Q(team__visits__date__year=2026, team__visits__date__quarter=1),
            distinct=True,
        ),
    )
    assert all(40 <= v.households_n <= 80 for v in villages)
    visits_met = {v.code for v in villages if v.q1_visits >= 50}
    adoption_met = {v.code for v in villages if v.adopted >= 0.8 * v.households_n}
    assert 0 < len(visits_met) < len(villages)
    assert 0 < len(adoption_met) < len(villages)
    assert CommunicationActivity.objects.exists()
    assert OcopProduct.objects.filter(name="Chè Tân Cương").exists()
    assert Household.history.filter(history_type="+").count() == Household.objects.count()
    # Entered when the teams were founded: the past quarters' K4 counts who was in charge.
    q1_k4 = compute_kpis(
        Scope.whole_commune(Commune.objects.get(code="LIENMINH")), Quarter(2026, 1)
    )["K4"]
    assert q1_k4.details["numerator"] > 0
    assert tallies.differences() == []  # written in bulk, then recounted once
