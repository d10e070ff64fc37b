"""The household registry: search, priority lists, bulk assignment, phones, audit history."""

import pytest
from django.urls import reverse

from households.models import Household, HouseholdDistinction, Platform, SupportVisit, mask_phone
from tests.factories import (
    CommunicationActivityFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    platform_of,
)


def test_search_ignores_diacritics_and_case(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Đặng Thị Hồng", address="Xóm 2")
    HouseholdFactory(village=world.village_a, head_name="Vũ Văn Long", address="Xóm 5")
    page = client_for("leader").get(reverse("households:household_list"), {"q": "dang thi HONG"})
    content = page.content.decode()
    assert "Đặng Thị Hồng" in content and "Vũ Văn Long" not in content


def test_priority_lists_elderly_no_device_and_never_reached(world, client_for):
    a = world.village_a
    elderly = HouseholdFactory(village=a, head_name="Cụ Bùi Văn Thọ", has_elderly=True)
    offline = HouseholdFactory(village=a, head_name="Hà Thị Nhàn", has_no_device=True)
    visited = HouseholdFactory(village=a, head_name="Lý Văn Hải")
    SupportVisitFactory(
        member=MemberFactory(team=TeamFactory(village=a)), household=visited, walk_in_name=""
    )
    told = HouseholdFactory(village=a, head_name="Mai Thị Thu")
    CommunicationActivityFactory(
        commune=world.commune, villages=[a], reaches_all_households=False, households=[told]
    )

    def names(priority):
        response = client_for("leader").get(
            reverse("households:household_list"), {"priority": priority}
        )
        return {h.head_name for h in response.context["page_obj"]}

    assert names("elderly") == {elderly.head_name}
    assert names("no_device") == {offline.head_name}
    assert names("never_reached") == {elderly.head_name, offline.head_name}

    CommunicationActivityFactory(commune=world.commune, villages=[a], reaches_all_households=True)
    assert names("never_reached") == set()


def test_leader_sees_only_their_village(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn")
    HouseholdFactory(village=world.village_b, head_name="Phạm Văn Đồng")
    content = client_for("leader").get(reverse("households:household_list")).content.decode()
    assert "Nguyễn Văn Tuấn" in content and "Phạm Văn Đồng" not in content


def test_bulk_assignment_gives_many_households_to_one_member_and_counts_them(world, client_for):
    member = MemberFactory(team=TeamFactory(village=world.village_a), full_name="Trần Thị Lan")
    households = [HouseholdFactory(village=world.village_a) for _ in range(3)]
    client = client_for("leader")
    response = client.post(
        reverse("households:household_assign"),
        {"households": [h.pk for h in households[:2]], "member": member.pk},
        follow=True,
    )
    assert Household.objects.filter(member_in_charge=member).count() == 2
    counts = {m.full_name: m.household_count for m in response.context["members"]}
    assert counts == {"Trần Thị Lan": 2}
    assert "2 / 20" in response.content.decode()


def test_bulk_assignment_refuses_households_of_another_village(world, client_for):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    other = HouseholdFactory(village=world.village_b)
    client_for("office").post(
        reverse("households:household_assign"), {"households": [other.pk], "member": member.pk}
    )
    assert Household.objects.get(pk=other.pk).member_in_charge is None


def test_a_possible_duplicate_is_a_warning_the_user_resolves_not_a_refusal(world, client_for):
    existing = HouseholdFactory(
        village=world.village_a, head_name="Nguyễn Văn An", address="Xóm 3", phone=""
    )
    client = client_for("leader")
    typed = {
        "village": world.village_a.pk,
        "head_name": "nguyễn văn  an",
        "address": "XÓM 3",
        "phone": "0912345678",
        "people_count": 3,
    }
    response = client.post(reverse("households:household_create"), typed)
    page = response.content.decode()
    assert response.status_code == 200 and Household.objects.count() == 1
    assert existing.code in page and "Đây là một hộ khác" in page
    assert 'value="0912345678"' in page  # what was typed is kept

    response = client.post(reverse("households:household_create"), {**typed, "is_different": "on"})
    assert response.status_code == 302 and Household.objects.count() == 2
    added = Household.objects.exclude(pk=existing.pk).get()
    assert HouseholdDistinction.objects.filter(first=existing, second=added).exists()
    # Marked different: editing either one no longer warns.
    response = client.post(
        reverse("households:household_edit", args=[added.pk]), {**typed, "people_count": 4}
    )
    assert response.status_code == 302


def test_a_name_differing_by_one_tone_mark_is_not_a_duplicate(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Lê Văn Hùng", address="Xóm Đông")
    response = client_for("leader").post(
        reverse("households:household_create"),
        {
            "village": world.village_a.pk,
            "head_name": "Lê Văn Hưng",
            "address": "Xóm Đông",
            "people_count": 3,
        },
    )
    assert response.status_code == 302 and Household.objects.count() == 2


def test_the_same_phone_in_the_village_is_a_warning_too(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn An", phone="0912345678")
    response = client_for("leader").post(
        reverse("households:household_create"),
        {
            "village": world.village_a.pk,
            "head_name": "Nguyễn Thị Hoa",
            "address": "Xóm 9",
            "phone": "091 234 5678",
            "people_count": 3,
        },
    )
    assert response.status_code == 200 and Household.objects.count() == 1


def test_household_page_shows_its_code(world, client_for):
    household = HouseholdFactory(village=world.village_a)
    page = client_for("leader").get(household.get_absolute_url()).content.decode()
    assert f'data-testid="household-code">{household.code}<' in page


def test_household_form_records_platforms_with_their_first_date(world, client_for):
    vneid = Platform.objects.of(world.commune).get(code="vneid")
    response = client_for("leader").post(
        reverse("households:household_create"),
        {
            "village": world.village_a.pk,
            "head_name": "Nguyễn Văn An",
            "address": "Xóm 3",
            "phone": "0912 345 678",
            "people_count": 3,
            "platforms_used": [vneid.pk],
        },
    )
    household = Household.objects.get()
    assert response.url == household.get_absolute_url()
    assert household.phone == "0912345678"
    assert list(household.platforms.all()) == [vneid]


def test_delete_asks_for_confirmation_first(world, client_for):
    household = HouseholdFactory(village=world.village_a)
    client = client_for("leader")
    url = reverse("households:household_delete", args=[household.pk])
    assert "Có chắc" in client.get(url).content.decode()
    assert Household.objects.exists()
    client.post(url)
    assert not Household.objects.exists()


# --- phones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("0912345123", "09•••••123"), ("0912 345 123", "09•••••123"), ("", ""), ("113", "•••")],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("office", "0912345123"),
        ("leader", "0912345123"),
        ("member", "0912345123"),
        ("leadership", "09•••••123"),
    ],
)
def test_phone_is_shown_in_full_only_to_who_may_change_the_household(
    world, client_for, role, shown
):
    household = HouseholdFactory(village=world.village_a, phone="0912345123")
    for url in (
        reverse("households:household_list"),
        reverse("households:household_detail", args=[household.pk]),
    ):
        content = client_for(role).get(url).content.decode()
        assert shown in content
        if "•" in shown:
            assert "0912345123" not in content


@pytest.mark.parametrize(
    ("role", "link"),
    [("office", True), ("leader", True), ("member", True), ("leadership", False)],
)
def test_a_phone_shown_in_full_dials_when_tapped_and_a_masked_one_does_not(
    world, client_for, role, link
):
    household = HouseholdFactory(village=world.village_a, phone="0912345678")
    for url in (
        reverse("households:household_list"),
        reverse("households:household_detail", args=[household.pk]),
    ):
        content = client_for(role).get(url).content.decode()
        if link:
            assert '<a href="tel:0912345678">0912345678</a>' in content
        else:
            assert "09•••••678" in content and "tel:" not in content


NOT_A_PHONE = (
    "Không phải số điện thoại Việt Nam: số di động bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
    "(10 chữ số), số máy cố định bắt đầu bằng 02 (11 chữ số)."
)


def household_data(world, **changes):
    return {
        "village": world.village_a.pk,
        "head_name": "Nguyễn Văn An",
        "address": "Xóm 3",
        "people_count": 3,
        **changes,
    }


def test_household_form_stores_a_phone_typed_with_dots_or_84_in_front_as_0_and_10_digits(
    world, client_for
):
    client = client_for("leader")
    client.post(reverse("households:household_create"), household_data(world, phone="0912.345.678"))
    household = Household.objects.get()
    assert household.phone == "0912345678"
    client.post(
        reverse("households:household_edit", args=[household.pk]),
        household_data(world, phone="+84 987 654 321"),
    )
    household.refresh_from_db()
    assert household.phone == "0987654321"


def test_household_form_refuses_a_short_phone_with_the_rule_and_keeps_what_was_typed(
    world, client_for
):
    response = client_for("leader").post(
        reverse("households:household_create"), household_data(world, phone="12345")
    )
    content = response.content.decode()
    assert response.status_code == 200 and not Household.objects.exists()
    assert NOT_A_PHONE in content
    assert 'value="12345"' in content and 'value="Nguyễn Văn An"' in content


def test_household_edit_form_refuses_a_mobile_number_of_11_digits(world, client_for):
    household = HouseholdFactory(village=world.village_a, phone="0912345678")
    response = client_for("office").post(
        reverse("households:household_edit", args=[household.pk]),
        household_data(world, phone="09123456789"),
    )
    assert "Số di động có 10 chữ số (số đã nhập có 11 chữ số)." in response.content.decode()
    household.refresh_from_db()
    assert household.phone == "0912345678"


def test_household_list_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    for _ in range(3):
        HouseholdFactory(village=world.village_a, member_in_charge=member, phone="0912345678")
    client = client_for("leadership")
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("households:household_list"))
    for _ in range(20):
        HouseholdFactory(village=world.village_a, member_in_charge=member, phone="0912345678")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("households:household_list"))


