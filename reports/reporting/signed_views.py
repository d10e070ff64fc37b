"""The pages of a report's signed copy (bản ký): uploading it, and its file.

Upload: the commune office (any report of its commune) or the village's leader (their team's
report), once the report is submitted or sent; 404 outside the user's scope, 403 for a role
that reads the report but does not upload its signed copy. Download: whoever may read the
report (the Department: a commune report sent to it), always as an attachment, logged in the
access log like the report's own files.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from binhdan.access import Capability, capability_required
from binhdan.audit import record_data_access
from binhdan.downloads import file_attachment
from reports.models import QuarterlyReport
from reports.reporting import signed
from reports.reporting.forms import SignedCopyForm
from reports.reporting.province_views import _sent_report
from reports.reporting.views import _commune_report, _url, _village_report


def _upload(request, report: QuarterlyReport):
    if not signed.may_upload(request.user, report):
        raise PermissionDenied
    if not report.is_frozen:
        messages.error(
            request,
            _("A signed copy can be added once the report is submitted (sent to the Department)."),
        )
        return redirect(_url(report))
    form = SignedCopyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = signed.store_signed_copy(report, form.cleaned_data["file"], request.user)
        except signed.SignedCopyRefused as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("The signed copy was kept (SHA-256 %(hash)s).") % {"hash": copy.sha256},
            )
            return redirect(_url(report))
    return render(
        request,
        "reports/signed_copy_upload.html",
        {"report": report, "form": form, "url": _url(report), "max_mb": signed.max_bytes() >> 20},
    )


@capability_required(Capability.VIEW_REPORTS)
def team_signed_upload(request, quarter, pk):
    return _upload(request, _village_report(request, quarter, pk))


@capability_required(Capability.VIEW_COMMUNE_REPORTS)
def commune_signed_upload(request, quarter):
    return _upload(request, _commune_report(request, quarter))


def _file(request, report: QuarterlyReport, copy_pk: int):
    if report.pk is None:
        raise Http404
    copy = get_object_or_404(report.signed_copies, pk=copy_pk)
    where = f"bao-cao-{report.period}-{report.village.code if report.village_id else 'xa'}"
    response = file_attachment(signed.open_copy(copy), signed.download_name(copy, where))
    record_data_access(
        request, _("Signed copy of a report (PDF)"), village=report.village, commune=report.commune
    )
    return response


@capability_required(Capability.VIEW_REPORTS)
def team_signed_file(request, quarter, pk, copy):
    return _file(request, _village_report(request, quarter, pk), copy)


@capability_required(Capability.VIEW_COMMUNE_REPORTS)
def commune_signed_file(request, quarter, copy):
    return _file(request, _commune_report(request, quarter), copy)


@capability_required(Capability.VIEW_PROVINCE_REPORTS)
def province_signed_file(request, quarter, code, copy):
    """The signed copy of a commune's report as it reached the Department."""
    return _file(request, _sent_report(request, quarter, code), copy)
