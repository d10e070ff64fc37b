"""SECRET_KEY in production: a weak key refuses to start; SECRET_KEY_FILE is read."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG = "Xq3v9-Lk2P_wZ8rT5mN1bC7yH4jD6fG0sA2eU9iO3pK8lV5nB1xQ7zR4tY6wE0uI"
PLACEHOLDER = "change-me-to-a-long-random-string-50-characters-or-more"
HOW = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def settings_in_subprocess(**env):
    """Load the settings as a production process would; the key's length is printed."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environ |= {"DEBUG": "0", "DJANGO_SETTINGS_MODULE": "binhdan.settings"} | env
    code = (
        "from django.conf import settings; print(len(settings.SECRET_KEY), settings.SECRET_KEY[:4])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "key",
    [
        "short",
        "a" * 49 + "bcd",  # long enough, 4 different characters
        "0123456789" * 4 + "abcdefgh",  # 48 characters
        PLACEHOLDER,
    ],
    ids=["short", "few-characters", "49-characters", "env-example-placeholder"],
)
def test_a_weak_secret_key_refuses_to_start_and_says_how_to_make_one(key):
    result = settings_in_subprocess(SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak" in result.stderr
    assert HOW in result.stderr


def test_a_strong_secret_key_starts():
    result = settings_in_subprocess(SECRET_KEY=STRONG)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(STRONG)), STRONG[:4]]


def test_secret_key_file_is_read_and_judged_the_same(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(STRONG + "\n")  # as `echo` or systemd-creds leave it
    result = settings_in_subprocess(SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(STRONG)), STRONG[:4]]

    key_file.write_text("short\n")
    assert "SECRET_KEY is too weak" in settings_in_subprocess(SECRET_KEY_FILE=str(key_file)).stderr


def test_secret_key_file_that_cannot_be_read_or_given_with_secret_key_is_refused(tmp_path):
    missing = settings_in_subprocess(SECRET_KEY_FILE=str(tmp_path / "none"))
    assert "SECRET_KEY_FILE" in missing.stderr and "cannot be read" in missing.stderr
    both = settings_in_subprocess(SECRET_KEY=STRONG, SECRET_KEY_FILE=str(tmp_path / "none"))
    assert "not both" in both.stderr


def test_development_keeps_its_default_key():
    result = settings_in_subprocess(DEBUG="1")
    assert result.returncode == 0, result.stderr
