"""Phones in the registry's Excel files are text, so that 0912345678 keeps its 0 in Excel and
LibreOffice: in the export, and in the import template, also on the rows still to fill."""

import csv
import io
import os
import shutil
import subprocess
from xml.sax.saxutils import escape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import HouseholdFactory

SOFFICE = "/usr/bin/soffice"
PHONE = "D"  # the template's phone column: Mã hộ, Họ tên chủ hộ, Địa chỉ, Số điện thoại, ...


def test_export_writes_phones_as_text_cells_that_keep_their_0(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn An", phone="0912345678")
    response = client_for("leader").get(reverse("households:household_export"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["E2"].value == "Số điện thoại"  # after Mã hộ, Thôn xóm, Chủ hộ, Địa chỉ
    cell = sheet["E3"]
    assert (cell.value, cell.data_type, cell.number_format) == ("0912345678", "s", "@")
    assert sheet.column_dimensions["E"].number_format == "@"


def test_template_phone_column_is_text_on_the_example_and_on_the_rows_to_fill(world, client_for):
    response = client_for("leader").get(reverse("households:household_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet[f"{PHONE}2"].value == "Số điện thoại"
    example = sheet[f"{PHONE}3"]
    assert (example.value, example.data_type, example.number_format) == ("0912345678", "s", "@")
    for row in (4, 100, 1003):
        assert sheet[f"{PHONE}{row}"].value is None
        assert sheet[f"{PHONE}{row}"].number_format == "@"
    assert sheet["E4"].number_format == "General"  # "Số nhân khẩu" stays a number
    assert sheet.column_dimensions[PHONE].number_format == "@"  # every row below, too


# --- LibreOffice, as a user would use it ---------------------------------------------------

# A user's typing, done by LibreOffice itself: ".uno:EnterString" goes through the same input
# handling as the keyboard (unlike setFormula through the API, which ignores a text format).
TYPING = """
Sub TypeIntoWorkbook
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = "Hidden"
  hidden(0).Value = True
  doc = StarDesktop.loadComponentFromURL(Environ("TYPE_IN"), "_blank", 0, hidden())
  doc.CurrentController.select(doc.Sheets.getByIndex(0).getCellRangeByName(Environ("TYPE_AT")))
  Dim typed(0) As New com.sun.star.beans.PropertyValue
  typed(0).Name = "StringName"
  typed(0).Value = Environ("TYPE_TEXT")
  createUnoService("com.sun.star.frame.DispatchHelper").executeDispatch( _
    doc.CurrentController.Frame, ".uno:EnterString", "", 0, typed())
  Dim xlsx(0) As New com.sun.star.beans.PropertyValue
  xlsx(0).Name = "FilterName"
  xlsx(0).Value = "Calc MS Excel 2007 XML"
  doc.storeToURL(Environ("TYPE_IN"), xlsx())
  doc.close(True)
End Sub
"""

OOO_DTD = '<!DOCTYPE {} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{}.dtd">'
XML = '<?xml version="1.0" encoding="UTF-8"?>\n'


def library_of(module: str) -> str:
    return (
        XML
        + OOO_DTD.format("library:library", "library")
        + '<library:library xmlns:library="http://openoffice.org/2000/library" '
        + 'library:name="Standard" library:readonly="false" library:passwordprotected="false">'
        + f'<library:element library:name="{module}"/></library:library>'
    )


def basic_module(name: str, code: str) -> str:
    return (
        XML
        + OOO_DTD.format("script:module", "module")
        + '<script:module xmlns:script="http://openoffice.org/2000/script" '
        + f'script:name="{name}" script:language="StarBasic">{escape(code)}</script:module>'
    )


@pytest.fixture
def libreoffice(tmp_path):
    """soffice, headless, in a profile of its own whose Standard library holds TYPING."""
    if shutil.which(SOFFICE) is None:
        pytest.skip(
            f"{SOFFICE} not found: install it with `apt-get install libreoffice-calc-nogui`"
        )
    profile = tmp_path / "profile"

    def run(*args, **env):
        command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args]
        subprocess.run(
            command, check=True, capture_output=True, timeout=180, env={**os.environ, **env}
        )

    run("--terminate_after_init")  # a new profile is filled with defaults on its first start
    standard = profile / "user" / "basic" / "Standard"
    (standard / "Typing.xba").write_text(basic_module("Typing", TYPING))
    (standard / "script.xlb").write_text(library_of("Typing"))
    return run


def test_a_phone_typed_into_the_template_in_libreoffice_keeps_its_0(
    world, client_for, tmp_path, libreoffice
):
    template = tmp_path / "mau-nhap-ho-dan.xlsx"
    template.write_bytes(client_for("leader").get(reverse("households:household_template")).content)
    libreoffice(
        "macro:///Standard.Typing.TypeIntoWorkbook",
        TYPE_IN=template.as_uri(),
        TYPE_AT=f"{PHONE}10",
        TYPE_TEXT="0987654321",
    )
    typed = load_workbook(template).active[f"{PHONE}10"]
    assert (typed.value, typed.data_type) == ("0987654321", "s")

    csv_utf8 = "csv:Text - txt - csv (StarCalc):44,34,76"
    libreoffice("--convert-to", csv_utf8, "--outdir", str(tmp_path), str(template))
    with (tmp_path / "mau-nhap-ho-dan.csv").open(encoding="utf-8") as lines:
        rows = list(csv.reader(lines))
    phones = [row[3] for row in rows[2:] if len(row) > 3 and row[3]]
    assert phones == ["0912345678", "0987654321"]  # the example row and the typed one
