from django.urls import path, register_converter
from django.utils import timezone

from binhdan.quarters import quarter_in_plan
from reports import reminder_views
from reports.awards import views as award_views
from reports.kpis import views as kpi_views
from reports.quality import views as quality_views
from reports.reporting import province_views, signed_views
from reports.reporting import views as report_views


class QuarterConverter:
    """A quarter of the plan in a URL: /bao-cao/2026Q4/...; one before the plan or not yet
    started matches nothing (404), so no page, file or step exists for it."""

    regex = r"\d{4}Q[1-4]"

    def to_python(self, value):
        return quarter_in_plan(value, timezone.localdate())

    def to_url(self, value):
        return str(value)


class FileFormatConverter:
    regex = "pdf|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ReportFileFormatConverter(FileFormatConverter):
    """A report's file: its PDF, its Excel workbook or its Word copy."""

    regex = "pdf|xlsx|docx"


class KpiCodeConverter:
    """A KPI's code in a URL: K1 to K11."""

    regex = "K1[01]|K[1-9]"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(QuarterConverter, "quarter")
register_converter(FileFormatConverter, "fmt")
register_converter(ReportFileFormatConverter, "report_fmt")
register_converter(KpiCodeConverter, "kpi")

XLSX = {"xlsx": True}

app_name = "reports"

