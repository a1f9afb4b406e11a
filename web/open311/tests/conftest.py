from __future__ import annotations

import pytest

from web.cases.tests.conftest import clock, cw  # noqa: F401  (the cases' fixtures: a Monday, their small world)


@pytest.fixture
def key(cw):  # type: ignore[no-untyped-def]  # noqa: F811
    """A key of the street's staff for the street (S1), as the secret a client sends."""
    from web.open311.actions import do_issue_open311_key

    _key, secret = do_issue_open311_key(jurisdiction=cw.org.street, name="小程序", acting_user=cw.org.street_staff)
    return secret


@pytest.fixture
def post(client, key):  # type: ignore[no-untyped-def]
    """POST a request (form-encoded, as the spec says) with the key and a valid place."""

    def _post(fmt: str = "json", **fields):  # type: ignore[no-untyped-def]
        data = {
            "api_key": key,
            "service_code": "noise",
            "address_id": "C1G1B1",
            "description": "楼上每晚十一点后装修，噪音很大。",
            "first_name": "芳",
            "last_name": "王",
            "phone": "13800000001",
            **fields,
        }
        data = {k: v for k, v in data.items() if v is not None}
        return client.post(f"/open311/v2/requests.{fmt}", data)

    return _post
