"""The outbox's endpoint (issue 19): a visit logged offline goes through the visit form's
validation, capability and scope checks and the tallies, once, whatever the phone resends."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from households.models import SupportType, SupportVisit
from households.services import delete_household, save_household
from reports.kpis import tallies
from reports.models import TeamTally
from tests.factories import HouseholdFactory, MemberFactory, TeamFactory

SYNC = reverse("households:visit_sync")


@pytest.fixture
def field(world):
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, full_name="Đỗ Minh Tuấn", user=world.users["member"])
    other = MemberFactory(team=team, full_name="Trần Thị Lan")
    household = HouseholdFactory(village=world.village_a, head_name="Nguyễn Thị Hường")
    vneid = SupportType.objects.of(world.commune.pk).get(code="vneid-kich-hoat")
    return {"team": team, "me": me, "other": other, "household": household, "vneid": vneid}


def visit(field, **overrides) -> dict:
    """A visit as the phone's outbox sends it."""
    body = {
        "client_id": str(uuid.uuid4()),
        "member": field["me"].pk,
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "household": field["household"].pk,
        "walk_in_name": "",
        "support_types": [field["vneid"].pk],
        "method": "door_to_door",
        "people_helped": 2,
        "notes": "",
    }
    body.update(overrides)
    return body


def send(client, body):
    return client.post(SYNC, json.dumps(body), content_type="application/json")


def visits_this_quarter(team) -> int:
    return sum(TeamTally.objects.filter(team=team).values_list("visits", flat=True))


def test_a_visit_sent_twice_is_stored_once(world, field, client_for):
    client = client_for("member")
    body = visit(field)
    first = send(client, body)
    assert first.status_code == 201
    assert first.json()["status"] == "saved"
    again = send(client, body)
    assert again.status_code == 200
    assert again.json() == {
        "status": "already",
        "message": "Lượt hỗ trợ này đã được lưu trước đó.",
        "visit": first.json()["visit"],
        "client_id": body["client_id"],
    }
    stored = SupportVisit.objects.get()
    assert str(stored.client_id) == body["client_id"]
    assert (stored.member, stored.household, stored.people_helped) == (
        field["me"],
        field["household"],
        2,
    )
    assert list(stored.support_types.all()) == [field["vneid"]]
    assert stored.created_by == world.users["member"]
    # The tallies counted it, once (K5 is read from them).
    assert visits_this_quarter(field["team"]) == 1
    assert tallies.differences() == []


def test_a_refused_visit_answers_a_vietnamese_reason_per_field_and_changes_nothing(
    world, field, client_for
):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = send(
        client_for("member"),
        visit(field, date=tomorrow.strftime("%d/%m/%Y"), support_types=[], method=""),
    )
    assert response.status_code == 422
    answer = response.json()
    assert answer["status"] == "refused"
    assert answer["message"] == "Chưa lưu lượt hỗ trợ: hãy sửa lại hoặc xóa lượt này."
    assert set(answer["errors"]) == {"date", "support_types", "method"}
    assert "tương lai" in answer["errors"]["date"][0] or "hôm nay" in answer["errors"]["date"][0]
    assert SupportVisit.objects.count() == 0


def test_a_member_cannot_log_a_visit_in_another_members_name(world, field, client_for):
    response = send(client_for("member"), visit(field, member=field["other"].pk))
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "member": ["Bạn chỉ ghi lượt hỗ trợ của chính mình."],
    }
    assert SupportVisit.objects.count() == 0


def test_a_leader_cannot_name_a_member_of_another_village(world, field, client_for):
    elsewhere = MemberFactory(team=TeamFactory(village=world.village_b))
    response = send(client_for("leader"), visit(field, member=elsewhere.pk))
    assert response.status_code == 422
    assert response.json()["errors"]["member"] == ["Hãy chọn một tổ viên trong tổ của bạn."]
    assert SupportVisit.objects.count() == 0


def test_a_member_who_left_the_team_is_refused(world, field, client_for):
    field["other"].deactivate(timezone.localdate())
    response = send(client_for("leader"), visit(field, member=field["other"].pk))
    assert response.status_code == 422
    assert response.json()["errors"]["member"] == ["Tổ viên này đã rời tổ: hãy chọn tổ viên khác."]


def test_households_of_other_villages_are_refused(world, field, client_for):
    for village in (world.village_b, world.other_commune_village):
        household = HouseholdFactory(village=village)
        response = send(client_for("member"), visit(field, household=household.pk))
        assert response.status_code == 422
        assert response.json()["errors"]["household"] == ["Hãy chọn một hộ dân trong thôn của bạn."]
    assert SupportVisit.objects.count() == 0


def test_a_household_deleted_or_moved_while_offline_is_explained(world, field, client_for):
    moved = HouseholdFactory(village=world.village_a, head_name="Vũ Văn Long")
    moved.village = world.village_b
    save_household(moved, world.users["office"])
    deleted = field["household"].pk
    delete_household(field["household"], world.users["office"])
    client = client_for("member")
    gone = send(client, visit(field, household=deleted)).json()
    assert gone["errors"]["household"] == [
        "Hộ dân này đã bị xóa khỏi sổ theo dõi: hãy chọn hộ khác hoặc ghi tên người dân đến "
        "trực tiếp."
    ]
    away = send(client, visit(field, household=moved.pk)).json()
    assert away["errors"]["household"] == [
        "Hộ dân này không còn ở thôn của bạn (đã chuyển sang thôn khác)."
    ]
    assert SupportVisit.objects.count() == 0


