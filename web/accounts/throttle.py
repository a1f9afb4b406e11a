"""Login rate limiting, kept in the database so every server process sees the same count."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest

from web.accounts.models import LoginAttempt
from web.common import clock


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def is_locked_out(*, username: str, address: str) -> bool:
    """True when the username or the address had too many failures in the window.

    The address limit is wider (a whole office may share one address)."""
    since = clock.now() - timedelta(seconds=settings.LOGIN_ATTEMPTS_WINDOW)
    recent = LoginAttempt.objects.filter(at__gte=since)
    limit = settings.LOGIN_ATTEMPTS_LIMIT
    return (
        recent.filter(username=username.lower()).count() >= limit
        or recent.filter(address=address).count() >= limit * 4
    )


def note_failure(*, username: str, address: str) -> None:
    LoginAttempt.objects.create(username=username.lower()[:150], address=address, at=clock.now())


def clear_failures(*, username: str) -> None:
    LoginAttempt.objects.filter(username=username.lower()).delete()
