"""binhdan.phones: every usual way of writing a Vietnamese phone, and the rule a bad one breaks.

Pure: no database.
"""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import override

from binhdan.phones import PhoneField, normalize_phone, tidy_phone
from binhdan.templatetags.phones import tel_link


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        (912345678, "0912345678"),  # Excel kept the number and lost the 0
        (912345678.0, "0912345678"),  # ... and openpyxl reads it as a float
        ("912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("(0912) 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        (" 0387 123 456 ", "0387123456"),
        ("0203 3123 456", "02033123456"),  # a landline
        ("2033123456", "02033123456"),  # a landline that lost its 0
        (2033123456, "02033123456"),
    ],
)
def test_every_usual_form_of_a_number_is_stored_the_same_way(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_no_phone_is_an_empty_phone(empty):
    assert normalize_phone(empty) == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "12345",
            "Không phải số điện thoại Việt Nam: số di động bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
            "(10 chữ số), số máy cố định bắt đầu bằng 02 (11 chữ số).",
        ),
        ("091234567890123", "Số di động có 10 chữ số (số đã nhập có 15 chữ số)."),
        ("091234567", "Số di động có 10 chữ số (số đã nhập có 9 chữ số)."),
        ("+849123456789", "Số di động có 10 chữ số (số đã nhập có 11 chữ số)."),
        (
            "0912 345 67a",
            "Số điện thoại chỉ gồm chữ số (được phép có dấu cách, dấu chấm và dấu gạch ngang).",
        ),
        (
            "không có",
            "Số điện thoại chỉ gồm chữ số (được phép có dấu cách, dấu chấm và dấu gạch ngang).",
        ),
        (
            "0612345678",
            "Không phải số điện thoại Việt Nam: số di động bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
            "(10 chữ số), số máy cố định bắt đầu bằng 02 (11 chữ số).",
        ),
        ("0203312345", "Số máy cố định có 11 chữ số, bắt đầu bằng 02 (số đã nhập có 10 chữ số)."),
    ],
)
def test_a_bad_number_is_refused_with_the_rule_it_broke_in_vietnamese(typed, message):
    with override("vi"), pytest.raises(ValidationError) as refused:
        normalize_phone(typed)
    assert refused.value.messages == [message]
    assert refused.value.code == "phone"


def test_tidy_phone_only_tidies_and_does_not_judge():
    assert tidy_phone("+84 (912) 345.678") == "0912345678"
    assert tidy_phone("12345") == "12345"


class PhoneForm(forms.Form):
    phone = PhoneField(required=False, max_length=20)


def test_a_form_stores_the_tidy_number_and_opens_the_number_pad():
    form = PhoneForm({"phone": "+84 912-345-678"})
    assert form.is_valid() and form.cleaned_data["phone"] == "0912345678"
    assert 'inputmode="tel"' in str(form["phone"])


def test_a_form_refuses_a_bad_number_in_vietnamese_and_keeps_what_was_typed():
    with override("vi"):
        form = PhoneForm({"phone": "0912 345"})
        assert not form.is_valid()
        assert form.errors["phone"] == ["Số di động có 10 chữ số (số đã nhập có 7 chữ số)."]
        assert 'value="0912 345"' in str(form["phone"])


def test_a_full_phone_is_a_tel_link_and_a_masked_or_empty_one_is_text():
    assert tel_link("0912345678") == '<a href="tel:0912345678">0912345678</a>'
    assert tel_link("09•••••678") == "09•••••678"
    assert tel_link("") == ""
