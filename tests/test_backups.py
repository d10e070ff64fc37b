"""Backups: a dump restored into an empty database gives every row back."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from households.services import save_household
from teams.models import Role
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    UserFactory,
    VillageFactory,
)

ROOT = Path(__file__).resolve().parent.parent


def fill_the_commune():
    village = VillageFactory(code="LM01", name="Thôn Đông")
    UserFactory(username="totruong01", role=Role.LEADER, village=village)
    team = TeamFactory(village=village)
    member = MemberFactory(team=team, full_name="Nguyễn Thị Hoa")
    households = [
        HouseholdFactory(village=village, head_name=name, phone=f"09123456{i:02d}")
        for i, name in enumerate(["Lò Văn Páo", "Hà Thị Mỵ", "Nguyễn Đức Thắng"])
    ]
    household = households[0]
    household.member_in_charge = member
    save_household(household, None)
    SupportVisitFactory(member=member, household=household, walk_in_name="")


def table_contents(cursor, tables) -> dict[str, list]:
    contents = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        contents[table] = sorted(map(repr, cursor.fetchall()))
    return contents


# The report tables of issue 6 live in the same database and are covered by the same dump;
# the checks below compare EVERY table, so they will be checked too once they exist.
@pytest.mark.django_db(transaction=True)
def test_postgresql_dump_restores_every_row_into_an_empty_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backup/restore round trip needs PostgreSQL (DATABASE_URL=postgres://...)")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("pg_dump/pg_restore not installed (apt-get install postgresql-client)")
    import psycopg2

    fill_the_commune()
    dump = tmp_path / "binhdan.dump"
    call_command("backup", "--output", str(dump))
    assert dump.stat().st_mode & 0o077 == 0  # personal data: owner-only

    db = connection.settings_dict
    # A throw-away sibling of the configured database: binhdan_issue7 -> binhdan_issue7_restore.
    restore_db = db["NAME"].removeprefix("test_") + "_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')
        cursor.execute(f'CREATE DATABASE "{restore_db}"')
    try:
        url = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{restore_db}"
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(dump)],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr

        tables = connection.introspection.table_names()
        assert {"households_household", "households_supportvisit", "teams_village"} <= set(tables)
        with connection.cursor() as cursor:
            original = table_contents(cursor, tables)
        restored_connection = psycopg2.connect(
            dbname=restore_db,
            user=db["USER"],
            password=db["PASSWORD"],
            host=db["HOST"],
            port=db["PORT"] or 5432,
        )
        with restored_connection, restored_connection.cursor() as cursor:
            restored = table_contents(cursor, tables)
        restored_connection.close()
        assert len(original["households_household"]) == 3
        assert len(original["teams_user"]) == 1 and len(original["teams_village"]) == 1
        assert restored == original
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')


# Committed data (transaction=True): SQLite's backup waits for an open write transaction.
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_is_a_complete_copy(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite online backup applies to SQLite only")
    import sqlite3

    fill_the_commune()
    call_command("backup", "--output", str(tmp_path / "copy.sqlite3"))
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    names = [row[0] for row in copy.execute("SELECT head_name FROM households_household")]
    copy.close()
    assert sorted(names) == ["Hà Thị Mỵ", "Lò Văn Páo", "Nguyễn Đức Thắng"]


@pytest.mark.django_db
def test_restore_refuses_to_overwrite_a_database_in_use(tmp_path):
    dump = tmp_path / "binhdan.dump"
    dump.write_bytes(b"whatever")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(dump))


@pytest.mark.django_db
def test_backup_keeps_only_the_newest_files_when_asked(tmp_path, settings):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump not installed")
    suffix = ".dump" if connection.vendor == "postgresql" else ".sqlite3"
    for day in ("20260101", "20260102", "20260103"):
        (tmp_path / f"binhdan-{day}-000000{suffix}").write_bytes(b"old")
    settings.BACKUP_DIR = tmp_path
    call_command("backup", "--keep", "2")
    left = sorted(path.name for path in tmp_path.iterdir())
    assert len(left) == 2 and f"binhdan-20260103-000000{suffix}" in left
