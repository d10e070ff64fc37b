"""Demo quarterly reports for the past quarters of 2026, in every state of the workflow.

Step "reports.reporting.demo.seed" of `manage.py seed_demo`. Idempotent: a report that
exists is left as it is. Q1: every village on time and accepted, the commune report sent on
time. Q2 and Q3: some accepted on time, some submitted late, one returned with a comment,
some missing; the Q2 commune report sent late, Q3's still a draft.
"""

import datetime

from django.utils import timezone

from binhdan.quarters import Quarter
from reports.models import QuarterlyReport
from reports.reporting import workflow
from teams.models import Role, User

RESULTS = (
    "Tổ đã tổ chức đi từng ngõ, gõ từng nhà, cầm tay chỉ việc hướng dẫn người dân cài đặt, "
    "kích hoạt tài khoản định danh điện tử VNeID và sử dụng dịch vụ công trực tuyến."
)
DIFFICULTIES = "Một số hộ người cao tuổi chưa có điện thoại thông minh; sóng di động yếu ở xóm."
PROPOSALS = "Đề nghị UBND xã hỗ trợ thêm tài liệu tuyên truyền và bồi dưỡng kỹ năng cho tổ viên."
RETURN_COMMENT = "Đề nghị Tổ bổ sung số liệu tuyên truyền trên nhóm Zalo của thôn."
#: The leader's comment on the data-quality warnings (reports/quality), given on submitting.
EXPLANATION = (
    "Tổ đã rà soát các cảnh báo: các hộ chưa có tổ viên phụ trách là hộ mới tách, sẽ phân "
    "công trong tháng tới; tổ viên chưa có lượt hỗ trợ đang đi làm ăn xa."
)

#: village position (0-based, by code) -> (day submitted in the quarter's last month, fate)
PLANS = {
    1: dict.fromkeys(range(12), (18, "accepted")),
    2: {0: (20, "accepted"), 1: (21, "accepted"), 2: (24, "submitted"), 3: (19, "returned")},
    3: {0: (21, "accepted"), 1: (23, "accepted"), 2: (15, "returned"), 3: (25, "submitted")},
}
#: quarter -> day of the last month the commune report was sent (None: still a draft)
COMMUNE_SENT = {1: 25, 2: 29, 3: None}


def seed(commune) -> None:
    office = User.objects.filter(commune=commune, role=Role.OFFICE).first()
    today = timezone.localdate()
    villages = list(commune.villages.filter(is_active=True).order_by("code"))
    for number, plan in PLANS.items():
        quarter = Quarter(2026, number)
        if quarter.last_day >= today:
            continue
        for position, (day, fate) in plan.items():
            if position < len(villages):
                _team_report(commune, quarter, villages[position], day, fate, office)
        _commune_report(commune, quarter, COMMUNE_SENT[number], office)


def _team_report(commune, quarter, village, day, fate, office):
    if QuarterlyReport.objects.of_quarter(quarter).filter(village=village).exists():
        return
    leader = User.objects.filter(village=village, role=Role.LEADER).first() or office
    report = workflow.report_for(commune, quarter, village)
    report = workflow.save_narrative(
        report,
        {
            "results": RESULTS,
            "difficulties": DIFFICULTIES,
            "proposals": PROPOSALS,
            "number": quarter.number,
            "signer_title": "TỔ TRƯỞNG",
        },
    )
    submitted = datetime.date(quarter.year, quarter.last_month, day)
    report = workflow.submit(report, leader, at=_morning_of(submitted), explanation=EXPLANATION)
    reviewed = _morning_of(submitted + datetime.timedelta(days=2))
    if fate == "accepted":
        workflow.accept(report, office, at=reviewed)
    elif fate == "returned":
        workflow.return_report(report, office, RETURN_COMMENT, at=reviewed)


def _commune_report(commune, quarter, sent_day, office):
    if QuarterlyReport.objects.of_quarter(quarter).filter(kind="commune", commune=commune):
        return
    report = workflow.report_for(commune, quarter)
    report = workflow.save_narrative(
        report,
        {
            "results": RESULTS,
            "difficulties": DIFFICULTIES,
            "proposals": PROPOSALS,
            "number": 10 + quarter.number,
            "signer_name": "Nguyễn Văn Thắng",
            "signer_title": "PHÓ CHỦ TỊCH",
        },
    )
    if sent_day:
        sent = datetime.date(quarter.year, quarter.last_month, sent_day)
        workflow.send(report, office, at=_morning_of(sent))


def _morning_of(day: datetime.date) -> datetime.datetime:
    """The demo's history happened in the past: at 9:00 on `day`, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
