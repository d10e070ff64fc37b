"""Project-wide checks: translations complete, migrations in step, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PO_FILES = sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_vietnamese_translation_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    # Keyed by context too: "missing" (a composition) and "missing" (a report deadline) differ.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    stale = [
        e.msgid for e in po.translated_entries() if compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert stale == [], "run: python manage.py compilemessages"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "binhdan.example.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "binhdan.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_a_string_means_the_same_in_every_catalogue():
    """binhdan/locale (every template's strings) overrides the apps' catalogues at run time,
    so one English string translated two ways shows only one of them everywhere: give a
    string that needs another meaning its own wording or a context (pgettext)."""
    translations: dict[tuple, dict[str, str]] = {}
    for po_path in PO_FILES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            translations.setdefault(key, {})[po_path.parts[-5]] = entry.msgstr
    clashes = {key[1]: found for key, found in translations.items() if len(set(found.values())) > 1}
    assert clashes == {}


def test_long_select_writes_the_same_html_as_djangos_select():
    """binhdan.forms.LongSelect builds a long <select> in Python: same markup as Django's."""
    from django import forms
    from django.test.html import parse_html

    from binhdan.forms import LongSelect

    choices = [
        ("", "Tất cả"),
        ("Thôn Đông", [(1, "Nguyễn Văn An"), (2, "Lò Thị <Bình>")]),
        ("Tổ xã", [(3, "Hà Văn Cường")]),
        (4, 'Thôn "Mới" & Bản Cũ\'s'),
    ]
    attrs = {"class": "form-select", "id": "id_member", "required": True, "disabled": False}
    for value in (None, 2, "3"):
        ours = LongSelect(attrs=attrs, choices=choices).render("member", value)
        django = forms.Select(attrs=attrs, choices=choices).render("member", value)
        assert parse_html(ours) == parse_html(django)
        assert "&lt;Bình&gt;" in ours
