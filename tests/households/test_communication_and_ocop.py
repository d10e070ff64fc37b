"""Communication activities (all households or chosen ones) and OCOP products."""

from django.urls import reverse

from households.models import CommunicationActivity, OcopProduct, Platform
from tests.factories import CommunicationActivityFactory, HouseholdFactory


def test_leader_records_an_activity_reaching_chosen_households(world, client_for):
    chosen = HouseholdFactory(village=world.village_a)
    HouseholdFactory(village=world.village_a)
    response = client_for("leader").post(
        reverse("households:communication_create"),
        {
            "date": "2026-03-05",
            "channel": "meeting",
            "title": "Họp thôn: hướng dẫn VNeID",
            "villages": [world.village_a.pk],
            "households": [chosen.pk],
        },
    )
    assert response.status_code == 302
    activity = CommunicationActivity.objects.get()
    assert activity.commune == world.commune and activity.created_by == world.users["leader"]
    assert list(activity.households.all()) == [chosen]


def test_activity_needs_households_or_every_household(world, client_for):
    response = client_for("leader").post(
        reverse("households:communication_create"),
        {
            "date": "2026-03-05",
            "channel": "zalo",
            "title": "Tin nhắn",
            "villages": [world.village_a.pk],
        },
    )
    assert "hoặc đánh dấu hoạt động đến tất cả hộ dân" in response.content.decode()
    assert not CommunicationActivity.objects.exists()


def test_leader_cannot_edit_an_activity_that_also_covers_another_village(world, client_for):
    activity = CommunicationActivityFactory(
        commune=world.commune, villages=[world.village_a, world.village_b]
    )
    client = client_for("leader")
    assert "Thôn Đông" in client.get(reverse("households:communication_list")).content.decode()
    url = reverse("households:communication_edit", args=[activity.pk])
    assert client.get(url).status_code == 404


def test_office_lists_ocop_products_with_their_platforms(world, client_for):
    shopee = Platform.objects.of(world.commune).get(code="shopee")
    response = client_for("office").post(
        reverse("households:ocop_create"),
        {
            "name": "Mật ong rừng",
            "producer": "Tổ hợp tác nuôi ong",
            "stars": 3,
            "listed_on": [shopee.pk],
        },
    )
    assert response.status_code == 302
    assert list(OcopProduct.objects.get().listed_on.all()) == [shopee]
    page = client_for("leadership").get(reverse("households:ocop_list")).content.decode()
    assert "Mật ong rừng" in page and "Shopee" in page
    refused = client_for("office").post(
        reverse("households:ocop_create"), {"name": "Chè", "stars": 7}
    )
    assert "từ 3 đến 5 sao" in refused.content.decode()


def test_a_listing_on_a_platform_no_longer_e_commerce_survives_editing_the_product(
    world, client_for
):
    shopee = Platform.objects.of(world.commune).get(code="shopee")
    product = OcopProduct.objects.create(commune=world.commune, name="Mật ong rừng", stars=3)
    product.listed_on.add(shopee)
    shopee.is_ecommerce = False
    shopee.save()

    form = client_for("office").get(reverse("households:ocop_edit", args=[product.pk]))
    assert "Shopee" in form.content.decode()  # still offered, ticked
    client_for("office").post(
        reverse("households:ocop_edit", args=[product.pk]),
        {"name": "Mật ong rừng", "stars": 4, "listed_on": [shopee.pk]},
    )

    product.refresh_from_db()
    assert product.stars == 4 and list(product.listed_on.all()) == [shopee]
