"""Test-wide settings: a fast password hasher, no deadline for property tests, and the fixed world
with its personas."""

from __future__ import annotations

import pytest
from django.conf import settings


def pytest_configure(config: pytest.Config) -> None:
    # no test is timed, property tests included: hypothesis's per-example deadline fails on a
    # busy machine, not on a slow rule
    from hypothesis import settings as hypothesis_settings

    hypothesis_settings.register_profile("jiceng", deadline=None)
    hypothesis_settings.load_profile("jiceng")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    from web.org.testing import make_world

    return make_world()


@pytest.fixture
def client_for(client):  # type: ignore[no-untyped-def]
    """``client_for(user)`` gives a test client signed in as ``user`` (None: anonymous)."""
    from django.test import Client

    def make(user):  # type: ignore[no-untyped-def]
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture(autouse=True)
def _audit_log_can_be_emptied_between_tests(request):  # type: ignore[no-untyped-def]
    """Transactional tests empty every table afterwards; the audit log refuses DELETE, so
    let that one flush through (SQLite; PostgreSQL empties tables with TRUNCATE)."""
    from web.audit import guard

    guard._state.flush = False
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        yield
        guard._state.flush = True  # torn down before transactional_db's flush
    else:
        yield


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():  # type: ignore[no-untyped-def]
    """A request in English leaves English active in the thread (the locale middleware activates
    a language and nothing deactivates it): each test starts in Chinese, as a new process does,
    whatever test ran before it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
