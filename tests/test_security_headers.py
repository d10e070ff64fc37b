"""Content Security Policy, framing and cookies: what a browser is told on every page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=|<style\b", re.IGNORECASE)


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_handler_or_style(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "move the script to static/js/"
    assert not INLINE_HANDLER.search(text), "no on*= handlers: use static/js/"
    assert not STYLE_ATTRIBUTE.search(text), "use a CSS class in static/css/binhdan.css"


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("anonymous", "login"),
        ("anonymous", "privacy"),
        ("office", "home"),
        ("office", "teams:village_list"),
        ("office", "teams:village_create"),
        ("office", "password_change"),
        ("office", "access_log"),
        ("office", "teams:account_list"),
        ("office", "teams:account_create"),
        ("office", "teams:account_log"),
    ],
)
def test_rendered_pages_need_nothing_the_policy_forbids(world, client_for, role, url_name):
    html = client_for(role).get(reverse(url_name)).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert not STYLE_ATTRIBUTE.search(html)
    # No CDN, nothing from elsewhere (an inline SVG's namespace name is not a fetch).
    html = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in html and "https://" not in html


def test_production_cookies_are_secure_and_http_only():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_SETTINGS_MODULE": "binhdan.settings",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True"] * 5, result.stderr
