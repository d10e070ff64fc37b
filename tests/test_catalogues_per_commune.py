"""Each commune keeps its own catalogues: roles, digital platforms, kinds of support (issue 14,
finding 7: a second commune's office got 200 on /vai-tro/, /nen-tang/, /noi-dung-ho-tro/ and
its edit views had no commune filter)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binhdan.communes import open_commune, province_of
from households import catalogues as household_catalogues
from households.models import Platform, SupportType, SupportVisit
from reports.kpis import tallyguard
from teams import catalogues as team_catalogues
from teams.models import Commune, MemberRole, Role
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    TeamFactory,
    UserFactory,
    platform_of,
    role_of,
    support_types_of,
)
from tests.migrating import migrate_to, migrate_to_latest

CATALOGUES = [
    # list, create, edit, model
    ("teams:role_list", "teams:role_create", "teams:role_edit", MemberRole),
    (
        "households:platform_list",
        "households:platform_create",
        "households:platform_edit",
        Platform,
    ),
    (
        "households:support_type_list",
        "households:support_type_create",
        "households:support_type_edit",
        SupportType,
    ),
]


@pytest.fixture
def elsewhere(world):
    """The office of the other commune of `world`, logged in."""
    commune = world.other_commune_village.commune
    client = Client()
    client.force_login(UserFactory(username="vanphong-khac", role=Role.OFFICE, commune=commune))
    return commune, client


def test_opening_a_commune_gives_it_the_default_catalogues_once(db):
    commune = open_commune(
        Commune(code="TANCUONG", name="Tân Cương", province=province_of("Thái Nguyên"))
    )
    assert MemberRole.objects.of(commune).count() == len(team_catalogues.ROLES)
    assert Platform.objects.of(commune).count() == len(household_catalogues.PLATFORMS)
    assert SupportType.objects.of(commune).count() == len(household_catalogues.SUPPORT_TYPES)
    assert MemberRole.objects.of(commune).filter(required_in_village_team=True).count() == 6
    # Opened again (saved from the admin), what its office changed stays as they left it.
    vneid = platform_of(commune, "vneid")
    vneid.name = "Ứng dụng VNeID"
    vneid.save()
    open_commune(commune)
    assert platform_of(commune, "vneid").name == "Ứng dụng VNeID"
    assert Platform.objects.of(commune).count() == len(household_catalogues.PLATFORMS)


@pytest.mark.parametrize("list_url, create_url, edit_url, model", CATALOGUES)
def test_an_office_sees_and_changes_only_its_own_communes_catalogue(
    world, elsewhere, client_for, list_url, create_url, edit_url, model
):
    commune, client = elsewhere
    ours = model.objects.of(world.commune).first()
    response = client.get(reverse(list_url))
    assert response.status_code == 200
    shown = {entry.pk for entry in _listed(response)}
    assert shown == set(model.objects.of(commune).values_list("pk", flat=True))
    assert ours.pk not in shown
    for method in ("get", "post"):
        answer = getattr(client, method)(reverse(edit_url, args=[ours.pk]), {"name": "Đổi tên"})
        assert answer.status_code == 404
    assert model.objects.get(pk=ours.pk).name == ours.name
    # Its own entries it changes as before.
    own = model.objects.of(commune).first()
    assert client.get(reverse(edit_url, args=[own.pk])).status_code == 200


def _listed(response):
    for key in ("roles", "platforms", "support_types"):
        if key in response.context:
            return list(response.context[key])
    raise AssertionError("no catalogue in the page")


def test_a_code_is_unique_within_a_commune_not_across_communes(world, elsewhere, client_for):
    commune, client = elsewhere
    data = {"code": "zalo-pay", "name": "ZaloPay", "sort_order": 30, "is_active": "on"}
    assert client.post(reverse("households:platform_create"), data).status_code == 302
    ours = client_for("office").post(reverse("households:platform_create"), data)
    assert ours.status_code == 302  # the same code in another commune is another entry
    assert {p.commune_id for p in Platform.objects.filter(code="zalo-pay")} == {
        commune.pk,
        world.commune.pk,
    }
    again = client.post(reverse("households:platform_create"), data)
    assert again.status_code == 200 and again.context["form"].errors["code"]


def test_forms_offer_only_the_communes_own_entries_and_refuse_others(world, elsewhere, client_for):
    commune, _ = elsewhere
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, user=world.users["member"])
    household = HouseholdFactory(village=world.village_a)
    client = client_for("member")
    form = client.get(reverse("households:visit_create")).context["form"]
    assert {t.commune_id for t in form.fields["support_types"].queryset} == {world.commune.pk}
    assert {p.commune_id for p in form.fields["platforms_now_used"].queryset} == {world.commune.pk}
    leader_form = client_for("leader").get(reverse("teams:member_create", args=[team.pk]))
    assert {r.commune_id for r in leader_form.context["form"].fields["role"].queryset} == {
        world.commune.pk
    }
    foreign = support_types_of(commune, "vneid-kich-hoat").get()
    response = client.post(
        reverse("households:visit_create"),
        {
            "member": me.pk,
            "date": timezone.localdate().strftime("%d/%m/%Y"),
            "household": household.pk,
            "support_types": [foreign.pk],
            "method": "door_to_door",
            "people_helped": "1",
            "save": "1",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["support_types"]
    assert not SupportVisit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_shared_catalogues_are_shared_out_with_nothing_changing_role_or_platform():
    """A database from before: two communes sharing one catalogue. After the migrations each
    commune has its own copy and every member, household platform and visit points at its
    own commune's entry of the same code."""
    before = [("households", "0007_truthful_dates"), ("teams", "0006_truthful_dates")]
    old = migrate_to(before)
    Commune_, Village_, Team_ = (old.get_model("teams", m) for m in ("Commune", "Village", "Team"))
    Role_, Member_ = old.get_model("teams", "MemberRole"), old.get_model("teams", "Member")
    Platform_ = old.get_model("households", "Platform")
    SupportType_ = old.get_model("households", "SupportType")
    Household_ = old.get_model("households", "Household")
    Visit_ = old.get_model("households", "SupportVisit")
    Used_ = old.get_model("households", "HouseholdPlatform")
    khac = Role_.objects.create(code="khac", name="Thành viên khác")
    vneid = Platform_.objects.create(code="vneid", name="VNeID", is_essential=True)
    install = SupportType_.objects.create(code="vneid-kich-hoat", name="Kích hoạt VNeID")
    made = {}
    tallyguard.pause()  # a database from before, written by hand: the guard looks away
    for code in ("LIENMINH", "TANCUONG"):
        commune = Commune_.objects.create(code=code, name=code.title())
        village = Village_.objects.create(commune=commune, code=f"{code[:2]}01", name="Thôn 1")
        team = Team_.objects.create(commune=commune, level="village", village=village, name="Tổ")
        member = Member_.objects.create(team=team, full_name="Lê Văn An", role=khac)
        household = Household_.objects.create(village=village, head_name="Hà Thị Mỵ", address="X")
        Used_.objects.create(household=household, platform=vneid, first_recorded_on="2026-03-01")
        visit = Visit_.objects.create(
            team=team, member=member, date="2026-03-02", household=household, people_helped=1
        )
        visit.support_types.add(install)
        made[code] = (member.pk, household.pk, visit.pk)
    tallyguard.resume()
    try:
        migrate_to_latest()
        for code, (member_pk, household_pk, visit_pk) in made.items():
            commune = Commune.objects.get(code=code)
            assert MemberRole.objects.of(commune).count() == 1
            assert role_of(commune, "khac").members.get().pk == member_pk
            assert platform_of(commune, "vneid").households.get().pk == household_pk
            assert list(SupportVisit.objects.get(pk=visit_pk).support_types.all()) == list(
                support_types_of(commune, "vneid-kich-hoat")
            )
        # And back: one shared catalogue again, nobody's role or platform changed.
        old = migrate_to(before)
        assert old.get_model("teams", "MemberRole").objects.count() == 1
        assert old.get_model("households", "Platform").objects.count() == 1
        assert old.get_model("households", "HouseholdPlatform").objects.count() == 2
    finally:
        migrate_to_latest()
