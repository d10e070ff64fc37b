"""Dependencies: bounded in pyproject.toml, installed from a lock file that satisfies them."""

import re
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

from packaging.requirements import Requirement

from tests.test_deployment import free_port, subprocess_env

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = [Requirement(r) for r in PROJECT["dependencies"]]
TEST = [Requirement(r) for r in PROJECT["optional-dependencies"]["test"]]


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    return {
        name.lower().replace("_", "-"): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, re.M)
    }


def test_every_dependency_has_an_upper_bound():
    unbounded = [
        str(r)
        for r in RUNTIME + TEST
        if not any(s.operator in {"<", "~=", "=="} for s in r.specifier)
    ]
    assert unbounded == []


def test_the_lock_files_pin_every_dependency_within_its_bounds_with_hashes():
    for lock, requirements in [
        ("requirements.lock", RUNTIME),
        ("requirements-test.lock", RUNTIME + TEST),
    ]:
        pinned = pins(lock)
        for requirement in requirements:
            name = requirement.name.lower()
            assert name in pinned, f"{name} is not in {lock}"
            assert requirement.specifier.contains(pinned[name]), (lock, name, pinned[name])
        text = (ROOT / lock).read_text()
        hashed = re.findall(r"^\S+==\S+ \\\n    --hash=sha256:[0-9a-f]{64}", text, re.M)
        assert len(hashed) == len(pinned)
        assert "/tmp" not in text and "file://" not in text


def test_the_install_script_installs_from_the_lock():
    script = (ROOT / "scripts" / "_venv.sh").read_text()
    assert '--require-hashes -r "$lock"' in script
    assert "--no-deps -e ." in script


def test_gunicorn_opens_no_control_socket_in_the_users_home(tmp_path):
    port = free_port()
    home = tmp_path / "home"
    home.mkdir()
    env = subprocess_env(
        tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1", HOME=str(home)
    )
    env.pop("XDG_RUNTIME_DIR", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.3)
        assert list(home.rglob("*")) == []
    finally:
        server.terminate()
        server.wait(timeout=10)
