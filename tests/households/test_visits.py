"""The support-visit form: defaults, household search without diacritics, validation."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from households.forms import SupportVisitForm
from households.models import HouseholdPlatform, Platform, SupportType, SupportVisit
from tests.factories import HouseholdFactory, MemberFactory, SupportVisitFactory, TeamFactory


@pytest.fixture
def field(world):
    """Village A's team with the logged-in member `tovien` as one of its members."""
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, full_name="Đỗ Minh Tuấn", user=world.users["member"])
    other = MemberFactory(team=team, full_name="Trần Thị Lan")
    household = HouseholdFactory(
        village=world.village_a, head_name="Nguyễn Thị Hường", address="Xóm 3, Thôn Đông"
    )
    return {"team": team, "me": me, "other": other, "household": household}


def visit_data(field, **overrides):
    data = {
        "member": field["me"].pk,
        "date": timezone.localdate().isoformat(),
        "household": field["household"].pk,
        "walk_in_name": "",
        "support_types": [
            SupportType.objects.of(field["team"].commune_id).get(code="vneid-kich-hoat").pk
        ],
        "method": "door_to_door",
        "people_helped": "2",
        "notes": "",
        "save": "1",
    }
    data.update(overrides)
    return data


def test_form_defaults_to_the_logged_in_member_and_today(world, field, client_for):
    response = client_for("member").get(reverse("households:visit_create"))
    form = response.context["form"]
    assert form["member"].value() == field["me"].pk
    assert form["date"].value() == timezone.localdate()
    assert form["method"].value() == "door_to_door"


def test_a_member_logs_visits_only_in_their_own_name(world, field, client_for):
    client = client_for("member")
    form = client.get(reverse("households:visit_create")).context["form"]
    assert form.fields["member"].disabled
    assert list(form.fields["member"].queryset) == [field["me"]]
    response = client.post(
        reverse("households:visit_create"), visit_data(field, member=field["other"].pk)
    )
    assert response.status_code == 302
    visit = SupportVisit.objects.get()
    assert visit.member == field["me"]
    # and on edit, too: the visit stays theirs
    client.post(
        reverse("households:visit_edit", args=[visit.pk]),
        visit_data(field, member=field["other"].pk, people_helped="3"),
    )
    visit.refresh_from_db()
    assert (visit.member, visit.people_helped) == (field["me"], 3)


def test_a_leader_may_log_a_visit_for_a_member_of_the_team(world, field, client_for):
    client = client_for("leader")
    assert (
        not client.get(reverse("households:visit_create")).context["form"].fields["member"].disabled
    )
    client.post(reverse("households:visit_create"), visit_data(field, member=field["other"].pk))
    assert SupportVisit.objects.get().member == field["other"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_date_of_a_new_visit_is_today_written_dd_mm_yyyy(world, field, client_for, language):
    client = client_for("member")
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("households:visit_create")).content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    date_input = re.search(r'<input[^>]*name="date"[^>]*>', page).group()
    assert f'value="{today}"' in date_input and 'type="text"' in date_input
    placeholder = {"vi": "nn/tt/nnnn", "en": "dd/mm/yyyy"}[language]
    assert f'placeholder="{placeholder}"' in date_input and 'inputmode="numeric"' in date_input


def test_a_date_typed_dd_mm_yyyy_is_the_date_of_the_visit(world, field, client_for):
    day = timezone.localdate() - datetime.timedelta(days=3)
    data = visit_data(field, date=day.strftime("%d/%m/%Y"))
    response = client_for("member").post(reverse("households:visit_create"), data)
    assert response.status_code == 302
    assert SupportVisit.objects.get().date == day


def test_a_date_that_does_not_exist_is_refused_and_kept_as_typed(world, field, client_for):
    data = visit_data(field, date="31/02/2026")
    response = client_for("member").post(reverse("households:visit_create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and SupportVisit.objects.count() == 0
    assert "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/11/2026." in page
    assert 'value="31/02/2026"' in page


def test_member_logs_a_visit_to_a_household_found_without_diacritics(world, field, client_for):
    client = client_for("member")
    found = client.get(reverse("households:household_search"), {"q": "huong xom 3"})
    assert "Nguyễn Thị Hường" in found.content.decode()

    response = client.post(reverse("households:visit_create"), visit_data(field))
    assert response.status_code == 302
    visit = SupportVisit.objects.get()
    assert visit.member == field["me"] and visit.team == field["team"]
    assert visit.created_by == world.users["member"]
    assert visit.household == field["household"] and visit.people_helped == 2
    assert [t.code for t in visit.support_types.all()] == ["vneid-kich-hoat"]


def test_without_javascript_the_find_button_lists_matches_and_keeps_what_was_typed(
    world, field, client_for
):
    data = visit_data(field, household="", household_query="NGUYEN THI HUONG", find="1")
    del data["save"]
    response = client_for("member").post(reverse("households:visit_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{field["household"].pk}"' in page
    assert "Nguyễn Thị Hường" in page
    assert SupportVisit.objects.count() == 0
    assert response.context["form"]["people_helped"].value() == "2"


def test_walk_in_resident_needs_no_household(world, field, client_for):
    data = visit_data(
        field, household="", walk_in_name="  Bà  Lò Thị Sen ", method="community_point"
    )
    client_for("member").post(reverse("households:visit_create"), data)
    visit = SupportVisit.objects.get()
    assert visit.household is None and visit.walk_in_name == "Bà Lò Thị Sen"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"household": ""}, "Chọn một hộ trong sổ theo dõi hoặc ghi tên người dân đến trực tiếp."),
        ({"support_types": []}, "Trường này là bắt buộc."),
        ({"people_helped": "0"}, "Mỗi lượt hỗ trợ được từ 1 đến 99 người."),
        ({"date": "2099-01-01"}, "Ngày phải từ 01/10/2025 đến hôm nay ("),
        (
            {"walk_in_name": "Lò Thị Sen"},
            "Đã chọn hộ dân thì để trống tên người dân đến trực tiếp.",
        ),
    ],
)
def test_invalid_visits_are_refused_with_a_clear_message(world, field, overrides, message):
    form = SupportVisitForm(visit_data(field, **overrides), user=world.users["member"])
    assert not form.is_valid()
    assert message in str(form.errors)


