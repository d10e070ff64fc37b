"""Amounts of money in Vietnamese words, as payment documents state their total ("Bằng chữ:
Sáu mươi tư triệu sáu trăm năm mươi nghìn đồng").

The rules of the written language (as accounting software and the State Treasury write it):
"mười" for one ten, "mươi" from two tens; "mốt" for a 1 after two tens or more ("hai mươi
mốt", but "mười một"); "tư" for a 4 after two tens or more ("sáu mươi tư", but "mười bốn");
"lăm" for a 5 after any ten ("mười lăm", "hai mươi lăm", but "một trăm linh năm"); "linh"
for no ten before a unit in the hundreds ("một trăm linh năm"); a group of three digits
inside a bigger number is read whole ("một nghìn không trăm linh năm", "hai triệu không
trăm mười nghìn"), and a group of zeros is left out ("một triệu", "một tỷ không trăm linh
năm"). Scales: nghìn, triệu, tỷ; above a thousand billion, "một nghìn không trăm linh
một tỷ".

num2words' "vi" is not used: it reads 1.005 as "một nghìn lẻ năm" and 2.001.000 as "hai
triệu một nghìn", which a treasury would refuse.
"""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")
BILLION = 1_000_000_000


def _tens_and_units(tens: int, units: int) -> list[str]:
    if tens == 0:
        return [DIGITS[units]] if units else []
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _group(number: int, *, whole: bool) -> list[str]:
    """Words for 0 < number < 1000; `whole`: read its hundreds even when 0 (a group inside
    a bigger number)."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    if not hundreds and not whole:
        return _tens_and_units(tens, units)
    words = [DIGITS[hundreds], "trăm"]
    if tens == 0 and units:
        return [*words, "linh", DIGITS[units]]
    return words + _tens_and_units(tens, units)


def number_in_words(number: int) -> str:
    """A whole number ≥ 0 in Vietnamese words, lower case: 1005 -> "một nghìn không trăm
    linh năm"."""
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        raise ValueError(f"a whole number from 0 expected, not {number!r}")
    return " ".join(_words(number, whole=False)) if number else DIGITS[0]


def _words(number: int, *, whole: bool) -> list[str]:
    """Words for number > 0; `whole`: it follows a bigger part, so its first group is read
    with its hundreds."""
    if number >= BILLION:
        billions, rest = divmod(number, BILLION)
        words = [*_words(billions, whole=whole), "tỷ"]
        return words + _words(rest, whole=True) if rest else words
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words = []
    for position in range(len(groups) - 1, -1, -1):
        if groups[position]:
            first = position == len(groups) - 1
            words += _group(groups[position], whole=whole or not first)
            words += [SCALES[position]] if SCALES[position] else []
    return words


def dong_in_words(amount: int) -> str:
    """An amount in đồng as a payment document writes it: "Một trăm linh năm đồng"."""
    words = number_in_words(amount)
    return f"{words[0].upper()}{words[1:]} đồng"
