"""The access table: every URL of the project, and what each role gets there.

Each row names a URL (by name, with arguments taken from the `world` fixture) and the
status every role must get. `test_every_url_is_in_the_table` fails when a new URL is added
without a row, so that no page escapes the scoping rules.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import MemberFactory, TeamFactory

ROLES = ("anonymous", "office", "leader", "member", "leadership", "police")
LOGIN = "login"  # a redirect to the log-in page


def expect(default, **per_role):
    """Expected status for every role: `default` for all but anonymous (sent to log in)."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = LOGIN
    table.update(per_role)
    return table


# (url name, kwargs from world, expected status by role)
ACCESS_TABLE = [
    ("home", lambda w: {}, expect(200)),
    ("password_change", lambda w: {}, expect(200)),
    ("password_change_done", lambda w: {}, expect(200)),
    ("login", lambda w: {}, expect(302, anonymous=200)),
    ("teams:village_list", lambda w: {}, expect(200, member=403, police=403)),
    ("teams:village_create", lambda w: {}, expect(403, office=200)),
    (
        "teams:village_detail",
        lambda w: {"pk": w.village_a.pk},
        expect(200, member=403, police=403),
    ),
    (
        "teams:village_detail",
        lambda w: {"pk": w.village_b.pk},
        expect(200, leader=404, member=403, police=403),
    ),
    (
        "teams:village_detail",
        lambda w: {"pk": w.other_commune_village.pk},
        expect(404, member=403, police=403),
    ),
    ("teams:village_edit", lambda w: {"pk": w.village_a.pk}, expect(403, office=200)),
    (
        "teams:village_edit",
        lambda w: {"pk": w.other_commune_village.pk},
        expect(403, office=404),
    ),
    # --- reports: KPI dashboard drill-downs (issue 5) ---
    ("reports:village", lambda w: {"pk": w.village_a.pk}, expect(200, police=403)),
    (
        "reports:village",
        lambda w: {"pk": w.village_b.pk},
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:village",
        lambda w: {"pk": w.other_commune_village.pk},
        expect(404, police=403),
    ),
    ("reports:commune_team", lambda w: {}, expect(403, office=200, leadership=200)),
    (
        "reports:member",
        lambda w: {"pk": MemberFactory(team=TeamFactory(village=w.village_a)).pk},
        expect(200, police=403),
    ),
    (
        "reports:member",
        lambda w: {"pk": MemberFactory(team=TeamFactory(village=w.village_b)).pk},
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:member",
        lambda w: {"pk": MemberFactory(team=TeamFactory(village=w.other_commune_village)).pk},
        expect(404, police=403),
    ),
]

# URL names that are not pages of the portal's own (the Django admin checks is_staff itself;
# log-out and set_language only take POST).
NOT_IN_TABLE = {"logout", "set_language"}


def _named_urls(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_urls(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_in_the_table():
    listed = {name for name, _, _ in ACCESS_TABLE} | NOT_IN_TABLE
    missing = sorted(set(_named_urls(get_resolver().url_patterns)) - listed)
    assert missing == [], f"add these URLs to ACCESS_TABLE: {missing}"


@pytest.mark.parametrize(
    ("url_name", "kwargs", "expected"),
    ACCESS_TABLE,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(ACCESS_TABLE)],
)
def test_access(world, client_for, url_name, kwargs, expected):
    url = reverse(url_name, kwargs=kwargs(world))
    got = {}
    for role in ROLES:
        response = client_for(role).get(url)
        status = response.status_code
        if status == 302 and response.url.startswith(reverse("login")):
            status = LOGIN
        got[role] = status
    assert got == expected


def test_logout_logs_out_on_post_only(world, client_for):
    client = client_for("leader")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
