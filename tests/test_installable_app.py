"""The installable web app (issue 19): its manifest, its service worker at the site's root,
what the pages tell a phone, and the policy that allows them."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse


@pytest.mark.django_db
def test_the_manifest_names_the_app_in_vietnamese_with_its_icons(client):
    response = client.get(reverse("web_manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Tổ CNSCĐ"
    assert manifest["lang"] == "vi"
    assert manifest["start_url"] == reverse("households:visit_create")
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), f"{path} is vendored in static/"


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_for_every_page(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    script = response.content.decode()
    config = json.loads(script.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["form"] == reverse("households:visit_create")
    assert config["data"] == reverse("households:visit_offline_data")
    assert "/static/js/offline.js" in config["assets"]
    for asset in config["assets"]:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "http://" not in script and "https://" not in script  # nothing from elsewhere


@pytest.mark.django_db
def test_the_policy_allows_the_worker_and_the_manifest_from_the_portal_only(client):
    policy = dict(
        part.strip().split(" ", 1)
        for part in client.get(reverse("login"))["Content-Security-Policy"].split(";")
    )
    assert policy["worker-src"] == "'self'"
    assert policy["manifest-src"] == "'self'"
    assert policy["connect-src"] == "'self'"


@pytest.mark.parametrize(
    ("role", "installable"),
    [
        ("member", True),
        ("leader", True),
        ("office", True),
        ("leadership", False),
        ("police", False),
    ],
)
def test_only_those_who_log_visits_are_offered_the_app(world, client_for, role, installable):
    html = client_for(role).get(reverse("home"), follow=True).content.decode()
    assert ('rel="manifest"' in html) is installable
    assert ('data-logs-visits="1"' in html) is installable
    # Every logged-in page carries the script: it removes what another user left on the phone.
    assert "/static/js/offline.js" in html


def test_the_visit_form_carries_the_outbox_and_its_vietnamese_texts(world, client_for):
    html = client_for("member").get(reverse("households:visit_create")).content.decode()
    assert "data-offline-form" in html
    assert "Đã lưu trên máy, chưa gửi (<span data-outbox-count>0</span>)" in html
    assert "Gửi ngay" in html
    assert 'data-sync="/luot-ho-tro/dong-bo/"' in html


def test_the_anonymous_pages_have_no_offline_script(db, client):
    html = client.get(reverse("login")).content.decode()
    assert "offline.js" not in html and 'rel="manifest"' not in html
