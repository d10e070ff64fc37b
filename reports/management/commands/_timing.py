"""How `manage.py benchmark` times a thing: one set of helpers for the commune's pages, files
and writes and for the province's (`_province.py`).

Every measure runs a warm-up first where asked (connection, templates, translations, fonts),
then `runs` timed calls; it reports the median (and the fastest) in milliseconds, the number
of SQL queries of one more call, and for files the peak of Python memory while one is written
and read to its end. A PDF is kept once laid out (binhdan/pdf.py `render_pdf_kept`): with
`afresh`, the kept copies are removed before every call so that each one lays it out again.
"""

import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from binhdan.pdf import PDF_FOLDER

MB = 1024 * 1024


def download(client: Client, url: str) -> int:
    """GET `url` and read the file to its end (a streamed one chunk by chunk); its size."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    # Read to its end: the test client then closes the response itself (a second close()
    # would end the database connection of a test's transaction).
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def page_getter(client: Client, url: str) -> Callable[[], None]:
    """A call that GETs a page and checks it answered 200."""

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return get


def timings_ms(call: Callable, runs: int, *, before_each: Callable | None = None) -> list[float]:
    """`call()` timed `runs` times (at least once), in milliseconds."""
    timings = []
    for _ in range(max(1, runs)):
        if before_each:
            before_each()
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def summary(timings: list[float]) -> dict:
    return {"median_ms": round(statistics.median(timings), 1), "min_ms": round(min(timings), 1)}


def query_count(call: Callable) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def peak_memory_mb(call: Callable) -> float:
    """The peak of Python memory allocated during `call()`, above what was held before."""
    tracemalloc.start()
    try:
        before, _peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round((peak - before) / MB, 1)


def measure_page(client: Client, url: str, runs: int) -> dict:
    """A page: median and fastest time of `runs` requests after a warm-up, its queries."""
    get = page_getter(client, url)
    with override_settings(DEBUG=False):
        get()
        timings = timings_ms(get, runs)
    return {**summary(timings), "queries": query_count(get)}


@contextmanager
def kept_pdfs():
    """A folder of its own for the exports and kept PDFs of a measure, and a function that
    empties the kept PDFs (so that the next request lays its PDF out afresh)."""
    folder = tempfile.mkdtemp(prefix="binhdan-benchmark-")

    def forget() -> None:
        shutil.rmtree(Path(folder) / PDF_FOLDER, ignore_errors=True)

    try:
        with override_settings(EXPORT_DIR=folder):
            yield forget
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_file(
    client: Client,
    url: str,
    runs: int,
    *,
    afresh: bool = False,
    warm_up: bool = True,
    memory: bool = True,
    **settings,
) -> dict:
    """A file downloaded and read to its end: median time of `runs` downloads, peak Python
    memory of one (`memory`), queries and size. `afresh`: a PDF laid out again for each
    download rather than read back. `settings` are overridden during the measure."""
    with kept_pdfs() as forget, override_settings(DEBUG=False, **settings):
        fetch = lambda: download(client, url)  # noqa: E731
        reset = forget if afresh else None
        if warm_up:
            fetch()
        timings = timings_ms(fetch, runs, before_each=reset)
        figures = summary(timings)
        if memory:
            if reset:
                reset()
            figures["peak_memory_mb"] = peak_memory_mb(fetch)
        if reset:
            reset()
        figures["queries"] = query_count(fetch)
        figures["bytes"] = fetch()
    return figures
