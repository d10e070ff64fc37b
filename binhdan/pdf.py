"""PDF rendering with WeasyPrint that never fetches anything outside the project's static/.

Whatever a user typed into a report's narrative (an <img src="file:///etc/passwd">, a link
to an internal address), the fetcher below only serves:

- ``static:<path>``: a file under the project's ``static/`` directory
  (e.g. ``static:css/pdf-base.css``, ``static:fonts/LiberationSerif-Regular.ttf``);
- ``data:`` URIs.

Everything else (``file://``, ``http://``, ``https://``, relative paths, other schemes) is
refused: WeasyPrint logs a warning and leaves the resource out; rendering continues.
Every PDF gets ``static/css/pdf-base.css`` (A4, Liberation Serif with Vietnamese diacritics).

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
import mimetypes
import os
import tempfile
from pathlib import Path

import weasyprint
from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

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


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render an HTML document to PDF bytes with the restricted fetcher and the base CSS.

    `fetcher` is for tests that look at what was served or refused (`fetcher.refused`).
    """
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
