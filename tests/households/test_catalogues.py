"""The commune office keeps the digital platform and kind-of-support catalogues: lists with
what uses each entry, add and edit forms, and what an edit changes (K8)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binhdan.quarters import Quarter
from households.models import Platform, SupportType
from households.services import save_platform
from reports.kpis import tallies
from reports.kpis.queries import compute_kpis
from reports.kpis.scopes import Scope
from tests.factories import (
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    SupportVisitFactory,
    platform_of,
    support_types_of,
    village_team,
)

pytestmark = pytest.mark.django_db


def rows_of(html: str, testid: str) -> list[str]:
    """The table's body rows, each as its text with tags and extra spaces removed."""
    table = html[html.index(f'data-testid="{testid}"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("<tr>")[1:] if row]


def uses(household, code):
    HouseholdPlatformFactory(
        household=household, platform=platform_of(household.village.commune_id, code)
    )


def visit_giving(village, *codes):
    member = MemberFactory(team=village_team(village))
    visit = SupportVisitFactory(member=member)
    visit.support_types.set(support_types_of(village.commune_id, *codes))
    return visit


def k8_of(village):
    """K8 of the village in 2026Q1 (HouseholdPlatformFactory records on 10/03/2026)."""
    return compute_kpis(Scope.of_village(village), Quarter(2026, 1))["K8"].value


# --- Digital platforms --------------------------------------------------------------------


def test_platform_list_shows_flags_status_and_the_households_of_the_commune_using_each(
    world, client_for
):
    for household in HouseholdFactory.create_batch(2, village=world.village_a):
        uses(household, "vneid")
    uses(HouseholdFactory(village=world.village_b), "vneid")
    uses(HouseholdFactory(village=world.village_b), "shopee")
    uses(HouseholdFactory(village=world.other_commune_village), "vneid")  # not theirs
    voso = Platform.objects.of(world.commune).get(code="voso")
    voso.is_active = False
    save_platform(voso, None)

    html = client_for("office").get(reverse("households:platform_list")).content.decode()

    rows = rows_of(html, "platforms")
    assert rows[0] == "VNeID vneid thiết yếu 3 đang sử dụng Sửa"
    assert "Shopee shopee thương mại điện tử 1 đang sử dụng Sửa" in rows
    assert "Sàn Voso voso thương mại điện tử 0 ngừng sử dụng Sửa" in rows
    assert 'class="table-responsive"' in html


def test_platforms_are_listed_by_order_then_name(world, client_for):
    Platform.objects.create(commune=world.commune, code="zalo-pay", name="ZaloPay", sort_order=30)
    Platform.objects.create(commune=world.commune, code="momo", name="MoMo", sort_order=30)
    html = client_for("office").get(reverse("households:platform_list")).content.decode()
    names = [row.split(" ")[0] for row in rows_of(html, "platforms")]
    assert names[:5] == ["VNeID", "Dịch", "MoMo", "Thanh", "ZaloPay"]


def test_platform_list_counts_in_a_fixed_number_of_queries(world, client_for):
    client = client_for("office")
    uses(HouseholdFactory(village=world.village_a), "vneid")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("households:platform_list"))
    for i in range(5):
        Platform.objects.create(commune=world.commune, code=f"nen-tang-{i}", name=f"Nền tảng {i}")
    for household in HouseholdFactory.create_batch(4, village=world.village_b):
        uses(household, "vneid")
        uses(household, "shopee")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("households:platform_list"))
    assert len(many) == len(few)


def test_office_adds_a_platform_and_households_are_offered_it(world, client_for):
    client = client_for("office")
    response = client.post(
        reverse("households:platform_create"),
        {"code": "zalo-pay", "name": "  Ví  ZaloPay ", "sort_order": 35, "is_active": "on"},
    )
    assert response.status_code == 302
    platform = Platform.objects.of(world.commune).get(code="zalo-pay")
    assert (platform.name, platform.is_essential, platform.is_ecommerce) == (
        "Ví ZaloPay",
        False,
        False,
    )
    page = client.get(response.url).content.decode()
    assert "Đã thêm nền tảng số Ví ZaloPay." in page
    form = client_for("leader").get(reverse("households:household_create")).content.decode()
    assert "Ví ZaloPay" in form


