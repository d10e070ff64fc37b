"""Bounded load test: gunicorn + PostgreSQL, N virtual users for D seconds.

    .venv/bin/python loadtest/run.py --database-url postgres://postgres@127.0.0.1:5432/binhdan_loadtest
    .venv/bin/python loadtest/run.py --host 127.0.0.1 --port 8001

It (re)creates the throw-away database named in --database-url (everything in it is lost,
and it is dropped at the end),
migrates it, loads seed_demo, collects static files, starts gunicorn with the project's
gunicorn.conf.py under production settings (DEBUG=0) on --host:--port (127.0.0.1:8000 unless
told otherwise), lets the virtual
users log in and browse, then stops gunicorn and prints p50/p95 latency and errors per page.
Not part of the test suite. Standard library only.

To add pages (households, visits, dashboard...), add rows to PAGES below.
"""

import argparse
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "binhdan@2026"  # teams/demo.py DEMO_PASSWORD

OFFICE, LEADERSHIP, POLICE = "vanphong", "lanhdao", "congan"
LEADER, MEMBER = "totruong01", "tovien01"
ANONYMOUS = ""
LOGGED_IN = {OFFICE, LEADERSHIP, POLICE, LEADER, MEMBER}


VISIT_POST = "POST /luot-ho-tro/them/"


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    users: frozenset  # who browses it (the demo user names; "" = not logged in)
    weight: int = 1


# The pages the virtual users browse. Extend here: Page("households", "/ho-dan/", {...}, 3).
FIELD = {OFFICE, LEADERSHIP, LEADER, MEMBER}
PAGES = [
    Page("dashboard", "/", frozenset(LOGGED_IN), 3),
    Page("dashboard Q3", "/?quy=2026Q3", frozenset({OFFICE, LEADERSHIP, LEADER}), 1),
    Page("village list", "/thon/", frozenset({OFFICE, LEADERSHIP, LEADER}), 1),
    Page("households", "/ho-dan/", frozenset(FIELD), 3),
    Page("household search", "/ho-dan/?q=nguyen+van", frozenset(FIELD), 2),
    Page("never reached", "/ho-dan/?priority=never_reached", frozenset(FIELD), 1),
    Page("visits", "/luot-ho-tro/", frozenset(FIELD), 2),
    Page("visit form", "/luot-ho-tro/them/", frozenset({LEADER, MEMBER}), 1),
    Page("teams", "/to/", frozenset(FIELD), 1),
    Page("members", "/to-vien/", frozenset({OFFICE, LEADERSHIP, LEADER}), 1),
    Page("privacy notice", "/quyen-rieng-tu/", frozenset(LOGGED_IN | {ANONYMOUS}), 1),
    Page("log-in page", "/dang-nhap/", frozenset({ANONYMOUS}), 3),
    # Not a page: logging a support visit (GET the form, POST it), as members do in the field.
    Page("log a visit", VISIT_POST, frozenset({LEADER, MEMBER}), 2),
]
#: Who the virtual users are, in turn (an anonymous visitor every tenth user).
USER_MIX = [OFFICE, LEADER, MEMBER, LEADER, LEADERSHIP, MEMBER, OFFICE, LEADER, POLICE, ANONYMOUS]

# Field users are people of their own: each virtual leader leads a village of the demo
# commune and each virtual member is a member of a village team, with an account of their
# own (made by FIELD_ACCOUNTS after seed_demo), as 25 people in the field are; the office,
# leadership and police users share the demo accounts, as a commune's few office staff do.
FIELD_ACCOUNTS = """
from teams.models import Member, Role, User, Village
from teams.demo import DEMO_PASSWORD
accounts = __import__("os").environ["LOADTEST_FIELD_ACCOUNTS"].split()
villages = list(Village.objects.filter(is_active=True, team__isnull=False).order_by("code"))
template = User(username="template")
template.set_password(DEMO_PASSWORD)  # hashed once: every account has the demo password
def free_member(village, **condition):
    members = Member.objects.filter(team__village=village, user=None, left_on=None, **condition)
    return members.order_by("-is_leader", "pk").first()


for number, username in enumerate(accounts):
    # A leader is a member of their team (its leader when that member has no account yet),
    # a member one of the team's other members.
    village = villages[number % len(villages)]
    role = Role.LEADER if "totruong" in username else Role.MEMBER
    member = free_member(village) if role == Role.LEADER else free_member(village, is_leader=False)
    member.user = User.objects.create(
        username=username, password=template.password, full_name=member.full_name,
        role=role, commune=village.commune, village=village,
    )
    member.save(update_fields=["user"])
"""


