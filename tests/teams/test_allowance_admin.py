"""The Django admin of the allowances: a superuser reads and writes the communes' rules
(saved through teams/services.py), and reads the locked months, which only the month's
page locks and unlocks."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from teams.models import AllowanceLock, AllowanceRule, MemberRole, User
from teams.services import lock_allowance_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(world):
    admin = User.objects.create_superuser("quantri", "qt@example.com", "mat-khau-quan-tri-2026")
    client = Client()
    client.force_login(admin)
    return client


def rule_data(world, **changes):
    data = {
        "commune": world.commune.pk,
        "valid_from": "01/01/2026",
        "resolution": "Nghị quyết 26/2025/NQ-HĐND",
        "per_team_month": "300000",
        "per_person_day": "50000",
        "per_person_month": "0",
        "max_days_per_person_month": "",
        "max_per_person_month": "",
        "max_per_team_month": "",
        "exclude_budget_paid": "on",
        "excluded_roles": [],
        "notes": "",
    }
    return {**data, **changes}


def test_a_superuser_adds_and_changes_a_rule_in_the_admin(world, superuser_client):
    police = MemberRole.objects.of(world.commune).first()
    response = superuser_client.post(
        reverse("admin:teams_allowancerule_add"), rule_data(world, excluded_roles=[police.pk])
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    rule = AllowanceRule.objects.get()
    assert (rule.valid_from, rule.per_team_month, rule.per_person_day) == (
        datetime.date(2026, 1, 1),
        300_000,
        50_000,
    )
    assert list(rule.excluded_roles.all()) == [police]

    change = reverse("admin:teams_allowancerule_change", args=[rule.pk])
    assert "Nghị quyết 26/2025/NQ-HĐND" in superuser_client.get(change).content.decode()
    response = superuser_client.post(change, rule_data(world, per_person_day="60000"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.per_person_day == 60_000 and not rule.excluded_roles.exists()
    listing = superuser_client.get(reverse("admin:teams_allowancerule_changelist"))
    assert listing.status_code == 200 and "Nghị quyết 26/2025/NQ-HĐND" in listing.content.decode()


def test_a_second_rule_on_the_same_day_is_refused_in_the_admin(world, superuser_client):
    AllowanceRule.objects.create(
        commune=world.commune, valid_from=datetime.date(2026, 1, 1), resolution="NQ 1"
    )
    response = superuser_client.post(reverse("admin:teams_allowancerule_add"), rule_data(world))
    assert response.status_code == 200  # the form again, with the reason
    assert AllowanceRule.objects.count() == 1


def test_locked_months_are_read_only_in_the_admin(world, superuser_client, today_is):
    today_is(datetime.date(2026, 11, 20))
    lock = lock_allowance_month(world.commune, 2026, 10, world.users["office"])
    listing = superuser_client.get(reverse("admin:teams_allowancelock_changelist"))
    assert listing.status_code == 200 and "10/2026" in listing.content.decode()
    change = reverse("admin:teams_allowancelock_change", args=[lock.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()

    assert superuser_client.get(reverse("admin:teams_allowancelock_add")).status_code == 403
    delete = reverse("admin:teams_allowancelock_delete", args=[lock.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    superuser_client.post(change, {"month": "01/09/2026", "unlocked_at_0": "20/11/2026"})
    lock.refresh_from_db()
    assert lock.month == datetime.date(2026, 10, 1) and lock.unlocked_at is None
    assert AllowanceLock.objects.count() == 1
