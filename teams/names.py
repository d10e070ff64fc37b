"""Realistic Vietnamese names for synthetic data: people, communes and villages.

A person's name is family name (họ), middle name (tên đệm) and given name (tên), drawn with
the weights of a northern province (a third are Nguyễn, then Trần, Lê, Phạm...; Tày and
Nùng families such as Nông, Ma, Triệu too). A commune's name is two Sino-Vietnamese
syllables ("Minh Đức", "Quyết Thắng"); a village's is "Xóm" or "Thôn" and a place name
("Xóm Na Mao", "Thôn Đồng Tâm"). Tone marks are placed as the commune's plan places them
("Hòa", "Thủy"; tests/test_spelling.py). Every draw comes from the `random.Random` given,
so a seed gives the same names again.
"""

import itertools
import random
from collections.abc import Iterable, Iterator


def _names(text: str) -> list[str]:
    """The names of a comma-separated list, written as text to be read as one."""
    return text.split(", ")


#: family name -> weight (about a share in a hundred)
FAMILY = {
    "Nguyễn": 31,
    "Trần": 10,
    "Lê": 8,
    "Phạm": 7,
    "Hoàng": 6,
    "Vũ": 5,
    "Đỗ": 4,
    "Bùi": 4,
    "Đặng": 3,
    "Ngô": 3,
    "Dương": 3,
    "Đinh": 2,
    "Lý": 2,
    "Hà": 2,
    "Lương": 2,
    "Nông": 2,
    "Phan": 2,
    "Đào": 1,
    "Trương": 1,
    "Ma": 1,
    "Triệu": 1,
    "Chu": 1,
    "Tạ": 1,
    "Mai": 1,
    "Lục": 1,
}
#: Besides "Văn" (a man's, half of them) and "Thị" (a woman's, half of them).
MIDDLE_MEN = _names(
    "Đức, Minh, Quang, Xuân, Hữu, Công, Mạnh, Tiến, Ngọc, Trung, Việt, Thành, Duy, Quốc"
)
MIDDLE_WOMEN = _names("Thu, Ngọc, Thanh, Phương, Hồng, Kim, Minh, Bích, Thùy, Diệu, Hải, Khánh")
GIVEN_MEN = _names(
    "Hùng, Dũng, Thắng, Long, Nam, Tuấn, Sơn, Hải, Cường, Khoa, Bình, Minh, Quân, Hiếu, "
    "Trung, Thành, Phong, Hòa, Toàn, Kiên, Đạt, Huy, Tú, Lâm, Quang, Vinh, Thịnh, Tùng, "
    "Hưng, Khải, Chiến, Mạnh, Hậu, Định, Tân, Lợi, Hiệp, Phúc, Đông, Bảo, An, Trường, Nghĩa, "
    "Tài, Thủy, Lực, Hoan, Duy, Quyết, Tiến"
)
GIVEN_WOMEN = _names(
    "Lan, Hương, Mai, Hoa, Thảo, Hằng, Yến, Nga, Linh, Trang, Hà, Huyền, Thủy, Loan, Hạnh, "
    "Dung, Liên, Nhung, Phượng, Thơm, Hiền, Oanh, Ngọc, Vân, Quyên, Tâm, Nhàn, Thúy, Hồng, "
    "Tuyết, Xuân, Anh, Chi, Giang, Duyên, Hòa, Thoa, Lụa, Thắm, Hiên, Nguyệt"
)

FAMILY_NAMES, FAMILY_WEIGHTS = list(FAMILY), list(FAMILY.values())

