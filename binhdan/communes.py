"""Opening a commune on the portal: the commune and the catalogues it starts with.

Every commune keeps its own role catalogue (teams), digital platforms and kinds of support
(households), seeded from the defaults of `teams.catalogues` and `households.catalogues` and
edited by its office afterwards. This is how a commune is created, wherever it is created
(the admin, the demo, the synthetic data of the benchmark, the tests' factory).
"""

from django.db import transaction

from households import catalogues as household_catalogues
from teams import catalogues as team_catalogues
from teams.models import Commune, Province, province_code


def province_of(name: str) -> Province:
    """The province called `name`, made if it is not there yet (code from its letters)."""
    name = " ".join(name.split())
    return Province.objects.get_or_create(name=name, defaults={"code": province_code(name)})[0]


def open_commune(commune: Commune, by=None) -> Commune:
    """Save `commune` (new or changed) and give it the default catalogue entries it lacks."""
    with transaction.atomic():
        commune.save()
        team_catalogues.seed(commune)
        household_catalogues.seed(commune)
    return commune