def account(number: int) -> tuple[str, str]:
    """(role, user name) of virtual user `number`: leaders and members get their own."""
    role = USER_MIX[number % len(USER_MIX)]
    if role == LEADER:
        return role, f"lt-totruong-{number:02d}"
    if role == MEMBER:
        return role, f"lt-tovien-{number:02d}"
    return role, role


def field_accounts(users: int) -> list[str]:
    """The user names FIELD_ACCOUNTS makes for `users` virtual users."""
    return [name for role, name in map(account, range(users)) if role in (LEADER, MEMBER)]


@dataclass
class Results:
    timings: dict = field(default_factory=dict)  # label -> [seconds]
    finished: dict = field(default_factory=dict)  # label -> [time.monotonic() at the end]
    errors: dict = field(default_factory=dict)  # label -> [description]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label, seconds, error=None):
        with self.lock:
            self.timings.setdefault(label, []).append(seconds)
            self.finished.setdefault(label, []).append(time.monotonic())
            if error:
                self.errors.setdefault(label, []).append(error)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed_get(opener, base, page, results):
    start = time.perf_counter()
    error = None
    try:
        with opener.open(base + page.path, timeout=30) as response:
            response.read()
            if response.status != 200:
                error = f"HTTP {response.status}"
            elif "/dang-nhap/" in response.url and page.path != "/dang-nhap/":
                error = "sent to log in"
    except urllib.error.HTTPError as failure:
        error = f"HTTP {failure.code}"
    except Exception as failure:  # timeouts, refused connections
        error = type(failure).__name__
    results.add(page.label, time.perf_counter() - start, error)


def timed_log_visit(opener, base, page, results):
    """Open the visit form and submit a walk-in visit, as a member does on a phone."""
    start = time.perf_counter()
    error = None
    try:
        html = opener.open(base + "/luot-ho-tro/them/", timeout=30).read().decode()
        data = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[
                1
            ],
            "member": (
                re.search(r'<option value="(\d+)" selected', html)
                or re.search(
                    r'name="member"[^>]*>\s*(?:<option value="">[^<]*</option>)?\s*<option value="(\d+)"',
                    html,
                )
            )[1],
            "date": re.search(r'name="date" value="([^"]+)"', html)[1],
            "support_types": re.search(r'name="support_types" value="(\d+)"', html)[1],
            "walk_in_name": "Người dân vãng lai",
            "method": "door_to_door",
            "people_helped": "1",
        }
        body = urllib.parse.urlencode(data).encode()
        with opener.open(base + "/luot-ho-tro/them/", data=body, timeout=30) as response:
            response.read()
            if response.url.endswith("/luot-ho-tro/them/"):
                error = "form refused"
    except urllib.error.HTTPError as failure:
        error = f"HTTP {failure.code}"
    except Exception as failure:  # timeouts, refused connections, a page without the form
        error = type(failure).__name__
    results.add(page.label, time.perf_counter() - start, error)


