"""Seed the role catalogue and the plan's six training topics (editable afterwards)."""

from django.db import migrations

ROLES = [
    # code, name, required in a village team, order
    ("bi-thu-chi-bo", "Bí thư Chi bộ", True, 10),
    ("truong-ban-mat-tran", "Trưởng Ban công tác Mặt trận", True, 20),
    ("truong-thon", "Trưởng thôn", True, 30),
    ("dai-dien-hoi-doan-the", "Đại diện các hội, đoàn thể", True, 40),
    ("an-ninh-co-so", "Lực lượng an ninh cơ sở", True, 50),
    ("y-te-thon", "Y tế thôn", True, 60),
    ("doan-vien-thanh-nien", "Đoàn viên thanh niên", False, 70),
    ("khac", "Thành viên khác", False, 90),
]

TOPICS = [
    (1, "Các chủ trương, chính sách, pháp luật về chuyển đổi số"),
    (2, "Sử dụng dịch vụ công trực tuyến, chữ ký số"),
    (3, "Mua sắm trực tuyến gắn với bảo vệ dữ liệu cá nhân, nhận diện các trang mua sắm trực tuyến tin cậy"),
    (4, "Thanh toán trực tuyến an toàn, tiện lợi, phòng tránh lừa đảo trực tuyến"),
    (5, "Kỹ năng tự bảo vệ mình trên không gian mạng"),
    (6, "Sử dụng một số nền tảng số khác phù hợp với tình hình thực tế tại địa phương"),
]


def seed(apps, schema_editor):
    MemberRole = apps.get_model("teams", "MemberRole")
    for code, name, required, order in ROLES:
        MemberRole.objects.update_or_create(
            code=code,
            defaults={"name": name, "required_in_village_team": required, "sort_order": order},
        )
    seed_topics(apps, schema_editor)


def seed_topics(apps, schema_editor):
    """The plan's six training topics (shared by every commune)."""
    TrainingTopic = apps.get_model("teams", "TrainingTopic")
    for number, name in TOPICS:
        TrainingTopic.objects.update_or_create(number=number, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("teams", "0002_organisation")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
