"""Reads from a streaming replica (binhdan/replicas.py, deploy/replica.md).

The router's decisions first, without a database: which view, which method, after a write,
the pin cookie, a replica that does not answer. Then, when the test run has the "replica"
alias (DATABASE_REPLICA_URL set to DATABASE_URL's value: the alias then mirrors the test
database), real requests through the test client, with the SQL each connection ran.

The mirror is a second connection to the test database. Inside a test's transaction it sees
nothing the test wrote (PostgreSQL; SQLite's shared in-memory database refuses the write
instead), so the tests that read through it commit: django_db(transaction=True).
"""

import datetime
import logging
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from binhdan import replicas
from binhdan.models import DataAccessLog
from binhdan.replicas import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter, reads_from_replica
from households.models import Household
from teams.models import Province
from tests.factories import HouseholdFactory, MemberFactory, SupportVisitFactory, TeamFactory
from tests.test_access import ACCESS_TABLE

SETTINGS = Path(__file__).resolve().parent.parent / "binhdan" / "settings.py"
router = ReplicaRouter()


@pytest.fixture
def replica_answers(monkeypatch):
    """The replica answers (no database is touched: the router's decisions alone)."""
    monkeypatch.setattr(replicas, "_replica_connects", lambda: True)


def answer(request, view):
    """`request` through the middleware to `view`: (where each read went, the response)."""
    reads = []
    response = ReplicaMiddleware(lambda request: view(request, reads))(request)
    return reads, response


def primary_runs(sql):
    """The statement reaches the primary's connection (its execute wrappers; no database)."""
    connections["default"].execute_wrappers[-1](lambda *args: None, sql, None, False, {})


@reads_from_replica
def marked_view(request, reads):
    reads.append(router.db_for_read(Household))
    return HttpResponse("ok")


def unmarked_view(request, reads):
    reads.append(router.db_for_read(Household))
    return HttpResponse("ok")


@reads_from_replica
def marked_view_that_writes(request, reads):
    reads.append(router.db_for_read(Household))
    reads.append(router.db_for_write(DataAccessLog))
    primary_runs('INSERT INTO "binhdan_dataaccesslog" ("what") VALUES (%s)')
    reads.append(router.db_for_read(Household))
    return HttpResponse("ok")


# --- The router's decisions -------------------------------------------------------------------


def test_a_marked_views_get_and_head_read_from_the_replica(replica_answers):
    for method in ("get", "head"):
        reads, response = answer(getattr(RequestFactory(), method)("/"), marked_view)
        assert reads == ["replica"]
        assert PIN_COOKIE not in response.cookies  # it wrote nothing


def test_an_unmarked_view_reads_from_the_primary(replica_answers):
    assert answer(RequestFactory().get("/"), unmarked_view)[0] == ["default"]


def test_a_post_to_a_marked_view_reads_from_the_primary_and_pins_the_browser(
    replica_answers, settings
):
    settings.REPLICA_PIN_SECONDS = 5
    reads, response = answer(RequestFactory().post("/"), marked_view)
    assert reads == ["default"]
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 5 and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_after_a_write_the_rest_of_the_request_reads_from_the_primary_and_pins(replica_answers):
    reads, response = answer(RequestFactory().get("/"), marked_view_that_writes)
    assert reads == ["replica", "default", "default"]
    assert PIN_COOKIE in response.cookies


def test_an_unsaved_object_given_a_related_one_is_not_a_write(replica_answers):
    # Django asks db_for_write for QuarterlyReport(commune=...), the draft the dashboard
    # builds for a report nobody has written: the statements decide, not that question.
    @reads_from_replica
    def view(request, reads):
        router.db_for_write(Household)
        primary_runs('SELECT "households_household"."id" FROM "households_household"')
        reads.append(router.db_for_read(Household))
        return HttpResponse("ok")

    reads, response = answer(RequestFactory().get("/"), view)
    assert reads == ["replica"] and PIN_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "sql, wrote",
    [
        ('INSERT INTO "teams_member" ("full_name") VALUES (%s)', True),
        ('  update "households_household" SET "phone" = %s', True),
        ('DELETE FROM "django_session" WHERE "expire_date" < %s', True),
        ('SELECT "id" FROM "reports_quarterlyreport" WHERE "id" = %s FOR UPDATE', True),
        ('SELECT "id" FROM "binhdan_exportjob" FOR NO KEY UPDATE SKIP LOCKED', True),
        ('SELECT "updated_at" FROM "binhdan_exportjob" WHERE "id" = %s', False),
        ('SAVEPOINT "s140_x1"', False),
    ],
)
def test_what_counts_as_a_write(sql, wrote):
    assert replicas.writes(sql) is wrote


