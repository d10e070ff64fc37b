"""binhdan.pdf: Vietnamese text survives, and nothing outside static/ is ever fetched."""

import base64
import gc
import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from binhdan.pdf import StaticOnlyFetcher, collector_paused, render_pdf

MOTTO = "Cộng hòa xã hội chủ nghĩa Việt Nam"
PIXEL = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
).decode()


def text_and_fonts(pdf: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return text, fonts


@pytest.fixture
def counting_server():
    """An HTTP server on 127.0.0.1 that counts the requests it receives."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def test_vietnamese_text_comes_back_with_every_diacritic_in_the_bundled_serif():
    fetcher = StaticOnlyFetcher()
    pdf = render_pdf(
        f"<h1>{MOTTO}</h1><p><b>Độc lập - Tự do - Hạnh phúc</b></p><p><i>Liên Minh, ngày 25 tháng 11 năm 2026</i></p><p>Kính gửi: Ủy ban nhân dân xã</p>",
        fetcher=fetcher,
    )
    text, fonts = text_and_fonts(pdf)
    assert MOTTO in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert any(font.endswith("+Liberation-Serif") for font in fonts)
    assert any(font.endswith("+Liberation-Serif-Bold") for font in fonts)
    assert "static:fonts/LiberationSerif-Regular.ttf" in fetcher.served
    assert fetcher.refused == []


def test_a_narrative_cannot_make_the_pdf_read_local_files_or_call_urls(counting_server):
    port, hits = counting_server
    fetcher = StaticOnlyFetcher()
    narrative = (
        '<img src="file:///etc/passwd">'
        f'<img src="http://127.0.0.1:{port}/x">'
        f'<link rel="stylesheet" href="https://127.0.0.1:{port}/style.css">'
        '<img src="static:../binhdan/settings.py">'
        '<img src="/etc/hostname">'
        f'<img src="data:image/png;base64,{PIXEL}">'
        f"<p>{MOTTO}</p>"
    )
    pdf = render_pdf(f"<h1>Báo cáo</h1>{narrative}", fetcher=fetcher)
    assert MOTTO in text_and_fonts(pdf)[0]
    assert hits == []
    assert set(fetcher.refused) >= {
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/x",
        f"https://127.0.0.1:{port}/style.css",
        "static:../binhdan/settings.py",
    }
    assert not any("passwd" in url or "settings.py" in url for url in fetcher.served)


def test_the_fetcher_itself_refuses_what_is_outside_static(counting_server):
    port, hits = counting_server
    fetcher = StaticOnlyFetcher()
    for url in [
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/",
        "ftp://x/y",
        "static:../../etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert hits == []
    assert fetcher.fetch("static:css/pdf-base.css").read().startswith(b"/*")


@pytest.mark.django_db
def test_the_same_document_is_read_back_and_a_changed_one_rendered(settings, tmp_path, monkeypatch):
    """render_pdf_kept: a report downloaded again is not laid out again; any change to the
    HTML makes a new PDF; the worker's clean-up deletes kept PDFs after EXPORT_KEEP_DAYS."""
    import datetime
    import os

    from django.utils import timezone

    from binhdan import jobs, pdf

    settings.EXPORT_DIR = tmp_path
    rendered = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda html: rendered.append(html) or real(html))
    page = f"<html><body><p>{MOTTO}</p></body></html>"
    first = pdf.render_pdf_kept(page)
    again = pdf.render_pdf_kept(page)
    assert first == again and len(rendered) == 1
    assert MOTTO in text_and_fonts(again)[0]
    changed = pdf.render_pdf_kept(page.replace("Việt Nam", "Việt Nam."))
    assert len(rendered) == 2 and "Việt Nam." in text_and_fonts(changed)[0]
    kept = sorted((tmp_path / pdf.PDF_FOLDER).glob("*.pdf"))
    assert len(kept) == 2 and not list((tmp_path / pdf.PDF_FOLDER).glob("*.part"))
    old = (timezone.now() - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS + 1)).timestamp()
    os.utime(kept[0], (old, old))
    jobs.purge_expired()
    assert sorted((tmp_path / pdf.PDF_FOLDER).glob("*.pdf")) == kept[1:]


def test_the_cycle_collector_is_paused_while_a_document_is_laid_out_and_only_then():
    """WeasyPrint's objects are not walked again and again by Python's cycle collector
    while a report is laid out (binhdan/pdf.py `collector_paused`)."""
    states = []

    class Watching(StaticOnlyFetcher):
        def fetch(self, url, headers=None):
            states.append((url[:5], gc.isenabled()))
            return super().fetch(url, headers)

    pdf = render_pdf(f'<p>{MOTTO}</p><img src="data:image/png;base64,{PIXEL}">', fetcher=Watching())
    assert MOTTO in text_and_fonts(pdf)[0]
    # The stylesheet is read before the layout, the image during it.
    assert ("data:", False) in states and ("stati", True) in states
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the layout failed")
    assert gc.isenabled()
    # Left as it was found: a caller that had paused it keeps it paused.
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
