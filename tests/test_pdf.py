"""binhdan.pdf: Vietnamese text survives, and nothing outside static/ is ever fetched."""

import base64
import gc
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from binhdan import pdf as pdf_module
from binhdan.pdf import PART_BREAK, StaticOnlyFetcher, collector_paused, may_fork, render_pdf
from tests.reports.test_report_files import top_margin_text

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


NUMBERED = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Báo cáo quý</title>'
    "<style>@page { @top-center { content: counter(page); } }</style></head><body>"
)


def in_parts(*parts: str) -> str:
    return NUMBERED + PART_BREAK.join(parts) + "</body></html>"


def page_numbers(pdf: bytes) -> list[str]:
    """What each page prints in its top margin: its number, or nothing."""
    return [top_margin_text(page) for page in PdfReader(io.BytesIO(pdf)).pages]


TWO_PAGES = '<p>{0}, trang đầu</p><p style="page-break-before: always">{0}, trang sau</p>'


def test_a_document_in_parts_numbers_each_parts_pages_apart():
    """A report and its annexes: each part starts on a page of its own, numbered from 1 (in
    Decree 30 an annex's pages are numbered apart), the title and language kept."""
    pdf = render_pdf(
        in_parts(TWO_PAGES.format("Báo cáo"), TWO_PAGES.format("Phụ lục I"), "<p>Phụ lục II</p>")
    )
    assert page_numbers(pdf) == ["1", "2", "1", "2", "1"]
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    assert "Báo cáo, trang đầu" in texts[0] and "Phụ lục I, trang sau" in texts[3]
    assert "Phụ lục II" in texts[4]
    assert reader.metadata.title == "Báo cáo quý"
    assert reader.trailer["/Root"]["/Lang"] == "vi"


# What the tests below run in a process of its own: the test process may be running other
# threads (servers of other tests), and then lays parts out one after the other on purpose.
ALONE = """
import json, os, sys
import django
django.setup()
from django.conf import settings
from binhdan import pdf

pools = []

class Pool(pdf.ProcessPoolExecutor):
    def __init__(self, *args, **kwargs):
        pools.append(kwargs["max_workers"])
        super().__init__(*args, **kwargs)

pdf.ProcessPoolExecutor = Pool
lay_out, parent = pdf._render_one, os.getpid()

def dies_in_a_layout_process(html, fetcher=None):
    if os.getpid() != parent:
        os._exit(1)  # as if the kernel had killed it for its memory
    return lay_out(html, fetcher)

if sys.argv[3] == "dies":
    pdf._render_one = dies_in_a_layout_process
settings.PDF_PROCESSES = int(sys.argv[2])
with open(sys.argv[1], encoding="utf-8") as file:
    body = pdf.render_pdf(file.read())
with open(sys.argv[1] + ".pdf", "wb") as file:
    file.write(body)
print(json.dumps({"pools": pools, "may_fork": pdf.may_fork()}))
"""


def lay_out_alone(tmp_path, html: str, processes: int, *, dies=False) -> tuple[bytes, dict]:
    """`render_pdf(html)` with PDF_PROCESSES=`processes` in a new single-threaded Python:
    the PDF, and the process pools it started."""
    source = tmp_path / f"document-{processes}-{dies}.html"
    source.write_text(html, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", ALONE, str(source), str(processes), "dies" if dies else "-"],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "binhdan.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return Path(f"{source}.pdf").read_bytes(), {**report, "log": result.stderr}


def test_parts_laid_out_side_by_side_or_one_after_the_other_make_the_same_pages(tmp_path):
    document = in_parts(*(TWO_PAGES.format(f"Phần {n} của {MOTTO}") for n in range(1, 4)))
    alone, one_process = lay_out_alone(tmp_path, document, 1)
    side_by_side, forked = lay_out_alone(tmp_path, document, 4)
    assert one_process["pools"] == []
    assert forked["may_fork"] and forked["pools"] == [3]  # no more processes than parts

    def pages(pdf):
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    assert pages(alone) == pages(side_by_side) and len(pages(alone)) == 6
    assert page_numbers(alone) == page_numbers(side_by_side) == ["1", "2"] * 3


def test_a_layout_process_that_dies_leaves_the_parts_to_the_process_that_asked(tmp_path):
    document = in_parts(TWO_PAGES.format("Báo cáo"), "<p>Phụ lục I</p>")
    pdf, run = lay_out_alone(tmp_path, document, 2, dies=True)
    assert run["pools"] == [2]
    assert page_numbers(pdf) == ["1", "2", "1"]
    assert "a layout process died" in run["log"]


def test_a_threaded_process_lays_the_parts_out_itself(settings, monkeypatch):
    """Forking a process that runs other threads copies the locks they hold: a threaded
    server (GUNICORN_THREADS above 1) lays the parts out one after the other."""
    pools = []
    monkeypatch.setattr(pdf_module, "ProcessPoolExecutor", lambda **kw: pools.append(kw))
    settings.PDF_PROCESSES = 2
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not may_fork()
        pdf = render_pdf(in_parts("<p>Báo cáo</p>", "<p>Phụ lục I</p>"))
    finally:
        stop.set()
        other.join()
    assert pools == []
    assert page_numbers(pdf) == ["1", "1"]


def test_a_document_without_parts_is_one_document():
    assert pdf_module.parts_of(in_parts("<p>Báo cáo</p>")) == [in_parts("<p>Báo cáo</p>")]
    html = in_parts("<p>một</p>", "<p>hai</p>")
    first, second = pdf_module.parts_of(html)
    assert first == NUMBERED + "<p>một</p></body></html>"
    assert second == NUMBERED + "<p>hai</p></body></html>"
