"""PDF rendering with WeasyPrint that never fetches anything outside the project's static/.

Whatever a user typed into a report's narrative (an <img src="file:///etc/passwd">, a link
to an internal address), the fetcher below only serves:

- ``static:<path>``: a file under the project's ``static/`` directory
  (e.g. ``static:css/pdf-base.css``, ``static:fonts/LiberationSerif-Regular.ttf``);
- ``data:`` URIs.

Everything else (``file://``, ``http://``, ``https://``, relative paths, other schemes) is
refused: WeasyPrint logs a warning and leaves the resource out; rendering continues.
Every PDF gets ``static/css/pdf-base.css`` (A4, Liberation Serif with Vietnamese diacritics).

A document in parts (a report and its annexes, cut by `PART_BREAK`) is laid out part by part,
side by side in forked processes where that is safe, and its parts' pages put together with
pypdf: each part numbers its pages from 1.

`render_pdf_kept(html)` keeps each PDF it renders under ``EXPORT_DIR/pdf/``, named by a hash
of the HTML, the PDF stylesheets and fonts and WeasyPrint's version: the same document asked
for again (a submitted report downloaded by leadership, then by the office) is read back
instead of laid out again (a 120-village commune report takes seconds to lay out). The
worker's clean-up (binhdan/jobs.py `purge_expired`) deletes these files after
EXPORT_KEEP_DAYS like the exports.
"""

import contextlib
import functools
import gc
import hashlib
import io
import logging
import mimetypes
import multiprocessing
import os
import re
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import weasyprint
from django.conf import settings
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_SCHEME = "static:"
BASE_STYLESHEET = STATIC_SCHEME + "css/pdf-base.css"


class RefusedURL(ValueError):
    """A PDF asked for a resource it may not have."""


def static_dir() -> Path:
    return Path(settings.BASE_DIR / "static").resolve()


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher restricted to static: files and data: URIs."""

    def __init__(self):
        super().__init__(timeout=5, allowed_protocols={"data"}, allow_redirects=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)  # urllib's DataHandler: no I/O at all
        if url.startswith(STATIC_SCHEME):
            root = static_dir()
            path = (root / url[len(STATIC_SCHEME) :].split("?")[0].lstrip("/")).resolve()
            if path.is_relative_to(root) and path.is_file():
                self.served.append(url)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url)
        raise RefusedURL(f"not a static: file or data: URI: {url[:100]}")


#: Where a document's next part begins: the annexes of a report, each a document of its own
#: (Decree 30/2020/NĐ-CP numbers an annex's pages apart from the report's and from each other).
PART_BREAK = "<!-- pdf-part -->"
_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render an HTML document to PDF bytes with the restricted fetcher and the base CSS.

    A document in parts (`PART_BREAK` in its body) is laid out part by part, each with the
    document's <head> and its own page numbers, and the parts' pages put together in order.
    The parts are laid out side by side, one process per core (`PDF_PROCESSES`), where the
    process may fork safely: the 120-village commune report took 4.3–4.8 s laid out as one
    document, 2.5–2.8 s as a report and three annexes on two cores.

    `fetcher` is for tests that look at what was served or refused (`fetcher.refused`): the
    parts are then laid out here, one after the other.
    """
    parts = parts_of(html)
    if len(parts) == 1:
        return _render_one(html, fetcher)
    processes = min(len(parts), settings.PDF_PROCESSES)
    pdfs = None
    if fetcher is None and processes > 1 and may_fork():
        context = multiprocessing.get_context("fork")
        try:
            with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
                pdfs = list(pool.map(_render_one, parts))
        except BrokenProcessPool:  # a process killed (out of memory?): here, then
            logger.warning("PDF parts laid out one after the other: a layout process died")
    if pdfs is None:
        pdfs = [_render_one(part, fetcher) for part in parts]
    return _joined(pdfs)


def parts_of(html: str) -> list[str]:
    """The documents `html` is made of: its body cut at each `PART_BREAK`, each piece with
    the same <head> (the whole document when it has no break)."""
    found = _BODY.search(html)
    end = html.rfind("</body>")
    if found is None or end < found.end() or PART_BREAK not in html[found.end() : end]:
        return [html]
    head, tail = html[: found.end()], html[end:]
    return [head + part + tail for part in html[found.end() : end].split(PART_BREAK)]


def may_fork() -> bool:
    """Whether this process may fork to lay out parts side by side: only while it runs a
    single thread (a fork copies one thread and every lock the others held: a threaded
    server, `GUNICORN_THREADS` above 1, lays the parts out one after the other)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _joined(pdfs: list[bytes]) -> bytes:
    """The parts' pages in order, as one PDF with the first part's title and language."""
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    for reader in readers:
        writer.append(reader)
    first = readers[0]
    if first.metadata:
        writer.add_metadata(first.metadata)
    language = first.trailer["/Root"].get("/Lang")
    if language is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(language))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _render_one(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    fetcher = fetcher or StaticOnlyFetcher()
    fonts = FontConfiguration()
    base_css = CSS(url=BASE_STYLESHEET, url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=fetcher)
    with collector_paused():
        return document.write_pdf(stylesheets=[base_css], font_config=fonts)


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector paused for the block, then as it was.

    Laying out a document builds hundreds of thousands of objects that live until the PDF is
    written (styles, boxes, lines). The collector, set off every 700 new objects, walks them
    again and again, and with them everything else the process holds: the commune report of
    120 villages took 3.3–3.5 s to lay out with it, 2.7–2.9 s without (2 cores).
    What is left to collect afterwards (the document's cycles) is collected once, as before,
    by the next collection. The collector is the process's, not the thread's: a threaded
    worker's other requests go without it for the seconds of a layout, which costs them
    memory for a moment, never correctness."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


PDF_FOLDER = "pdf"


def render_pdf_kept(html: str) -> bytes:
    """`render_pdf(html)`, read back from ``EXPORT_DIR/pdf/`` when the very same document
    (same HTML, stylesheets, fonts and WeasyPrint) was rendered before."""
    key = hashlib.sha256(_renderer_digest() + html.encode()).hexdigest()
    folder = Path(settings.EXPORT_DIR) / PDF_FOLDER
    path = folder / f"{key}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    body = render_pdf(html)
    folder.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as file:
        file.write(body)
    os.replace(temporary, path)
    return body


@functools.cache
def _renderer_digest() -> bytes:
    """What, besides the HTML, makes the PDF: the PDF stylesheets and fonts, WeasyPrint."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    root = static_dir()
    for path in sorted([*root.glob("css/pdf-*.css"), *root.glob("fonts/*.ttf")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.digest()
