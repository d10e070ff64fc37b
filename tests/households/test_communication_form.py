"""The communication form: households found by name or address among those of the chosen
villages, never every household of the commune at once (issue 15, part 4)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from households.models import CommunicationActivity, Household
from teams.models import User
from tests.factories import CommunicationActivityFactory, HouseholdFactory, VillageFactory

pytestmark = pytest.mark.django_db

CREATE = "households:communication_create"


def boxes(html: str) -> int:
    """How many household boxes the page has."""
    return html.count('name="households"')


def form_data(world, **extra):
    return {
        "date": "05/11/2026",
        "channel": "meeting",
        "title": "Họp thôn: hướng dẫn VNeID",
        **extra,
    }


@pytest.fixture
def households(world):
    """Namesakes in two villages, and others."""
    return {
        "tuan_a": HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn"),
        "hong_a": HouseholdFactory(village=world.village_a, head_name="Đỗ Thị Hồng"),
        "tuan_b": HouseholdFactory(village=world.village_b, head_name="Nguyễn Văn Tuấn"),
        "long_b": HouseholdFactory(village=world.village_b, head_name="Vũ Văn Long"),
    }


def test_the_office_form_lists_no_household_before_a_search(world, client_for, households):
    html = client_for("office").get(reverse(CREATE)).content.decode()
    assert boxes(html) == 0
    assert 'name="household_query"' in html and "Tìm" in html
    assert 'name="reaches_all_households"' in html


def test_find_without_javascript_looks_only_in_the_ticked_villages(world, client_for, households):
    response = client_for("office").post(
        reverse(CREATE),
        form_data(world, villages=[world.village_a.pk], household_query="tuan", find="1"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert boxes(html) == 1
    assert f'id="household-{households["tuan_a"].pk}"' in html
    assert f'id="household-{households["tuan_b"].pk}"' not in html  # the namesake of Thôn Đoài
    assert "Đỗ Thị Hồng" not in html
    assert 'class="alert alert-danger"' not in html  # a search judges nothing yet
    assert not CommunicationActivity.objects.exists()


def test_find_keeps_the_households_ticked_and_does_not_offer_them_twice(
    world, client_for, households
):
    tuan, hong = households["tuan_a"], households["hong_a"]
    html = (
        client_for("office")
        .post(
            reverse(CREATE),
            form_data(
                world,
                villages=[world.village_a.pk],
                households=[hong.pk],
                household_query="nguyen",
                find="1",
            ),
        )
        .content.decode()
    )
    ticked = html.split('data-testid="households-ticked"')[1].split(
        'data-testid="households-found"'
    )[0]
    found = html.split('data-testid="households-found"')[1]
    assert f'value="{hong.pk}" id="household-{hong.pk}" checked' in ticked
    assert f'id="household-{tuan.pk}"' in found and f'id="household-{hong.pk}"' not in found
    assert html.count(f'id="household-{hong.pk}"') == 1


def test_a_search_before_ticking_a_village_says_to_tick_one(world, client_for, households):
    html = (
        client_for("office")
        .post(reverse(CREATE), form_data(world, household_query="tuan", find="1"))
        .content.decode()
    )
    assert boxes(html) == 0
    assert "Hãy chọn thôn, xóm trước" in html


def test_the_households_found_are_saved_once_ticked(world, client_for, households):
    tuan = households["tuan_a"]
    response = client_for("office").post(
        reverse(CREATE), form_data(world, villages=[world.village_a.pk], households=[tuan.pk])
    )
    assert response.status_code == 302
    assert list(CommunicationActivity.objects.get().households.all()) == [tuan]


def test_a_household_outside_the_chosen_villages_is_refused_and_shown_to_untick(
    world, client_for, households
):
    stray = households["long_b"]
    response = client_for("office").post(
        reverse(CREATE), form_data(world, villages=[world.village_a.pk], households=[stray.pk])
    )
    html = response.content.decode()
    assert "Một số hộ không thuộc các thôn, xóm đã chọn." in html
    assert f'value="{stray.pk}" id="household-{stray.pk}" checked' in html
    assert not CommunicationActivity.objects.exists()


def test_reaching_every_household_of_the_villages_needs_no_household(world, client_for, households):
    response = client_for("office").post(
        reverse(CREATE),
        form_data(
            world,
            villages=[world.village_a.pk, world.village_b.pk],
            reaches_all_households="on",
            households=[households["tuan_a"].pk],
        ),
    )
    assert response.status_code == 302
    activity = CommunicationActivity.objects.get()
    assert activity.reaches_all_households and not activity.households.exists()


def test_editing_shows_the_activity_s_households_ticked_and_no_other(world, client_for, households):
    activity = CommunicationActivityFactory(
        commune=world.commune, villages=[world.village_a], households=[households["hong_a"]]
    )
    html = (
        client_for("leader")
        .get(reverse("households:communication_edit", args=[activity.pk]))
        .content.decode()
    )
    assert boxes(html) == 1
    assert (
        f'value="{households["hong_a"].pk}" id="household-{households["hong_a"].pk}" checked'
        in html
    )


def test_a_leader_s_search_looks_in_their_village_without_ticking_it(world, client_for, households):
    # The leader's own village is ticked for them: the search looks there at once.
    html = client_for("leader").get(reverse(CREATE)).content.decode()
    assert re.search(rf'name="villages" value="{world.village_a.pk}"[^>]*checked', html)
    found = (
        client_for("leader")
        .get(
            reverse("households:communication_household_search"),
            {"q": "tuan", "villages": [world.village_a.pk]},
        )
        .content.decode()
    )
    assert f'id="household-{households["tuan_a"].pk}"' in found


def test_search_as_you_type_answers_the_chosen_villages_within_the_user_s_scope(
    world, client_for, households
):
    url = reverse("households:communication_household_search")
    both = [world.village_a.pk, world.village_b.pk]
    office = client_for("office").get(url, {"q": "tuấn", "villages": both}).content.decode()
    assert boxes(office) == 2
    assert "Thôn Đông" in office and "Thôn Đoài" in office  # namesakes told apart
    # A leader asking for another village's households gets none of them.
    leader = client_for("leader").get(url, {"q": "tuan", "villages": both}).content.decode()
    assert f'id="household-{households["tuan_a"].pk}"' in leader
    assert f'id="household-{households["tuan_b"].pk}"' not in leader
    elsewhere = HouseholdFactory(village=world.other_commune_village, head_name="Lê Văn Tuấn")
    office = client_for("office").get(
        url, {"q": "tuan", "villages": [world.other_commune_village.pk]}
    )
    assert f'id="household-{elsewhere.pk}"' not in office.content.decode()


def test_a_search_shows_at_most_twenty_and_says_there_are_more(world, client_for):
    for n in range(25):
        HouseholdFactory(village=world.village_a, head_name=f"Trần Văn Bình {n}")
    html = (
        client_for("office")
        .get(
            reverse("households:communication_household_search"),
            {"q": "binh", "villages": [world.village_a.pk]},
        )
        .content.decode()
    )
    assert boxes(html) == 20
    assert "Chỉ hiện 20 hộ đầu tiên tìm thấy" in html


def test_the_form_s_queries_do_not_grow_with_households(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("office")
    for village in (world.village_a, world.village_b):
        HouseholdFactory(village=village, head_name="Nguyễn Văn Tuấn")
    data = form_data(
        world,
        villages=[world.village_a.pk, world.village_b.pk],
        households=list(Household.objects.values_list("pk", flat=True)),
        household_query="tuan",
        find="1",
    )
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(CREATE))
        client.post(reverse(CREATE), data)
    for village in (world.village_a, world.village_b):
        for _ in range(15):
            HouseholdFactory(village=village, head_name="Nguyễn Văn Tuấn")
    data["households"] = list(Household.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(CREATE))
        client.post(reverse(CREATE), data)


def test_with_the_demo_commune_the_office_s_form_stays_small_and_quick(
    client, django_assert_max_num_queries
):
    """12 villages and about 780 households: the form once listed every one (215 KB)."""
    call_command("seed_demo", stdout=StringIO())
    assert Household.objects.count() > 700
    client.force_login(User.objects.get(username="vanphong"))
    with django_assert_max_num_queries(30):
        page = client.get(reverse(CREATE))
    assert page.status_code == 200
    assert len(page.content) < 50_000
    assert boxes(page.content.decode()) == 0
    # A search among every village of the commune still sends a small page.
    villages = list(
        VillageFactory._meta.model.objects.filter(commune__code="LIENMINH").values_list(
            "pk", flat=True
        )
    )
    assert len(villages) == 12
    found = client.post(
        reverse(CREATE),
        {"villages": villages, "household_query": "nguyen", "find": "1", "channel": "zalo"},
    )
    assert len(found.content) < 50_000
    assert 0 < boxes(found.content.decode()) <= 20
