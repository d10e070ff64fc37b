"""The signed copy of a report (bản ký): uploaded as a PDF, kept with its hash, handed out as
an attachment to whoever may read the report."""

import datetime
import hashlib
import io
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from asn1crypto import cms, tsp
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


def pdf_bytes(
    *,
    signer: str | None = None,
    when: str = "D:20261221093000+07'00'",
    contents: bytes = b"",
) -> bytes:
    """A one-page PDF; with `signer`, a signature field whose signature dictionary states
    the signer's name and time, as a signing tool writes them, with `contents` as its CMS
    (PKCS#7) blob, zero-padded as signing tools reserve room for it (empty by default:
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
                NameObject("/Contents"): ByteStringObject(contents.ljust(8192, b"\0")),
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


OPENSSL = shutil.which("openssl")


def cms_signature(folder: Path, common_name: str, data: bytes) -> bytes:
    """A real detached CMS signature of `data`, as a signing tool puts in /Contents: a fresh
    key, a self-signed certificate for `common_name` (so no chain to validate), and the
    signing-time attribute that `openssl cms -sign` adds."""
    if OPENSSL is None:
        pytest.skip("openssl not found: install it with `apt-get install openssl`")
    key, cert, content, out = (folder / n for n in ("key.pem", "cert.pem", "data", "sig.der"))
    content.write_bytes(data)
    subject = f"/CN={common_name}/O=UBND xã Liên Minh"
    for command in (
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert]
        + ["-days", "30", "-utf8", "-subj", subject],
        ["cms", "-sign", "-binary", "-in", content, "-signer", cert, "-inkey", key]
        + ["-outform", "DER", "-out", out],
    ):
        subprocess.run([OPENSSL, *map(str, command)], check=True, capture_output=True)
    return out.read_bytes()


def with_time_stamp(signature: bytes, at: datetime.datetime) -> bytes:
    """`signature` with a time-stamp token (RFC 3161) for `at` among its unsigned
    attributes, where a signing tool that asks a time-stamping authority puts it (the
    token's own signature left empty: nothing here validates it)."""
    info = tsp.TSTInfo(
        {
            "version": "v1",
            "policy": "1.2.3.4",
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": b"\0" * 32,
            },
            "serial_number": 1,
            "gen_time": at,
        }
    )
    token = cms.ContentInfo(
        {
            "content_type": "signed_data",
            "content": cms.SignedData(
                {
                    "version": "v3",
                    "digest_algorithms": [],
                    "encap_content_info": {"content_type": "tst_info", "content": info},
                    "signer_infos": [],
                }
            ),
        }
    )
    outer = cms.ContentInfo.load(signature)
    outer["content"]["signer_infos"][0]["unsigned_attrs"] = cms.CMSAttributes(
        [{"type": "signature_time_stamp_token", "values": [token]}]
    )
    return outer.dump(force=True)


def test_the_signer_is_the_common_name_of_the_signing_certificate(tmp_path):
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    blob = cms_signature(tmp_path, "Nguyễn Văn An", b"%PDF-1.7 the signed bytes")
    data = pdf_bytes(signer="Tên do phần mềm ghi", contents=blob)
    [signature] = signed.read_pdf(data)
    assert signature.name == "Nguyễn Văn An"  # the certificate's, not /Name
    # the signing-time attribute (when openssl signed it), not /M (21/12/2026)
    assert before <= signature.signed_at <= datetime.datetime.now(datetime.UTC)
    stamped = with_time_stamp(blob, datetime.datetime(2026, 12, 22, 2, 15, tzinfo=datetime.UTC))
    [signature] = signed.read_pdf(pdf_bytes(signer="Tên do phần mềm ghi", contents=stamped))
    assert signature.name == "Nguyễn Văn An"
    assert signature.signed_at.isoformat() == "2026-12-22T02:15:00+00:00"


def test_a_signature_whose_blob_cannot_be_read_falls_back_on_its_dictionary():
    data = pdf_bytes(signer="Nguyễn Văn Hòa", contents=b"\x30\x82\xff\xffnot a CMS blob")
    [signature] = signed.read_pdf(data)
    assert signature.name == "Nguyễn Văn Hòa"
    assert signature.signed_at.isoformat() == "2026-12-21T09:30:00+07:00"


@pytest.mark.django_db
def test_a_copy_signed_with_a_certificate_shows_its_common_name(world, client_for, tmp_path):
    submitted(world)
    page, upload_url = urls(world)
    client = client_for("office")
    blob = cms_signature(tmp_path, "Trần Thị Thu", b"%PDF-1.7 the signed bytes")
    stamped = with_time_stamp(blob, datetime.datetime(2026, 12, 22, 2, 15, tzinfo=datetime.UTC))
    client.post(upload_url, {"file": upload(pdf_bytes(signer="", contents=stamped))})
    copy = SignedCopy.objects.get()
    assert copy.signer_name == "Trần Thị Thu" and copy.signatures == 1
    html = client.get(page).content.decode()
    assert "Trần Thị Thu" in html and "09:15 22/12/2026" in html  # in Asia/Ho_Chi_Minh
    assert "chưa kiểm tra chuỗi chứng thư" in html


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
