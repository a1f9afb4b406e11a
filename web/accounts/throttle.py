"""Login rate limiting, kept in the database so every server process sees the same count.

Two limits: per account (``LOGIN_ATTEMPTS_LIMIT`` failures in the window), keyed by the
*normalised* username so that ``ｓｔｒｅｅｔ``, ``street `` and ``STREET`` share one counter; and
a wider one per client address (four times as many: a village office or a phone carrier puts
many people behind one address). The address is ``REMOTE_ADDR``, unless that is one of
``TRUSTED_PROXIES`` (``JICENG_TRUSTED_PROXIES``): then it is the nearest address in
``X-Forwarded-For`` that is not a trusted proxy. A header from anyone else is ignored, so a
client cannot pick its own address. Why this is not a library: docs/architecture.md.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.http import HttpRequest

from web.accounts.models import LoginAttempt
from web.accounts.usernames import normalise
from web.common import clock

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The client's address as far as it can be trusted (see the module's docstring)."""
    address = request.META.get("REMOTE_ADDR", "")
    if _is_trusted(address):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        for hop in reversed(hops):
            address = hop
            if not _is_trusted(hop):
                break
    return address[:64]


def key(username: str) -> str:
    return normalise(username)[:150]


def is_locked_out(*, username: str, address: str) -> bool:
    """True when the account or the address had too many failures in the window."""
    since = clock.now() - timedelta(seconds=settings.LOGIN_ATTEMPTS_WINDOW)
    recent = LoginAttempt.objects.filter(at__gte=since)
    limit = settings.LOGIN_ATTEMPTS_LIMIT
    return recent.filter(username=key(username)).count() >= limit or (
        bool(address) and recent.filter(address=address).count() >= limit * 4
    )


def note_failure(*, username: str, address: str) -> None:
    LoginAttempt.objects.create(username=key(username), address=address, at=clock.now())


def clear_failures(*, username: str) -> None:
    LoginAttempt.objects.filter(username=key(username)).delete()
