"""The signed copy of a report (bản ký): the document that counts, kept with the report.

Once a report is submitted (a village team's) or sent (the commune's), the commune office, or
the village's leader for their team's report, uploads the signed PDF: scanned after signing
on paper, or signed with the agency's digital certificate on the signer's own machine. It is
refused unless it is a PDF by its content (it starts with "%PDF-" and pypdf reads its pages),
and above SIGNED_COPY_MAX_MB. It is stored in SIGNED_COPY_DIR (outside anything served, mode
600) under a name of our own, with its SHA-256, who uploaded it and when; a new upload adds
a copy and keeps the earlier ones. It is only ever handed out as an attachment, to whoever
may read the report.

A digital signature's signer and time are read from each signature field: the signer's name
is the common name (CN) of the signing certificate carried in the signature's CMS (PKCS#7)
blob (/Contents, read with asn1crypto), or else the dictionary's /Name; the time is that of
the signature's time-stamp token, or else of its signing-time attribute, or else the
dictionary's /M. That is what the file states: neither the signature nor the certificate
chain is validated, and the page says so.
"""

import datetime
import hashlib
import io
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import cms, tsp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from binhdan.access import Capability
from reports.models import QuarterlyReport, SignedCopy
from reports.reporting import workflow


class SignedCopyRefused(Exception):
    """The file or the report does not allow this upload; the message says why."""


@dataclass(frozen=True)
class Signature:
    """What a signature dictionary states: the signer's name and the signing time."""

    name: str
    signed_at: datetime.datetime | None


def max_bytes() -> int:
    return settings.SIGNED_COPY_MAX_MB * 1024 * 1024


def may_upload(user, report: QuarterlyReport) -> bool:
    """The office uploads the signed copy of any report of its commune, a village's leader
    that of their team's report."""
    if report.is_commune:
        return workflow.permits(user, Capability.WRITE_COMMUNE_REPORT, report)
    return workflow.permits(user, Capability.WRITE_VILLAGE_REPORT, report) or workflow.permits(
        user, Capability.REVIEW_REPORTS, report
    )


def read_pdf(data: bytes) -> list[Signature]:
    """The digital signatures of `data`; refused unless it is a PDF with pages."""
    if not data.startswith(b"%PDF-"):
        raise SignedCopyRefused(_("The file is not a PDF: choose the signed report as a PDF file."))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = len(reader.pages)
    except Exception:  # pypdf raises many kinds on a damaged file
        pages = 0
    if not pages:
        raise SignedCopyRefused(
            _("The file could not be read as a PDF: it may be damaged. Save or scan it again.")
        )
    try:
        return list(_signatures(reader))
    except Exception:  # a damaged signature field: the copy is kept, its signature not read
        return []


def _signatures(reader: PdfReader):
    form = reader.trailer["/Root"].get("/AcroForm")
    fields = list(form.get_object().get("/Fields") or []) if form else []
    seen = set()
    while fields:
        field = fields.pop(0).get_object()
        if id(field) in seen:
            continue
        seen.add(id(field))
        fields.extend(field.get("/Kids") or [])
        value = field.get("/V")
        if field.get("/FT") != "/Sig" or value is None:
            continue
        value = value.get_object()
        name, signed_at = _from_cms(value.get("/Contents"))
        yield Signature(
            name or str(value.get("/Name") or "").strip(),
            signed_at or pdf_date(value.get("/M")),
        )


def _from_cms(contents) -> tuple[str, datetime.datetime | None]:
    """The signer's common name and the signing time that a signature's CMS blob states:
    the certificate its signer info names (by issuer and serial number, or by key
    identifier), and the time of its time-stamp token or of its signing-time attribute.
    ("", None) when the blob is absent or cannot be read (a signing tool pads it with zeros)."""
    if not contents:
        return "", None
    try:
        signed_data = cms.ContentInfo.load(bytes(contents), strict=False)["content"]
        signer = signed_data["signer_infos"][0]
        certificates = [
            choice.chosen
            for choice in signed_data["certificates"] or []
            if choice.name == "certificate"
        ]
        certificate = next((c for c in certificates if _identifies(signer["sid"], c)), None)
        name = (certificate.subject.native.get("common_name") or "") if certificate else ""
        return str(name).strip(), _cms_time(signer)
    except Exception:  # asn1crypto parses lazily and raises many kinds on a damaged blob
        return "", None


def _identifies(sid, certificate) -> bool:
    if sid.name == "issuer_and_serial_number":
        return (
            sid.chosen["issuer"] == certificate.issuer
            and sid.chosen["serial_number"].native == certificate.serial_number
        )
    return sid.chosen.native == certificate.key_identifier


def _cms_time(signer) -> datetime.datetime | None:
    for attribute in signer["unsigned_attrs"] or []:
        if attribute["type"].native == "signature_time_stamp_token":
            token = attribute["values"][0]["content"]["encap_content_info"]["content"]
            return tsp.TSTInfo.load(bytes(token))["gen_time"].native
    for attribute in signer["signed_attrs"] or []:
        if attribute["type"].native == "signing_time":
            return attribute["values"][0].native
    return None


_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?"
)


def pdf_date(text) -> datetime.datetime | None:
    """A PDF date ("D:20261221093000+07'00'") as an aware datetime; without a time zone, the
    portal's. None if it is not one."""
    found = _PDF_DATE.match(str(text or "").strip())
    if not found:
        return None
    year, month, day, hour, minute, second, utc, sign, tz_hours, tz_minutes = found.groups()
    try:
        moment = datetime.datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None
    if utc:
        return moment.replace(tzinfo=datetime.UTC)
    if sign:
        offset = datetime.timedelta(hours=int(tz_hours), minutes=int(tz_minutes or 0))
        return moment.replace(tzinfo=datetime.timezone(offset if sign == "+" else -offset))
    return timezone.make_aware(moment)


def store_signed_copy(report: QuarterlyReport, upload, by) -> SignedCopy:
    """Keep `upload` (an uploaded file) as the signed copy of `report`, uploaded by `by`."""
    if not report.is_frozen:
        raise SignedCopyRefused(
            _("A signed copy can be added once the report is submitted (sent to the Department).")
        )
    if upload.size > max_bytes():
        raise SignedCopyRefused(too_large_message())
    data = upload.read()
    signatures = read_pdf(data)
    relative = f"{report.commune_id}/{report.pk}-{uuid.uuid4().hex}.pdf"
    target = Path(settings.SIGNED_COPY_DIR) / relative
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    first = signatures[0] if signatures else None
    try:
        with transaction.atomic():
            return SignedCopy.objects.create(
                report=report,
                path=relative,
                original_name=Path(upload.name or "").name[:200],
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=by,
                signatures=len(signatures),
                signer_name=first.name[:200] if first else "",
                signed_at=first.signed_at if first else None,
            )
    except Exception:
        target.unlink(missing_ok=True)
        raise


def too_large_message() -> str:
    return _("The file is larger than %(mb)s MB: scan it at a lower resolution.") % {
        "mb": settings.SIGNED_COPY_MAX_MB
    }


def open_copy(copy: SignedCopy):
    """The stored file, open for reading (a FileResponse closes it once sent)."""
    return open(Path(settings.SIGNED_COPY_DIR) / copy.path, "rb")


def download_name(copy: SignedCopy, filename: str) -> str:
    """ "bao-cao-2026Q4-LM01-ban-ky-3.pdf": the report's file name and the copy's number."""
    return f"{filename}-ban-ky-{copy.pk}.pdf"
