"""What a shared office computer keeps, what the demo shows, what the log says."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import include, path, reverse

from tests.factories import HouseholdFactory

ROOT = Path(__file__).resolve().parent.parent


# --- Cache-Control -------------------------------------------------------------------------


def no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_pages_and_downloads_of_a_logged_in_user_are_never_stored(world, client_for):
    household = HouseholdFactory(village=world.village_a)
    office = client_for("office")
    for url in [
        reverse("home"),
        reverse("households:household_detail", args=[household.pk]),
        reverse("households:household_export"),
        reverse(
            "reports:team_report_file",
            kwargs={"quarter": "2026Q4", "pk": world.village_a.pk, "fmt": "xlsx"},
        ),
    ]:
        response = office.get(url)
        assert response.status_code == 200, url
        assert no_store(response), (url, response.get("Cache-Control"))
    download = office.get(reverse("households:household_export"))
    assert download["Content-Disposition"].startswith("attachment")


def test_an_answer_refused_to_a_logged_in_user_is_not_stored_either(world, client_for):
    response = client_for("police").get(reverse("households:household_export"))
    assert response.status_code == 403 and no_store(response)


@pytest.mark.django_db
def test_an_anonymous_page_needs_no_such_header(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- The portal's own error pages in DEBUG (the demo) --------------------------------------


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def test_an_unknown_address_in_debug_shows_the_portals_404_not_every_url(world, debug):
    client = Client()
    client.force_login(world.users["leader"])
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    main = html.split("<main")[-1].split("</main>")[0]
    assert "URLconf" not in html and "ho-dan/" not in main
    # The portal's page keeps the usual Content-Security-Policy (django-csp leaves DEBUG's
    # 404 without one, for Django's technical page).
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_household_of_another_village_in_debug_shows_the_portals_404(world, debug):
    elsewhere = HouseholdFactory(village=world.village_b)
    client = Client()
    client.force_login(world.users["leader"])
    response = client.get(reverse("households:household_detail", args=[elsewhere.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert "Django" not in response.content.decode()


def broken_view(request):
    raise RuntimeError("a bug")


#: The portal's URLs and one that fails, for the 500 test (ROOT_URLCONF = this module).
urlpatterns = [path("hong/", broken_view), path("", include("binhdan.urls"))]
handler404 = "binhdan.views.page_not_found"
handler500 = "binhdan.views.server_error"


def test_an_error_in_debug_shows_the_portals_500_and_still_logs_the_traceback(world, debug, caplog):
    debug.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(world.users["office"])
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/hong/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã có lỗi xảy ra" in html and "Traceback" not in html and "SECRET_KEY" not in html
    assert "default-src 'self'" in response["Content-Security-Policy"]
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info and "a bug" in str(record.exc_info[1])


# --- Logs ------------------------------------------------------------------------------------


def log_in_subprocess(code: str, **env) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ |= {"DJANGO_SETTINGS_MODULE": "binhdan.settings", "DEBUG": "1"} | env
    script = "import django, logging; django.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_the_development_log_prints_each_line_once():
    stderr = log_in_subprocess("logging.getLogger('django.request').warning('Not Found: /x')")
    assert stderr.splitlines() == ["Not Found: /x"]


def test_a_403_logs_one_line_without_a_traceback_and_a_500_keeps_its_traceback():
    stderr = log_in_subprocess(
        "from django.core.exceptions import PermissionDenied\n"
        "from django.core.handlers.exception import response_for_exception\n"
        "from django.test import RequestFactory\n"
        "request = RequestFactory().get('/vai-tro/')\n"
        "response_for_exception(request, PermissionDenied())\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError as error:\n"
        "    logging.getLogger('django.request').error('Internal Server Error: /x',"
        " exc_info=error, extra={'status_code': 500})\n",
    )
    lines = stderr.splitlines()
    assert lines[0] == "Forbidden (Permission denied): /vai-tro/"
    assert lines[1] == "Internal Server Error: /x"
    assert "Traceback (most recent call last):" in lines[2]
    assert "PermissionDenied" not in stderr


def test_a_constraint_error_logs_its_traceback_without_the_residents_values():
    # PostgreSQL's words for a duplicate key; the values are a resident's name and address.
    stderr = log_in_subprocess(
        "from django.db import IntegrityError\n"
        "try:\n"
        "    raise IntegrityError('duplicate key value violates unique constraint \"hh_key\"\\n'\n"
        "        'DETAIL:  Key (head_name, address)=(Nguyễn Thị Hường, Xóm 3) already exists.')\n"
        "except IntegrityError as error:\n"
        "    logging.getLogger('django.request').error('Internal Server Error: /ho-dan/them/',"
        " exc_info=error, extra={'status_code': 500})\n",
    )
    assert "Traceback (most recent call last):" in stderr
    assert 'violates unique constraint "hh_key"' in stderr
    assert "Nguyễn" not in stderr and "Xóm 3" not in stderr and "DETAIL" not in stderr
    assert "[values of the failing row left out of the log]" in stderr


# --- Favicon -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_favicon_ico_is_served_and_pages_link_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\0\0\1\0")  # an ICO file
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert (ROOT / "static" / "favicon.svg").read_text().startswith("<svg")
