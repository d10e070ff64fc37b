"""The production run: gunicorn, health check, static files, uploads, configuration."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from binhdan.spreadsheets import MAX_UPLOAD_BYTES

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
}


def subprocess_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_answers_ok_without_log_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthcheck_command_says_ok(capsys):
    call_command("healthcheck")
    assert capsys.readouterr().out.strip() == "ok"


def test_healthcheck_command_fails_when_the_database_is_unreachable(tmp_path):
    env = subprocess_env(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing")
    result = subprocess.run(
        [sys.executable, "manage.py", "healthcheck"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "database unavailable" in result.stderr


def test_gunicorn_serves_the_portal_and_logs_no_query_string(tmp_path):
    port = free_port()
    log = tmp_path / "access.log"
    env = subprocess_env(
        tmp_path,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESS_LOG=str(log),
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        for _ in range(100):
            try:
                url = f"http://127.0.0.1:{port}/healthz?q=Nguyen+Van+Binh"
                body = urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        assert body == b"ok\n"
    finally:
        server.terminate()
        server.wait(timeout=10)
    line = log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in line
    assert "Nguyen" not in line and "q=" not in line


def test_collectstatic_under_production_settings_gives_compressed_hashed_files(tmp_path):
    env = subprocess_env(tmp_path, STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run(
        # The portal's own files only (the vendored and admin files take seconds to compress).
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        + [f"--ignore={pattern}" for pattern in ("admin", "vendor", "fonts", "axes")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    names = [p.name for p in (tmp_path / "static" / "css").iterdir()]
    hashed = [n for n in names if re.fullmatch(r"binhdan\.[0-9a-f]{12}\.css", n)]
    assert hashed and f"{hashed[0]}.gz" in names
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_env_example_lists_every_setting_the_code_reads():
    read = set()
    for path in [ROOT / "binhdan" / "settings.py", ROOT / "gunicorn.conf.py"]:
        read |= set(re.findall(r'env(?:bool|int|list)?\("([A-Z_]+)"', path.read_text()))
        read |= set(re.findall(r'os\.getenv\("([A-Z_]+)"', path.read_text()))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert sorted(read - listed) == []
    readme = (ROOT / "README.md").read_text()
    assert sorted(name for name in read if f"`{name}`" not in readme) == []


# --- Uploads -------------------------------------------------------------------------------


def test_uploads_are_kept_away_from_anything_served():
    temp_dir = Path(settings.FILE_UPLOAD_TEMP_DIR).resolve()
    for served in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS), ROOT]:
        assert not temp_dir.is_relative_to(served.resolve())
    assert not settings.MEDIA_ROOT  # nothing uploaded is ever saved as a file
    with pytest.raises(Resolver404):
        resolve("/media/anything.xlsx")


def test_a_5_mb_workbook_upload_stays_in_memory_and_never_touches_the_disk():
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= MAX_UPLOAD_BYTES
    payload = b"PK" + b"\0" * (MAX_UPLOAD_BYTES - 2)
    boundary = "BoUnDaRy"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="ho-dan.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + payload
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = RequestFactory().generic(
        "POST", "/", body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    upload = request.FILES["file"]
    assert upload.size == MAX_UPLOAD_BYTES
    assert type(upload).__name__ == "InMemoryUploadedFile"


def test_the_wsgi_application_is_warmed_up_as_it_loads_without_the_database(tmp_path):
    """A gunicorn worker imports every view and loads the translations while it boots, not
    in its first request; and it does so without the database (unreachable here)."""
    env = subprocess_env(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing")
    script = (
        "import sys, binhdan.wsgi; from django.db import connection; "
        "from django.utils.translation import trans_real; "
        "print(sorted(m for m in ('binhdan.urls', 'households.views', 'weasyprint') "
        "if m in sys.modules), sorted(trans_real._translations), connection.connection)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[-2] == (
        "['binhdan.urls', 'households.views', 'weasyprint'] ['en', 'vi'] None"
    )
