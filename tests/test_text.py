from binhdan.text import fold


def test_fold_removes_vietnamese_diacritics_and_case():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  Thôn   Đoài ") == "thon doai"


def test_fold_of_nothing_is_empty():
    assert fold(None) == ""
    assert fold("") == ""
