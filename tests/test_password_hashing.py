"""Passwords are kept with Argon2id at OWASP's parameters (binhdan/hashers.py); a password
kept with PBKDF2 by an earlier version still logs in and is kept again with Argon2id."""

import pytest
from django.conf import settings as project
from django.contrib.auth.hashers import check_password, make_password
from django.test.utils import override_settings
from django.urls import reverse

from teams.models import User
from tests.factories import TEST_PASSWORD


@pytest.fixture
def project_hashers(settings):
    # The suite hashes with MD5 for speed (conftest.py): here the portal's own list.
    from binhdan import settings as portal

    settings.PASSWORD_HASHERS = portal.PASSWORD_HASHERS


def test_a_new_password_is_kept_with_argon2id_at_owasp_parameters(project_hashers):
    kept = make_password("một mật khẩu dài")
    assert kept.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("một mật khẩu dài", kept)
    assert not check_password("mot mat khau dai", kept)


def test_the_parameters_come_from_the_settings(project_hashers):
    with override_settings(ARGON2_MEMORY_KIB=65536, ARGON2_TIME_COST=3):
        assert "$m=65536,t=3,p=1$" in make_password("một mật khẩu dài")
    assert project.ARGON2_MEMORY_KIB == 19456 and project.ARGON2_TIME_COST == 2


def test_a_pbkdf2_password_of_an_earlier_version_logs_in_and_is_kept_again(
    world, client, project_hashers
):
    user = User.objects.get(username="totruong")
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])
    assert user.password.startswith("pbkdf2_sha256$")
    response = client.post(reverse("login"), {"username": "totruong", "password": TEST_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(TEST_PASSWORD, user.password)
