"""The digital platforms (nền tảng số) and kinds of support (nội dung hỗ trợ) a commune
starts with; each commune's office edits its own copy afterwards. The codes `vneid`,
`vneid-kich-hoat` and `vneid-tich-hop` are those the VNeID figures (K10) look for
(`households.queries`)."""

from households.models import Platform, SupportType
from teams.models import Commune

PLATFORMS = [
    # code, name, essential, e-commerce, order
    ("vneid", "VNeID", True, False, 10),
    ("dich-vu-cong", "Dịch vụ công trực tuyến", True, False, 20),
    ("thanh-toan-khong-tien-mat", "Thanh toán không dùng tiền mặt", True, False, 30),
    ("so-suc-khoe-dien-tu", "Sổ sức khỏe điện tử", False, False, 40),
    ("thuong-mai-dien-tu", "Mua sắm trực tuyến (thương mại điện tử)", False, False, 50),
    ("postmart", "Sàn Postmart", False, True, 60),
    ("voso", "Sàn Voso", False, True, 70),
    ("shopee", "Shopee", False, True, 80),
    ("tiktok-shop", "TikTok Shop", False, True, 90),
]

SUPPORT_TYPES = [
    # code, name, order
    ("vneid-kich-hoat", "Cài đặt, kích hoạt VNeID", 10),
    ("vneid-tich-hop", "Tích hợp giấy tờ cá nhân trên VNeID", 20),
    ("dich-vu-cong", "Dịch vụ công trực tuyến", 30),
    ("thanh-toan", "Thanh toán không dùng tiền mặt", 40),
    ("tmdt-ocop", "Thương mại điện tử, sản phẩm OCOP", 50),
    ("an-toan-lua-dao", "An toàn thông tin, phòng chống lừa đảo", 60),
    ("khac", "Nội dung khác", 90),
]


def seed(commune: Commune) -> None:
    """Give `commune` the default platforms and kinds of support it lacks (by code); entries
    it has are left as its office keeps them."""
    have = set(Platform.objects.of(commune).values_list("code", flat=True))
    Platform.objects.bulk_create(
        Platform(
            commune=commune,
            code=code,
            name=name,
            is_essential=essential,
            is_ecommerce=ecommerce,
            sort_order=order,
        )
        for code, name, essential, ecommerce, order in PLATFORMS
        if code not in have
    )
    have = set(SupportType.objects.of(commune).values_list("code", flat=True))
    SupportType.objects.bulk_create(
        SupportType(commune=commune, code=code, name=name, sort_order=order)
        for code, name, order in SUPPORT_TYPES
        if code not in have
    )
