"""Household import from Excel: read a commune's own file, preview, decide look-alikes, confirm.

Every matching rule of households/imports.py has a test here; they run on SQLite and on
PostgreSQL (DATABASE_URL) alike.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from binhdan.models import ImportPreview
from households.imports import ASK, NEW, UNCHANGED, UPDATE, plan_household_import
from households.imports import read_household_file as read
from households.models import Household, HouseholdDistinction
from households.services import import_households
from tests.factories import HouseholdFactory, MemberFactory, TeamFactory

HEADERS = [
    "Họ tên chủ hộ",
    "Địa chỉ",
    "Số điện thoại",
    "Số nhân khẩu",
    "Có người cao tuổi",
    "Chưa có thiết bị số",
    "Tổ viên phụ trách",
    "Ghi chú",
]


def xlsx(rows, *, title_rows=(), headers=HEADERS) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in title_rows:
        sheet.append(row)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="ho-dan.xlsx"):
    return SimpleUploadedFile(name, data)


def preview(data, village):
    return plan_household_import(read(upload(data)), village)


def run(data, village, *, decisions=None, by=None):
    """Preview and confirm, taking the proposed choice for look-alikes unless told."""
    plan = preview(data, village)
    assert plan.ok, [str(e) for e in plan.errors]
    return import_households(plan, decisions or {}, by=by)


def row(name, address, phone="", people=4, elderly="", no_device="", member="", notes=""):
    return [name, address, phone, people, elderly, no_device, member, notes]


@pytest.fixture
def village(world):
    team = TeamFactory(village=world.village_a)
    MemberFactory(team=team, full_name="Trần Thị Lan")
    return world.village_a


# --- Reading a commune's own file ----------------------------------------------------------


def test_real_world_file_is_read_title_rows_blank_rows_spaces_numbers_and_x_flags(village):
    data = xlsx(
        [
            row("Nguyễn Văn An  ", " Xóm 3, Thôn Đông", "0912345678", "4", "x", "", "tran thi lan"),
            [None] * 8,
            row("Lê Thị Bình", "Xóm 1, Thôn Đông", 912000111, 3.0, "", "có", "", "Nhà gần chùa"),
            row("Phạm Văn Cường", "Xóm 1, Thôn Đông", "", 2, "X", "1"),
        ],
        title_rows=[["DANH SÁCH HỘ DÂN THÔN ĐÔNG"], ["Ngày 05/01/2026"], []],
    )
    counts = run(data, village)

    assert counts["created"] == 3
    an = Household.objects.get(head_name="Nguyễn Văn An")
    assert an.address == "Xóm 3, Thôn Đông"
    assert an.people_count == 4 and an.has_elderly and not an.has_no_device
    assert an.member_in_charge.full_name == "Trần Thị Lan"
    binh = Household.objects.get(head_name="Lê Thị Bình")
    assert binh.phone == "0912000111"  # the 0 that Excel dropped is back
    assert binh.people_count == 3 and binh.has_no_device
    cuong = Household.objects.get(head_name="Phạm Văn Cường")
    assert cuong.has_elderly and cuong.has_no_device


def test_header_variants_are_read_and_the_preview_says_which_column_was_read_as_what(village):
    headers = [
        "STT",
        "Họ và tên chủ hộ",
        "Địa chỉ",
        "SĐT",
        "Nhân khẩu",
        "Người cao tuổi",
        "Không có điện thoại thông minh",
        "Dân tộc",
    ]
    data = xlsx(
        [[1, "Nguyễn Văn An", "Xóm 3", "0912 345 678", 5, "x", "x", "Kinh"]], headers=headers
    )
    plan = preview(data, village)

    read_as = {(c.letter, c.text): c.taken_as for c in plan.columns_read}
    assert read_as == {
        ("B", "Họ và tên chủ hộ"): "Họ tên chủ hộ",
        ("C", "Địa chỉ"): "Địa chỉ",
        ("D", "SĐT"): "Số điện thoại",
        ("E", "Nhân khẩu"): "Số nhân khẩu",
        ("F", "Người cao tuổi"): "Có người cao tuổi",
        ("G", "Không có điện thoại thông minh"): "Chưa có thiết bị số",
    }
    assert [(c.letter, c.text) for c in plan.ignored] == [("A", "STT"), ("H", "Dân tộc")]
    (only,) = plan.rows
    assert only.values == {
        "head_name": "Nguyễn Văn An",
        "address": "Xóm 3",
        "phone": "0912345678",
        "people_count": 5,
        "has_elderly": True,
        "has_no_device": True,
    }


def test_broken_rows_are_reported_with_row_column_and_reason_and_nothing_is_saved(village):
    data = xlsx(
        [
            row("Nguyễn Văn An", "Xóm 3", "0912345678"),
            row("", "Xóm 4"),
            row("Lê Văn Cường", "Xóm 5", "12345", "bốn", member="Người Lạ"),
        ],
        title_rows=[["Danh sách"]],
    )
    plan = preview(data, village)

    messages = [str(error) for error in plan.errors]
    assert "Dòng 4, cột “Họ tên chủ hộ”: bắt buộc phải có" in messages
    assert "Dòng 5, cột “Số nhân khẩu”: “bốn” không phải là số nguyên" in messages
    phone = next(m for m in messages if m.startswith("Dòng 5, cột “Số điện thoại”"))
    assert "03, 05, 07, 08 hoặc 09" in phone  # says which rule the number broke
    assert any(
        m.startswith("Dòng 5, cột “Tổ viên phụ trách”") and "Người Lạ" in m for m in messages
    )
    with pytest.raises(AssertionError):
        import_households(plan, {}, by=None)
    assert Household.objects.count() == 0


def test_ten_thousand_rows_with_one_bad_row_save_nothing(village):
    rows = [row(f"Hộ số {n}", f"Xóm {n % 9 + 1}, Thôn Đông") for n in range(10_000)]
    rows[9_876][3] = "-2"
    plan = preview(xlsx(rows), village)

    assert [str(e) for e in plan.errors] == ["Dòng 9878, cột “Số nhân khẩu”: phải từ 1 trở lên"]
    assert Household.objects.count() == 0


def test_dates_are_not_needed_but_date_cells_do_not_break_text_columns(village):
    data = xlsx([row("Nguyễn Văn An", "Xóm 3", notes=datetime.date(2026, 1, 5))])
    assert preview(data, village).ok


# --- Identity: diacritics, namesakes, re-imports -------------------------------------------


def test_names_differing_by_one_tone_mark_are_two_households(village):
    run(xlsx([row("Lê Văn Hùng", "Xóm Đông", "0912000001", 3)]), village)
    counts = run(xlsx([row("Lê Văn Hưng", "Xóm Đông", "0912000002", 5)]), village)

    assert counts["created"] == 1 and counts["updated"] == 0
    hung, hung2 = Household.objects.order_by("pk")
    assert (hung.head_name, hung.people_count) == ("Lê Văn Hùng", 3)
    assert (hung2.head_name, hung2.people_count) == ("Lê Văn Hưng", 5)


def test_a_file_with_both_tone_mark_variants_adds_both_without_asking(village):
    plan = preview(
        xlsx([row("Lê Văn Hùng", "Xóm Đông"), row("Lê Văn Hưng", "Xóm Đông", people=2)]), village
    )
    assert [r.action for r in plan.rows] == [NEW, NEW]


def test_namesakes_in_one_file_are_proposed_as_different_and_both_get_in(village):
    data = xlsx(
        [
            row("Nguyễn Văn Nam", "Xóm Đông, thôn Tây", "0912000001", 3),
            row("Nguyễn Văn Nam", "Xóm Đông, thôn Tây", "0912000002", 6),
        ]
    )
    plan = preview(data, village)
    first, second = plan.rows
    assert first.action == NEW and second.action == ASK
    assert second.proposed == NEW
    assert "cùng chủ hộ và địa chỉ với dòng 2" in second.reasons
    assert {c.value for c in second.choices} == {"row:2", NEW, "skip"}

    counts = import_households(plan, {}, by=None)
    assert counts["created"] == 2
    assert HouseholdDistinction.objects.count() == 1  # nobody is asked about them again


def test_namesakes_without_phones_but_of_different_size_are_different_households(village):
    data = xlsx(
        [row("Nguyễn Văn Nam", "Xóm Đông", people=3), row("Nguyễn Văn Nam", "Xóm Đông", people=5)]
    )
    assert run(data, village)["created"] == 2
    again = preview(data, village)
    assert [r.action for r in again.rows] == [UNCHANGED, UNCHANGED]


def test_the_same_row_twice_is_proposed_as_the_same_household_unless_the_user_says_otherwise(
    village,
):
    data = xlsx(
        [row("Nguyễn Văn Nam", "Xóm Đông", people=3), row("Nguyễn Văn Nam", "Xóm Đông", people=3)]
    )
    plan = preview(data, village)
    assert plan.rows[1].proposed == "row:2"
    assert import_households(plan, {}, by=None) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "skipped": 1,
    }
    Household.objects.all().delete()
    assert run(data, village, decisions={3: NEW})["created"] == 2


def test_reimporting_the_same_file_adds_nothing_and_changes_nothing(village):
    data = xlsx(
        [
            row("Nguyễn Văn An", "Xóm 3, Thôn Đông", 912345678, 4, "x", "", "Trần Thị Lan"),
            row("Nguyễn Văn Nam", "Xóm Đông", "0912000001", 3),
            row("Nguyễn Văn Nam", "Xóm Đông", "0912000002", 6),
            row("Lê Văn Hùng", "Xóm Đông"),
            row("Lê Văn Hưng", "Xóm Đông"),
        ]
    )
    assert run(data, village)["created"] == 5
    again = preview(data, village)
    assert again.counts == {NEW: 0, UPDATE: 0, UNCHANGED: 5, ASK: 0}
    assert run(data, village) == {"created": 0, "updated": 0, "unchanged": 5, "skipped": 0}


def test_a_row_matching_name_address_and_phone_updates_and_lists_each_change(village):
    household = HouseholdFactory(
        village=village, head_name="Nguyễn Văn An", address="Xóm 3", phone="0912345678"
    )
    plan = preview(xlsx([row("NGUYỄN  VĂN AN", "xóm 3", "0912.345.678", 6, "x")]), village)
    (planned,) = plan.rows
    assert planned.action == UPDATE and planned.record == household
    assert [(c.label, c.before, c.after) for c in planned.changes] == [
        ("số nhân khẩu", 4, 6),
        ("có người cao tuổi", False, True),
    ]
    import_households(plan, {}, by=None)
    household.refresh_from_db()
    assert household.head_name == "Nguyễn Văn An"  # case and spacing are not a change
    assert (household.people_count, household.has_elderly) == (6, True)


def test_a_file_with_every_row_changed_writes_each_change_and_a_signed_version(village, world):
    leader = world.users["leader"]
    people = [(f"Nguyễn Văn Hộ {n}", f"Xóm {n % 3 + 1}", f"09120000{n:02d}") for n in range(30)]
    run(xlsx([row(name, address, phone) for name, address, phone in people]), village, by=leader)
    before = {h.pk: h.updated_at for h in Household.objects.all()}
    # Three kinds of change, so three groups of columns written: people, a flag, notes.
    changed = [
        row(name, address, phone, people=5)
        if n % 3 == 0
        else row(name, address, phone, elderly="x")
        if n % 3 == 1
        else row(name, address, phone, notes=f"Ghi chú {n}")
        for n, (name, address, phone) in enumerate(people)
    ]
    counts = run(xlsx(changed), village, by=leader)
    assert counts == {"created": 0, "updated": 30, "unchanged": 0, "skipped": 0}
    for n, (name, _address, phone) in enumerate(people):
        household = Household.objects.get(head_name=name)
        expected = (
            (5, False, "")
            if n % 3 == 0
            else (4, True, "")
            if n % 3 == 1
            else (4, False, f"Ghi chú {n}")
        )
        assert (household.people_count, household.has_elderly, household.notes) == expected
        assert household.phone == phone and household.updated_at > before[household.pk]
        latest, first = household.history.order_by("-history_id")
        assert (first.history_type, latest.history_type) == ("+", "~")
        assert latest.history_user == leader and first.history_user == leader
        assert (latest.people_count, latest.has_elderly, latest.notes) == expected
    assert preview(xlsx(changed), village).counts[UNCHANGED] == 30


def test_an_empty_cell_never_erases_what_the_registry_has(village):
    household = HouseholdFactory(
        village=village,
        head_name="Nguyễn Văn An",
        address="Xóm 3",
        phone="0912345678",
        notes="Gần chùa",
    )
    counts = run(xlsx([row("Nguyễn Văn An", "Xóm 3", "", "", notes="")]), village)
    household.refresh_from_db()
    assert household.phone == "0912345678" and household.notes == "Gần chùa"
    assert household.people_count == 4
    assert counts["created"] == 0


def test_same_name_and_address_with_another_phone_is_asked_not_overwritten(village):
    existing = HouseholdFactory(
        village=village, head_name="Nguyễn Văn An", address="Xóm 3", phone="0912345678"
    )
    plan = preview(xlsx([row("Nguyễn Văn An", "Xóm 3", "0987654321")]), village)
    (asked,) = plan.rows
    assert asked.action == ASK and asked.lookalikes == [existing]
    assert asked.proposed == NEW
    assert f"cùng chủ hộ và địa chỉ với {existing.code}" in asked.reasons

    # The user says it is the same household: its phone is updated.
    import_households(plan, {asked.row: f"id:{existing.pk}"}, by=None)
    existing.refresh_from_db()
    assert existing.phone == "0987654321" and Household.objects.count() == 1


def test_a_household_without_phone_found_again_with_one_is_proposed_as_the_same(village):
    existing = HouseholdFactory(
        village=village, head_name="Nguyễn Văn An", address="Xóm 3", phone=""
    )
    plan = preview(xlsx([row("Nguyễn Văn An", "Xóm 3", "0987654321", 4)]), village)
    assert plan.rows[0].action == ASK and plan.rows[0].proposed == f"id:{existing.pk}"


def test_same_phone_under_another_name_is_asked(village):
    existing = HouseholdFactory(village=village, head_name="Nguyễn Văn An", phone="0912345678")
    plan = preview(xlsx([row("Nguyễn Thị Hoa", "Xóm 9", "0912345678")]), village)
    (asked,) = plan.rows
    assert asked.action == ASK
    assert f"cùng số điện thoại với {existing.code} (Nguyễn Văn An)" in asked.reasons


def test_skipping_a_lookalike_row_leaves_the_registry_alone(village):
    HouseholdFactory(
        village=village, head_name="Nguyễn Văn An", address="Xóm 3", phone="0912345678"
    )
    plan = preview(xlsx([row("Nguyễn Văn An", "Xóm 3", "0987654321")]), village)
    counts = import_households(plan, {plan.rows[0].row: "skip"}, by=None)
    assert counts["skipped"] == 1 and Household.objects.count() == 1


def test_a_row_with_a_household_code_is_that_household_even_renamed(village):
    household = HouseholdFactory(village=village, head_name="Nguyễn Văn An", address="Xóm 3")
    data = xlsx(
        [[household.code, "Nguyễn Văn Ân", "Xóm 3", "", 4]],
        headers=["Mã hộ", "Họ tên chủ hộ", "Địa chỉ", "Số điện thoại", "Số nhân khẩu"],
    )
    (planned,) = preview(data, village).rows
    assert planned.action == UPDATE and planned.record == household
    assert [(c.before, c.after) for c in planned.changes] == [("Nguyễn Văn An", "Nguyễn Văn Ân")]


def test_an_unknown_or_repeated_household_code_is_an_error_on_its_row(world, village):
    mine = HouseholdFactory(village=village)
    elsewhere = HouseholdFactory(village=world.village_b)
    headers = ["Mã hộ", "Họ tên chủ hộ", "Địa chỉ"]
    data = xlsx(
        [
            [mine.code, "A", "X"],
            [mine.code, "B", "Y"],
            [elsewhere.code, "C", "Z"],
            ["HDabc", "D", "W"],
        ],
        headers=headers,
    )
    messages = [str(e) for e in preview(data, village).errors]
    assert messages[0] == "Dòng 3, cột “Mã hộ”: mã đã dùng ở dòng 2"
    assert messages[1].startswith(f"Dòng 4, cột “Mã hộ”: không có hộ nào của {village.name}")
    assert messages[2].startswith("Dòng 5, cột “Mã hộ”")


def test_the_portals_own_export_imports_back_with_nothing_added_or_changed(village, client_for):
    HouseholdFactory(
        village=village, head_name="Nguyễn Văn Nam", address="Xóm Đông", phone="0912000001"
    )
    HouseholdFactory(village=village, head_name="Nguyễn Văn Nam", address="Xóm Đông", phone="")
    HouseholdFactory(village=village, head_name="Lê Văn Hùng", has_elderly=True, notes="=1+1")
    exported = client_for("leader").get(reverse("households:household_export")).getvalue()
    plan = preview(exported, village)
    assert plan.ok, plan.errors
    assert plan.counts == {NEW: 0, UPDATE: 0, UNCHANGED: 3, ASK: 0}
    assert {c.text for c in plan.ignored} >= {"Thôn, xóm", "Số nền tảng thiết yếu đang dùng"}


# --- The pages: preview first, nothing written before confirming ----------------------------


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(village, client_for, world):
    client = client_for("leader")
    data = xlsx(
        [
            row("Nguyễn Văn Nam", "Xóm Đông", "0912000001", 3),
            row("Nguyễn Văn Nam", "Xóm Đông", "0912000002", 6),
        ]
    )
    response = client.post(
        reverse("households:household_import"), {"village": village.pk, "file": upload(data)}
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    assert Household.objects.count() == 0

    page = client.get(preview_url).content.decode()  # a reload shows the same preview
    assert 'data-count="new">1<' in page and 'data-count="ask">1<' in page
    assert "Cột B “Địa chỉ” được đọc là Địa chỉ" in page
    assert "Một hộ khác (thêm mới)" in page
    assert Household.objects.count() == 0

    # Another user cannot open it.
    assert client_for("office").get(preview_url).status_code == 404

    response = client.post(preview_url, {"action": "confirm", "row-3": NEW}, follow=True)
    assert "2 hộ được thêm" in response.content.decode()
    assert Household.objects.count() == 2
    assert {h.history.get().history_user.username for h in Household.objects.all()} == {
        world.users["leader"].username
    }
    assert not ImportPreview.objects.exists()  # the personal data it held is gone


def test_a_preview_with_errors_cannot_be_confirmed(village, client_for):
    client = client_for("leader")
    data = xlsx([row("Nguyễn Văn An", "")])
    response = client.post(
        reverse("households:household_import"),
        {"village": village.pk, "file": upload(data)},
        follow=True,
    )
    page = response.content.decode()
    assert "Dòng 2, cột “Địa chỉ”: bắt buộc phải có" in page
    assert 'data-testid="confirm-import"' not in page
    client.post(response.redirect_chain[-1][0], {"action": "confirm"})
    assert Household.objects.count() == 0


def test_cancelling_a_preview_forgets_the_file(village, client_for):
    client = client_for("leader")
    response = client.post(
        reverse("households:household_import"),
        {"village": village.pk, "file": upload(xlsx([row("Nguyễn Văn An", "Xóm 3")]))},
    )
    client.post(response["Location"], {"action": "cancel"})
    assert not ImportPreview.objects.exists() and Household.objects.count() == 0
    assert client.get(response["Location"]).status_code == 404


def test_import_page_refuses_a_file_that_is_not_excel(village, client_for):
    response = client_for("leader").post(
        reverse("households:household_import"),
        {"village": village.pk, "file": upload(b"not excel at all", "ho-dan.xlsx")},
    )
    assert "không phải là tệp Excel" in response.content.decode()
    # The form says it is working while a large file is checked (static/js/busy.js).
    assert 'data-busy="Đang kiểm tra và nhập tệp…"' in response.content.decode()


def test_leader_cannot_import_into_another_village(world, village, client_for):
    data = xlsx([row("Nguyễn Văn An", "Xóm 3")])
    response = client_for("leader").post(
        reverse("households:household_import"),
        {"village": world.village_b.pk, "file": upload(data)},
    )
    assert response.status_code == 200
    assert not ImportPreview.objects.exists() and Household.objects.count() == 0


def test_template_has_vietnamese_headers_and_reads_back_as_a_valid_import(village, client_for):
    response = client_for("leader").get(reverse("households:household_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[2]]
    assert headers[:3] == ["Mã hộ", "Họ tên chủ hộ *", "Địa chỉ *"]
    assert "Tổ viên phụ trách" in headers
    assert run(response.content, village)["created"] == 1


# --- The command: the same path -----------------------------------------------------------


def test_command_dry_run_prints_the_preview_and_saves_nothing(village, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([row("Nguyễn Văn An", "Xóm 3", 912345678)]))
    out = io.StringIO()
    call_command("import_households", str(good), village="lm01", dry_run=True, stdout=out)
    assert "Cột A “Họ tên chủ hộ” được đọc là Họ tên chủ hộ" in out.getvalue()
    assert "Thêm mới: 1" in out.getvalue()
    assert Household.objects.count() == 0

    call_command("import_households", str(good), village="LM01", stdout=out)
    assert Household.objects.get().phone == "0912345678"
    call_command("import_households", str(good), village="LM01", stdout=out)
    assert Household.objects.count() == 1


def test_command_refuses_lookalikes_unless_told_what_to_do(village, tmp_path):
    HouseholdFactory(
        village=village, head_name="Nguyễn Văn An", address="Xóm 3", phone="0912345678"
    )
    path = tmp_path / "namesake.xlsx"
    path.write_bytes(xlsx([row("Nguyễn Văn An", "Xóm 3", "0987654321")]))
    with pytest.raises(CommandError, match="--lookalikes"):
        call_command("import_households", str(path), village="LM01", stdout=io.StringIO())
    assert Household.objects.count() == 1
    call_command(
        "import_households", str(path), village="LM01", lookalikes="new", stdout=io.StringIO()
    )
    assert Household.objects.count() == 2


def test_command_reports_errors_and_saves_nothing(village, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([row("Lê Thị Bình", "Xóm 1", people="0")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="không có gì được lưu"):
        call_command(
            "import_households", str(bad), village="LM01", stderr=err, stdout=io.StringIO()
        )
    assert "Dòng 2" in err.getvalue()
    assert Household.objects.count() == 0
    with pytest.raises(CommandError, match="XX99"):
        call_command("import_households", str(bad), village="XX99")


def test_export_gives_codes_real_numbers_and_masked_phones_to_leadership(world, client_for):
    household = HouseholdFactory(
        village=world.village_a, head_name="Nguyễn Văn An", phone="0912345123"
    )
    for role, phone in (("leadership", "09•••••123"), ("leader", "0912345123")):
        response = client_for(role).get(reverse("households:household_export"))
        sheet = load_workbook(io.BytesIO(response.getvalue())).active
        assert sheet["A3"].value == household.code
        assert sheet["C3"].value == "Nguyễn Văn An"
        assert sheet["E3"].value == phone
        assert sheet["F3"].value == 4 and isinstance(sheet["F3"].value, int)


def test_a_renamed_household_gets_its_search_and_order_keys_with_its_new_name(village):
    household = HouseholdFactory(village=village, head_name="Nguyễn Văn An", address="Xóm 3")
    data = xlsx(
        [[household.code, "Lê Văn Bình", "Xóm 3", "", 6]],
        headers=["Mã hộ", "Họ tên chủ hộ", "Địa chỉ", "Số điện thoại", "Số nhân khẩu"],
    )
    run(data, village)
    household.refresh_from_db()
    assert (household.head_name, household.people_count) == ("Lê Văn Bình", 6)
    assert Household.objects.search("le van binh").get() == household
    assert household.match_key == "lê văn bình|xóm 3"
    from binhdan.collation import person_sort_key

    assert household.sort_key == person_sort_key("Lê Văn Bình")
