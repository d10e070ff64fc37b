"""PDF rendering with WeasyPrint that never fetches anything outside the project's static/.

Whatever a user typed into a report's narrative (an <img src="file:///etc/passwd">, a link
to an internal address), the fetcher below only serves:

- ``static:<path>``: a file under the project's ``static/`` directory
  (e.g. ``static:css/pdf-base.css``, ``static:fonts/LiberationSerif-Regular.ttf``);
- ``data:`` URIs.

Everything else (``file://``, ``http://``, ``https://``, relative paths, other schemes) is
refused: WeasyPrint logs a warning and leaves the resource out; rendering continues.
Every PDF gets ``static/css/pdf-base.css`` (A4, Liberation Serif with Vietnamese diacritics).
"""

import mimetypes
from pathlib import Path

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
    return document.write_pdf(stylesheets=[base_css], font_config=fonts)