def test_a_taken_code_is_refused_in_vietnamese_and_what_was_typed_is_kept(world, client_for):
    response = client_for("office").post(
        reverse("households:platform_create"),
        {"code": "vneid", "name": "Ứng dụng định danh mới", "sort_order": 15, "is_essential": "on"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã có nền tảng số với mã này, hãy chọn mã khác." in html
    assert 'value="Ứng dụng định danh mới"' in html and 'value="15"' in html
    assert Platform.objects.of(world.commune).filter(code="vneid").count() == 1


def test_a_code_with_diacritics_or_a_taken_name_is_refused_in_vietnamese(world, client_for):
    client = client_for("office")
    url = reverse("households:platform_create")
    html = client.post(url, {"code": "ví-điện-tử", "name": "Ví", "sort_order": 1}).content.decode()
    assert "chữ thường không dấu" in html
    html = client.post(url, {"code": "vneid-2", "name": "vneid", "sort_order": 1}).content.decode()
    assert "Đã có nền tảng số với tên này." in html
    assert (
        not Platform.objects.of(world.commune).filter(code__in=["vi-dien-tu", "vneid-2"]).exists()
    )


def test_a_platform_code_cannot_be_changed_after_it_was_added(world, client_for):
    shopee = Platform.objects.of(world.commune).get(code="shopee")
    client = client_for("office")
    url = reverse("households:platform_edit", args=[shopee.pk])
    form = client.get(url).content.decode()
    assert "Không thể đổi mã" in form and "disabled" in form
    response = client.post(
        url,
        {"code": "shopee-vn", "name": "Shopee Việt Nam", "sort_order": 80, "is_active": "on"},
    )
    assert response.status_code == 302
    shopee.refresh_from_db()
    assert (shopee.code, shopee.name) == ("shopee", "Shopee Việt Nam")


def test_the_edit_page_warns_that_essential_changes_k8_of_every_village(world, client_for):
    health = Platform.objects.of(world.commune).get(code="so-suc-khoe-dien-tu")
    uses(HouseholdFactory(village=world.village_a), "so-suc-khoe-dien-tu")
    url = reverse("households:platform_edit", args=[health.pk])
    html = client_for("office").get(url).content.decode()
    assert "Đang được 1 hộ dân sử dụng." in html
    assert "tính lại K8 của mọi thôn" in html


def test_marking_a_platform_essential_recounts_k8_and_the_tallies_match(world, client_for):
    health = Platform.objects.of(world.commune).get(code="so-suc-khoe-dien-tu")
    first, second = HouseholdFactory.create_batch(2, village=world.village_a)
    HouseholdPlatformFactory(household=first, platform=health)  # recorded 10/03/2026
    uses(HouseholdFactory(village=world.village_b), "so-suc-khoe-dien-tu")
    assert k8_of(world.village_a) == 0.0

    response = client_for("office").post(
        reverse("households:platform_edit", args=[health.pk]),
        {"name": health.name, "sort_order": 40, "is_essential": "on", "is_active": "on"},
    )

    assert response.status_code == 302
    health.refresh_from_db()
    assert health.is_essential
    assert k8_of(world.village_a) == 50.0 and k8_of(world.village_b) == 100.0
    assert tallies.differences() == []


# --- Kinds of support ---------------------------------------------------------------------


def test_support_type_list_shows_status_and_the_visits_of_the_commune_that_gave_each(
    world, client_for
):
    visit_giving(world.village_a, "vneid-kich-hoat", "dich-vu-cong")
    visit_giving(world.village_b, "vneid-kich-hoat")
    visit_giving(world.other_commune_village, "vneid-kich-hoat", "dich-vu-cong")  # not theirs
    SupportType.objects.of(world.commune).filter(code="khac").update(is_active=False)

    html = client_for("office").get(reverse("households:support_type_list")).content.decode()

    rows = rows_of(html, "support-types")
    assert rows[0] == "Cài đặt, kích hoạt VNeID vneid-kich-hoat 2 đang sử dụng Sửa"
    assert "Dịch vụ công trực tuyến dich-vu-cong 1 đang sử dụng Sửa" in rows
    assert rows[-1] == "Nội dung khác khac 0 ngừng sử dụng Sửa"


def test_support_type_list_counts_in_a_fixed_number_of_queries(world, client_for):
    client = client_for("office")
    visit_giving(world.village_a, "vneid-kich-hoat")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("households:support_type_list"))
    for i in range(5):
        SupportType.objects.create(
            commune=world.commune, code=f"noi-dung-{i}", name=f"Nội dung {i}"
        )
    for _ in range(4):
        visit_giving(world.village_b, "vneid-kich-hoat", "thanh-toan", "khac")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("households:support_type_list"))
    assert len(many) == len(few)


