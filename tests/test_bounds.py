"""Bounds everywhere (issue 14, finding 4): what a URL, a form, an import or a direct write
may carry has limits, the same in each, and crossing them is a Vietnamese message or a 404,
never an error 500.

Quarters and years: tests/reports/test_quarter_params.py covers every page with a picker, the
report URLs and the year pages; dates: tests/test_happened_dates.py covers every form. The
cases the finding names are kept here, one test each.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from binhdan.quarters import quarters_in_plan
from households.forms import HouseholdForm, OcopProductForm, SupportVisitForm
from households.imports import plan_household_import, read_household_file
from households.models import Household, OcopProduct, SupportType, SupportVisit
from reports.kpis import tallyguard
from teams.forms import MemberForm
from teams.imports import plan_member_import, read_member_file
from teams.models import Member, MemberRole
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    UserFactory,
    ensure_catalogues,
)
from tests.households.test_imports import row, upload, xlsx
from tests.migrating import migrate_to_latest

pytestmark = pytest.mark.django_db


# --- Quarters and dates (already bounded; the finding's own examples) ----------------------


@pytest.mark.parametrize("quy", ["9999Q4", "9999Q3"])
def test_bounds_a_dashboard_for_quarter_9999_says_so_with_a_small_picker(world, client_for, quy):
    response = client_for("office").get(reverse("home"), {"quy": quy})
    page = response.content.decode()
    assert response.status_code == 200
    assert "không phải là một quý của kế hoạch" in page
    picker = page[page.index('<select id="quy"') : page.index("</select>")]
    assert picker.count("<option") == len(quarters_in_plan(timezone.localdate()))
    assert len(response.content) < 100_000  # was 1.4 MB: 31,896 options


def test_bounds_the_commune_report_of_quarter_0000Q1_is_not_found(world, client_for):
    assert client_for("office").get("/bao-cao/0000Q1/xa/").status_code == 404


def test_bounds_a_visit_dated_31_12_9999_is_a_form_error(world, client_for):
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, user=world.users["member"])
    data = {
        "member": me.pk,
        "date": "31/12/9999",
        "walk_in_name": "Lò Thị Sen",
        "support_types": [SupportType.objects.of(world.commune).get(code="vneid-kich-hoat").pk],
        "method": "door_to_door",
        "people_helped": "1",
    }
    response = client_for("member").post(reverse("households:visit_create"), data)
    assert response.status_code == 200
    assert "Ngày phải từ 01/10/2025 đến hôm nay" in response.content.decode()
    assert not SupportVisit.objects.exists()


# --- Whole numbers: one maximum in forms, the admin, imports and the database ---------------


def household_data(world, **overrides):
    data = {"village": world.village_a.pk, "head_name": "Lò Văn Páo", "address": "Bản Mới"}
    return {**data, "people_count": "4", **overrides}


@pytest.mark.parametrize(("people", "taken"), [("99", True), ("100", False), ("0", False)])
def test_bounds_a_household_has_1_to_99_people_in_the_form(world, people, taken):
    form = HouseholdForm(household_data(world, people_count=people), user=world.users["office"])
    assert form.is_valid() is taken
    if not taken:
        assert form.errors["people_count"] == ["Một hộ có từ 1 đến 99 nhân khẩu."]
    html = str(form["people_count"])
    assert 'min="1"' in html and 'max="99"' in html


def test_bounds_a_visit_helps_1_to_99_people_in_the_form(world):
    team = TeamFactory(village=world.village_a)
    MemberFactory(team=team, user=world.users["member"])
    data = {
        "date": f"{timezone.localdate():%d/%m/%Y}",
        "walk_in_name": "Lò Thị Sen",
        "support_types": [SupportType.objects.of(world.commune).get(code="vneid-kich-hoat").pk],
        "method": "small_group",
        "people_helped": "100",
    }
    form = SupportVisitForm(data, user=world.users["member"])
    assert form.errors["people_helped"] == ["Mỗi lượt hỗ trợ được từ 1 đến 99 người."]
    assert 'max="99"' in str(form["people_helped"])


@pytest.mark.parametrize("stars", ["2", "6"])
def test_bounds_an_ocop_product_has_3_to_5_stars_or_none(world, stars):
    form = OcopProductForm({"name": "Chè", "stars": stars}, commune=world.commune)
    assert form.errors["stars"] == ["Sản phẩm OCOP được xếp hạng từ 3 đến 5 sao."]
    assert OcopProductForm({"name": "Chè", "stars": ""}, commune=world.commune).is_valid()


@pytest.fixture
def admin_client(world):
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    return client


def test_bounds_the_admin_refuses_a_household_of_100_people(world, admin_client):
    data = {**household_data(world, people_count="100"), "phone": "", "notes": ""}
    response = admin_client.post(reverse("admin:households_household_add"), data)
    assert response.status_code == 200
    assert "Một hộ có từ 1 đến 99 nhân khẩu." in response.content.decode()
    assert not Household.objects.exists()


def test_bounds_the_household_import_refuses_100_people_naming_row_and_column(world):
    data = xlsx([row("Lò Văn Páo", "Bản Mới", people=99), row("Lò Thị Sen", "Bản Mới", people=100)])
    plan = plan_household_import(read_household_file(upload(data)), world.village_a)
    assert [str(error) for error in plan.errors] == [
        "Dòng 3, cột “Số nhân khẩu”: không được quá 99"
    ]


def refused_by_the_database(queryset, **values) -> bool:
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


def test_bounds_the_database_refuses_what_the_forms_refuse(world):
    household = HouseholdFactory(village=world.village_a)
    visit = SupportVisitFactory(member=MemberFactory(team=TeamFactory(village=world.village_a)))
    product = OcopProduct.objects.create(commune=world.commune, name="Mật ong rừng", stars=3)
    households = Household.objects.filter(pk=household.pk)
    visits = SupportVisit.objects.filter(pk=visit.pk)
    products = OcopProduct.objects.filter(pk=product.pk)

    assert refused_by_the_database(households, people_count=100)
    assert refused_by_the_database(households, people_count=0)
    assert refused_by_the_database(visits, people_helped=100)
    assert refused_by_the_database(products, stars=6)
    assert not refused_by_the_database(products, stars=None)
    household.refresh_from_db()
    visit.refresh_from_db()
    assert (household.people_count, visit.people_helped) == (4, 1)


def migrate_households_to(name):
    MigrationExecutor(connection).migrate([("households", name)])


@pytest.mark.django_db(transaction=True)
def test_bounds_the_migration_stops_on_rows_out_of_bounds_and_changes_none(world):
    household = HouseholdFactory(village=world.village_a)
    OcopProduct.objects.create(commune=world.commune, name="Mật ong rừng", stars=3)
    # The migrate command pauses the tally guard; the executor run directly does not. The
    # rows are written as an older version could have written them.
    tallyguard.pause()
    try:
        migrate_households_to("0010_catalogue_commune_required")
        Household.objects.update(people_count=0)
        OcopProduct.objects.update(stars=7)
        with pytest.raises(CommandError) as refusal:
            migrate_households_to("0011_numbers_within_bounds")
        message = str(refusal.value)
        assert (
            f"households_household: 1 out of bounds (number of people, 1 to 99), ids {household.pk}"
            in message
        )
        assert "households_ocopproduct: 1 out of bounds (OCOP stars, 3 to 5 or empty)" in message
        assert "households_supportvisit" not in message
        # nothing clamped behind anyone's back (read as the old schema has it)
        assert Household.objects.values_list("people_count", flat=True).get() == 0

        Household.objects.update(people_count=3)
        OcopProduct.objects.update(stars=None)
        migrate_households_to("0011_numbers_within_bounds")
        migrate_to_latest()
    finally:
        tallyguard.resume()
    assert refused_by_the_database(OcopProduct.objects.all(), stars=7)


# --- Phone numbers: members through the households' rules, the admin too -------------------


def member_data(world, **overrides):
    role = MemberRole.objects.of(world.commune).get(code="truong-thon")
    return {"full_name": "Lò Thị Sen", "role": role.pk, "phone": "", "joined_on": "", **overrides}


def test_bounds_the_member_form_reads_phones_as_the_household_form_does(world):
    team = TeamFactory(village=world.village_a)
    refused = MemberForm(member_data(world, phone="abc"), team=team)
    assert refused.errors["phone"] == [
        "Số điện thoại chỉ gồm chữ số (được phép có dấu cách, dấu chấm và dấu gạch ngang)."
    ]
    taken = MemberForm(member_data(world, phone="0912.345.678"), team=team)
    assert taken.is_valid(), taken.errors
    assert taken.cleaned_data["phone"] == "0912345678"


def test_bounds_the_member_import_names_the_row_and_column_of_a_bad_phone(world):
    team = TeamFactory(village=world.village_a)
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Vai trò trong Tổ", "Số điện thoại"])
    workbook.active.append(["Lò Thị Sen", "Trưởng thôn", "0912.345.678"])
    workbook.active.append(["Lò Văn Páo", "Trưởng thôn", "abc"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_member_import(read_member_file(upload(buffer.getvalue())), team)
    assert [str(error) for error in plan.errors] == [
        "Dòng 3, cột “Số điện thoại”: Số điện thoại chỉ gồm chữ số (được phép có dấu cách, "
        "dấu chấm và dấu gạch ngang)."
    ]
    assert plan.rows[0].values["phone"] == "0912345678"


def test_bounds_the_admin_reads_member_and_household_phones_by_the_same_rules(world, admin_client):
    team = TeamFactory(village=world.village_a)
    add_member = reverse("admin:teams_member_add")
    data = {**member_data(world), "team": team.pk, "left_on": "", "user": ""}

    refused = admin_client.post(add_member, {**data, "phone": "abc"})
    assert "Số điện thoại chỉ gồm chữ số" in refused.content.decode()
    refused = admin_client.post(
        reverse("admin:households_household_add"),
        {**household_data(world), "phone": "091234", "notes": ""},
    )
    assert "Số di động có 10 chữ số (số đã nhập có 6 chữ số)." in refused.content.decode()
    assert not Member.objects.exists() and not Household.objects.exists()

    assert admin_client.post(add_member, {**data, "phone": "+84 912 345 678"}).status_code == 302
    assert Member.objects.get().phone == "0912345678"


def test_bounds_a_phone_stored_by_code_is_checked_by_the_model_too(world):
    member = MemberFactory(team=TeamFactory(village=world.village_a), phone="0912.345.678")
    with pytest.raises(ValidationError) as refusal:
        member.full_clean()
    assert refusal.value.message_dict["phone"] == [
        "Hãy lưu số điện thoại chỉ gồm chữ số: 0912345678."
    ]


@pytest.mark.django_db(transaction=True)
def test_bounds_the_migration_tidies_member_phones_that_are_numbers_and_keeps_the_rest(world):
    ensure_catalogues()  # an earlier transactional test flushed the migrations' data
    team = TeamFactory(village=world.village_a)
    typed = ["0912.345.678", "+84 987 654 321", "0912345678", "gọi qua Zalo", "12345", ""]
    for n, phone in enumerate(typed):
        MemberFactory(team=team, full_name=f"Tổ viên {n}", phone=phone)
    MigrationExecutor(connection).migrate([("teams", "0009_role_commune_required")])
    MigrationExecutor(connection).migrate([("teams", "0010_phones_one_rule")])
    stored = list(Member.objects.order_by("pk").values_list("phone", flat=True))
    migrate_to_latest()
    assert stored == ["0912345678", "0987654321", "0912345678", "gọi qua Zalo", "12345", ""]
