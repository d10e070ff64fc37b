"""The role catalogue a commune starts with (vai trò trong Tổ), from the plan: the six roles
every village team must have (KPI K2), the Youth Union and "other members". Each commune's
office edits its own copy afterwards (`MemberRole.commune`)."""

from teams.models import Commune, MemberRole

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


def seed(commune: Commune) -> None:
    """Give `commune` the default roles it lacks (by code); entries it has are left as its
    office keeps them."""
    have = set(MemberRole.objects.of(commune).values_list("code", flat=True))
    MemberRole.objects.bulk_create(
        MemberRole(
            commune=commune,
            code=code,
            name=name,
            required_in_village_team=required,
            sort_order=order,
        )
        for code, name, required, order in ROLES
        if code not in have
    )