def test_a_pinned_browser_reads_from_the_primary_until_the_pin_runs_out(
    replica_answers, monkeypatch
):
    monkeypatch.setattr(replicas.time, "time", lambda: 1_000_000.0)
    request = RequestFactory().get("/")
    request.COOKIES[PIN_COOKIE] = "1000005"
    assert answer(request, marked_view)[0] == ["default"]
    monkeypatch.setattr(replicas.time, "time", lambda: 1_000_006.0)
    assert answer(request, marked_view)[0] == ["replica"]
    request.COOKIES[PIN_COOKIE] = "not a time"
    assert answer(request, marked_view)[0] == ["replica"]


def test_the_pin_lasts_replica_pin_seconds(replica_answers, monkeypatch, settings):
    monkeypatch.setattr(replicas.time, "time", lambda: 1_000_000.0)
    settings.REPLICA_PIN_SECONDS = 12
    assert answer(RequestFactory().post("/"), marked_view)[1].cookies[PIN_COOKIE].value == (
        "1000012"
    )
    settings.REPLICA_PIN_SECONDS = 0
    assert PIN_COOKIE not in answer(RequestFactory().post("/"), marked_view)[1].cookies


def test_outside_a_request_everything_reads_from_the_primary(replica_answers):
    # Management commands, the export worker (run_jobs), the shell: no middleware ran.
    reads = []
    assert marked_view(RequestFactory().get("/"), reads).status_code == 200
    assert reads == ["default"]


def test_writes_relations_and_migrations_belong_to_the_primary(replica_answers):
    assert answer(RequestFactory().get("/"), marked_view_that_writes)[0][1] == "default"
    read_there, read_here = Household(), Household()
    read_there._state.db, read_here._state.db = "replica", "default"
    assert router.allow_relation(read_there, read_here) is True
    assert router.allow_migrate("default", "households") is True
    assert router.allow_migrate("replica", "households") is False


class DeadReplica:
    """A replica connection whose server is down."""

    def __init__(self):
        self.tries = 0

    def close_if_health_check_failed(self):
        pass

    def ensure_connection(self):
        self.tries += 1
        raise OperationalError('connection to server at "10.0.0.2", port 5432 failed')


def test_a_replica_that_does_not_answer_sends_reads_to_the_primary_then_is_tried_again(
    monkeypatch, caplog
):
    dead = DeadReplica()
    monkeypatch.setattr(replicas, "connections", {"replica": dead, "default": connection})
    monkeypatch.setattr(replicas, "_replica_down_until", 0.0)
    now = [100.0]
    monkeypatch.setattr(replicas.time, "monotonic", lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="binhdan.replicas"):
        assert answer(RequestFactory().get("/"), marked_view)[0] == ["default"]
    assert "replica database does not answer" in caplog.text
    assert dead.tries == 1
    now[0] += replicas.REPLICA_RETRY_SECONDS - 1
    assert answer(RequestFactory().get("/"), marked_view)[0] == ["default"]
    assert dead.tries == 1  # no wait for a dead server on every page
    now[0] += 2
    answer(RequestFactory().get("/"), marked_view)
    assert dead.tries == 2


