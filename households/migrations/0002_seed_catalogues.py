"""Seed the digital platform and support-type catalogues (editable afterwards)."""

from django.db import migrations

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
    ("vneid-kich-hoat", "Cài đặt, kích hoạt VNeID", 10),
    ("vneid-tich-hop", "Tích hợp giấy tờ cá nhân trên VNeID", 20),
    ("dich-vu-cong", "Dịch vụ công trực tuyến", 30),
    ("thanh-toan", "Thanh toán không dùng tiền mặt", 40),
    ("tmdt-ocop", "Thương mại điện tử, sản phẩm OCOP", 50),
    ("an-toan-lua-dao", "An toàn thông tin, phòng chống lừa đảo", 60),
    ("khac", "Nội dung khác", 90),
]


def seed(apps, schema_editor):
    Platform = apps.get_model("households", "Platform")
    SupportType = apps.get_model("households", "SupportType")
    for code, name, essential, ecommerce, order in PLATFORMS:
        Platform.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "is_essential": essential,
                "is_ecommerce": ecommerce,
                "sort_order": order,
            },
        )
    for code, name, order in SUPPORT_TYPES:
        SupportType.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
