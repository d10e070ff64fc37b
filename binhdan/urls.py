from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from binhdan import views, webapp
from reports.kpis import views as reports_views
from teams.views.accounts import PasswordChangeView

urlpatterns = [
    path("", reports_views.dashboard, name="home"),
    path(
        "dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    # The installable app (issue 19): at the root, so that the worker may control every page
    path("manifest.webmanifest", webapp.manifest, name="web_manifest"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("quyen-rieng-tu/", views.privacy, name="privacy"),
    path("nhat-ky-truy-cap/", views.access_log, name="access_log"),
    path("tep-xuat/<uuid:pk>/", views.export_job, name="export_job"),
    path("tep-xuat/<uuid:pk>/tai-ve/", views.export_job_file, name="export_job_file"),
    path("", include("teams.urls")),
    path("", include("households.urls")),
    path("", include("reports.urls")),
    path("quan-tri/", admin.site.urls),
]

handler403 = "binhdan.views.permission_denied"
handler404 = "binhdan.views.page_not_found"
handler500 = "binhdan.views.server_error"

admin.site.site_header = _("Popular digital literacy - administration")
admin.site.site_title = _("Popular digital literacy")
