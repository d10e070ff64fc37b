"""The access table: every URL of the project, and what each role gets there.

Each row names a URL (by name, with arguments taken from the `world` fixture) and the
status every role must get. `test_every_url_is_in_the_table` fails when a new URL is added
without a row, so that no page escapes the scoping rules.

The POST column: a role refused a page (403, 404, sent to log in) is refused the same way
when it POSTs there, and no row of the database changes (`test_refused_post_changes_nothing`);
`test_allowed_post_writes` shows that the same POSTs do write for a role that may.
"""

import datetime
import json
import uuid

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from binhdan import jobs
from binhdan.communes import province_of
from binhdan.models import ImportPreview
from binhdan.quarters import Quarter
from households.models import Household, OcopProduct, Platform, SupportType, SupportVisit
from reports.models import Nomination, NominationStatus, ReportStatus, SignedCopy
from reports.reporting import signed, workflow
from teams.models import (
    AllowanceLock,
    AllowanceRule,
    DigitalSkillArea,
    Member,
    MemberRole,
    Role,
    User,
)
from teams.services import lock_allowance_month
from tests.factories import (
    CommuneFactory,
    CommunicationActivityFactory,
    HouseholdFactory,
    MemberFactory,
    NominationFactory,
    OcopProductFactory,
    SupportVisitFactory,
    TeamFactory,
    UserFactory,
    activity_day_of,
    commune_team,
    commune_wide_training,
    member_of,
    training_of,
    village_team,
)
from tests.reports.test_signed_copy import pdf_bytes

ROLES = ("anonymous", "office", "leader", "member", "leadership", "police", "department")
LOGIN = "login"  # a redirect to the log-in page


def expect(default, **per_role):
    """Expected status for every role: `default` for all but anonymous (sent to log in) and
    the Department's staff, who have no capability inside a commune (403) unless said."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = LOGIN
    table["department"] = 403
    table.update(per_role)
    return table


def _locked_out(username: str) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username,
        ip_address="10.0.0.7",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/dang-nhap/",
    )


def _leaders_export_job(w, *, done=False):
    """A village leader's export of their visits as a job, queued or (done) run."""
    job = jobs.queue_export(jobs.export_for("visits"), w.users["leader"], QueryDict(), 0)
    if done:
        jobs.run_next()
    return {"pk": job.pk}


