"""The signed copy of a report (bản ký): uploaded as a PDF, kept with its hash, handed out as
an attachment to whoever may read the report."""

import datetime
import hashlib
import io
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from binhdan.models import DataAccessLog
from reports.models import SignedCopy
from reports.reporting import signed, workflow
from tests.factories import local_time
from tests.reports.test_report_files import Q4


def pdf_bytes(*, signer: str | None = None, when: str = "D:20261221093000+07'00'") -> bytes:
    """A one-page PDF; with `signer`, a signature field whose signature dictionary states
    the signer's name and time, as a signing tool writes them (the PKCS#7 blob is empty:
    nothing here validates it)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if signer is not None:
        value = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Sig"),
                NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
                NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
                NameObject("/Name"): TextStringObject(signer),
                NameObject("/M"): TextStringObject(when),
                NameObject("/Contents"): ByteStringObject(b"\0" * 64),
                NameObject("/ByteRange"): ArrayObject([NumberObject(0)] * 4),
            }
        )
        field = DictionaryObject(
            {
                NameObject("/FT"): NameObject("/Sig"),
                NameObject("/T"): TextStringObject("Signature1"),
                NameObject("/V"): writer._add_object(value),
            }
        )
        form = DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject([writer._add_object(field)]),
                NameObject("/SigFlags"): NumberObject(3),
            }
        )
        writer._root_object[NameObject("/AcroForm")] = writer._add_object(form)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(data: bytes, name: str = "bao-cao-da-ky.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def submitted(world):
    report = workflow.report_for(world.commune, Q4, world.village_a)
    return workflow.submit(report, world.users["leader"], at=local_time(2026, 12, 18))


def urls(world):
    args = [str(Q4), world.village_a.pk]
    return reverse("reports:team_report", args=args), reverse(
        "reports:team_signed_upload", args=args
    )


def test_a_pdf_date_is_read_with_its_time_zone():
    read = signed.pdf_date("D:20261221093000+07'00'")
    assert read == datetime.datetime(
        2026, 12, 21, 2, 30, tzinfo=datetime.UTC
    ) and read.utcoffset() == datetime.timedelta(hours=7)
    assert signed.pdf_date("D:20261221") == datetime.datetime(2026, 12, 21).astimezone()
    assert signed.pdf_date("yesterday") is None


def test_a_signature_dictionary_gives_the_signer_and_time():
    [signature] = signed.read_pdf(pdf_bytes(signer="Nguyễn Văn Hòa"))
    assert signature.name == "Nguyễn Văn Hòa"
    assert signature.signed_at.isoformat() == "2026-12-21T09:30:00+07:00"
    assert signed.read_pdf(pdf_bytes()) == []


@pytest.mark.django_db
def test_leader_uploads_the_signed_copy_and_its_hash_is_shown(world, client_for):
    submitted(world)
    page, upload_url = urls(world)
    data = pdf_bytes()
    response = client_for("leader").post(upload_url, {"file": upload(data)})
    assert response.status_code == 302 and response.url == page
    copy = SignedCopy.objects.get()
    assert copy.sha256 == hashlib.sha256(data).hexdigest()
    assert copy.uploaded_by == world.users["leader"] and copy.signatures == 0
    stored = Path(signed.settings.SIGNED_COPY_DIR) / copy.path
    assert stored.read_bytes() == data
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    html = client_for("leadership").get(page).content.decode()
    assert "Đã có bản ký" in html and copy.sha256 in html
    assert "Không có chữ ký số" in html

    file_url = reverse("reports:team_signed_file", args=[str(Q4), world.village_a.pk, copy.pk])
    assert file_url in html
    response = client_for("leadership").get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == data
    assert DataAccessLog.objects.filter(username="lanhdao").count() == 1


@pytest.mark.django_db
def test_a_digitally_signed_copy_shows_its_signer_without_claiming_validation(world, client_for):
    submitted(world)
    page, upload_url = urls(world)
    client = client_for("office")
    client.post(upload_url, {"file": upload(pdf_bytes(signer="Trần Văn Bình"))})
    copy = SignedCopy.objects.get()
    assert copy.signer_name == "Trần Văn Bình" and copy.signatures == 1
    html = client.get(page).content.decode()
    assert "Trần Văn Bình" in html and "09:30 21/12/2026" in html
    assert "chưa kiểm tra chuỗi chứng thư" in html


@pytest.mark.django_db
def test_a_replaced_copy_is_kept(world, client_for):
    submitted(world)
    page, upload_url = urls(world)
    client = client_for("leader")
    client.post(upload_url, {"file": upload(pdf_bytes())})
    client.post(upload_url, {"file": upload(pdf_bytes(signer="Trần Văn Bình"))})
    latest, earlier = SignedCopy.objects.all()
    assert latest.signatures == 1 and earlier.signatures == 0
    html = client.get(page).content.decode()
    assert "Các bản trước" in html
    assert (Path(signed.settings.SIGNED_COPY_DIR) / earlier.path).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 a Word file", "Tệp không phải PDF"),
        (b"%PDF-1.7\nthis is not really a pdf", "Không đọc được tệp PDF"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused(world, client_for, data, message):
    submitted(world)
    _page, upload_url = urls(world)
    response = client_for("leader").post(upload_url, {"file": upload(data, "bao-cao.pdf")})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SignedCopy.objects.exists()


@pytest.mark.django_db
def test_an_oversized_file_is_refused(world, client_for, settings):
    settings.SIGNED_COPY_MAX_MB = 1
    submitted(world)
    _page, upload_url = urls(world)
    data = pdf_bytes() + b"%" + b"0" * (1024 * 1024)
    response = client_for("leader").post(upload_url, {"file": upload(data)})
    assert response.status_code == 200
    assert "lớn hơn 1 MB" in response.content.decode()
    assert not SignedCopy.objects.exists()


@pytest.mark.django_db
def test_no_signed_copy_before_the_report_is_submitted(world, client_for):
    page, upload_url = urls(world)
    response = client_for("leader").post(upload_url, {"file": upload(pdf_bytes())})
    assert response.status_code == 302 and response.url == page
    assert not SignedCopy.objects.exists()


@pytest.mark.django_db
def test_only_the_office_and_the_leader_upload_it(world, client_for):
    submitted(world)
    _page, upload_url = urls(world)
    for role in ("member", "leadership", "police"):
        response = client_for(role).post(upload_url, {"file": upload(pdf_bytes())})
        assert response.status_code == 403, role
    assert not SignedCopy.objects.exists()


@pytest.mark.django_db
def test_the_department_downloads_the_signed_copy_of_a_sent_commune_report(world, client_for):
    from binhdan.communes import province_of
    from binhdan.quarters import Quarter

    world.commune.province = province_of("Thái Nguyên")
    world.commune.save()
    report = workflow.send(
        workflow.report_for(world.commune, Quarter(2026, 3)), world.users["office"]
    )
    office = client_for("office")
    office.post(
        reverse("reports:commune_signed_upload", args=["2026Q3"]),
        {"file": upload(pdf_bytes(signer="Phó Chủ tịch UBND xã"))},
    )
    copy = report.signed_copies.get()
    listing = client_for("department").get(f"{reverse('reports:province_reports')}?quy=2026Q3")
    file_url = reverse("reports:province_signed_file", args=["2026Q3", world.commune.code, copy.pk])
    assert file_url in listing.content.decode()
    response = client_for("department").get(file_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert DataAccessLog.objects.filter(username=world.users["department"].username).exists()
