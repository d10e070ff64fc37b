"""Reminders (nhắc việc) before the reports' deadlines, for `manage.py send_reminders` (daily,
from cron), and the text the commune office pastes into its Zalo group.

What is due, for each commune, on the day of the run:
- a village team's report of the current quarter not submitted yet, 5, 2 and 0 days before
  the team deadline (the 21st): its village's leaders, or the commune office (told which
  village) when the village has no leader's account;
- the commune report not sent yet, the same days before its deadline (the 26th): the office;
- a report returned for correction and not resubmitted: its village's leaders (a team's
  report; the office when the village has no leader's account), the office (the commune's,
  returned by the Department); once per return.

A step is the last of 5, 2, 0 days left that the day has reached (a run missed on the 16th
still reminds on the 17th), and each (report, step) is sent once: `ReminderSent` keeps its
key, so a rerun sends nothing new. Each reminder is a notification in the portal and, where
the user has an address and EMAIL_HOST is set, an e-mail. Texts are in Vietnamese.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from binhdan.access import Capability, can
from binhdan.quarters import Quarter, days_left
from reports.models import (
    Notification,
    QuarterlyReport,
    ReminderSent,
    ReportKind,
    ReportStatus,
)
from reports.reporting import workflow
from teams.models import Commune, User

log = logging.getLogger(__name__)

#: Days before a deadline on which a report not in yet is reminded.
STEPS = (5, 2, 0)
NOT_IN = ("", ReportStatus.DRAFT)  # not written, or written and not submitted (sent)


def step_for(due: datetime.date, today: datetime.date) -> int | None:
    """The step a day has reached before `due`: 5 (5 to 3 days left), 2 (2 or 1), 0 (the day
    itself); None before 5 days or once the day has passed."""
    left = (due - today).days
    if left < 0 or left > STEPS[0]:
        return None
    return min(step for step in STEPS if step >= left)


@dataclass(frozen=True)
class Reminder:
    key: str
    users: list
    text: str
    url: str


def _people(commune, capability: Capability, obj=None) -> list:
    """The active users of `commune` who may do `capability` (to `obj`)."""
    users = User.objects.filter(commune=commune, is_active=True).order_by("pk")
    return [user for user in users if can(user, capability, obj)]


def _village_people(commune, village, text: str) -> tuple[list, str]:
    """Who is reminded of a village team's report, and what they read: its leaders; when no
    one with an account may write it (the team has no leader's account), the commune office,
    told which village to pass the reminder on to."""
    users = _people(commune, Capability.WRITE_VILLAGE_REPORT, village)
    if users:
        return users, text
    office = _people(commune, Capability.REVIEW_REPORTS, village)
    return office, _(
        "%(village)s has no leader's account on the portal; remind the team, or add the "
        "account: %(reminder)s"
    ) % {"village": village.name, "reminder": text}


def _days(due: datetime.date, today: datetime.date) -> str:
    left = days_left(due, today)
    if left == 0:
        return _("due today, %(due)s") % {"due": f"{due:%d/%m/%Y}"}
    return _("due on %(due)s, %(days)s days left") % {"due": f"{due:%d/%m/%Y}", "days": left}


def due_reminders(today: datetime.date) -> list[Reminder]:
    """Every reminder the day calls for (sent or not yet)."""
    quarter = Quarter.containing(today)
    reminders = []
    for commune in Commune.objects.order_by("pk"):
        team_due, commune_due = quarter.team_report_due(), quarter.commune_report_due()
        step = step_for(team_due, today)
        if step is not None:
            for row in workflow.village_statuses(commune, quarter, today):
                if row["status"] not in NOT_IN:
                    continue
                village = commune.villages.get(pk=row["village_id"])
                users, text = _village_people(
                    commune,
                    village,
                    _(
                        "The team report of %(quarter)s of %(village)s is not submitted yet: %(when)s."
                    )
                    % {
                        "quarter": quarter.label,
                        "village": village.name,
                        "when": _days(team_due, today),
                    },
                )
                reminders.append(
                    Reminder(
                        f"village:{quarter}:{village.pk}:d{step}",
                        users,
                        text,
                        reverse("reports:team_report", args=[quarter, village.pk]),
                    )
                )
        step = step_for(commune_due, today)
        report = workflow.report_for(commune, quarter)
        if step is not None and report.status in NOT_IN:
            reminders.append(
                Reminder(
                    f"commune:{quarter}:{commune.pk}:d{step}",
                    _people(commune, Capability.WRITE_COMMUNE_REPORT),
                    _(
                        "The commune report of %(quarter)s to the Department is not sent yet: %(when)s."
                    )
                    % {"quarter": quarter.label, "when": _days(commune_due, today)},
                    reverse("reports:commune_report", args=[quarter]),
                )
            )
    reminders += _returned()
    return reminders


def _returned() -> list[Reminder]:
    reports = QuarterlyReport.objects.filter(status=ReportStatus.RETURNED).select_related(
        "commune", "village"
    )
    reminders = []
    for report in reports:
        returned = report.transitions.filter(to_status=ReportStatus.RETURNED).last()
        key = f"returned:{report.pk}:{returned.pk if returned else 0}"
        quarter = report.period
        if report.kind == ReportKind.VILLAGE:
            users, text = _village_people(
                report.commune,
                report.village,
                _(
                    "The team report of %(quarter)s of %(village)s was returned by the commune "
                    "office: correct it and submit it again."
                )
                % {"quarter": quarter.label, "village": report.village.name},
            )
            url = reverse("reports:team_report", args=[quarter, report.village_id])
        else:
            users = _people(report.commune, Capability.WRITE_COMMUNE_REPORT)
            text = _(
                "The commune report of %(quarter)s was returned by the Department: correct it "
                "and send it again."
            ) % {"quarter": quarter.label}
            url = reverse("reports:commune_report", args=[quarter])
        reminders.append(Reminder(key, users, text, url))
    return reminders


def send_reminders(today: datetime.date | None = None) -> int:
    """Send what is due today and was not sent yet; the number of reminders sent."""
    today = today or timezone.localdate()
    sent = 0
    with translation.override("vi"):
        for reminder in due_reminders(today):
            if not reminder.users or ReminderSent.objects.filter(key=reminder.key).exists():
                continue
            with transaction.atomic():
                ReminderSent.objects.create(key=reminder.key, recipients=len(reminder.users))
                Notification.objects.bulk_create(
                    Notification(user=user, text=reminder.text, url=reminder.url)
                    for user in reminder.users
                )
            _mail(reminder)
            sent += 1
    return sent


def _mail(reminder: Reminder):
    """The reminder by e-mail to those of its users with an address, when e-mail is set up."""
    if not settings.EMAIL_HOST:
        return
    link = f"{settings.PORTAL_URL.rstrip('/')}{reminder.url}" if settings.PORTAL_URL else ""
    for user in reminder.users:
        if not user.email:
            continue
        try:
            send_mail(
                _("Reminder: quarterly report"),
                "\n\n".join(part for part in (reminder.text, link) if part),
                None,  # DEFAULT_FROM_EMAIL
                [user.email],
            )
        except Exception as error:  # the notification is there; the mail is not retried
            log.warning("reminder e-mail not sent: %s", type(error).__name__)


def zalo_message(commune, quarter: Quarter, today: datetime.date) -> str:
    """The text the office pastes into the teams' Zalo group: the villages whose report of
    `quarter` is not submitted yet, and the deadline. Always in Vietnamese."""
    with translation.override("vi"):
        due = quarter.team_report_due()
        rows = workflow.village_statuses(commune, quarter, today)
        missing = [r for r in rows if r["status"] in (*NOT_IN, ReportStatus.RETURNED)]
        heading = _("[Reminder] Team reports of %(quarter)s, %(commune)s commune") % {
            "quarter": quarter.label,
            "commune": commune.name,
        }
        if not missing:
            return "\n".join(
                [heading, _("Every village team has submitted its report. Thank you!")]
            )
        statuses = dict(ReportStatus.choices)
        lines = [
            heading,
            _("Deadline: %(due)s (%(when)s).")
            % {"due": f"{due:%d/%m/%Y}", "when": _left_text(due, today)},
            _("Villages still to submit (%(missing)s of %(total)s):")
            % {"missing": len(missing), "total": len(rows)},
            *(
                f"- {r['name']} ({str(statuses.get(r['status'], _('Not written'))).lower()})"
                for r in missing
            ),
            _(
                "Team leaders: please finish the report and submit it on the portal before the "
                "deadline. Thank you!"
            ),
        ]
        return "\n".join(lines)


def _left_text(due: datetime.date, today: datetime.date) -> str:
    left = days_left(due, today)
    if left > 0:
        return _("%(days)s days left") % {"days": left}
    if left == 0:
        return _("today")
    return _("%(days)s days late") % {"days": -left}