def test_household_list_counts_each_rows_essential_platforms(world, client_for):
    """The count is read for the page's rows only (one grouped query), after the page."""
    two = HouseholdFactory(village=world.village_a, head_name="Lò Văn Hai")
    HouseholdPlatformFactory(household=two)
    HouseholdPlatformFactory(
        household=two, platform=platform_of(two.village.commune_id, "dich-vu-cong")
    )
    HouseholdPlatformFactory(household=two, platform=platform_of(two.village.commune_id, "voso"))
    none = HouseholdFactory(village=world.village_a, head_name="Lò Văn Không")
    page = client_for("office").get(reverse("households:household_list")).context["page_obj"]
    counts = {h.pk: h.essential_platforms for h in page}
    assert counts[two.pk] == 2 and counts[none.pk] == 0


def test_a_long_list_serves_its_first_pages_and_asks_to_filter_for_the_rest(
    world, client_for, monkeypatch
):
    """binhdan.paging: past MAX_PAGES (here 2) the list stops at its last served page and
    says how many rows match; the count is the whole list's."""
    from binhdan import paging

    monkeypatch.setattr(paging, "MAX_PAGES", 2)
    HouseholdFactory.create_batch(60, village=world.village_a)
    client = client_for("office")
    url = reverse("households:household_list")
    last = client.get(url, {"page": 99})
    page = last.context["page_obj"]
    assert page.number == 2 and page.paginator.count == 60 and page.paginator.capped
    assert "Chỉ hiển thị 2 trang đầu (có 60 dòng phù hợp)" in last.content.decode()
    assert 'data-testid="pages-capped"' not in client.get(url).content.decode()