def test_without_a_replica_url_there_is_no_replica_router_or_middleware(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    plain = runpy.run_path(str(SETTINGS))
    assert list(plain["DATABASES"]) == ["default"]
    assert "DATABASE_ROUTERS" not in plain
    assert "binhdan.replicas.ReplicaMiddleware" not in plain["MIDDLEWARE"]

    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://binhdan@10.0.0.2:5432/binhdan")
    with_replica = runpy.run_path(str(SETTINGS))
    replica = with_replica["DATABASES"]["replica"]
    assert replica["HOST"] == "10.0.0.2" and replica["TEST"] == {"MIRROR": "default"}
    assert replica["CONN_MAX_AGE"] == with_replica["DATABASES"]["default"]["CONN_MAX_AGE"]
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert with_replica["DATABASE_ROUTERS"] == ["binhdan.replicas.ReplicaRouter"]
    middleware = with_replica["MIDDLEWARE"]
    sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert middleware[sessions + 1] == "binhdan.replicas.ReplicaMiddleware"


# --- Through the test database's mirror --------------------------------------------------------

needs_replica = pytest.mark.skipif(
    "replica" not in settings.DATABASES,
    reason="no replica alias: run with DATABASE_REPLICA_URL set to DATABASE_URL's value "
    "(sqlite:///db.sqlite3 without DATABASE_URL); the alias then mirrors the test database",
)
#: The mirror sees committed rows only: these tests commit (and are flushed after).
committed_and_mirrored = pytest.mark.django_db(databases=["default", "replica"], transaction=True)


@needs_replica
@pytest.mark.django_db(databases=["default", "replica"])
def test_inside_a_test_transaction_the_mirror_sees_nothing_the_test_wrote():
    """Why the tests below commit: Django opens a transaction on each alias a test lists,
    the mirror's on a connection of its own."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory database locks the table instead of hiding it")
    Province.objects.create(code="TN", name="Thái Nguyên")
    assert Province.objects.using("default").filter(code="TN").exists()
    assert not Province.objects.using("replica").filter(code="TN").exists()


@pytest.fixture
def leader_with_visits(world):
    team = TeamFactory(village=world.village_a)
    leader = MemberFactory(team=team, full_name="Nguyễn Văn Hùng", is_leader=True)
    SupportVisitFactory.create_batch(3, member=leader, date=datetime.date(2026, 2, 1))


def run(client, method, url, data=None):
    """The response, and the SQL that the replica and the primary each ran for it."""
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = getattr(client, method)(url, data)

    def sql(captured):
        return "\n".join(query["sql"] for query in captured.captured_queries)

    return response, sql(replica), sql(primary)


DASHBOARD_Q1 = "/?quy=2026Q1"


def k5_card(response) -> str:
    return response.content.decode().split('data-kpi="K5"')[1].split("data-kpi=")[0]


@needs_replica
@committed_and_mirrored
def test_the_dashboard_reads_its_figures_through_the_replica(client_for, leader_with_visits):
    response, replica, primary = run(client_for("leader"), "get", DASHBOARD_Q1)
    assert 'kpi-value">3</span>' in k5_card(response)
    assert '"reports_teamtally"' in replica and '"teams_member"' in replica
    # The primary: the session and the user, read before the view; the session saved after.
    assert '"django_session"' in primary and '"teams_user"' in primary
    assert '"reports_' not in primary and '"households_' not in primary
    assert PIN_COOKIE not in response.cookies


@needs_replica
@committed_and_mirrored
def test_a_post_reads_through_the_primary_and_so_does_the_next_get_while_pinned(
    client_for, leader_with_visits
):
    client = client_for("leader")
    response, replica, primary = run(client, "post", DASHBOARD_Q1)
    assert 'kpi-value">3</span>' in k5_card(response)
    assert replica == "" and '"reports_teamtally"' in primary
    assert PIN_COOKIE in response.cookies

    response, replica, primary = run(client, "get", DASHBOARD_Q1)  # within the pin
    assert replica == "" and '"reports_teamtally"' in primary

    client.cookies[PIN_COOKIE] = "1"  # the pin ran out long ago
    response, replica, primary = run(client, "get", DASHBOARD_Q1)
    assert '"reports_teamtally"' in replica and '"reports_' not in primary


@needs_replica
@committed_and_mirrored
def test_an_export_reads_the_rows_from_the_replica_and_logs_the_download_on_the_primary(
    world, client_for
):
    HouseholdFactory.create_batch(2, village=world.village_a)
    response, replica, primary = run(
        client_for("office"), "get", reverse("households:household_export")
    )
    assert response.status_code == 200
    assert '"households_household"' in replica
    assert 'INSERT INTO "binhdan_dataaccesslog"' in primary
    assert DataAccessLog.objects.get().rows == 2  # counted on the replica
    assert PIN_COOKIE in response.cookies  # the download wrote its log entry


@needs_replica
@committed_and_mirrored
def test_after_a_write_a_request_reads_through_the_primary():
    Province.objects.create(code="TN", name="Thái Nguyên")

    @reads_from_replica
    def view(request):
        before = Province.objects.count()
        Province.objects.create(code="BK", name="Bắc Kạn")
        return HttpResponse(f"{before} {Province.objects.count()}")

    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = ReplicaMiddleware(view)(RequestFactory().get("/"))
    assert response.content == b"1 2"
    assert [q["sql"].split()[0] for q in replica.captured_queries] == ["SELECT"]
    assert [q["sql"].split()[0] for q in primary.captured_queries] == ["INSERT", "SELECT"]
    assert PIN_COOKIE in response.cookies


@needs_replica
@committed_and_mirrored
def test_a_replica_that_does_not_answer_leaves_the_dashboard_on_the_primary(
    client_for, leader_with_visits, monkeypatch, caplog
):
    monkeypatch.setattr(replicas, "_replica_down_until", 0.0)
    replica = connections["replica"]
    replica.close()

    def refused():
        raise OperationalError("connection refused")

    monkeypatch.setattr(replica, "ensure_connection", refused)
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client_for("leader").get(DASHBOARD_Q1)
    assert 'kpi-value">3</span>' in k5_card(response)
    assert any('"reports_teamtally"' in q["sql"] for q in primary.captured_queries)
    assert "replica database does not answer" in caplog.text


# --- Every marked view ------------------------------------------------------------------------

#: The pages and files that read from the replica (deploy/replica.md, "What is read").
MARKED = {
    "home",
    "reports:commune_rows",
    "reports:commune_rows_file",
    "reports:commune_team_rows",
    "reports:commune_team_rows_file",
    "reports:village_rows",
    "reports:village_rows_file",
    "reports:report_status",
    "reports:team_report",
    "reports:team_report_file",
    "reports:team_report_rows",
    "reports:team_report_rows_file",
    "reports:commune_report",
    "reports:commune_report_file",
    "reports:commune_report_rows",
    "reports:commune_report_rows_file",
    "reports:year_file",
    "reports:year_village_file",
    "reports:province_dashboard",
    "reports:province_commune",
    "reports:province_file",
    "reports:province_reports",
    "reports:province_report_file",
    "households:household_export",
    "households:visit_export",
    "teams:member_export",
}


def marked_url_names(entries, prefix=""):
    for entry in entries:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from marked_url_names(entry.url_patterns, namespace)
        elif getattr(entry.callback, "reads_from_replica", False):
            yield prefix + entry.name


def test_the_views_that_read_from_the_replica_are_the_listed_ones():
    assert set(marked_url_names(get_resolver().url_patterns)) == MARKED


def _first_allowed_row_of_each_marked_url():
    rows = {}
    for name, kwargs, expected in ACCESS_TABLE:
        allowed = [role for role, status in expected.items() if status == 200]
        if name in MARKED and allowed and name not in rows:
            rows[name] = (name, kwargs, allowed[0])
    return list(rows.values())


@needs_replica
@committed_and_mirrored
@pytest.mark.parametrize(("url_name", "kwargs", "role"), _first_allowed_row_of_each_marked_url())
def test_every_marked_page_and_file_answers_from_the_replica(
    world, client_for, url_name, kwargs, role
):
    response, replica, _primary = run(
        client_for(role), "get", reverse(url_name, kwargs=kwargs(world))
    )
    assert response.status_code == 200
    assert replica  # it read through the replica