def test_a_visit_without_an_id_from_the_phone_or_unreadable_is_refused(world, field, client_for):
    client = client_for("member")
    assert send(client, visit(field, client_id="not-an-id")).status_code == 400
    assert send(client, visit(field, client_id=None)).status_code == 400
    garbled = client.post(SYNC, "{not json", content_type="application/json")
    assert garbled.status_code == 400
    assert garbled.json()["status"] == "unreadable"
    assert SupportVisit.objects.count() == 0


def test_an_id_already_used_by_another_user_is_not_theirs(world, field, client_for):
    body = visit(field)
    assert send(client_for("member"), body).status_code == 201
    response = send(client_for("leader"), body)
    assert response.status_code == 409
    assert response.json()["status"] == "taken"
    assert SupportVisit.objects.count() == 1


def test_an_ended_session_answers_json_the_phone_understands(world, field):
    response = send(Client(), visit(field))
    assert response.status_code == 401
    assert response.json()["status"] == "login"
    assert "đăng nhập lại" in response.json()["message"]


def test_roles_that_log_no_visits_are_refused(world, field, client_for):
    for role in ("leadership", "police", "department"):
        response = send(client_for(role), visit(field))
        assert response.status_code == 403
        assert response.json()["status"] == "forbidden"
    assert SupportVisit.objects.count() == 0


def test_csrf_protection_stays_and_the_token_in_a_header_passes(world, field):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member"])
    refused = client.post(
        SYNC,
        json.dumps(visit(field)),
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 403
    assert refused.json()["status"] == "csrf"
    client.get(reverse("households:visit_create"))  # the page gives the token
    token = client.cookies["csrftoken"].value
    sent = client.post(
        SYNC,
        json.dumps(visit(field)),
        content_type="application/json",
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert sent.status_code == 201


def test_the_offline_list_holds_only_the_users_households_and_what_the_form_shows(
    world, field, client_for
):
    HouseholdFactory(village=world.village_b, head_name="Bùi Thị Nga")
    data = client_for("member").get(reverse("households:visit_offline_data")).json()
    assert data["households"] == [[field["household"].pk, "Nguyễn Thị Hường", "Thôn Đông"]]
    assert [field["vneid"].pk, field["vneid"].name] in data["support_types"]
    assert data["platforms"]
    assert data["user"] == world.users["member"].pk


FORM = reverse("households:visit_create")


def form_post(field, client_id, **overrides) -> dict:
    """The visit form as the browser posts it, with the id the page carries."""
    data = {
        "client_id": client_id,
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "household": field["household"].pk,
        "support_types": [field["vneid"].pk],
        "method": "door_to_door",
        "people_helped": "1",
    }
    data.update(overrides)
    return data


def test_the_form_sent_again_after_a_lost_answer_stores_the_visit_once(world, field, client_for):
    # Without JavaScript: the page carries an id made for the visit; the browser sends the
    # form again (the first answer was lost on a weak signal) and the visit is stored once.
    client = client_for("member")
    page = client.get(FORM)
    client_id = str(page.context["client_id"])
    assert f'name="client_id" value="{client_id}"' in page.content.decode()
    for _ in range(2):
        response = client.post(FORM, form_post(field, client_id))
        assert response.status_code == 302
        assert response["Location"] == reverse("households:visit_list")
    stored = SupportVisit.objects.get()
    assert str(stored.client_id) == client_id
    # The outbox sending the same visit later (the page's script kept it) stores nothing more.
    again = send(client, visit(field, client_id=client_id))
    assert (again.status_code, again.json()["visit"]) == (200, stored.pk)
    assert SupportVisit.objects.count() == 1
    assert visits_this_quarter(field["team"]) == 1
    assert tallies.differences() == []


def test_the_form_sent_by_the_pages_script_is_told_where_to_go_next(world, field, client_for):
    client = client_for("member")
    script = {"headers": {"X-Visit-Form": "script"}}
    saved = client.post(FORM, form_post(field, str(uuid.uuid4()), again="1"), **script)
    assert saved.status_code == 204
    assert saved["X-Next"].startswith(FORM + "?ngay=")
    assert SupportVisit.objects.count() == 1
    # A refused form is the page with its reasons (the script lets the browser show it).
    refused = client.post(FORM, form_post(field, str(uuid.uuid4()), method=""), **script)
    assert refused.status_code == 200
    assert refused.context["form"].errors["method"]
    # A session that ended is the log-in page, whatever sent the form.
    lapsed = Client().post(FORM, form_post(field, str(uuid.uuid4())), **script)
    assert lapsed.status_code == 302 and lapsed["Location"].startswith(reverse("login"))
    assert SupportVisit.objects.count() == 1


def test_a_form_id_taken_by_another_users_visit_is_not_taken_over(world, field, client_for):
    body = visit(field)
    assert send(client_for("member"), body).status_code == 201
    leader = client_for("leader")
    response = leader.post(FORM, form_post(field, body["client_id"], member=field["other"].pk))
    assert response.status_code == 302
    theirs = SupportVisit.objects.get(created_by=world.users["leader"])
    assert theirs.client_id is None and theirs.member == field["other"]
    assert SupportVisit.objects.count() == 2
