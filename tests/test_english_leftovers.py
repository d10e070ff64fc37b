"""No English left for a Vietnamese reader: the admin (Django's, django-axes',
django-simple-history's messages), form errors, the pages' labels for screen readers, the
page of a form sent too late, the import command."""

import ast
import datetime
import html
import io
import re
from pathlib import Path

import polib
import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.test import Client
from django.urls import reverse
from django.utils import translation

from households.management.commands.import_households import Command as ImportHouseholds
from households.models import Platform, SupportType
from teams import demo
from teams.models import AllowanceLock, AllowanceRule, Commune, MemberRole, User, Village
from teams.services import lock_allowance_month
from tests.factories import HouseholdFactory

ROOT = Path(settings.BASE_DIR)
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")
# A Vietnamese syllable written without marks ("Xem trang web" is Vietnamese too).
SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?",
    re.IGNORECASE,
)


def borrowed_messages():
    """(singular, plural) of every message binhdan/borrowed_messages.py lists."""
    tree = ast.parse((ROOT / "binhdan" / "borrowed_messages.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext_lazy"):
            strings = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            yield strings[0], (strings[1] if node.func.id == "ngettext_lazy" else None)


def test_every_borrowed_message_is_translated_by_the_project_catalogue():
    po = polib.pofile(str(ROOT / "binhdan/locale/vi/LC_MESSAGES/django.po"))
    ours = {entry.msgid: entry for entry in po.translated_entries()}
    listed = list(borrowed_messages())
    assert len(listed) > 100
    assert [singular for singular, _ in listed if singular not in ours] == []
    with translation.override("vi"):
        for singular, plural in listed:
            entry = ours[singular]
            if plural:
                assert translation.ngettext(singular, plural, 2) == entry.msgstr_plural[0]
            else:
                assert translation.gettext(singular) == entry.msgstr


@pytest.mark.parametrize(
    ("validator", "value", "message"),
    [
        (MinValueValidator(0), -1, "Giá trị phải lớn hơn hoặc bằng 0."),
        (MaxValueValidator(99), 100, "Giá trị phải nhỏ hơn hoặc bằng 99."),
    ],
)
def test_django_range_messages_read_cleanly(validator, value, message):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validator(value)
    assert refused.value.messages == [message]


def test_django_form_messages_read_cleanly():
    class Sample(forms.Form):
        count = forms.IntegerField()
        name = forms.CharField(max_length=3)
        kind = forms.ChoiceField(choices=[("a", "A")])

    with translation.override("vi"):
        errors = Sample({"count": "bốn", "name": "Lò Văn Páo", "kind": "b"}).errors
    assert errors == {
        "count": ["Hãy nhập một số nguyên."],
        "name": ["Giá trị chỉ được có tối đa 3 ký tự (đang có 10)."],
        "kind": ["Hãy chọn một lựa chọn hợp lệ: b không có trong danh sách."],
    }
    for messages in errors.values():
        assert not re.search(r"\s[.,)]|\s{2}", messages[0])  # "bằng với 0 ." and the like


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


# --- The admin ------------------------------------------------------------------------------


def visible_texts(page: str) -> set[str]:
    """What a page shows or reads out: its text, and its titles, labels, placeholders and
    button captions."""
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<!--.*?-->", "", page)
    texts = {
        html.unescape(found).strip()
        for found in re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]*)"', page)
    }
    texts |= {
        html.unescape(found).strip()
        for found in re.findall(r'<input type="(?:submit|button)" value="([^"]*)"', page)
    }
    texts |= {html.unescape(part).strip() for part in re.split(r"(?s)<[^>]+>", page)}
    return {text for text in texts if text}


def is_english(text: str) -> bool:
    """No Vietnamese letter, and most words of three letters or more are no Vietnamese
    syllable ("Access attempts", "Path", "Skip to main content"; not "Xem trang web")."""
    if VIETNAMESE.search(text.lower()):
        return False
    words = [word for word in re.findall(r"[A-Za-z]+", text) if len(word) >= 3]
    foreign = [word for word in words if not SYLLABLE.fullmatch(word)]
    return 2 * len(foreign) > len(words)


