from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from web.api.actions import do_create_api_token
from web.api.tests import openapi
from web.org.testing import persona_user

#: as in tests/test_url_access.py: ``teller`` (teller of community A, no reading role) and
#: ``stranger`` (signed in, no role) besides the world's personas
PERSONAS = ["organiser", "member", "observer", "outsider", "teller", "stranger", "street_staff", None]


class ApiClient:
    """A test client that speaks JSON with a bearer token and checks every answer against
    the OpenAPI document."""

    def __init__(self, secret: str | None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def call(
        self,
        method: str,
        url: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> Any:
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        response = self.client.generic(
            method, url, data, content_type=content_type, headers={**self.headers, **(headers or {})}
        )
        assert response["Content-Type"].startswith("application/json") or response.status_code == 204, (
            response.status_code,
            response.content[:200],
        )
        openapi.check(response, method)
        return response

    def get(self, url: str, **kw: Any) -> Any:
        return self.call("GET", url, **kw)

    def post(self, url: str, body: Any = None, **kw: Any) -> Any:
        return self.call("POST", url, body, **kw)

    def patch(self, url: str, body: Any = None, **kw: Any) -> Any:
        return self.call("PATCH", url, body, **kw)

    def put(self, url: str, body: Any = None, **kw: Any) -> Any:
        return self.call("PUT", url, body, **kw)

    def delete(self, url: str, **kw: Any) -> Any:
        return self.call("DELETE", url, **kw)


@pytest.fixture
def api_for(world):  # type: ignore[no-untyped-def]
    """``api_for("organiser")``: a JSON client with that persona's token (None: anonymous)."""
    secrets: dict[str, str] = {}

    def make(persona: str | None) -> ApiClient:
        if persona is None:
            return ApiClient(None)
        if persona not in secrets:
            user = persona_user(world, persona)
            secrets[persona] = do_create_api_token(user=user, name="test", acting_user=user)[1]
        return ApiClient(secrets[persona])

    return make


def error_code(response: Any) -> str:
    return json.loads(response.content)["error"]["code"]
