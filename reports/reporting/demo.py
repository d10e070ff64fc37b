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


#: The demo province's other communes: code, name, villages (code, name), office account.
NEIGHBOURS = [
    (
        "TANCUONG",
        "Tân Cương",
        [("TC01", "Xóm Hồng Thái 1"), ("TC02", "Xóm Nam Đồng")],
        "vanphongtc",
    ),
    ("PHUCXUAN", "Phúc Xuân", [("PX01", "Xóm Khuôn Năm"), ("PX02", "Xóm Đồng Kiệm")], "vanphongpx"),
]
DEPARTMENT_RETURN = "Đề nghị xã bổ sung Phụ lục I: số liệu của xóm Đồng Kiệm còn thiếu."


def seed_province(commune) -> None:
    """Step "reports.reporting.demo.seed_province": two neighbouring communes of the province
    (villages only) with their offices, and the Department's work on the closed quarters:
    Liên Minh's Q1 report received, Tân Cương's Q3 sent on time and received, Phúc Xuân's Q3
    sent and returned with a comment. Idempotent."""
    from binhdan.communes import open_commune
    from teams.demo import DEMO_PASSWORD
    from teams.models import Commune, Village

    department = User.objects.filter(role=Role.DEPARTMENT, province=commune.province).first()
    if department is None or commune.province is None:
        return
    today = timezone.localdate()
    q1, q3 = Quarter(2026, 1), Quarter(2026, 3)
    if q1.last_day < today:
        _received(
            QuarterlyReport.objects.of_quarter(q1).filter(kind="commune", commune=commune).first(),
            department,
            q1,
        )
    for code, name, villages, username in NEIGHBOURS:
        neighbour = Commune.objects.filter(code=code).first() or open_commune(
            Commune(code=code, name=name, province=commune.province)
        )
        for village_code, village_name in villages:
            Village.objects.get_or_create(
                commune=neighbour, code=village_code, defaults={"name": village_name}
            )
        office, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": f"Văn phòng UBND xã {name}",
                "role": Role.OFFICE,
                "commune": neighbour,
            },
        )
        if created:
            office.set_password(DEMO_PASSWORD)
            office.save()
        if (
            q3.last_day >= today
            or QuarterlyReport.objects.of_quarter(q3)
            .filter(kind="commune", commune=neighbour)
            .exists()
        ):
            continue
        _commune_report(neighbour, q3, 24 if code == "TANCUONG" else 25, office)
        report = QuarterlyReport.objects.of_quarter(q3).get(kind="commune", commune=neighbour)
        if code == "TANCUONG":
            _received(report, department, q3)
        else:
            workflow.return_to_commune(
                report, department, DEPARTMENT_RETURN, at=_morning_of(datetime.date(2026, 9, 29))
            )


def _received(report, department, quarter) -> None:
    if report is not None and report.status == "sent":
        day = datetime.date(quarter.year, quarter.last_month, 28)
        workflow.receive(report, department, at=_morning_of(day))
