"""Amounts in Vietnamese words (binhdan/money.py), as a payment list states its total."""

import pytest

from binhdan.money import dong_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),  # "một", not "mốt", after one ten
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),  # "năm", not "lăm", with no ten before it
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (1_000, "một nghìn"),
        (1_005, "một nghìn không trăm linh năm"),
        (1_015, "một nghìn không trăm mười lăm"),
        (1_050, "một nghìn không trăm năm mươi"),
        (110_000, "một trăm mười nghìn"),
        (1_000_000, "một triệu"),
        (2_001_000, "hai triệu không trăm linh một nghìn"),
        (64_650_000, "sáu mươi tư triệu sáu trăm năm mươi nghìn"),
        (700_000_231, "bảy trăm triệu hai trăm ba mươi mốt"),
        (1_000_000_000, "một tỷ"),
        (1_000_000_005, "một tỷ không trăm linh năm"),
        (
            1_234_567_891,
            "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt",
        ),
        (1_001_000_000_000, "một nghìn không trăm linh một tỷ"),
        (5_000_000_000_000, "năm nghìn tỷ"),
    ],
)
def test_number_in_words(number, words):
    assert number_in_words(number) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (64_650_000, "Sáu mươi tư triệu sáu trăm năm mươi nghìn đồng"),
        (300_000, "Ba trăm nghìn đồng"),
    ],
)
def test_dong_in_words_starts_with_a_capital_and_ends_with_dong(amount, words):
    assert dong_in_words(amount) == words


@pytest.mark.parametrize("bad", [-1, 1.5, "100", True])
def test_only_whole_numbers_from_zero_are_read(bad):
    with pytest.raises(ValueError):
        number_in_words(bad)
