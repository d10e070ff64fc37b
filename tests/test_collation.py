"""Vietnamese alphabetical order (binhdan.collation): pure, no database."""

import unicodedata

import pytest

from binhdan.collation import person_sort_key, sort_key

VIETNAMESE_ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")


def in_order(words, key=sort_key):
    return sorted(words, key=key)


def test_letters_follow_the_vietnamese_alphabet():
    shuffled = list(reversed(VIETNAMESE_ALPHABET))
    assert in_order(shuffled) == VIETNAMESE_ALPHABET


@pytest.mark.parametrize(
    ("before", "after"),
    [("Anh", "Ăn"), ("Ăn", "Ân"), ("Dung", "Đào"), ("Đức", "Em"), ("Em", "Ên")]
    + [("Ong", "Ôn"), ("Ôn", "Ơn"), ("Ơn", "Phúc"), ("Uyên", "Ưng"), ("Ưng", "Vân")]
    + [("Xuân", "Yến"), ("Cúc", "Dũng"), ("Hùng", "Hưng")],
)
def test_a_letter_with_a_breve_circumflex_horn_or_bar_comes_after_its_plain_letter(before, after):
    assert sort_key(before) < sort_key(after)


def test_tones_come_in_dictionary_order_after_the_bare_letter():
    tones = ["a", "à", "ả", "ã", "á", "ạ"]  # none, huyền, hỏi, ngã, sắc, nặng
    assert in_order(reversed(tones)) == tones
    assert in_order(["ặ", "ắ", "ẵ", "ẳ", "ằ", "ă"]) == ["ă", "ằ", "ẳ", "ẵ", "ắ", "ặ"]


def test_a_tone_only_decides_between_names_that_are_otherwise_equal():
    # "Ánh" has a tone, "Anh" none; but "Anh" < "Ánh" < "Ao" by the letters first.
    assert in_order(["Ao", "Ánh", "Anh"]) == ["Anh", "Ánh", "Ao"]
    assert in_order(["Hưng", "Hùng", "Hứa", "Hoa"]) == ["Hoa", "Hùng", "Hứa", "Hưng"]
    # a tone never jumps a letter: "ạ" is after "a" but before "ă"
    assert in_order(["ăn", "ạn", "an"]) == ["an", "ạn", "ăn"]


def test_a_shorter_name_comes_before_a_longer_one_it_begins():
    assert in_order(["Anh", "An"]) == ["An", "Anh"]
    assert in_order(["An Khang", "An"]) == ["An", "An Khang"]
    assert in_order(["Anh", "An Bình"]) == ["An Bình", "Anh"]


def test_people_are_listed_by_given_name_first():
    assert person_sort_key("Trần Văn An") < person_sort_key("Lê Thị Bình")
    assert person_sort_key("Nguyễn Văn An") < person_sort_key("Nguyễn Thị Anh")


def test_people_with_the_same_given_name_are_listed_by_family_then_middle_name():
    names = ["Trần Văn Hùng", "Lê Văn Hùng", "Lê Minh Hùng", "Đỗ Văn Hùng"]
    assert in_order(names, key=person_sort_key) == [
        "Đỗ Văn Hùng",
        "Lê Minh Hùng",
        "Lê Văn Hùng",
        "Trần Văn Hùng",
    ]


def test_a_commune_list_reads_in_vietnamese_order():
    heads = [
        "Lê Văn Hưng",
        "Lê Văn Hùng",
        "Trần Thị Ánh",
        "Nguyễn Văn An",
        "Đỗ Thị Đào",
        "Phạm Văn Dũng",
        "Bùi Thị Ơn",
        "Hoàng Văn Ôn",
    ]
    assert in_order(heads, key=person_sort_key) == [
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Phạm Văn Dũng",
        "Đỗ Thị Đào",
        "Lê Văn Hùng",
        "Lê Văn Hưng",
        "Hoàng Văn Ôn",
        "Bùi Thị Ơn",
    ]


@pytest.mark.parametrize(
    "spelling", ["nguyễn thị hoà", "NGUYỄN THỊ HOÀ", "  Nguyễn   Thị Hoà ", "Nguyễn Thị Hòa"]
)
def test_case_spacing_and_where_the_tone_mark_sits_do_not_change_the_key(spelling):
    assert person_sort_key(spelling) == person_sort_key("Nguyễn Thị Hoà")


def test_decomposed_text_gives_the_same_key_as_composed_text():
    name = "Đặng Thị Ngọc Ánh Hưởng Ữ"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    assert person_sort_key(decomposed) == person_sort_key(name)
    assert sort_key(decomposed) == sort_key(name)


def test_punctuation_does_not_change_the_order():
    assert person_sort_key("Lê Văn Hùng .") == person_sort_key("Lê Văn Hùng")
    assert person_sort_key("Nguyễn Thị Thu-Hà") == person_sort_key("Nguyễn Thị ThuHà")


def test_an_eth_typed_for_d_with_a_bar_sorts_as_d_with_a_bar():
    assert person_sort_key("Ðỗ Văn Ðức") == person_sort_key("Đỗ Văn Đức")


@pytest.mark.parametrize(
    "name", ["Nguyễn Văn Ánh", "Zhou Li", "Nguyễn Văn 2", "李小龍", "O'Brien", "", None]
)
def test_keys_are_digits_only_so_every_database_collation_orders_them_alike(name):
    assert person_sort_key(name).isdigit()
    assert person_sort_key(name).isascii()
    assert sort_key(name).isdigit()


def test_a_name_of_the_longest_allowed_length_fits_the_stored_key():
    longest = " ".join(["Ường"] * 30)[:150]  # full_name and head_name: 150 characters
    assert len(person_sort_key(longest)) <= 800
    assert len(person_sort_key("ư" * 150)) <= 800


def test_no_name_sorts_first():
    assert person_sort_key("") < person_sort_key("A")
    assert person_sort_key(None) == person_sort_key("")