def test_household_of_another_village_cannot_be_chosen(world, field):
    elsewhere = HouseholdFactory(village=world.village_b)
    form = SupportVisitForm(visit_data(field, household=elsewhere.pk), user=world.users["member"])
    assert not form.is_valid() and "household" in form.errors


def test_nobody_logs_a_visit_in_the_name_of_a_member_outside_their_scope(world, field):
    outsider = MemberFactory(team=TeamFactory(village=world.village_b))
    form = SupportVisitForm(visit_data(field, member=outsider.pk), user=world.users["leader"])
    assert not form.is_valid() and "member" in form.errors
    # a team member's own name is the only one their form knows: the outsider is ignored
    form = SupportVisitForm(visit_data(field, member=outsider.pk), user=world.users["member"])
    assert form.is_valid() and form.cleaned_data["member"] == field["me"]


def test_platforms_marked_in_the_visit_are_recorded_once_with_the_visit_date(
    world, field, client_for
):
    vneid = Platform.objects.of(world.commune).get(code="vneid")
    day = timezone.localdate() - datetime.timedelta(days=3)
    client = client_for("member")
    client.post(
        reverse("households:visit_create"),
        visit_data(field, date=day.isoformat(), platforms_now_used=[vneid.pk]),
    )
    client.post(
        reverse("households:visit_create"), visit_data(field, platforms_now_used=[vneid.pk])
    )
    used = HouseholdPlatform.objects.get(household=field["household"])
    assert used.platform == vneid and used.first_recorded_on == day


def test_member_edits_only_their_own_visits(world, field, client_for):
    own = SupportVisitFactory(member=field["me"], household=field["household"], walk_in_name="")
    theirs = SupportVisitFactory(member=field["other"])
    client = client_for("member")
    page = client.get(reverse("households:visit_list")).content.decode()
    assert reverse("households:visit_edit", args=[own.pk]) in page
    assert reverse("households:visit_edit", args=[theirs.pk]) not in page
    assert client.post(reverse("households:visit_delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("households:visit_delete", args=[own.pk])).status_code == 302
    assert list(SupportVisit.objects.all()) == [theirs]


def test_visit_list_query_count_does_not_grow_with_visits(
    world, field, client_for, django_assert_max_num_queries
):
    client = client_for("leader")
    for _ in range(3):
        SupportVisitFactory(member=field["other"]).support_types.set(
            SupportType.objects.of(world.commune).all()
        )
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("households:visit_list"))
    for _ in range(20):
        SupportVisitFactory(member=field["other"]).support_types.set(
            SupportType.objects.of(world.commune).all()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("households:visit_list"))


def test_a_kind_of_support_no_longer_used_stays_on_a_visit_edited_afterwards(
    world, field, client_for
):
    other = SupportType.objects.of(world.commune).get(code="khac")
    visit = SupportVisitFactory(member=field["me"], date=timezone.localdate())
    visit.support_types.set([other])
    SupportType.objects.of(world.commune).filter(pk=other.pk).update(is_active=False)
    client = client_for("member")
    url = reverse("households:visit_edit", args=[visit.pk])

    assert "Nội dung khác" in client.get(url).content.decode()
    assert "Nội dung khác" not in client.get(reverse("households:visit_create")).content.decode()
    response = client.post(url, visit_data(field, support_types=[other.pk], people_helped="3"))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert list(visit.support_types.all()) == [other] and visit.people_helped == 3


@pytest.mark.parametrize("by_id", [1000, 0])
def test_visit_list_search_finds_households_and_walk_ins_of_the_scope_only(
    world, field, client_for, monkeypatch, by_id
):
    """By the household's name or address without diacritics, or the walk-in's name (with
    its diacritics: it is not folded); the
    households found are named by id when few (`by_id` 0: always by subquery), same result."""
    from households import forms

    monkeypatch.setattr(forms, "SEARCH_HOUSEHOLDS_BY_ID", by_id)
    hers = SupportVisitFactory(member=field["me"], household=field["household"], walk_in_name="")
    walk_in = SupportVisitFactory(member=field["me"], walk_in_name="Bà Hường bán rau")
    SupportVisitFactory(member=field["other"], walk_in_name="Ông Lâm")
    namesake = HouseholdFactory(village=world.village_b, head_name="Nguyễn Thị Hường")
    theirs = SupportVisitFactory(
        member=MemberFactory(team=TeamFactory(village=world.village_b)),
        household=namesake,
        walk_in_name="",
    )

    def found(role, query):
        page = client_for(role).get(reverse("households:visit_list"), {"q": query, "mine": "0"})
        return {visit.pk for visit in page.context["page_obj"]}

    assert found("office", "hường") == {hers.pk, walk_in.pk, theirs.pk}
    assert found("office", "huong") == {hers.pk, theirs.pk}  # a walk-in's name as written
    assert found("office", "XOM 3") == {hers.pk}
    assert found("leader", "Hường") == {hers.pk, walk_in.pk}
