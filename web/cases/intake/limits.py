"""Rate limits of what a resident does without an account, kept in the database so every server
process sees the same count (as the sign-in limits of ``web.accounts.throttle``, whose reading of
the client's address behind trusted proxies this uses).

- Filing a request: at most ``INTAKE_PER_PHONE`` per phone number and ``INTAKE_PER_ADDRESS`` per
  address in ``INTAKE_WINDOW`` seconds. The address limit is wide: a village office or a phone
  carrier puts many people behind one address.
- Following a case: a wrong tracking code counts against the case number typed (so the code of
  one case cannot be guessed: ``LOGIN_ATTEMPTS_LIMIT`` tries in ``LOGIN_ATTEMPTS_WINDOW``) and
  against the address (four times as many, so many numbers cannot be tried either)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest

from web.accounts.throttle import client_address
from web.cases.models import IntakeAttempt
from web.common import clock

Kind = IntakeAttempt.Kind

__all__ = ["client_address", "follow_blocked", "note_follow_failure", "note_take", "take_blocked"]


def _count(kind: str, window: int, **match: str) -> int:
    since = clock.now() - timedelta(seconds=window)
    return IntakeAttempt.objects.filter(kind=kind, at__gte=since, **match).count()


def take_blocked(request: HttpRequest, *, phone: str) -> bool:
    """Too many requests from this phone number or this address in the window."""
    window = settings.INTAKE_WINDOW
    address = client_address(request)
    return (bool(phone) and _count(Kind.TAKE, window, key=phone[:32]) >= settings.INTAKE_PER_PHONE) or (
        bool(address) and _count(Kind.TAKE, window, address=address) >= settings.INTAKE_PER_ADDRESS
    )


def note_take(request: HttpRequest, *, phone: str) -> None:
    IntakeAttempt.objects.create(kind=Kind.TAKE, key=phone[:32], address=client_address(request), at=clock.now())


def follow_blocked(request: HttpRequest, *, number: str) -> bool:
    """Too many wrong codes for this case number, or from this address, in the window."""
    window = settings.LOGIN_ATTEMPTS_WINDOW
    limit = settings.LOGIN_ATTEMPTS_LIMIT
    address = client_address(request)
    return (bool(number) and _count(Kind.FOLLOW, window, key=number[:32]) >= limit) or (
        bool(address) and _count(Kind.FOLLOW, window, address=address) >= limit * 4
    )


def note_follow_failure(request: HttpRequest, *, number: str) -> None:
    IntakeAttempt.objects.create(kind=Kind.FOLLOW, key=number[:32], address=client_address(request), at=clock.now())