def log_in(opener, base, username, results):
    start = time.perf_counter()
    try:
        html = opener.open(base + "/dang-nhap/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        with opener.open(base + "/dang-nhap/", data=data, timeout=30) as response:
            response.read()
            ok = response.url.rstrip("/") == base
        results.add("(log in)", time.perf_counter() - start, None if ok else "log-in failed")
        return ok
    except Exception as failure:
        results.add("(log in)", time.perf_counter() - start, type(failure).__name__)
        return False


def virtual_user(number, base, deadline, think, start_after, results):
    role, username = account(number)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    time.sleep(start_after)  # users arrive over the ramp-up, as people do
    if username and not log_in(opener, base, username, results):
        return
    pages = [page for page in PAGES if role in page.users]
    weights = [page.weight for page in pages]
    while time.monotonic() < deadline:
        page = random.choices(pages, weights)[0]
        action = timed_log_visit if page.path == VISIT_POST else timed_get
        action(opener, base, page, results)
        time.sleep(random.uniform(*think))


def prepare(env, database_url, users):
    url = urllib.parse.urlsplit(database_url)
    name = url.path.lstrip("/")
    admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    reset = (
        "import psycopg2, sys; c = psycopg2.connect(sys.argv[1]); c.autocommit = True; "
        "k = c.cursor(); k.execute('DROP DATABASE IF EXISTS \"%s\"' % sys.argv[2]); "
        "k.execute('CREATE DATABASE \"%s\"' % sys.argv[2])"
    )
    subprocess.run([PYTHON, "-c", reset, admin, name], check=True)
    for command in (
        ["migrate", "-v0"],
        ["seed_demo"],
        ["shell", "-c", FIELD_ACCOUNTS],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env={**env, "LOADTEST_FIELD_ACCOUNTS": " ".join(field_accounts(users))},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return admin, name


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address gunicorn listens on")
    parser.add_argument("--port", type=int, default=8000, help="port gunicorn listens on")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/binhdan_loadtest"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of browsing")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 1.5),
        help="pause between a user's pages, min and max seconds",
    )
    parser.add_argument(
        "--ramp-up",
        type=float,
        default=10,
        help="seconds over which the users arrive (each log-in hashes a password: ~0.3 s CPU)",
    )
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        parser.error("the load test runs on PostgreSQL: give --database-url postgres://...")
    return args


def address_free(host: str, port: int) -> bool:
    """Whether gunicorn can listen on host:port. As gunicorn does, with SO_REUSEADDR: the
    connections of a run just ended, in TIME_WAIT, do not keep the next run from the port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def main():
    args = parse_args()
    host, port = args.host, args.port
    if not address_free(host, port):
        sys.exit(f"{host}:{port} is in use: stop what listens there or give --host/--port")
    static_root = tempfile.mkdtemp(prefix="binhdan-loadtest-static-")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": host.strip("[]"),
        "DATABASE_URL": args.database_url,
        # Plain HTTP on loopback: no HTTPS redirect, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": static_root,
        "GUNICORN_BIND": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "GUNICORN_ACCESS_LOG": os.devnull,
        "LOG_LEVEL": "WARNING",
    }
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    print(f"preparing {args.database_url} (migrate, seed_demo, collectstatic)...", flush=True)
    admin_url, database = prepare(env, args.database_url, args.users)

    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        print(f"{args.users} users for {args.duration} s against {base} ...", flush=True)
        results = Results()
        deadline = time.monotonic() + args.duration
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=virtual_user,
                args=(n, base, deadline, args.think, n * args.ramp_up / args.users, results),
            )
            for n in range(args.users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        drop = "import psycopg2, sys; c = psycopg2.connect(sys.argv[1]); c.autocommit = True; "
        drop += "c.cursor().execute('DROP DATABASE IF EXISTS \"%s\"' % sys.argv[2])"
        subprocess.run([PYTHON, "-c", drop, admin_url, database], check=False)

    report(results, elapsed, steady_from=started + args.ramp_up)


def report(results, elapsed, steady_from):
    print(f"\n{'page':<16}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    pages_only = []
    for label, timings in sorted(results.timings.items()):
        errors = len(results.errors.get(label, []))
        if label != "(log in)":
            pages_only += timings
        print(
            f"{label:<16}{len(timings):>9}{errors:>8}{percentile(timings, 0.5) * 1000:>9.0f}"
            f"{percentile(timings, 0.95) * 1000:>9.0f}{max(timings) * 1000:>9.0f}"
        )
    total_errors = sum(len(e) for e in results.errors.values())
    print(
        f"\npages: {len(pages_only)} requests in {elapsed:.0f} s "
        f"({len(pages_only) / elapsed:.1f}/s), p50 {percentile(pages_only, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(pages_only, 0.95) * 1000:.0f} ms; errors (all, log-ins included): "
        f"{total_errors}"
    )
    steady = [
        seconds
        for label, timings in results.timings.items()
        if label != "(log in)"
        for seconds, end in zip(timings, results.finished[label], strict=True)
        if end - seconds >= steady_from  # started once every user had arrived
    ]
    if steady:
        print(
            f"pages after the ramp-up (all users logged in): {len(steady)} requests, "
            f"p50 {percentile(steady, 0.5) * 1000:.0f} ms, p95 {percentile(steady, 0.95) * 1000:.0f} ms"
        )
    for label, errors in results.errors.items():
        print(f"  {label}: {sorted(set(errors))[:5]}")
    return total_errors


if __name__ == "__main__":
    main()
