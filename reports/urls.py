from django.urls import path, register_converter
from django.utils import timezone

from binhdan.quarters import quarter_in_plan
from reports import views, views_awards, views_reports


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


register_converter(QuarterConverter, "quarter")
register_converter(FileFormatConverter, "fmt")

app_name = "reports"

urlpatterns = [
    path("chi-so/thon/<int:pk>/", views.village_kpis, name="village"),
    path("chi-so/to-xa/", views.commune_team_kpis, name="commune_team"),
    path("chi-so/to-vien/<int:pk>/", views.member_detail, name="member"),
    # quarterly reports (báo cáo quý)
    path("bao-cao/", views_reports.report_status, name="report_status"),
    path("bao-cao/<quarter:quarter>/thon/<int:pk>/", views_reports.team_report, name="team_report"),
    path(
        "bao-cao/<quarter:quarter>/thon/<int:pk>/<slug:action>/",
        views_reports.team_report_action,
        name="team_report_action",
    ),
    path(
        "bao-cao/<quarter:quarter>/thon/<int:pk>/tai-ve.<fmt:fmt>",
        views_reports.team_report_file,
        name="team_report_file",
    ),
    path("bao-cao/<quarter:quarter>/xa/", views_reports.commune_report, name="commune_report"),
    path(
        "bao-cao/<quarter:quarter>/xa/gui/",
        views_reports.commune_report_send,
        name="commune_report_send",
    ),
    path(
        "bao-cao/<quarter:quarter>/xa/ngay-van-ban/",
        views_reports.commune_report_date,
        name="commune_report_date",
    ),
    path(
        "bao-cao/<quarter:quarter>/xa/tai-ve.<fmt:fmt>",
        views_reports.commune_report_file,
        name="commune_report_file",
    ),
    # the year review (sơ kết): its files; the page is in the year review's own view
    path("bao-cao/nam/<int:year>/tai-ve.<fmt:fmt>", views_reports.year_file, name="year_file"),
    path(
        "bao-cao/nam/<int:year>/thon/<int:pk>/tai-ve.<fmt:fmt>",
        views_reports.year_village_file,
        name="year_village_file",
    ),
    # --- year review (sơ kết) and emulation nominations (thi đua) ---
    path("so-ket/", views_awards.year_review, name="year_review"),
    path("thi-dua/", views_awards.nomination_list, name="nomination_list"),
    path("thi-dua/goi-y/", views_awards.nomination_suggestions, name="nomination_suggestions"),
    path("thi-dua/de-cu/moi/", views_awards.nomination_create, name="nomination_create"),
    path("thi-dua/de-cu/<int:pk>/sua/", views_awards.nomination_edit, name="nomination_edit"),
    path(
        "thi-dua/de-cu/<int:pk>/gui-so/", views_awards.nomination_submit, name="nomination_submit"
    ),
    path(
        "thi-dua/de-cu/<int:pk>/rut/", views_awards.nomination_withdraw, name="nomination_withdraw"
    ),
]