# --- audit history ------------------------------------------------------------------------


def test_every_change_to_a_household_is_kept_with_who_and_what(world, client_for):
    leader = world.users["leader"]
    leader.full_name = "Trần Văn Bình"
    leader.save()
    client_for("leader").post(
        reverse("households:household_create"),
        {
            "village": world.village_a.pk,
            "head_name": "Nguyễn Văn An",
            "address": "Xóm 3",
            "people_count": 3,
        },
    )
    household = Household.objects.get()
    client_for("leader").post(
        reverse("households:household_edit", args=[household.pk]),
        {
            "village": world.village_a.pk,
            "head_name": "Nguyễn Văn An",
            "address": "Xóm 3",
            "people_count": 5,
        },
    )
    records = list(household.history.all())
    assert [r.history_type for r in records] == ["~", "+"]
    assert {r.history_user for r in records} == {leader}

    page = client_for("office").get(reverse("households:household_history", args=[household.pk]))
    content = page.content.decode()
    assert "Trần Văn Bình" in content
    assert "Số nhân khẩu" in content and "3 → 5" in content


def test_visit_history_records_creation_and_deletion(world, client_for):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    visit = SupportVisitFactory(member=member)
    visit.people_helped = 3
    visit.save()
    content = (
        client_for("office")
        .get(reverse("households:visit_history", args=[visit.pk]))
        .content.decode()
    )
    assert "Số người được hỗ trợ" in content and "1 → 3" in content
    pk = visit.pk
    visit.delete()
    assert SupportVisit.history.filter(id=pk, history_type="-").exists()


