"""Fixtures shared by the whole suite.

`world` is a small commune with two villages and one user of every role, all in village A
(or commune-wide); the access table and most view tests start from it.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client
from django.utils import timezone, translation

from binhdan.middleware import refresh_session
from reports.kpis import tallyguard
from teams.models import Commune, Role, User, Village
from tests.factories import CommuneFactory, UserFactory, VillageFactory


@dataclass
class World:
    commune: Commune
    village_a: Village
    village_b: Village
    other_commune_village: Village
    users: dict[str, User]


@pytest.fixture
def world(db) -> World:
    commune = CommuneFactory(code="LIENMINH", name="Liên Minh")
    village_a = VillageFactory(commune=commune, code="LM01", name="Thôn Đông")
    village_b = VillageFactory(commune=commune, code="LM02", name="Thôn Đoài")
    elsewhere = VillageFactory(code="KH01", name="Thôn Khác")
    users = {
        "office": UserFactory(username="vanphong", role=Role.OFFICE, commune=commune),
        "leader": UserFactory(username="totruong", role=Role.LEADER, village=village_a),
        "member": UserFactory(username="tovien", role=Role.MEMBER, village=village_a),
        "leadership": UserFactory(username="lanhdao", role=Role.LEADERSHIP, commune=commune),
        "police": UserFactory(username="congan", role=Role.POLICE, commune=commune),
        # The Department of Science and Technology of the commune's province.
        "department": UserFactory(
            username="soKHCN", role=Role.DEPARTMENT, commune=None, province=commune.province
        ),
    }
    return World(commune, village_a, village_b, elsewhere, users)


@pytest.fixture
def client_for(world):
    """client_for("leader") gives a test client logged in as that role of `world`."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            logged_in(client, world.users[role])
        return client

    return make


def logged_in(client: Client, user) -> Client:
    """`client` logged in as `user`, its session as a log-in through the form leaves it (the
    time of its last write kept, binhdan.middleware.refresh_session), so that the first page
    requested writes no session: the queries counted are the page's own."""
    client.force_login(user)
    session = client.session
    refresh_session(session)
    session.save()
    return client


@pytest.fixture(autouse=True)
def _tallies_refreshed():
    """Fail a test that wrote rows the tallies count without refreshing them: test
    transactions never commit, so the guard's check at commit would never run
    (reports/kpis/tallyguard.py). Write through a service, a factory, or call tallies.refresh."""
    yield
    left = set()
    for connection in connections.all(initialized_only=True):
        left |= tallyguard.pending(connection)
        tallyguard.clear(connection.alias)
    if left:
        pytest.fail(tallyguard.message(left), pytrace=False)


def _asks_for_the_replica(item) -> bool:
    marker = item.get_closest_marker("django_db")
    databases = marker.kwargs.get("databases") if marker else None
    return databases == "__all__" or "replica" in (databases or ())


@pytest.fixture(autouse=True)
def _replica_only_when_asked(request):
    """With DATABASE_REPLICA_URL set, the "replica" alias mirrors the test database, but on a
    connection of its own: outside the test's transaction it sees nothing the test wrote, and
    Django refuses its queries in a test that did not list it. So a test reads from it only
    when it asks, with django_db(databases=["default", "replica"], transaction=True)
    (tests/test_replicas.py); in every other the router is off and all reads go to the
    primary. The middleware stays, and pins browsers as in production. A test that read
    from it closes its connection after it, so that the test database can be dropped at the
    end of the run."""
    if "replica" not in django_settings.DATABASES:
        yield
        return
    if not _asks_for_the_replica(request.node):
        request.getfixturevalue("settings").DATABASE_ROUTERS = []
        yield
        return
    yield
    connections["replica"].close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    # A request in English (the language switch) leaves English active in the thread after
    # it; the next test's messages are expected in the default language, Vietnamese.
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def _export_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("exports")


@pytest.fixture(autouse=True)
def _exports_in_a_temporary_folder(settings, _export_folder):
    # Files of export jobs (binhdan/jobs.py) go to the session's folder, never the checkout.
    settings.EXPORT_DIR = _export_folder
    # ...and so do the reports' signed copies (reports/reporting/signed.py).
    settings.SIGNED_COPY_DIR = _export_folder / "signed"


@pytest.fixture
def today_is(monkeypatch):
    """today_is(date): from then on the portal's today (timezone.localdate()) is `date`."""
    real = timezone.localdate

    def set_today(day):
        def localdate(*args, **kwargs):
            return real(*args, **kwargs) if args or kwargs else day

        monkeypatch.setattr(timezone, "localdate", localdate)

    return set_today
