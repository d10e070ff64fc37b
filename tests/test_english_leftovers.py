"""No English left for a Vietnamese reader: the pages' labels for screen readers, the page of
a form sent too late, the import command."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from households.management.commands.import_households import Command as ImportHouseholds
from tests.factories import HouseholdFactory

ROOT = Path(settings.BASE_DIR)


def test_no_template_labels_its_breadcrumb_in_english():
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if 'aria-label="breadcrumb"' in path.read_text(encoding="utf-8")
    ]
    assert found == []


@pytest.mark.django_db
def test_a_breadcrumb_is_labelled_in_vietnamese(world, client_for):
    household = HouseholdFactory(village=world.village_a)
    page = client_for("leader").get(reverse("households:household_detail", args=[household.pk]))
    assert '<nav aria-label="Đường dẫn">' in page.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_token_is_refused_in_vietnamese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["leader"])
    response = client.post(reverse("households:household_create"), {"head_name": "Lò Văn Páo"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Chưa gửi được biểu mẫu" in page and "tải lại trang" in page
    assert "CSRF" not in page and "Forbidden" not in page


@pytest.mark.django_db
def test_the_import_command_refuses_in_vietnamese_without_an_english_prefix(world, tmp_path):
    # As `manage.py import_households ...` runs it (run_from_argv, without closing the
    # test's database connection at the end).
    command, stderr = ImportHouseholds(), io.StringIO()
    command._called_from_command_line = True
    argv = [str(tmp_path / "ho.xlsx"), "--village", "XX99", "--skip-checks"]
    options = vars(command.create_parser("manage.py", "import_households").parse_args(argv))
    with pytest.raises(SystemExit):
        command.execute(*options.pop("args", ()), stderr=stderr, **options)
    assert stderr.getvalue() == "Không có thôn, xóm nào mang mã XX99.\n"
