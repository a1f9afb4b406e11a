from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

SAMPLE = {"unit": "和平社区", "item": "硬化村口道路", "deadline": "2026-06-30"}


def local(text: str) -> dt.datetime:
    """``2026-07-01 09:00`` in Asia/Shanghai (the site's zone)."""
    return timezone.make_aware(dt.datetime.fromisoformat(text))


class Clock:
    def __init__(self) -> None:
        self.at = local("2026-07-01 09:00")

    def now(self) -> dt.datetime:
        return self.at

    def set(self, text: str) -> None:
        self.at = local(text)

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The one clock (``web.common.clock.now``), frozen and set by hand."""
    c = Clock()
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c


@pytest.fixture
def sms_log(settings, tmp_path):  # type: ignore[no-untyped-def]
    """SMS written to a file of the test's own."""
    settings.NOTIFY_SMS_BACKEND = "file"
    settings.NOTIFY_SMS_FILE = tmp_path / "sms.log"
    return tmp_path / "sms.log"


@pytest.fixture
def li(world):  # type: ignore[no-untyped-def]
    """李强 (person_a2, phone 13800000002) with an account and an email address."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username="liqiang", password="x", display_name="李强", person=world.person_a2, email="li@example.cn"
    )


def send(who: Any, key: str = "k1", kind: str = "commitment.overdue", context: dict[str, Any] | None = None) -> Any:
    """``notify()`` inside a transaction, as an action calls it."""
    from web.notify.outbox import notify

    with transaction.atomic():
        return notify(who, kind, context or SAMPLE, key=key, link="/staff/commitments/1/")