#: The two syllables of a commune's name, Sino-Vietnamese as most are.
COMMUNE_FIRST = _names(
    "Tân, Phúc, Minh, Hòa, An, Bình, Thịnh, Hưng, Đức, Phú, Quang, Thanh, Vĩnh, Xuân, Trung, "
    "Hợp, Đồng, Hồng, Kim, Yên, Thuận, Nghĩa, Tiến, Đại, Cao, Long, Thái, Bảo, Văn, Quyết, "
    "Khánh, Sơn, Vạn, Thượng, Định, Linh, Liên, Thành, Quảng, Hoàng, Lam, Cẩm, Phấn, Điềm, "
    "Nam"
)
COMMUNE_SECOND = _names(
    "Cương, Xuân, Đức, Hòa, Lợi, Thịnh, Tiến, Phong, Sơn, Lâm, Hưng, Thành, Lạc, Khánh, "
    "Bình, Hiệp, Thủy, Yên, Tân, Phú, Minh, Long, Lương, Trung, Thắng, Quang, Hải, Vinh, "
    "Phúc, Cường, Dũng, Kỳ, Tường, Mỹ, Hà, Thuận, Linh, Nghĩa, Định, Tâm, Trạch, Vũ, Hội, "
    "Đồng, Ninh, Hợp, Mễ, Khê, Thụy"
)

#: A village's place name; "Xóm" or "Thôn" goes before it (the commune uses one or the other).
PLACES = _names(
    "Đồng Tâm, Na Mao, Tân Lập, Bình Minh, Đồng Kiệm, Khuôn Năm, Hồng Thái, Nam Đồng, "
    "Làng Cả, Gốc Gạo, Cầu Đá, Đèo Khế, Đồng Bẩm, Na Hoàng, Bản Ngoại, Khe Mo, Làng Hin, "
    "Đồng Chùa, Soi Mít, Ao Sen, Cây Thị, Đầm Hồng, Trung Tâm, Tân Thành, Đồng Xe, Làng Mới, "
    "Đồng Vòng, Nà Đon, Nà Pặng, Khuôn Lân, Thác Lạc, Suối Cát, Đồng Mỏ, Bờ Đậu, Đông, Đoài, "
    "Thượng, Hạ, An Lạc, Phú Mỹ, Tân Phong, Hòa Bình, Thống Nhất, Quyết Tiến, Đoàn Kết, "
    "Chiến Thắng, Hợp Thành, Liên Hồng, Đồng Tiến, Tân Tiến, Lũng Hoài, Cầu Muối, Đồng Danh, "
    "Làng Phan, Khuôn Gà, Bãi Bằng, Đồng Cẩm, Cây Sy, Ba Khe, Gò Chè"
)


def person(rng: random.Random, *, woman: bool | None = None) -> str:
    """A full name, family name first ("Nguyễn Văn Hùng", "Trần Thị Thu Hà"); a woman's
    or a man's as asked, else either."""
    if woman is None:
        woman = rng.random() < 0.5
    family = rng.choices(FAMILY_NAMES, weights=FAMILY_WEIGHTS)[0]
    if not woman:
        middle = "Văn" if rng.random() < 0.5 else rng.choice(MIDDLE_MEN)
        return f"{family} {middle} {rng.choice(GIVEN_MEN)}"
    given = rng.choice(GIVEN_WOMEN)
    middle = "Thị" if rng.random() < 0.5 else rng.choice(MIDDLE_WOMEN)
    if middle == "Thị" and rng.random() < 0.2:  # "Nguyễn Thị Thu Hà"
        second = rng.choice(MIDDLE_WOMEN)
        if second != given:
            middle = f"Thị {second}"
    return f"{family} {middle} {given}"


def _commune_pairs() -> list[str]:
    return [
        f"{first} {second}"
        for first, second in itertools.product(COMMUNE_FIRST, COMMUNE_SECOND)
        if first != second
    ]


#: How many distinct names `commune_names` can give (before leaving out those taken).
COMMUNE_NAME_COUNT = len(_commune_pairs())


def commune_names(rng: random.Random, taken: Iterable[str] = ()) -> Iterator[str]:
    """Commune names in an order `rng` decides, none twice and none of `taken`."""
    pairs = _commune_pairs()
    rng.shuffle(pairs)
    taken = set(taken)
    return (name for name in pairs if name not in taken)


def village_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct names of one commune's villages, all "Xóm ..." or all "Thôn ..."
    (beyond the list of places, numbered: "Xóm Đồng Tâm 2")."""
    word = "Xóm" if rng.random() < 0.6 else "Thôn"
    places = rng.sample(PLACES, len(PLACES))
    return [
        f"{word} {places[n % len(places)]}"
        + (f" {n // len(places) + 1}" if n >= len(places) else "")
        for n in range(count)
    ]
