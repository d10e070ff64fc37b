"""A few realistic problems in the demo data for the data-quality rules to find.

Step "reports.quality.demo.seed" of `manage.py seed_demo`, after the reports' history (the
past quarters' reports were submitted before these slips happened). Idempotent: a problem
already there is not made twice. In the current quarter:

- Thôn Đông (LM01): a household typed in twice (CL01, a warning);
- Thôn Đoài (LM02): a member who logged a whole week's visits on one evening (CL02);
- Thôn Trung (LM03): a visit helping more people than live in the household (CL09);
- the fifth village: a visit dated before its member joined the team (CL03, which blocks
  the team's submission until it is corrected).
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from binhdan.quarters import Quarter
from households.models import Household, SupportMethod, SupportType, SupportVisit
from households.services import save_household, save_visit
from teams.models import Member


def seed(commune) -> None:
    villages = list(commune.villages.filter(is_active=True).order_by("code"))
    if len(villages) < 5:
        return
    today = timezone.localdate()
    quarter = Quarter.containing(today)
    day = max(quarter.first_day, today - datetime.timedelta(days=3))
    kinds = list(SupportType.objects.of(commune).filter(code="vneid-kich-hoat"))
    _typed_twice(villages[0])
    _busy_evening(villages[1], day, kinds)
    _more_people_than_live(villages[2], day, kinds)
    _before_joining(villages[4], kinds)


def _typed_twice(village) -> None:
    household = (
        Household.objects.filter(village=village, member_in_charge__isnull=False)
        .order_by("pk")
        .first()
    )
    if household is None or Household.objects.filter(match_key=household.match_key).count() > 1:
        return
    copy = Household(
        village=village,
        head_name=household.head_name,
        address=household.address,
        phone=household.phone,
        people_count=household.people_count,
        member_in_charge=household.member_in_charge,
    )
    save_household(copy, None)


def _busy_evening(village, day, kinds) -> None:
    member = Member.objects.active().filter(team__village=village).order_by("pk").first()
    if member is None:
        return
    busiest = (
        SupportVisit.objects.filter(member=member, date=day).aggregate(n=Count("id"))["n"] or 0
    )
    for n in range(busiest, 17):
        visit = SupportVisit(
            team=member.team,
            member=member,
            date=day,
            walk_in_name=f"Người dân đến nhà văn hóa {n + 1}",
            method=SupportMethod.COMMUNITY_POINT,
            people_helped=1,
        )
        save_visit(visit, None, support_types=kinds)


def _more_people_than_live(village, day, kinds) -> None:
    household = (
        Household.objects.filter(
            village=village, people_count__lte=2, member_in_charge__isnull=False
        )
        .order_by("pk")
        .first()
    )
    if (
        household is None
        or SupportVisit.objects.filter(
            household=household, people_helped__gt=household.people_count
        ).exists()
    ):
        return
    visit = SupportVisit(
        team=household.member_in_charge.team,
        member=household.member_in_charge,
        date=day,
        household=household,
        method=SupportMethod.AT_HOME,
        people_helped=household.people_count + 4,
    )
    save_visit(visit, None, support_types=kinds)


def _before_joining(village, kinds) -> None:
    member = (
        Member.objects.active()
        .filter(team__village=village, joined_on__gt=datetime.date(2025, 10, 2))
        .order_by("pk")
        .first()
    )
    if member is None:
        return
    day = member.joined_on - datetime.timedelta(days=1)
    if SupportVisit.objects.filter(member=member, date__lt=member.joined_on).exists():
        return
    visit = SupportVisit(
        team=member.team,
        member=member,
        date=day,
        walk_in_name="Bà Hoàng Thị Nụ",
        method=SupportMethod.DOOR_TO_DOOR,
        people_helped=1,
    )
    save_visit(visit, None, support_types=kinds)