def test_office_adds_a_kind_of_support_and_the_visit_form_offers_it(world, client_for):
    client = client_for("office")
    response = client.post(
        reverse("households:support_type_create"),
        {"code": "chu-ky-so", "name": "Chữ ký số", "sort_order": 35, "is_active": "on"},
    )
    assert response.status_code == 302
    assert SupportType.objects.of(world.commune).get(code="chu-ky-so").name == "Chữ ký số"
    assert "Đã thêm nội dung hỗ trợ Chữ ký số." in client.get(response.url).content.decode()
    MemberFactory(team=village_team(world.village_a))
    form = client_for("leader").get(reverse("households:visit_create")).content.decode()
    assert "Chữ ký số" in form


def test_a_taken_support_code_is_refused_in_vietnamese_and_what_was_typed_is_kept(
    world, client_for
):
    response = client_for("office").post(
        reverse("households:support_type_create"),
        {"code": "khac", "name": "Hỗ trợ học trực tuyến", "sort_order": 85},
    )
    html = response.content.decode()
    assert "Đã có nội dung hỗ trợ với mã này, hãy chọn mã khác." in html
    assert 'value="Hỗ trợ học trực tuyến"' in html and 'value="85"' in html
    assert SupportType.objects.of(world.commune).filter(code="khac").count() == 1


def test_a_kind_of_support_no_longer_used_is_not_offered_on_the_visit_form(world, client_for):
    other = SupportType.objects.of(world.commune).get(code="khac")
    client = client_for("office")
    response = client.post(
        reverse("households:support_type_edit", args=[other.pk]),
        {"code": "something-else", "name": "Nội dung khác", "sort_order": 90},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.code, other.is_active) == ("khac", False)
    MemberFactory(team=village_team(world.village_a))
    form = client_for("leader").get(reverse("households:visit_create")).content.decode()
    assert "Nội dung khác" not in form and "Cài đặt, kích hoạt VNeID" in form


# --- Who sees the catalogues ---------------------------------------------------------------


def test_only_the_office_finds_the_catalogues_in_the_menu(world, client_for):
    platforms, kinds = reverse("households:platform_list"), reverse("households:support_type_list")
    office = client_for("office").get(reverse("home")).content.decode()
    assert f'href="{platforms}"' in office and f'href="{kinds}"' in office
    for role in ["leader", "member", "leadership", "police"]:
        html = client_for(role).get(reverse("home")).content.decode()
        assert f'href="{platforms}"' not in html and f'href="{kinds}"' not in html


def test_a_leader_may_not_change_a_platform(world, client_for):
    vneid = Platform.objects.of(world.commune).get(code="vneid")
    response = client_for("leader").post(
        reverse("households:platform_edit", args=[vneid.pk]),
        {"name": "VNeID", "sort_order": 10},
    )
    assert response.status_code == 403
    vneid.refresh_from_db()
    assert vneid.is_essential and vneid.is_active
