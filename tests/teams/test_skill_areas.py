"""The catalogue of the basic digital skills framework's areas (757/QĐ-BKHCN), kept by the
commune office: seeded with the framework's domains, each mapped to the training topics that
teach it."""

import pytest
from django.urls import reverse

from teams.models import DigitalSkillArea, TrainingTopic
from tests.factories import ensure_catalogues


@pytest.mark.django_db
def test_the_office_adds_an_area_and_maps_training_topics_to_it(world, client_for):
    ensure_catalogues()
    office = client_for("office")
    listing = office.get(reverse("teams:skill_area_list")).content.decode()
    seeded = DigitalSkillArea.objects.order_by("number").first()
    assert seeded.name in listing  # the framework's domains are there from the start
    assert (
        reverse("teams:skill_area_list")
        in office.get(reverse("teams:training_list")).content.decode()
    )

    topics = list(TrainingTopic.objects.order_by("number")[:2])
    response = office.post(
        reverse("teams:skill_area_create"),
        {
            "number": 90,
            "name": "Kỹ năng số  trong nông nghiệp",
            "is_active": "on",
            "topics": [t.pk for t in topics],
        },
    )
    assert response.status_code == 302
    area = DigitalSkillArea.objects.get(number=90)
    assert area.name == "Kỹ năng số trong nông nghiệp"
    assert set(area.topics.all()) == set(topics)

    same_name = office.post(
        reverse("teams:skill_area_create"), {"number": 91, "name": "kỹ năng số trong nông nghiệp"}
    )
    assert "Đã có miền kỹ năng với tên này." in same_name.content.decode()
    assert not DigitalSkillArea.objects.filter(number=91).exists()

    office.post(
        reverse("teams:skill_area_edit", args=[area.pk]),
        {"number": 90, "name": area.name, "topics": [topics[0].pk]},
    )
    area.refresh_from_db()
    assert not area.is_active and list(area.topics.all()) == [topics[0]]


@pytest.mark.django_db
def test_a_leader_may_not_change_the_catalogue(world, client_for):
    ensure_catalogues()
    area = DigitalSkillArea.objects.order_by("number").first()
    response = client_for("leader").post(
        reverse("teams:skill_area_edit", args=[area.pk]), {"number": area.number, "name": "X"}
    )
    assert response.status_code == 403
    assert DigitalSkillArea.objects.get(pk=area.pk).name != "X"
