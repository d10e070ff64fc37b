"""reports/reporting/content.py: everything a report shows, counted in the database, JSON-ready."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from binhdan.quarters import Quarter
from households.models import Channel, SupportMethod
from reports.kpis.arithmetic import Status
from reports.kpis.scopes import Scope
from reports.reporting.content import build_report_content, kpi_differences
from tests.factories import (
    ActivityDayFactory,
    CommunicationActivityFactory,
    HouseholdFactory,
    MemberFactory,
    OcopProductFactory,
    SupportVisitFactory,
    TeamFactory,
    TrainingSessionFactory,
    support_types_of,
)

pytestmark = pytest.mark.django_db
Q4 = Quarter(2026, 4)
IN_Q4 = datetime.date(2026, 11, 2)


def fill(village, *, visits=3):
    team = TeamFactory(village=village)
    leader = MemberFactory(team=team, full_name="Nguyễn Văn Hùng", is_leader=True)
    households = HouseholdFactory.create_batch(3, village=village, member_in_charge=leader)
    for household in households[:visits]:
        visit = SupportVisitFactory(
            member=leader, household=household, date=IN_Q4, method=SupportMethod.AT_HOME
        )
        visit.support_types.set(support_types_of(village.commune_id, "vneid-kich-hoat"))
    CommunicationActivityFactory(
        commune=village.commune,
        villages=[village],
        households=households[:2],
        date=IN_Q4,
        channel=Channel.ZALO,
    )
    session = TrainingSessionFactory(commune=village.commune, team=team, date=IN_Q4)
    session.attendees.add(leader)
    OcopProductFactory(
        commune=village.commune, village=village, name="Chè Tân Cương", listed_on=["shopee"]
    )
    return team


def test_village_content_counts_visits_members_trainings_communication_and_ocop(world):
    fill(world.village_a)
    content = build_report_content(Scope.of_village(world.village_a), Q4)
    json.dumps(content)  # frozen as JSON
    assert content["kind"] == "village" and content["due"] == "2026-12-21"
    assert content["team"]["leader"] == "Nguyễn Văn Hùng"
    assert content["visits"] == {"visits": 3, "people": 3, "households": 3}
    by_method = {row["method"]: row["visits"] for row in content["visits_by_method"]}
    assert by_method["at_home"] == 3 and by_method["door_to_door"] == 0
    assert [m["visits"] for m in content["members"]] == [3]
    assert content["trainings"][0]["attendance"] == 1
    assert content["communication"]["households_reached"] == 2
    zalo = next(c for c in content["communication"]["by_channel"] if c["channel"] == "zalo")
    assert zalo == {"channel": "zalo", "activities": 1, "households": 2}
    assert content["ocop"][0]["name"] == "Chè Tân Cương"
    assert [k["code"] for k in content["kpis"]][4] == "K5"


def test_commune_content_has_a_row_per_village_and_constant_queries(world):
    fill(world.village_a)
    scope = Scope.whole_commune(world.commune)
    with CaptureQueriesContext(connection) as small:
        build_report_content(scope, Q4)
    fill(world.village_b)
    with CaptureQueriesContext(connection) as larger:
        content = build_report_content(scope, Q4)
    assert [v["code"] for v in content["villages"]] == ["LM01", "LM02"]
    assert content["visits"]["visits"] == 6
    assert len(larger) == len(small)


def test_kpi_differences_names_the_kpis_that_changed(world):
    fill(world.village_a)
    scope = Scope.of_village(world.village_a)
    frozen = build_report_content(scope, Q4)
    assert kpi_differences(frozen, build_report_content(scope, Q4)) == []
    SupportVisitFactory(member=MemberFactory(team=world.village_a.team), date=IN_Q4)
    assert [d["code"] for d in kpi_differences(frozen, build_report_content(scope, Q4))] == [
        "K1",
        "K3",
        "K5",
    ]


def test_a_report_built_on_a_monday_does_not_count_that_week_as_missed(world, today_is):
    team = TeamFactory(village=world.village_a)
    for monday, _sunday in Q4.week_ranges()[:12]:  # 28/09 to 14/12: a 4-hour day each week
        ActivityDayFactory(team=team, date=monday + datetime.timedelta(days=2), hours=4)
    today_is(datetime.date(2026, 12, 21))  # a Monday, the team reports' due day

    content = build_report_content(Scope.of_village(world.village_a), Q4)

    k6 = next(k for k in content["kpis"] if k["code"] == "K6")
    assert (k6["details"]["numerator"], k6["details"]["denominator"]) == (12, 12)
    assert k6["status"] == Status.MET and k6["details"]["weeks_missed"] == []
