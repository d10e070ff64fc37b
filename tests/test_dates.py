"""Dates in forms are typed dd/mm/yyyy in a text box, in both languages (binhdan/dates.py)."""

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import formats, translation

from binhdan.dates import PATTERN, DayMonthYearField

ROOT = Path(settings.BASE_DIR)
NOV_25 = datetime.date(2026, 11, 25)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_both_languages_write_dd_mm_yyyy_and_still_read_yyyy_mm_dd(language):
    with translation.override(language):
        accepted = formats.get_format("DATE_INPUT_FORMATS")
        html = DayMonthYearField().widget.render("date", NOV_25)
    assert accepted[0] == "%d/%m/%Y" and "%Y-%m-%d" in accepted
    assert 'value="25/11/2026"' in html
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html


@pytest.mark.parametrize(("language", "placeholder"), [("vi", "nn/tt/nnnn"), ("en", "dd/mm/yyyy")])
def test_the_date_box_shows_its_shape_in_the_readers_language(language, placeholder):
    with translation.override(language):
        html = DayMonthYearField().widget.render("date", None)
    assert f'placeholder="{placeholder}"' in html


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("25/11/2026", NOV_25),
        ("5/1/2026", datetime.date(2026, 1, 5)),
        ("25/11/26", NOV_25),
        ("25112026", NOV_25),  # a phone's number pad, without JavaScript
        ("2026-11-25", NOV_25),  # links and bookmarks made before
    ],
)
def test_what_the_browser_lets_through_the_server_reads(typed, day):
    assert re.fullmatch(PATTERN, typed)
    with translation.override("vi"):
        assert DayMonthYearField().clean(typed) == day


@pytest.mark.parametrize("typed", ["11-25-2026", "25.11.2026", "2026/11/25", "25/11", "hôm nay"])
def test_what_the_browser_refuses_the_server_refuses_too(typed):
    assert not re.fullmatch(PATTERN, typed)
    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        DayMonthYearField().clean(typed)
    assert refused.value.messages == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/11/2026."]


@pytest.mark.parametrize(
    ("typed", "messages"),
    [
        ("31/02/2026", ["Tháng 2 năm 2026 không có ngày 31."]),
        ("29/02/2027", ["Tháng 2 năm 2027 không có ngày 29."]),
        ("31/04/2026", ["Tháng 4 năm 2026 không có ngày 31."]),
        ("00/05/2026", ["Ngày phải từ 1 đến 31."]),
        ("32/05/2026", ["Ngày phải từ 1 đến 31."]),
        ("15/13/2026", ["Tháng phải từ 1 đến 12."]),
        ("15/00/2026", ["Tháng phải từ 1 đến 12."]),
        ("32/13/2026", ["Ngày phải từ 1 đến 31.", "Tháng phải từ 1 đến 12."]),
        ("01/01/0000", ["Năm phải từ 1 đến 9999."]),
        ("31/02/26", ["Tháng 2 năm 2026 không có ngày 31."]),
        ("31022026", ["Tháng 2 năm 2026 không có ngày 31."]),  # a phone's number pad
        ("2026-02-30", ["Tháng 2 năm 2026 không có ngày 30."]),  # an old link
    ],
)
def test_a_date_in_the_right_shape_that_does_not_exist_says_which_part_is_wrong(typed, messages):
    assert re.fullmatch(PATTERN, typed)
    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        DayMonthYearField().clean(typed)
    assert refused.value.messages == messages


def test_the_29th_of_february_of_a_leap_year_is_a_date():
    with translation.override("vi"):
        assert DayMonthYearField().clean("29/02/2028") == datetime.date(2028, 2, 29)


def test_every_date_field_of_every_form_is_typed_dd_mm_yyyy():
    date_fields = []
    # an app's forms, and those of its sub-packages (reports/reporting/, reports/awards/)
    for path in sorted([*ROOT.glob("*/forms*.py"), *ROOT.glob("*/*/forms*.py")]):
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for name, form in vars(module).items():
            if isinstance(form, type) and issubclass(form, forms.BaseForm):
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.DateField):
                        date_fields.append((f"{name}.{field_name}", type(field)))
    assert len(date_fields) >= 10
    assert [f for f, kind in date_fields if not issubclass(kind, DayMonthYearField)] == []


def test_a_date_that_was_read_is_shown_back_dd_mm_yyyy_and_one_that_was_not_as_typed():
    class VisitDay(forms.Form):
        day = DayMonthYearField()

    with translation.override("vi"):
        assert 'value="25/11/2026"' in str(VisitDay({"day": "2026-11-25"})["day"])
        assert 'value="25/11/2026"' in str(VisitDay({"day": "25112026"})["day"])
        assert 'value="31/02/2026"' in str(VisitDay({"day": "31/02/2026"})["day"])