def test_bulk_assignment_and_import_leave_history_too(world, client_for):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    household = HouseholdFactory(village=world.village_a)
    client_for("leader").post(
        reverse("households:household_assign"), {"households": [household.pk], "member": member.pk}
    )
    latest = household.history.first()
    assert latest.member_in_charge_id == member.pk
    assert latest.history_user == world.users["leader"]


def test_change_log_lists_changes_of_the_commune_only(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn An")
    HouseholdFactory(village=world.other_commune_village, head_name="Hộ Xã Khác")
    content = client_for("office").get(reverse("households:change_log")).content.decode()
    assert "Nguyễn Văn An" in content and "Hộ Xã Khác" not in content
    assert "tạo mới" in content


def test_deleting_a_household_erases_its_personal_data_also_from_the_history(world, client_for):
    from households.models import Household

    household = HouseholdFactory(
        village=world.village_a, head_name="Lò Văn Pấng", phone="0912345678", notes="Nhà cuối ngõ"
    )
    household.people_count = 5
    household.save()  # a second version in the history
    client = client_for("leader")
    url = reverse("households:household_delete", args=[household.pk])
    assert client.post(url).status_code == 302
    versions = Household.history.filter(id=household.pk)
    assert versions.count() == 3  # created, changed, deleted: who and when are kept
    for version in versions:
        assert (version.head_name, version.address, version.phone, version.notes) == (
            "(hộ đã xóa)",
            "",
            "",
            "",
        )
    assert versions.filter(history_type="-").exists()


def test_a_platform_no_longer_used_stays_on_a_household_edited_afterwards(world, client_for):
    household = HouseholdFactory(village=world.village_a, head_name="Lê Văn Tâm", address="Xóm 1")
    voso = Platform.objects.of(world.commune).get(code="voso")
    HouseholdPlatformFactory(household=household, platform=voso)
    Platform.objects.of(world.commune).filter(pk=voso.pk).update(is_active=False)
    client = client_for("leader")
    url = reverse("households:household_edit", args=[household.pk])

    assert "Sàn Voso" in client.get(url).content.decode()  # still there for this household
    new = client.get(reverse("households:household_create")).content.decode()
    assert "Sàn Voso" not in new  # but no longer offered to others
    response = client.post(
        url,
        {
            "village": world.village_a.pk,
            "head_name": "Lê Văn Tâm",
            "address": "Xóm 1",
            "people_count": 4,
            "platforms_used": [voso.pk],
        },
    )
    assert response.status_code == 302
    assert list(household.platforms.all()) == [voso]
