"""Bounds everywhere (issue 14, finding 4): what a URL, a form, an import or a direct write
may carry has limits, the same in each, and crossing them is a Vietnamese message or a 404,
never an error 500.

Quarters and years: tests/reports/test_quarter_params.py covers every page with a picker, the
report URLs and the year pages; dates: tests/test_happened_dates.py covers every form. The
cases the finding names are kept here, one test each.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from binhdan.quarters import quarters_in_plan
from households.models import SupportType, SupportVisit
from tests.factories import MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db


# --- Quarters and dates (already bounded; the finding's own examples) ----------------------


@pytest.mark.parametrize("quy", ["9999Q4", "9999Q3"])
def test_bounds_a_dashboard_for_quarter_9999_says_so_with_a_small_picker(world, client_for, quy):
    response = client_for("office").get(reverse("home"), {"quy": quy})
    page = response.content.decode()
    assert response.status_code == 200
    assert "không phải là một quý của kế hoạch" in page
    picker = page[page.index('<select id="quy"') : page.index("</select>")]
    assert picker.count("<option") == len(quarters_in_plan(timezone.localdate()))
    assert len(response.content) < 100_000  # was 1.4 MB: 31,896 options


def test_bounds_the_commune_report_of_quarter_0000Q1_is_not_found(world, client_for):
    assert client_for("office").get("/bao-cao/0000Q1/xa/").status_code == 404


def test_bounds_a_visit_dated_31_12_9999_is_a_form_error(world, client_for):
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, user=world.users["member"])
    data = {
        "member": me.pk,
        "date": "31/12/9999",
        "walk_in_name": "Lò Thị Sen",
        "support_types": [SupportType.objects.get(code="vneid-kich-hoat").pk],
        "method": "door_to_door",
        "people_helped": "1",
    }
    response = client_for("member").post(reverse("households:visit_create"), data)
    assert response.status_code == 200
    assert "Ngày phải từ 01/10/2025 đến hôm nay" in response.content.decode()
    assert not SupportVisit.objects.exists()
