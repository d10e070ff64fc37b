"""`can()` itself: every role × every capability, and the object-level scope behind it.

The table below is written out by hand, from the plan's description of who does what
(DOMAIN.md), so that a change to binhdan/access.py's GRANTS must be made twice to pass.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from binhdan.access import Capability, can, flags
from teams.models import Role
from tests import factories

OF, L, M, D, P = Role.OFFICE, Role.LEADER, Role.MEMBER, Role.LEADERSHIP, Role.POLICE
S = Role.DEPARTMENT  # Sở KH&CN
FIELD = {OF, L, M, D}  # everyone who takes part in the field work, or leads it
ORGANISATION = {OF, L, D}

EXPECTED = {
    Capability.VIEW_DASHBOARD: {OF, L, M, D, P},
    Capability.VIEW_KPIS: FIELD,
    Capability.VIEW_VNEID: {OF, L, M, D, P},
    Capability.VIEW_COMMUNE_TEAM_KPIS: {OF, D},
    Capability.VIEW_HOUSEHOLDS: FIELD,
    Capability.VIEW_VISITS: FIELD,
    Capability.VIEW_COMMUNICATION: FIELD,
    Capability.VIEW_OCOP: FIELD,
    Capability.VIEW_TEAMS: FIELD,
    Capability.VIEW_TEAM_DETAILS: ORGANISATION,
    Capability.VIEW_VILLAGES: ORGANISATION,
    Capability.VIEW_MEMBERS: ORGANISATION,
    Capability.VIEW_TRAININGS: ORGANISATION,
    Capability.VIEW_ASSIGNMENTS: ORGANISATION,
    Capability.VIEW_HISTORY: {OF},
    Capability.VIEW_ACCESS_LOG: {OF},
    Capability.VIEW_ACCOUNTS: {OF, L},  # a leader reads their village's accounts
    Capability.EXPORT_HOUSEHOLDS: {OF, L, D},  # not members: personal data leaves the portal
    Capability.VIEW_REPORTS: FIELD,
    Capability.VIEW_COMMUNE_REPORTS: {OF, D},
    Capability.VIEW_YEAR_REVIEW: FIELD,
    Capability.VIEW_NOMINATIONS: ORGANISATION,
    Capability.VIEW_SUGGESTIONS: {OF, D},
    Capability.VIEW_DATA_QUALITY: ORGANISATION,  # a leader: their village's
    Capability.CHANGE_HOUSEHOLDS: {OF, L},
    Capability.LOG_VISITS: {OF, L, M},
    Capability.CHANGE_OTHERS_VISITS: {OF, L},  # a member changes only the visits they logged
    Capability.CHANGE_COMMUNICATION: {OF, L},
    Capability.MANAGE_OCOP: {OF},
    Capability.MANAGE_MEMBERS: {OF, L},
    Capability.MANAGE_TRAININGS: {OF, L},
    Capability.RECORD_ACTIVITY_DAYS: {OF, L},
    Capability.TRAIN_COMMUNE_WIDE: {OF},
    Capability.MANAGE_TEAMS: {OF},
    Capability.MANAGE_CATALOGUES: {OF},
    Capability.MANAGE_ACCOUNTS: {OF},
    Capability.WRITE_VILLAGE_REPORT: {L},
    Capability.REVIEW_REPORTS: {OF},
    Capability.WRITE_COMMUNE_REPORT: {OF},
    Capability.MANAGE_NOMINATIONS: {OF},
    Capability.MANAGE_DATA_QUALITY: {OF},
    Capability.VIEW_ALLOWANCES: ORGANISATION,  # a leader: their own team's, read only
    Capability.MANAGE_ALLOWANCES: {OF},
    Capability.VIEW_PROVINCE_REPORTS: {S},
    Capability.VIEW_PROVINCE_KPIS: {S},
    Capability.RECEIVE_COMMUNE_REPORTS: {S},
}


def test_the_table_names_every_capability():
    assert set(EXPECTED) == set(Capability)


class _User:
    """A user as can() sees it without an object: no database needed."""

    is_authenticated = True
    is_superuser = False

    def __init__(self, role):
        self.role = role


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("role", list(Role))
def test_role_has_exactly_its_capabilities(role, capability):
    assert can(_User(role), capability) is (role in EXPECTED[capability])


@pytest.mark.parametrize("capability", list(Capability))
def test_anonymous_and_roleless_users_can_do_nothing(capability):
    assert not can(AnonymousUser(), capability)
    assert not can(_User(""), capability)


def test_superuser_is_office_staff_everywhere():
    superuser = _User("")
    superuser.is_superuser = True
    assert can(superuser, Capability.MANAGE_ACCOUNTS)
    assert not can(superuser, Capability.WRITE_VILLAGE_REPORT)


def test_flags_name_each_capability_for_templates():
    assert flags(_User(Role.MEMBER), Capability.LOG_VISITS, Capability.CHANGE_HOUSEHOLDS) == {
        "can_log_visits": True,
        "can_change_households": False,
    }


@pytest.mark.django_db
def test_an_object_must_be_in_the_users_scope():
    village = factories.VillageFactory()
    other = factories.VillageFactory(commune=village.commune)
    leader = factories.UserFactory(role=Role.LEADER, commune=village.commune, village=village)
    office = factories.UserFactory(role=Role.OFFICE, commune=village.commune)
    leadership = factories.UserFactory(role=Role.LEADERSHIP, commune=village.commune)
    own = factories.HouseholdFactory(village=village)
    elsewhere = factories.HouseholdFactory(village=other)

    assert can(leader, Capability.CHANGE_HOUSEHOLDS, own)
    assert not can(leader, Capability.CHANGE_HOUSEHOLDS, elsewhere)
    assert not can(leader, Capability.VIEW_HOUSEHOLDS, elsewhere)
    assert can(office, Capability.CHANGE_HOUSEHOLDS, elsewhere)
    assert can(leadership, Capability.VIEW_HOUSEHOLDS, elsewhere)
    assert not can(leadership, Capability.CHANGE_HOUSEHOLDS, elsewhere)


@pytest.mark.django_db
def test_a_member_changes_only_the_visits_they_logged():
    village = factories.VillageFactory()
    member = factories.UserFactory(role=Role.MEMBER, commune=village.commune, village=village)
    colleague = factories.UserFactory(role=Role.MEMBER, commune=village.commune, village=village)
    team = factories.village_team(village)
    household = factories.HouseholdFactory(village=village)
    mine = factories.SupportVisitFactory(
        household=household, member=factories.MemberFactory(team=team, user=member)
    )
    theirs = factories.SupportVisitFactory(
        household=household, member=factories.MemberFactory(team=team, user=colleague)
    )

    leader = factories.UserFactory(role=Role.LEADER, commune=village.commune, village=village)

    assert can(member, Capability.LOG_VISITS, mine)
    assert not can(member, Capability.LOG_VISITS, theirs)
    assert can(member, Capability.VIEW_VISITS, theirs)
    assert can(leader, Capability.LOG_VISITS, theirs)