def english(texts: set[str], data: set[str]) -> set[str]:
    """The texts in English that are not data (a platform's name, a code, a user name, a
    password's salt or hash shown masked: "eaef55*****")."""
    return {text for text in texts if text not in data and "***" not in text and is_english(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Access attempts", True),
        ("Path", True),
        ("Skip to main content", True),
        ("Toggle theme (current theme: auto)", True),
        ("Xem trang web", False),
        ("Bảo vệ đăng nhập", False),
        ("Trình duyệt (User-Agent)", False),
        ("10/03/2026", False),
    ],
)
def test_english_is_told_from_vietnamese_written_without_marks(text, expected):
    assert is_english(text) is expected


@pytest.fixture
def admin_pages(world):
    """The admin as the demo's superuser sees it: its index, django-axes' lists, a household's
    change form and history, the user pages."""
    demo.seed()
    admin = User.objects.get(username="admin")
    client = Client()
    client.force_login(admin)
    AccessAttempt.objects.create(
        username="totruong", ip_address="10.0.0.5", user_agent="Mozilla/5.0",
        http_accept="text/html", path_info="/dang-nhap/", get_data="", post_data="",
        failures_since_start=2,
    )  # fmt: skip
    AccessFailureLog.objects.create(
        username="totruong", ip_address="10.0.0.5", user_agent="Mozilla/5.0",
        http_accept="text/html", path_info="/dang-nhap/",
    )  # fmt: skip
    household = HouseholdFactory(village=world.village_a)
    rule = AllowanceRule.objects.create(
        commune=world.commune,
        valid_from=datetime.date(2026, 1, 1),
        resolution="Nghị quyết 26/2025/NQ-HĐND",
        per_team_month=300_000,
    )
    lock_allowance_month(world.commune, 2026, 1, admin)
    urls = [
        reverse("admin:index"),
        reverse("admin:app_list", args=["axes"]),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accessfailurelog_changelist"),
        reverse("admin:axes_accesslog_changelist"),
        reverse("admin:households_household_changelist")
        + f"?village__id__exact={world.village_a.pk}",
        reverse("admin:households_household_add"),
        reverse("admin:households_household_change", args=[household.pk]),
        reverse("admin:households_household_history", args=[household.pk]),
        reverse("admin:teams_user_add"),
        reverse("admin:teams_user_change", args=[admin.pk]),
        reverse("admin:teams_allowancerule_changelist"),
        reverse("admin:teams_allowancerule_change", args=[rule.pk]),
        reverse("admin:teams_allowancelock_changelist"),
        reverse("admin:teams_allowancelock_change", args=[AllowanceLock.objects.get().pk]),
    ]
    pages = {}
    for url in urls:
        response = client.get(url, headers={"accept-language": "vi"})
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    # Data, not words: the language switcher's "English", the attempt's fields. And three
    # leftovers Django and django-simple-history write without a translation: the alt text
    # of the search box's magnifier ("Search"), of a yes/no icon ("True", "False"), and an
    # empty change reason ("None").
    data = {"English", "Mozilla/5.0", "text/html", "/dang-nhap/", "totruong"}
    data |= {"Search", "True", "False", "None"}
    for model, fields in (
        (Platform, ("name", "code")),
        (SupportType, ("name", "code")),
        (MemberRole, ("code",)),
        (User, ("username",)),
        (Commune, ("code",)),
        (Village, ("code",)),
    ):
        for row in model.objects.values_list(*fields):
            data |= set(row)
    return pages, data


@pytest.mark.django_db
def test_the_admin_index_names_django_axes_in_vietnamese(admin_pages):
    pages, _ = admin_pages
    index = pages[reverse("admin:index")]
    for leftover in ("Access attempts", "Access failures", "Access logs", ">Axes<"):
        assert leftover not in index
    assert "Bảo vệ đăng nhập" in index and "Bộ đếm đăng nhập sai" in index
    assert "<title>Quản trị hệ thống | Bình dân học vụ số</title>" in index


@pytest.mark.django_db
def test_the_admin_greets_the_demo_superuser_by_a_given_name(admin_pages):
    pages, _ = admin_pages
    greeting = pages[reverse("admin:index")].split("Chào mừng bạn,")[1][:80]
    assert "<strong>Thành</strong>" in greeting  # shown in capitals: CHÀO MỪNG BẠN, THÀNH.


@pytest.mark.django_db
def test_the_admin_pages_show_no_english(admin_pages):
    pages, data = admin_pages
    found = {url: sorted(english(visible_texts(page), data)) for url, page in pages.items()}
    assert {url: texts for url, texts in found.items() if texts} == {}
