"""teams migration 0012: the commune's province, a name, becomes a province of its own."""

import pytest

from tests.migrating import migrate_to, migrate_to_latest

BEFORE = [("teams", "0011_user_must_change_password")]
AFTER = [("teams", "0012_province")]


@pytest.mark.django_db(transaction=True)
def test_each_province_name_becomes_one_province_and_back():
    old = migrate_to(BEFORE)
    try:
        Commune_ = old.get_model("teams", "Commune")
        for code, province in (
            ("LIENMINH", "Thái Nguyên"),
            ("TANCUONG", " Thái  Nguyên "),
            ("HAMYEN", "Tuyên Quang"),
            ("KHONGTEN", ""),
        ):
            Commune_.objects.create(code=code, name=code.title(), province=province)
        new = migrate_to(AFTER)
        Province_, Commune_ = new.get_model("teams", "Province"), new.get_model("teams", "Commune")
        assert sorted(Province_.objects.values_list("code", "name")) == [
            ("THAINGUYEN", "Thái Nguyên"),
            ("TUYENQUANG", "Tuyên Quang"),
        ]
        provinces = dict(Commune_.objects.values_list("code", "province__name"))
        assert provinces == {
            "LIENMINH": "Thái Nguyên",
            "TANCUONG": "Thái Nguyên",
            "HAMYEN": "Tuyên Quang",
            "KHONGTEN": None,
        }
        back = migrate_to(BEFORE)
        names = dict(back.get_model("teams", "Commune").objects.values_list("code", "province"))
        assert names["HAMYEN"] == "Tuyên Quang" and names["KHONGTEN"] == ""
    finally:
        migrate_to_latest()