urlpatterns = [
    path("chi-so/thon/<int:pk>/", kpi_views.village_kpis, name="village"),
    path("chat-luong-du-lieu/", quality_views.quality_page, name="quality"),
    path("chat-luong-du-lieu/xac-minh/", quality_views.verify, name="quality_verify"),
    path("chat-luong-du-lieu/quy-tac/", quality_views.rule_settings, name="quality_settings"),
    path("chi-so/to-xa/", kpi_views.commune_team_kpis, name="commune_team"),
    path("chi-so/to-vien/<int:pk>/", kpi_views.member_detail, name="member"),
    # the rows behind a figure (?quy=2026Q4&phan=tu-so|con-lai...), and their Excel file
    path("chi-so/xa/<kpi:code>/", kpi_views.commune_rows, name="commune_rows"),
    path("chi-so/xa/<kpi:code>/tai-ve.xlsx", kpi_views.commune_rows, XLSX, "commune_rows_file"),
    path("chi-so/to-xa/<kpi:code>/", kpi_views.commune_team_rows, name="commune_team_rows"),
    path(
        "chi-so/to-xa/<kpi:code>/tai-ve.xlsx",
        kpi_views.commune_team_rows,
        XLSX,
        "commune_team_rows_file",
    ),
    path("chi-so/thon/<int:pk>/<kpi:code>/", kpi_views.village_rows, name="village_rows"),
    path(
        "chi-so/thon/<int:pk>/<kpi:code>/tai-ve.xlsx",
        kpi_views.village_rows,
        XLSX,
        "village_rows_file",
    ),
    # quarterly reports (báo cáo quý)
    path("bao-cao/", report_views.report_status, name="report_status"),
    path("bao-cao/nhac-viec/", reminder_views.reminder_message, name="reminder_message"),
    path("thong-bao/", reminder_views.notifications, name="notifications"),
    path("bao-cao/<quarter:quarter>/thon/<int:pk>/", report_views.team_report, name="team_report"),
    # the signed copy (bản ký): upload it, and each copy's file (before the steps' pattern)
    path(
        "bao-cao/<quarter:quarter>/thon/<int:pk>/ban-ky/",
        signed_views.team_signed_upload,
        name="team_signed_upload",
    ),
    path(
        "bao-cao/<quarter:quarter>/thon/<int:pk>/ban-ky/<int:copy>.pdf",
        signed_views.team_signed_file,
        name="team_signed_file",
    ),
    path(
        "bao-cao/<quarter:quarter>/xa/ban-ky/",
        signed_views.commune_signed_upload,
        name="commune_signed_upload",
    ),
    path(
        "bao-cao/<quarter:quarter>/xa/ban-ky/<int:copy>.pdf",
        signed_views.commune_signed_file,
        name="commune_signed_file",
    ),
    path(
        "so/bao-cao/<quarter:quarter>/<slug:code>/ban-ky/<int:copy>.pdf",
        signed_views.province_signed_file,
        name="province_signed_file",
    ),
    path(
        "bao-cao/<quarter:quarter>/thon/<int:pk>/<slug:action>/",
        report_views.team_report_action,
        name="team_report_action",
    ),
    path(
        "bao-cao/<quarter:quarter>/thon/<int:pk>/tai-ve.<report_fmt:fmt>",
        report_views.team_report_file,
        name="team_report_file",
    ),
    # the rows behind a report's figures: as frozen once it is submitted (sent)
    path(
        "bao-cao/<quarter:quarter>/thon/<int:pk>/chi-so/<kpi:code>/",
        report_views.team_report_rows,
        name="team_report_rows",
    ),
    path(
        "bao-cao/<quarter:quarter>/thon/<int:pk>/chi-so/<kpi:code>/tai-ve.xlsx",
        report_views.team_report_rows,
        XLSX,
        "team_report_rows_file",
    ),
    path(
        "bao-cao/<quarter:quarter>/xa/chi-so/<kpi:code>/",
        report_views.commune_report_rows,
        name="commune_report_rows",
    ),
    path(
        "bao-cao/<quarter:quarter>/xa/chi-so/<kpi:code>/tai-ve.xlsx",
        report_views.commune_report_rows,
        XLSX,
        "commune_report_rows_file",
    ),
    path("bao-cao/<quarter:quarter>/xa/", report_views.commune_report, name="commune_report"),
    path(
        "bao-cao/<quarter:quarter>/xa/gui/",
        report_views.commune_report_action,
        {"action": "gui"},
        name="commune_report_send",
    ),
    path(
        "bao-cao/<quarter:quarter>/xa/ngay-van-ban/",
        report_views.commune_report_date,
        name="commune_report_date",
    ),
    path(
        "bao-cao/<quarter:quarter>/xa/tai-ve.<report_fmt:fmt>",
        report_views.commune_report_file,
        name="commune_report_file",
    ),
    # the year review (sơ kết): its files; the page is in the year review's own view
    path(
        "bao-cao/nam/<int:year>/tai-ve.<report_fmt:fmt>", report_views.year_file, name="year_file"
    ),
    path(
        "bao-cao/nam/<int:year>/thon/<int:pk>/tai-ve.<report_fmt:fmt>",
        report_views.year_village_file,
        name="year_village_file",
    ),
    # --- year review (sơ kết) and emulation nominations (thi đua) ---
    path("so-ket/", award_views.year_review, name="year_review"),
    # The Department of Science and Technology (Sở): its province's commune reports.
    path("so/", province_views.province_dashboard, name="province_dashboard"),
    path("so/xa/<str:code>/", province_views.province_commune, name="province_commune"),
    path(
        "so/tong-hop/<quarter:quarter>.<report_fmt:fmt>",
        province_views.province_file,
        name="province_file",
    ),
    path("so/bao-cao/", province_views.province_reports, name="province_reports"),
    path(
        "so/bao-cao/<quarter:quarter>/<slug:code>/tai-ve.<report_fmt:fmt>",
        province_views.province_report_file,
        name="province_report_file",
    ),
    path(
        "so/bao-cao/<quarter:quarter>/<slug:code>/<slug:action>/",
        province_views.province_report_action,
        name="province_report_action",
    ),
    path("thi-dua/", award_views.nomination_list, name="nomination_list"),
    path("thi-dua/goi-y/", award_views.nomination_suggestions, name="nomination_suggestions"),
    path("thi-dua/de-cu/moi/", award_views.nomination_create, name="nomination_create"),
    path("thi-dua/de-cu/<int:pk>/sua/", award_views.nomination_edit, name="nomination_edit"),
    path("thi-dua/de-cu/<int:pk>/", award_views.nomination_detail, name="nomination_detail"),
    # a step of the nomination's workflow: gui-so (submit to the Department), rut (withdraw)
    path(
        "thi-dua/de-cu/<int:pk>/<slug:action>/",
        award_views.nomination_action,
        name="nomination_action",
    ),
]
