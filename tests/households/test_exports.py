"""The household registry's Excel export: streamed from a temporary file, read back as a
user would open it, in a number of queries that does not grow with the registry."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from binhdan.models import DataAccessLog
from tests.factories import HouseholdFactory, HouseholdPlatformFactory, member_of, platform_of

HEADERS = [
    "Mã hộ",
    "Thôn, xóm",
    "Chủ hộ",
    "Địa chỉ",
    "Số điện thoại",
    "Số nhân khẩu",
    "Có người cao tuổi",
    "Chưa có thiết bị số",
    "Số người từ 15 tuổi",
    "Số người đã hoàn thành kỹ năng số cơ bản (VNeID)",
    "Ngày xem xác nhận trên VNeID",
    "Tổ viên phụ trách",
    "Số nền tảng thiết yếu đang dùng",
    "Ghi chú",
]


def rows_of(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    headers = [cell.value for cell in sheet[2]]
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(3, values_only=True)]


def test_the_export_is_streamed_and_reads_back_with_vietnamese_headers(world, client_for):
    member = member_of(world.village_a)
    tuan = HouseholdFactory(
        village=world.village_a,
        head_name="Nguyễn Văn Tuấn",
        phone="0912345678",
        has_elderly=True,
        member_in_charge=member,
    )
    for code in ("vneid", "dich-vu-cong", "shopee"):  # two essential platforms, one not
        HouseholdPlatformFactory(household=tuan, platform=platform_of(world.commune, code))
    HouseholdFactory(village=world.village_b, head_name="Đỗ Thị Hồng")
    response = client_for("leadership").get(reverse("households:household_export"))
    assert response.streaming and response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A1"].value == "Sổ theo dõi hộ dân"
    assert [cell.value for cell in sheet[2]] == HEADERS
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2" and sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["E"].number_format == "@"
    rows = rows_of(client_for("leadership").get(reverse("households:household_export")))
    assert len(rows) == 2
    row = next(row for row in rows if row["Chủ hộ"] == "Nguyễn Văn Tuấn")
    assert row["Mã hộ"] == tuan.code and row["Thôn, xóm"] == "Thôn Đông"
    assert row["Số điện thoại"] == "09•••••678"  # leadership changes no household
    assert row["Có người cao tuổi"] == "có" and row["Chưa có thiết bị số"] is None
    assert row["Tổ viên phụ trách"] == member.full_name
    assert row["Số nền tảng thiết yếu đang dùng"] == 2 and row["Số nhân khẩu"] == 4
    other = next(row for row in rows if row["Chủ hộ"] == "Đỗ Thị Hồng")
    assert other["Số nền tảng thiết yếu đang dùng"] == 0 and other["Tổ viên phụ trách"] is None


def test_the_export_follows_the_lists_filters_and_logs_the_rows_written(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn")
    HouseholdFactory(village=world.village_b, head_name="Đỗ Thị Hồng")
    HouseholdFactory(village=world.village_b, head_name="Vũ Văn Long")
    response = client_for("office").get(
        reverse("households:household_export"), {"village": world.village_b.pk}
    )
    assert sorted(row["Chủ hộ"] for row in rows_of(response)) == [
        "Vũ Văn Long",
        "Đỗ Thị Hồng",
    ]
    entry = DataAccessLog.objects.get()
    assert (entry.rows, entry.village) == (2, world.village_b)


def export_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("households:household_export"))
        response.getvalue()
    return len(queries)


def test_the_export_runs_as_many_queries_for_30_households_as_for_2(world, client_for):
    client = client_for("office")
    member = member_of(world.village_a)
    for _ in range(2):
        HouseholdPlatformFactory(household=HouseholdFactory(village=world.village_a))
    few = export_queries(client)
    for n in range(28):
        village = world.village_a if n % 2 else world.village_b
        household = HouseholdFactory(
            village=village, member_in_charge=member if village == world.village_a else None
        )
        HouseholdPlatformFactory(household=household)
    assert export_queries(client) == few
    assert len(rows_of(client.get(reverse("households:household_export")))) == 30


def test_the_roster_export_runs_as_many_queries_for_20_members_as_for_2(world, client_for):
    from tests.factories import MemberFactory, village_team

    client = client_for("office")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("teams:member_export")).getvalue()
        return len(captured)

    for village in (world.village_a, world.village_b):
        MemberFactory(team=village_team(village))
    few = queries()
    for n in range(18):
        MemberFactory(team=village_team(world.village_a if n % 2 else world.village_b))
    assert queries() == few
