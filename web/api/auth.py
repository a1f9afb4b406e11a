"""Who is calling: a bearer token (``Authorization: Bearer jc_…``) or the signed-in session.

A request that sends an ``Authorization`` header is judged by it alone: a malformed, unknown
or revoked token is a 401 even if a session cookie came along, so a script never acts with
someone's browser session by accident. A session may write only with a CSRF token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from web.accounts.models import ApiToken
from web.api.errors import ApiError
from web.common import clock

#: ``last_used_at`` is written at most this often per token (a read should not be a write)
LAST_USED_RESOLUTION = timedelta(minutes=1)
TOKEN_PREFIX = "jc_"


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if header is None:
            return None
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError("invalid_token")
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200 or not token.isascii():
            raise ApiError("invalid_token")
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if found is None:
            raise ApiError("invalid_token")
        now = clock.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


class SignedInSession(APIKeyCookie):
    """The browser's session; unsafe methods need the CSRF token like any form."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise ApiError("csrf_failed")
        return user


AUTH = [BearerToken(), SignedInSession()]
