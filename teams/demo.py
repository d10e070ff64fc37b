"""Demo data for the Liên Minh commune: villages and one demo user per role.

Idempotent: running it again updates the same rows (matched by code or username).
"""

from django.db import transaction

from teams.models import Commune, Role, User, Village

DEMO_PASSWORD = "binhdan@2026"

COMMUNE = {"code": "LIENMINH", "name": "Liên Minh", "province": "Thái Nguyên"}

VILLAGES = [
    ("LM01", "Thôn Đông"),
    ("LM02", "Thôn Đoài"),
    ("LM03", "Thôn Trung"),
    ("LM04", "Xóm Chùa"),
    ("LM05", "Thôn Thượng"),
    ("LM06", "Thôn Hạ"),
    ("LM07", "Xóm Mới"),
    ("LM08", "Thôn An Lạc"),
    ("LM09", "Thôn Phú Mỹ"),
    ("LM10", "Thôn Bình Minh"),
    ("LM11", "Xóm Đồng Tâm"),
    ("LM12", "Thôn Tân Lập"),
]

# username, full name, role, village code (village roles only)
USERS = [
    ("vanphong", "Nguyễn Thị Hương", Role.OFFICE, None),
    ("lanhdao", "Phạm Trí Dũng", Role.LEADERSHIP, None),
    ("congan", "Hoàng Văn Quân", Role.POLICE, None),
    ("totruong01", "Trần Văn Bình", Role.LEADER, "LM01"),
    ("totruong02", "Lê Thị Mai", Role.LEADER, "LM02"),
    ("tovien01", "Đỗ Minh Tuấn", Role.MEMBER, "LM01"),
]


@transaction.atomic
def seed() -> Commune:
    commune, _ = Commune.objects.update_or_create(
        code=COMMUNE["code"], defaults={k: v for k, v in COMMUNE.items() if k != "code"}
    )
    villages = {}
    for code, name in VILLAGES:
        villages[code], _ = Village.objects.update_or_create(
            commune=commune, code=code, defaults={"name": name, "is_active": True}
        )

    admin, created = User.objects.get_or_create(
        username="admin", defaults={"full_name": "Quản trị hệ thống", "is_staff": True}
    )
    admin.is_staff = admin.is_superuser = True
    if created:
        admin.set_password(DEMO_PASSWORD)
    admin.save()

    for username, full_name, role, village_code in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.role = role
        user.commune = commune
        user.village = villages[village_code] if village_code else None
        if created:
            user.set_password(DEMO_PASSWORD)
        user.full_clean(exclude=["password"])
        user.save()
    return commune
