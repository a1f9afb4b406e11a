"""Test-wide settings: a fast password hasher and the fixed world with its personas."""

from __future__ import annotations

import pytest
from django.conf import settings


def pytest_configure(config: pytest.Config) -> None:
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