# (url name, kwargs from world, expected status by role)
ACCESS_TABLE = [
    ("home", lambda w: {}, expect(200, department=302)),  # to the province overview
    ("password_change", lambda w: {}, expect(200, department=200)),
    ("password_change_done", lambda w: {}, expect(200, department=200)),
    ("login", lambda w: {}, expect(302, anonymous=200, department=302)),
    ("teams:village_list", lambda w: {}, expect(200, member=403, police=403)),
    ("teams:village_create", lambda w: {}, expect(403, office=200)),
    (
        "teams:village_detail",
        lambda w: {"pk": w.village_a.pk},
        expect(200, member=403, police=403),
    ),
    (
        "teams:village_detail",
        lambda w: {"pk": w.village_b.pk},
        expect(200, leader=404, member=403, police=403),
    ),
    (
        "teams:village_detail",
        lambda w: {"pk": w.other_commune_village.pk},
        expect(404, member=403, police=403),
    ),
    ("teams:village_edit", lambda w: {"pk": w.village_a.pk}, expect(403, office=200)),
    (
        "teams:village_edit",
        lambda w: {"pk": w.other_commune_village.pk},
        expect(403, office=404),
    ),
    # --- Production and trust (issue 7) ---------------------------------------------------
    ("healthz", lambda w: {}, expect(200, anonymous=200, department=200)),
    # The installable app (issue 19): its manifest and service worker hold no personal data.
    ("web_manifest", lambda w: {}, expect(200, anonymous=200, department=200)),
    ("service_worker", lambda w: {}, expect(200, anonymous=200, department=200)),
    ("privacy", lambda w: {}, expect(200, anonymous=200, department=200)),
    ("access_log", lambda w: {}, expect(403, office=200)),
    # An export prepared in the background (issue 17): its progress page and its file are
    # the requester's only; anyone else's ids answer 404.
    ("export_job", lambda w: _leaders_export_job(w), expect(404, leader=200, department=404)),
    (
        "export_job_file",
        lambda w: _leaders_export_job(w, done=True),
        expect(404, leader=200, department=404),
    ),
    # --- reports: KPI dashboard drill-downs (issue 5) ---
    ("reports:village", lambda w: {"pk": w.village_a.pk}, expect(200, police=403)),
    (
        "reports:village",
        lambda w: {"pk": w.village_b.pk},
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:village",
        lambda w: {"pk": w.other_commune_village.pk},
        expect(404, police=403),
    ),
    ("reports:commune_team", lambda w: {}, expect(403, office=200, leadership=200)),
    (
        "reports:member",
        lambda w: {"pk": MemberFactory(team=TeamFactory(village=w.village_a)).pk},
        expect(200, police=403),
    ),
    (
        "reports:member",
        lambda w: {"pk": MemberFactory(team=TeamFactory(village=w.village_b)).pk},
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:member",
        lambda w: {"pk": MemberFactory(team=TeamFactory(village=w.other_commune_village)).pk},
        expect(404, police=403),
    ),
    # --- the rows behind a figure, and their Excel file (issue 16, part 3) ---
    # Rows naming residents (households, visits) leave the portal with EXPORT_HOUSEHOLDS only.
    ("reports:commune_rows", lambda w: {"code": "K1"}, expect(403, office=200, leadership=200)),
    ("reports:commune_rows", lambda w: {"code": "K7"}, expect(403, office=200, leadership=200)),
    (
        "reports:commune_team_rows",
        lambda w: {"code": "K5"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:commune_rows_file",
        lambda w: {"code": "K8"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:commune_team_rows_file",
        lambda w: {"code": "K3"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:village_rows",
        lambda w: {"pk": w.village_a.pk, "code": "K7"},
        expect(200, police=403),
    ),
    (
        "reports:village_rows",
        lambda w: {"pk": w.village_b.pk, "code": "K10"},
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:village_rows",
        lambda w: {"pk": w.other_commune_village.pk, "code": "K1"},
        expect(404, police=403),
    ),
    (
        "reports:village_rows_file",
        lambda w: {"pk": w.village_a.pk, "code": "K7"},
        expect(200, member=403, police=403),
    ),
    (
        "reports:village_rows_file",
        lambda w: {"pk": w.village_a.pk, "code": "K4"},
        expect(200, police=403),
    ),
    (
        "reports:village_rows_file",
        lambda w: {"pk": w.village_b.pk, "code": "K5"},
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:village_rows_file",
        lambda w: {"pk": w.other_commune_village.pk, "code": "K9"},
        expect(404, police=403),
    ),
]

# --- reports: quarterly reports, workflow, PDF and Excel (issue 6) -------------------------
# A team's report is read like its KPIs; its leader submits it, the office accepts or returns
# it; the commune report and the status table are for the office and leadership.
_Q = "2026Q4"


def _report(w, village, **extra):
    return {"quarter": _Q, "pk": getattr(w, village).pk, **extra}


def _sent(w, quarter):
    """A commune report sent now (so that its document date may be set)."""
    report = workflow.report_for(w.commune, Quarter.parse(quarter))
    workflow.send(report, w.users["office"])
    return {"quarter": quarter}


def _signed_pdf():
    return SimpleUploadedFile("ban-ky.pdf", pdf_bytes(), content_type="application/pdf")


def _submitted(w, village, *, copy=False, **extra):
    """A village report submitted (so that its signed copy may be added), with one if `copy`."""
    report = workflow.submit(
        workflow.report_for(w.commune, Quarter.parse(_Q), getattr(w, village)), w.users["office"]
    )
    if copy:
        extra["copy"] = signed.store_signed_copy(report, _signed_pdf(), w.users["office"]).pk
    return _report(w, village, **extra)


def _copy_of_commune_report(w, quarter) -> int:
    report = workflow.report_for(w.commune, Quarter.parse(quarter))
    return signed.store_signed_copy(report, _signed_pdf(), w.users["office"]).pk


def _sent_signed(w, quarter, *, copy=False):
    kwargs = _sent(w, quarter)
    if copy:
        kwargs["copy"] = _copy_of_commune_report(w, quarter)
    return kwargs


ACCESS_TABLE += [
    ("reports:report_status", lambda w: {}, expect(403, office=200, leadership=200)),
    ("reports:reminder_message", lambda w: {}, expect(403, office=200)),
    # every logged-in user has their notifications (a POST marks them read: their own rows)
    ("reports:notifications", lambda w: {}, expect(200, department=200)),
    ("reports:team_report", lambda w: _report(w, "village_a"), expect(200, police=403)),
    (
        "reports:team_report",
        lambda w: _report(w, "village_b"),
        expect(200, leader=404, member=404, police=403),
    ),
    ("reports:team_report", lambda w: _report(w, "other_commune_village"), expect(404, police=403)),
    (
        "reports:team_report_action",
        lambda w: _report(w, "village_a", action="nop"),
        expect(403, leader=200),
    ),
    (
        "reports:team_report_action",
        lambda w: _report(w, "village_b", action="nop"),
        expect(403, leader=404),
    ),
    (
        "reports:team_report_action",
        lambda w: _report(w, "village_a", action="chap-nhan"),
        expect(403, office=200),
    ),
    (
        "reports:team_report_action",
        lambda w: _report(w, "village_b", action="tra-lai"),
        expect(403, office=200),
    ),
    (
        "reports:team_report_action",
        lambda w: _report(w, "other_commune_village", action="tra-lai"),
        expect(403, office=404),
    ),
    (
        "reports:team_report_file",
        lambda w: _report(w, "village_a", fmt="pdf"),
        expect(200, police=403),
    ),
    (
        "reports:team_report_file",
        lambda w: _report(w, "village_b", fmt="xlsx"),
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:team_report_file",
        lambda w: _report(w, "other_commune_village", fmt="xlsx"),
        expect(404, police=403),
    ),
    (
        "reports:team_report_file",
        lambda w: _report(w, "village_a", fmt="docx"),
        expect(200, police=403),
    ),
    (
        "reports:team_report_file",
        lambda w: _report(w, "village_b", fmt="docx"),
        expect(200, leader=404, member=404, police=403),
    ),
    ("reports:commune_report", lambda w: {"quarter": _Q}, expect(403, office=200, leadership=200)),
    # the signed copy: added by the office or the village's leader, read by whoever reads the report
    (
        "reports:team_signed_upload",
        lambda w: _submitted(w, "village_a"),
        expect(403, office=200, leader=200),
    ),
    (
        "reports:team_signed_upload",
        lambda w: _submitted(w, "village_b"),
        expect(403, office=200, leader=404, member=404),
    ),
    (
        "reports:team_signed_upload",
        lambda w: _report(w, "other_commune_village"),
        expect(403, office=404, leader=404, member=404, leadership=404),
    ),
    (
        "reports:team_signed_file",
        lambda w: _submitted(w, "village_a", copy=True),
        expect(200, police=403),
    ),
    (
        "reports:team_signed_file",
        lambda w: _submitted(w, "village_b", copy=True),
        expect(200, leader=404, member=404, police=403),
    ),
    ("reports:commune_signed_upload", lambda w: _sent_signed(w, "2026Q3"), expect(403, office=200)),
    (
        "reports:commune_signed_file",
        lambda w: _sent_signed(w, "2026Q3", copy=True),
        expect(403, office=200, leadership=200),
    ),
    ("reports:commune_report_send", lambda w: {"quarter": _Q}, expect(403, office=200)),
    # the document date of a draft cannot be set yet (back to the report); of a sent one, can
    ("reports:commune_report_date", lambda w: {"quarter": _Q}, expect(403, office=302)),
    ("reports:commune_report_date", lambda w: _sent(w, "2026Q3"), expect(403, office=200)),
    (
        "reports:commune_report_file",
        lambda w: {"quarter": _Q, "fmt": "xlsx"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:commune_report_file",
        lambda w: {"quarter": _Q, "fmt": "docx"},
        expect(403, office=200, leadership=200),
    ),
    # the rows behind a report's figures (frozen once it is submitted or sent), and their file
    (
        "reports:team_report_rows",
        lambda w: _report(w, "village_a", code="K7"),
        expect(200, police=403),
    ),
    (
        "reports:team_report_rows",
        lambda w: _report(w, "village_b", code="K1"),
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:team_report_rows",
        lambda w: _report(w, "other_commune_village", code="K5"),
        expect(404, police=403),
    ),
    (
        "reports:team_report_rows_file",
        lambda w: _report(w, "village_a", code="K10"),
        expect(200, member=403, police=403),
    ),
    (
        "reports:team_report_rows_file",
        lambda w: _report(w, "village_b", code="K6"),
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:commune_report_rows",
        lambda w: {"quarter": _Q, "code": "K2"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:commune_report_rows",
        lambda w: {**_sent(w, "2026Q3"), "code": "K7"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:commune_report_rows_file",
        lambda w: {**_sent(w, "2026Q3"), "code": "K8"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:year_file",
        lambda w: {"year": 2026, "fmt": "xlsx"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:year_file",
        lambda w: {"year": 2026, "fmt": "docx"},
        expect(403, office=200, leadership=200),
    ),
    (
        "reports:year_village_file",
        lambda w: {"year": 2026, "pk": w.village_b.pk, "fmt": "docx"},
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:year_village_file",
        lambda w: {"year": 2026, "pk": w.village_a.pk, "fmt": "xlsx"},
        expect(200, police=403),
    ),
    (
        "reports:year_village_file",
        lambda w: {"year": 2026, "pk": w.village_b.pk, "fmt": "pdf"},
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "reports:year_village_file",
        lambda w: {"year": 2026, "pk": w.other_commune_village.pk, "fmt": "xlsx"},
        expect(404, police=403),
    ),
]

# --- teams: teams, members, role catalogue, trainings, activity days (issue 3) -------------
# Members read their own team's page only; police have no business with teams (403).
_OWN, _OTHER, _ELSEWHERE = "village_a", "village_b", "other_commune_village"
_READ_OWN = expect(200, police=403)
_READ_OTHER = expect(200, leader=404, member=404, police=403)
_READ_ELSEWHERE = expect(404, police=403)
_LIST = expect(200, member=403, police=403)
_LIST_OTHER = expect(200, leader=404, member=403, police=403)
_LIST_ELSEWHERE = expect(404, member=403, police=403)
_MANAGE_OWN = expect(403, office=200, leader=200)
_MANAGE_OTHER = expect(403, office=200, leader=404)
_MANAGE_ELSEWHERE = expect(403, office=404, leader=404)
_OFFICE_ONLY = expect(403, office=200)


def _team(where):
    return lambda w: {"pk": village_team(getattr(w, where)).pk}


def _team_pk(where):
    return lambda w: {"team_pk": village_team(getattr(w, where)).pk}


def _member(where):
    return lambda w: {"pk": member_of(getattr(w, where)).pk}


def _training(where):
    return lambda w: {"pk": training_of(getattr(w, where)).pk}


def _activity_day(where):
    return lambda w: {"pk": activity_day_of(getattr(w, where)).pk}


ACCESS_TABLE += [
    ("teams:team_list", lambda w: {}, expect(200, police=403)),
    ("teams:team_create", lambda w: {}, _OFFICE_ONLY),
    ("teams:team_detail", _team(_OWN), _READ_OWN),
    ("teams:team_detail", _team(_OTHER), _READ_OTHER),
    ("teams:team_detail", lambda w: {"pk": commune_team(w.commune).pk}, _READ_OTHER),
    ("teams:team_detail", _team(_ELSEWHERE), _READ_ELSEWHERE),
    ("teams:team_edit", _team(_OWN), _OFFICE_ONLY),
    ("teams:team_edit", _team(_ELSEWHERE), expect(403, office=404)),
    ("teams:skill_area_list", lambda w: {}, _OFFICE_ONLY),
    ("teams:skill_area_create", lambda w: {}, _OFFICE_ONLY),
    (
        "teams:skill_area_edit",
        lambda w: {"pk": DigitalSkillArea.objects.order_by("number").first().pk},
        _OFFICE_ONLY,
    ),
    ("teams:role_list", lambda w: {}, _OFFICE_ONLY),
    ("teams:role_create", lambda w: {}, _OFFICE_ONLY),
    (
        "teams:role_edit",
        lambda w: {"pk": MemberRole.objects.of(w.commune).first().pk},
        _OFFICE_ONLY,
    ),
    ("teams:member_list", lambda w: {}, _LIST),
    ("teams:member_export", lambda w: {}, _LIST),
    ("teams:member_import_template", lambda w: {}, _MANAGE_OWN),
]
for _name, _kwargs in [
    ("teams:member_create", _team_pk),
    ("teams:member_import", _team_pk),
    ("teams:activity_create", _team_pk),
    ("teams:member_edit", _member),
    ("teams:member_deactivate", _member),
    ("teams:member_make_leader", _member),
    ("teams:training_edit", _training),
    ("teams:activity_edit", _activity_day),
]:
    ACCESS_TABLE += [
        (_name, _kwargs(_OWN), _MANAGE_OWN),
        (_name, _kwargs(_OTHER), _MANAGE_OTHER),
        (_name, _kwargs(_ELSEWHERE), _MANAGE_ELSEWHERE),
    ]
ACCESS_TABLE += [
    ("teams:training_list", lambda w: {}, _LIST),
    ("teams:training_create", lambda w: {}, _MANAGE_OWN),
    (
        "teams:training_edit",
        lambda w: {"pk": (village_team(w.village_a), commune_wide_training(w.commune))[1].pk},
        _MANAGE_OTHER,
    ),
    ("teams:activity_list", lambda w: {"team_pk": village_team(w.village_a).pk}, _LIST),
    ("teams:activity_list", _team_pk(_OTHER), _LIST_OTHER),
    ("teams:activity_list", _team_pk(_ELSEWHERE), _LIST_ELSEWHERE),
]

# --- teams: allowances (chế độ hỗ trợ, issue 21) -------------------------------------------
# The office records the rule and locks a month; leadership reads; a leader reads their team's.
_JANUARY = {"year": 2026, "month": 1}


def _rule(commune):
    return AllowanceRule.objects.create(
        commune=commune,
        valid_from=datetime.date(2026, 1, 1),
        resolution="Nghị quyết 119/2023/NQ-HĐND",
        per_team_month=600_000,
    )


def _locked_january(w):
    lock_allowance_month(w.commune, 2026, 1, w.users["office"])
    return _JANUARY


ACCESS_TABLE += [
    ("teams:allowance_month", lambda w: {}, _LIST),
    ("teams:allowance_file", lambda w: {**_JANUARY, "fmt": "xlsx"}, _LIST),
    ("teams:allowance_file", lambda w: {**_JANUARY, "fmt": "pdf"}, _LIST),
    ("teams:allowance_lock", lambda w: _JANUARY, _OFFICE_ONLY),
    ("teams:allowance_unlock", _locked_january, _OFFICE_ONLY),
    ("teams:allowance_rule_list", lambda w: {}, _OFFICE_ONLY),
    ("teams:allowance_rule_create", lambda w: {}, _OFFICE_ONLY),
    ("teams:allowance_rule_edit", lambda w: {"pk": _rule(w.commune).pk}, _OFFICE_ONLY),
    (
        "teams:allowance_rule_edit",
        lambda w: {"pk": _rule(w.other_commune_village.commune).pk},
        expect(403, office=404),
    ),
]

# --- households: registry, visits, communication, OCOP ----------------------------------


def _household(village):
    return {"pk": HouseholdFactory(village=village).pk}


def _visit(village, user=None):
    member = MemberFactory(team=TeamFactory(village=village), user=user)
    return {"pk": SupportVisitFactory(member=member).pk}


def _communication(village):
    activity = CommunicationActivityFactory(commune=village.commune, villages=[village])
    return {"pk": activity.pk}


def _ocop(commune):
    return {"pk": OcopProductFactory(commune=commune).pk}


MANAGERS_ONLY = {"office": 200, "leader": 200}
FIELD_READERS = expect(200, police=403)


def _leaders_import_preview(w, kind="households"):
    """An import the village leader uploaded: only they may see it."""
    target = w.village_a.pk if kind == "households" else village_team(w.village_a).pk
    preview = ImportPreview.objects.create(
        user=w.users["leader"],
        kind=kind,
        target_id=target,
        filename="ho-dan.xlsx",
        payload={"header_row": 1, "header": [], "rows": [], "errors": []},
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    return {"pk": preview.pk}


ACCESS_TABLE += [
    ("households:household_list", lambda w: {}, FIELD_READERS),
    ("households:vneid_follow_up", lambda w: {}, FIELD_READERS),
    ("households:household_create", lambda w: {}, expect(403, **MANAGERS_ONLY)),
    ("households:household_assign", lambda w: {}, expect(403, **MANAGERS_ONLY)),
    ("households:household_export", lambda w: {}, expect(200, member=403, police=403)),
    ("households:household_import", lambda w: {}, expect(403, **MANAGERS_ONLY)),
    ("households:household_template", lambda w: {}, expect(403, **MANAGERS_ONLY)),
    (
        "households:household_import_preview",
        _leaders_import_preview,
        expect(403, office=404, leader=200),
    ),
    (
        "teams:member_import_preview",
        lambda w: _leaders_import_preview(w, "members"),
        expect(403, office=404, leader=200),
    ),
    ("households:household_search", lambda w: {}, expect(403, **MANAGERS_ONLY, member=200)),
    ("households:visit_members", lambda w: {}, expect(403, **MANAGERS_ONLY, member=200)),
    ("households:household_detail", lambda w: _household(w.village_a), FIELD_READERS),
    (
        "households:household_detail",
        lambda w: _household(w.village_b),
        expect(200, leader=404, member=404, police=403),
    ),
    (
        "households:household_detail",
        lambda w: _household(w.other_commune_village),
        expect(404, police=403),
    ),
]
for _name in ("households:household_edit", "households:household_delete"):
    ACCESS_TABLE += [
        (_name, lambda w: _household(w.village_a), expect(403, **MANAGERS_ONLY)),
        (_name, lambda w: _household(w.village_b), expect(403, office=200, leader=404)),
        (
            _name,
            lambda w: _household(w.other_commune_village),
            expect(403, office=404, leader=404),
        ),
    ]
ACCESS_TABLE += [
    ("households:household_history", lambda w: _household(w.village_a), expect(403, office=200)),
    (
        "households:household_history",
        lambda w: _household(w.other_commune_village),
        expect(403, office=404),
    ),
    ("households:change_log", lambda w: {}, expect(403, office=200)),
    ("households:visit_list", lambda w: {}, FIELD_READERS),
    ("households:visit_create", lambda w: {}, expect(403, **MANAGERS_ONLY, member=200)),
    # Visits name residents: they leave the portal with EXPORT_HOUSEHOLDS, as the registry.
    ("households:visit_export", lambda w: {}, expect(200, member=403, police=403)),
    # Field work without a signal (issue 19): the households and catalogues a phone keeps,
    # and the outbox's endpoint (POST only, JSON answers: 401 rather than the log-in page;
    # an empty body is unreadable, 400; other villages' households and other members' names
    # are refused with reasons, tests/households/test_visit_sync.py).
    ("households:visit_offline_data", lambda w: {}, expect(403, **MANAGERS_ONLY, member=200)),
    (
        "households:visit_sync",
        lambda w: {},
        expect(400, anonymous=401, leadership=403, police=403, department=403),
    ),
]
for _name in ("households:visit_edit", "households:visit_delete"):
    ACCESS_TABLE += [
        # another member's visit in the member's own village: members change only their own
        (_name, lambda w: _visit(w.village_a), expect(403, **MANAGERS_ONLY, member=404)),
        (
            _name,
            lambda w: _visit(w.village_a, user=w.users["member"]),
            expect(403, **MANAGERS_ONLY, member=200),
        ),
        (_name, lambda w: _visit(w.village_b), expect(403, office=200, leader=404, member=404)),
        (
            _name,
            lambda w: _visit(w.other_commune_village),
            expect(403, office=404, leader=404, member=404),
        ),
    ]
ACCESS_TABLE += [
    ("households:visit_history", lambda w: _visit(w.village_a), expect(403, office=200)),
    (
        "households:visit_history",
        lambda w: _visit(w.other_commune_village),
        expect(403, office=404),
    ),
    ("households:communication_list", lambda w: {}, FIELD_READERS),
    ("households:communication_create", lambda w: {}, expect(403, **MANAGERS_ONLY)),
    (
        "households:communication_household_search",
        lambda w: {},
        expect(403, **MANAGERS_ONLY),
    ),
]
for _name in ("households:communication_edit", "households:communication_delete"):
    ACCESS_TABLE += [
        (_name, lambda w: _communication(w.village_a), expect(403, **MANAGERS_ONLY)),
        (_name, lambda w: _communication(w.village_b), expect(403, office=200, leader=404)),
        (
            _name,
            lambda w: _communication(w.other_commune_village),
            expect(403, office=404, leader=404),
        ),
    ]
ACCESS_TABLE += [
    ("households:ocop_list", lambda w: {}, FIELD_READERS),
    ("households:ocop_create", lambda w: {}, expect(403, office=200)),
]
for _name in ("households:ocop_edit", "households:ocop_delete"):
    ACCESS_TABLE += [
        (_name, lambda w: _ocop(w.commune), expect(403, office=200)),
        (_name, lambda w: _ocop(w.other_commune_village.commune), expect(403, office=404)),
    ]
# The platform and support catalogues are kept by the office, like the role catalogue.
ACCESS_TABLE += [
    ("households:platform_list", lambda w: {}, _OFFICE_ONLY),
    ("households:platform_create", lambda w: {}, _OFFICE_ONLY),
    (
        "households:platform_edit",
        lambda w: {"pk": Platform.objects.of(w.commune).first().pk},
        _OFFICE_ONLY,
    ),
    ("households:support_type_list", lambda w: {}, _OFFICE_ONLY),
    ("households:support_type_create", lambda w: {}, _OFFICE_ONLY),
    (
        "households:support_type_edit",
        lambda w: {"pk": SupportType.objects.of(w.commune).first().pk},
        _OFFICE_ONLY,
    ),
]

# --- reports: year review (sơ kết) and emulation nominations (thi đua), issue 6 ------------
# The office manages nominations; leadership reads them all, a leader those of their village;
# members and police have no business with them. The year review is read like the dashboard.


def _nomination(where):
    return lambda w: {"pk": NominationFactory(village=getattr(w, where)).pk}


ACCESS_TABLE += [
    # Data quality (issue 16): a leader sees their village's; the office verifies and sets
    # the rules; verifying is a POST (GET: back to the page).
    ("reports:quality", lambda w: {}, expect(200, member=403, police=403)),
    ("reports:quality_verify", lambda w: {}, expect(403, office=302)),
    ("reports:quality_settings", lambda w: {}, _OFFICE_ONLY),
    ("reports:year_review", lambda w: {}, expect(200, police=403)),
    ("reports:nomination_list", lambda w: {}, expect(200, member=403, police=403)),
    ("reports:nomination_suggestions", lambda w: {}, expect(403, office=200, leadership=200)),
    ("reports:nomination_create", lambda w: {}, _OFFICE_ONLY),
]
ACCESS_TABLE += [
    ("reports:nomination_edit", _nomination(_OWN), _OFFICE_ONLY),
    ("reports:nomination_edit", _nomination(_ELSEWHERE), expect(403, office=404)),
    ("reports:nomination_detail", _nomination(_OWN), expect(200, member=403, police=403)),
    (
        "reports:nomination_detail",
        _nomination(_OTHER),
        expect(200, leader=404, member=403, police=403),
    ),
    ("reports:nomination_detail", _nomination(_ELSEWHERE), expect(404, member=403, police=403)),
]


def _nomination_step(where, action):
    return lambda w: {**_nomination(where)(w), "action": action}


# Every step of the nominations' workflow table: the office's, in its commune.
for _action in ("gui-so", "rut"):
    ACCESS_TABLE += [
        ("reports:nomination_action", _nomination_step(_OWN, _action), _OFFICE_ONLY),
        (
            "reports:nomination_action",
            _nomination_step(_ELSEWHERE, _action),
            expect(403, office=404),
        ),
    ]

# --- teams: log-in accounts (issue 15) ---------------------------------------------------
# The office manages the accounts of its commune (never a superuser's, nor its own); a village
# leader reads those of their village.


def _account(where):
    return lambda w: {"pk": UserFactory(role=Role.MEMBER, village=getattr(w, where)).pk}


def _locked_account(w):
    _locked_out("tovien")
    return {"pk": w.users["member"].pk}


def _superuser(w):
    admin = UserFactory(username="quantri", role="", commune=w.commune, is_superuser=True)
    return {"pk": admin.pk}


_ACCOUNT_READERS = expect(403, office=200, leader=200)
ACCESS_TABLE += [
    ("teams:account_list", lambda w: {}, _ACCOUNT_READERS),
    ("teams:account_log", lambda w: {}, _ACCOUNT_READERS),
    ("teams:account_create", lambda w: {}, _OFFICE_ONLY),
    ("teams:account_detail", _account(_OWN), _ACCOUNT_READERS),
    ("teams:account_detail", _account(_OTHER), expect(403, office=200, leader=404)),
    ("teams:account_detail", _account(_ELSEWHERE), expect(403, office=404, leader=404)),
    ("teams:account_detail", _superuser, expect(403, office=200, leader=404)),
]
for _name in (
    "teams:account_password",
    "teams:account_unlock",
    "teams:account_deactivate",
    "teams:account_reactivate",
):
    ACCESS_TABLE += [
        (_name, _account(_OWN), _OFFICE_ONLY),
        (_name, _account(_OTHER), _OFFICE_ONLY),
        (_name, _account(_ELSEWHERE), expect(403, office=404)),
        (_name, _superuser, expect(403, office=404)),
        (_name, lambda w: {"pk": w.users["office"].pk}, expect(403, office=404)),
    ]
ACCESS_TABLE += [("teams:account_unlock", _locked_account, _OFFICE_ONLY)]

# --- the province: the Department of Science and Technology (issue 18) -----------------------
# Its staff see the reports their province's communes sent, receive or return them; nobody
# in a commune sees these pages; a commune of another province, or a report not sent, is 404.


def _province_report(w, *, sent=True, elsewhere=False, **extra):
    commune = w.commune
    if elsewhere:
        commune = CommuneFactory(code="XAKHAC", province=province_of("Tuyên Quang"))
    report = workflow.report_for(commune, Quarter.parse("2026Q3"))
    if sent:
        workflow.send(report, w.users["office"])
    return {"quarter": "2026Q3", "code": commune.code, **extra}


def _commune_elsewhere(w):
    return {"code": CommuneFactory(code="XAKHAC", province=province_of("Tuyên Quang")).code}


_DEPARTMENT = expect(403, department=200)
ACCESS_TABLE += [
    ("reports:province_dashboard", lambda w: {}, _DEPARTMENT),
    ("reports:province_commune", lambda w: {"code": w.commune.code}, _DEPARTMENT),
    ("reports:province_commune", _commune_elsewhere, expect(403, department=404)),
    ("reports:province_file", lambda w: {"quarter": "2026Q3", "fmt": "xlsx"}, _DEPARTMENT),
    ("reports:province_file", lambda w: {"quarter": "2026Q3", "fmt": "pdf"}, _DEPARTMENT),
    ("reports:province_file", lambda w: {"quarter": "2026Q3", "fmt": "docx"}, _DEPARTMENT),
    ("reports:province_reports", lambda w: {}, _DEPARTMENT),
    ("reports:province_report_file", lambda w: _province_report(w, fmt="pdf"), _DEPARTMENT),
    ("reports:province_report_file", lambda w: _province_report(w, fmt="xlsx"), _DEPARTMENT),
    ("reports:province_report_file", lambda w: _province_report(w, fmt="docx"), _DEPARTMENT),
    (
        "reports:province_signed_file",
        lambda w: {**_province_report(w), "copy": _copy_of_commune_report(w, "2026Q3")},
        _DEPARTMENT,
    ),
    (
        "reports:province_report_file",
        lambda w: _province_report(w, sent=False, fmt="pdf"),
        expect(403, department=404),
    ),
    (
        "reports:province_report_file",
        lambda w: _province_report(w, elsewhere=True, fmt="pdf"),
        expect(403, department=404),
    ),
    (
        "reports:province_report_action",
        lambda w: _province_report(w, action="tiep-nhan"),
        _DEPARTMENT,
    ),
    (
        "reports:province_report_action",
        lambda w: _province_report(w, action="tra-lai-xa"),
        _DEPARTMENT,
    ),
    (
        "reports:province_report_action",
        lambda w: _province_report(w, action="gui"),
        expect(403, department=404),
    ),
    (
        "reports:province_report_action",
        lambda w: _province_report(w, elsewhere=True, action="tiep-nhan"),
        expect(403, department=404),
    ),
]

# URL names that are not pages of the portal's own (the Django admin checks is_staff itself;
# log-out and set_language only take POST).
NOT_IN_TABLE = {"logout", "set_language"}


def _named_urls(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_urls(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_in_the_table():
    listed = {name for name, _, _ in ACCESS_TABLE} | NOT_IN_TABLE
    missing = sorted(set(_named_urls(get_resolver().url_patterns)) - listed)
    assert missing == [], f"add these URLs to ACCESS_TABLE: {missing}"


@pytest.mark.parametrize(
    ("url_name", "kwargs", "expected"),
    ACCESS_TABLE,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(ACCESS_TABLE)],
)
def test_access(world, client_for, url_name, kwargs, expected):
    url = reverse(url_name, kwargs=kwargs(world))
    if url_name in POST_ONLY:  # the row is the POST column's; a GET is refused before all
        expected = dict.fromkeys(ROLES, 405)
    got = {}
    for role in ROLES:
        response = client_for(role).get(url)
        status = response.status_code
        if status == 302 and response.url.startswith(reverse("login")):
            status = LOGIN
        got[role] = status
    assert got == expected


def test_logout_logs_out_on_post_only(world, client_for):
    client = client_for("leader")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- The POST column ----------------------------------------------------------------------
# Denials are made by the access rules, not by CSRF: the test client does not check CSRF
# tokens (enforce_csrf_checks is off), so each POST reaches the view as a valid form would.

#: The only URLs that take no POST: 405 is their answer to one, before any access check.
GET_ONLY = {
    "households:household_search",
    "households:communication_household_search",
    "households:visit_members",
}
#: URLs that take only a POST: a GET answers 405 for everyone; their row is for the POST.
POST_ONLY = {"households:visit_sync"}
#: URLs that take a JSON body (the phone's outbox), and answer 401 to a user logged out.
JSON_POSTS = {"households:visit_sync"}
REFUSED = {401, 403, 404, LOGIN}


def _post(client, url_name, url, body):
    if url_name in JSON_POSTS:
        return client.post(url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


def _today():
    return timezone.localdate().strftime("%d/%m/%Y")


def _assignment(w, kwargs):
    """Tick a household of village A and give it to a member of its team, confirmed."""
    household = HouseholdFactory(village=w.village_a)
    return {
        "households": [household.pk],
        "member": member_of(w.village_a).pk,
        "scope": "ticked",
        "confirm": "on",
    }


def _offline_visit(w, kwargs):
    """A visit of the member `tovien` to a household of village A, as the phone sends it."""
    member = Member.objects.filter(user=w.users["member"]).first() or MemberFactory(
        team=village_team(w.village_a), user=w.users["member"]
    )
    return {
        "client_id": str(uuid.uuid4()),
        "member": member.pk,
        "date": _today(),
        "household": HouseholdFactory(village=w.village_a).pk,
        "support_types": [SupportType.objects.of(w.commune).first().pk],
        "method": "door_to_door",
        "people_helped": 1,
    }


#: A plausible valid body for the most dangerous writing URLs (deletes, assignment, import
#: confirmation, workflow steps, a new account), POSTed besides an empty one. For the deletes,
#: the account steps (unlock, temporary password, deactivate), the nomination steps and an
#: import's confirmation the empty body is already the confirming click.
VALID_BODY = {
    "households:household_assign": _assignment,
    "teams:member_deactivate": lambda w, kwargs: {"left_on": _today()},
    "households:household_import_preview": lambda w, kwargs: {"action": "cancel"},
    "teams:member_import_preview": lambda w, kwargs: {"action": "cancel"},
    "reports:team_report_action": lambda w, kwargs: {"comment": "Số liệu K5 chưa khớp."},
    "reports:team_signed_upload": lambda w, kwargs: {"file": _signed_pdf()},
    "reports:commune_signed_upload": lambda w, kwargs: {"file": _signed_pdf()},
    "reports:province_report_action": lambda w, kwargs: {"comment": "Phụ lục I thiếu thôn."},
    "reports:commune_report_date": lambda w, kwargs: {"document_date": _today()},
    "reports:quality_verify": lambda w, kwargs: {
        "code": "CL05",
        "key": "household:1",
        "note": "Hộ mới tách, đang phân công.",
    },
    "teams:account_create": lambda w, kwargs: {
        "username": "tovien09",
        "full_name": "Trần Thị Lan",
        "role": Role.MEMBER,
        "village": w.village_a.pk,
    },
    "households:visit_sync": _offline_visit,
}


def _fingerprinted_models():
    """Every table of the portal's apps (history and many-to-many tables included) and the
    failed log-ins that unlocking an account deletes. Not the session table, nor axes' log of
    successful log-ins (off here), which a request may change without a write of the portal;
    the users' `last_login` changes when a client logs in, so every client is logged in
    before the first fingerprint."""
    found = [
        model
        for label in ("binhdan", "teams", "households", "reports")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy
    ]
    return [*found, AccessAttempt]


def _fingerprint():
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in _fingerprinted_models()
    }


def _status(response):
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return LOGIN
    return response.status_code


#: The rows where some role is refused (healthz, privacy and log-in refuse no one).
REFUSING_ROWS = [
    pytest.param(*row, id=f"{row[0]}-{i}")
    for i, row in enumerate(ACCESS_TABLE)
    if REFUSED & set(row[2].values())
]


@pytest.mark.parametrize(("url_name", "kwargs", "expected"), REFUSING_ROWS)
def test_refused_post_changes_nothing(world, client_for, url_name, kwargs, expected):
    refused = [role for role in ROLES if expected[role] in REFUSED]
    url_kwargs = kwargs(world)
    url = reverse(url_name, kwargs=url_kwargs)
    bodies = [{}]
    if url_name in VALID_BODY:
        bodies.append(VALID_BODY[url_name](world, url_kwargs))
    clients = {role: client_for(role) for role in refused}  # logged in before the fingerprint
    assert not any(client.handler.enforce_csrf_checks for client in clients.values())
    before = _fingerprint()
    got, wanted = {}, {}
    for role in refused:
        for number, body in enumerate(bodies):
            got[role, number] = _status(_post(clients[role], url_name, url, body))
            wanted[role, number] = 405 if url_name in GET_ONLY else expected[role]
    assert got == wanted
    after = _fingerprint()
    assert [label for label in before if after[label] != before[label]] == []


def test_visits_posted_for_households_or_members_outside_scope_change_nothing(world, client_for):
    """The POST column of the visit form and of the outbox's endpoint (issue 19), for the
    roles that log visits: a household of another village (or commune) and another member's
    name are refused (the endpoint: 422 with the reason; the form: shown again), nothing is
    written. A member's form has no member field: it logs visits in their own name."""
    own = MemberFactory(team=village_team(world.village_a), user=world.users["member"])
    teammate = MemberFactory(team=village_team(world.village_a))
    here = HouseholdFactory(village=world.village_a)
    village_b = HouseholdFactory(village=world.village_b)
    elsewhere = HouseholdFactory(village=world.other_commune_village)
    member_b = member_of(world.village_b)
    member_elsewhere = member_of(world.other_commune_village)
    outside = {
        # role: (the member they may name, households and members outside their scope)
        "member": (own, [village_b, elsewhere], [teammate, member_b]),
        "leader": (teammate, [village_b, elsewhere], [member_b, member_elsewhere]),
        "office": (teammate, [elsewhere], [member_elsewhere]),
    }
    kinds = [SupportType.objects.of(world.commune).first().pk]
    clients = {role: client_for(role) for role in outside}
    before = _fingerprint()
    for role, (named, households, members) in outside.items():
        bodies = [{"member": named.pk, "household": h.pk} for h in households]
        bodies += [{"member": m.pk, "household": here.pk} for m in members]
        for body in bodies:
            body.update(date=_today(), support_types=kinds, method="door_to_door", people_helped=1)
            field = "household" if body["member"] == named.pk else "member"
            sync = _post(
                clients[role],
                "households:visit_sync",
                reverse("households:visit_sync"),
                {**body, "client_id": str(uuid.uuid4())},
            )
            assert (role, body, sync.status_code) == (role, body, 422)
            assert field in sync.json()["errors"]
            if role == "member" and field == "member":
                continue  # the form has no member to choose for a member (tests/households)
            form = clients[role].post(reverse("households:visit_create"), body)
            assert (role, body, form.status_code) == (role, body, 200)
            assert form.context["form"].errors
    after = _fingerprint()
    assert [label for label in before if after[label] != before[label]] == []


# (url name, kwargs from world, role, body, what the write did)
ALLOWED_WRITES = [
    (
        "teams:allowance_lock",
        lambda w: _JANUARY,
        "office",
        lambda w, kwargs: {},
        lambda w, kwargs: AllowanceLock.objects.in_force().filter(commune=w.commune).exists(),
    ),
    (
        "teams:allowance_unlock",
        _locked_january,
        "office",
        lambda w, kwargs: {},
        lambda w, kwargs: not AllowanceLock.objects.in_force().exists(),
    ),
    (
        "reports:team_signed_upload",
        lambda w: _submitted(w, "village_a"),
        "leader",
        lambda w, kwargs: {"file": _signed_pdf()},
        lambda w, kwargs: SignedCopy.objects.filter(uploaded_by=w.users["leader"]).exists(),
    ),
    (
        "reports:commune_signed_upload",
        lambda w: _sent_signed(w, "2026Q3"),
        "office",
        lambda w, kwargs: {"file": _signed_pdf()},
        lambda w, kwargs: SignedCopy.objects.filter(report__village=None).exists(),
    ),
    (
        "reports:province_report_action",
        lambda w: _province_report(w, action="tiep-nhan"),
        "department",
        lambda w, kwargs: {},
        lambda w, kwargs: (
            workflow.report_for(w.commune, Quarter.parse("2026Q3")).status == ReportStatus.RECEIVED
        ),
    ),
    (
        "reports:province_report_action",
        lambda w: _province_report(w, action="tra-lai-xa"),
        "department",
        lambda w, kwargs: {"comment": "Phụ lục I thiếu thôn Đoài."},
        lambda w, kwargs: (
            workflow.report_for(w.commune, Quarter.parse("2026Q3")).status == ReportStatus.RETURNED
        ),
    ),
    (
        "households:household_delete",
        lambda w: _household(w.village_a),
        "leader",
        lambda w, kwargs: {},
        lambda w, kwargs: not Household.objects.filter(pk=kwargs["pk"]).exists(),
    ),
    (
        "households:visit_delete",
        lambda w: _visit(w.village_a, user=w.users["member"]),
        "member",
        lambda w, kwargs: {},
        lambda w, kwargs: not SupportVisit.objects.filter(pk=kwargs["pk"]).exists(),
    ),
    (
        "households:visit_sync",
        lambda w: {},
        "member",
        VALID_BODY["households:visit_sync"],
        lambda w, kwargs: SupportVisit.objects.filter(client_id__isnull=False).exists(),
    ),
    (
        "households:ocop_delete",
        lambda w: _ocop(w.commune),
        "office",
        lambda w, kwargs: {},
        lambda w, kwargs: not OcopProduct.objects.filter(pk=kwargs["pk"]).exists(),
    ),
    (
        "households:household_assign",
        lambda w: {},
        "leader",
        _assignment,
        lambda w, kwargs: Household.objects.filter(member_in_charge__isnull=False).exists(),
    ),
    (
        "teams:member_deactivate",
        _member(_OWN),
        "leader",
        VALID_BODY["teams:member_deactivate"],
        lambda w, kwargs: Member.objects.get(pk=kwargs["pk"]).left_on is not None,
    ),
    (
        "households:household_import_preview",
        _leaders_import_preview,
        "leader",
        lambda w, kwargs: {},
        lambda w, kwargs: not ImportPreview.objects.filter(pk=kwargs["pk"]).exists(),
    ),
    (
        "teams:member_import_preview",
        lambda w: _leaders_import_preview(w, "members"),
        "leader",
        VALID_BODY["teams:member_import_preview"],
        lambda w, kwargs: not ImportPreview.objects.filter(pk=kwargs["pk"]).exists(),
    ),
    (
        "teams:account_unlock",
        _locked_account,
        "office",
        lambda w, kwargs: {},
        lambda w, kwargs: not AccessAttempt.objects.filter(username="tovien").exists(),
    ),
    (
        "teams:account_create",
        lambda w: {},
        "office",
        VALID_BODY["teams:account_create"],
        lambda w, kwargs: User.objects.get(username="tovien09").must_change_password,
    ),
    (
        "teams:account_password",
        _account(_OWN),
        "office",
        lambda w, kwargs: {},
        lambda w, kwargs: User.objects.get(pk=kwargs["pk"]).must_change_password,
    ),
    (
        "teams:account_deactivate",
        _account(_OTHER),
        "office",
        lambda w, kwargs: {},
        lambda w, kwargs: not User.objects.get(pk=kwargs["pk"]).is_active,
    ),
    (
        "reports:nomination_action",
        _nomination_step(_OWN, "rut"),
        "office",
        lambda w, kwargs: {},
        lambda w, kwargs: (
            Nomination.objects.get(pk=kwargs["pk"]).status == NominationStatus.WITHDRAWN
        ),
    ),
]


#: Writes answered with a page, not a redirect: the temporary password is shown once, in the
#: answer to the POST itself (never carried to another page through the session).
SHOWN_ONCE = {"teams:account_create", "teams:account_password"}


@pytest.mark.parametrize(
    ("url_name", "kwargs", "role", "body", "written"),
    ALLOWED_WRITES,
    ids=[row[0] for row in ALLOWED_WRITES],
)
def test_allowed_post_writes(world, client_for, url_name, kwargs, role, body, written):
    url_kwargs = kwargs(world)
    data = body(world, url_kwargs)
    client = client_for(role)
    before = _fingerprint()
    response = _post(client, url_name, reverse(url_name, kwargs=url_kwargs), data)
    assert response.status_code == (
        201 if url_name in JSON_POSTS else 200 if url_name in SHOWN_ONCE else 302
    )
    assert written(world, url_kwargs)
    assert _fingerprint() != before
