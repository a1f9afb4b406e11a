"""Garbage of every kind, posted and asked for: any text in any field, bodies that are not a
form, not UTF-8 or not whole, any query string. The answer is always 200 or GeoReport's 400,
403 or 404 in its error shape, never a 500, and nothing unexpected is logged (an unexpected
failure would be answered 400 too, so the log is what tells it from a refusal)."""

from __future__ import annotations

import json
import logging
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELDS = [
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
    "attribute[WHISPAWN]",
    "extensions",
]
PARAMS = [
    "jurisdiction_id",
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
    "page",
    "page_size",
    "extensions",
]
ADDRESSES = [
    "/open311/discovery",
    "/open311/v2/services",
    "/open311/v2/services/noise",
    "/open311/v2/requests",
    "/open311/v2/requests/1",
    "/open311/v2/tokens/abc",
]

text = st.text(max_size=300) | st.sampled_from(
    ["", " ", "noise", "C1G1B1", "30.6", "1e999", "NaN", "-0", "0x1F", "<script>", "\x00", "\ud800", "水" * 4001]
)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(response, caplog) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code in (200, 400, 403, 404), response.status_code
    body = response.content
    if response["Content-Type"].startswith("application/json"):
        parsed = json.loads(body)
        if response.status_code >= 400:
            assert [set(e) for e in parsed] == [{"code", "description"}]
    else:
        root = ElementTree.fromstring(body)
        if response.status_code >= 400:
            assert root.tag == "errors"
    assert not [r for r in caplog.records if r.name == "web.open311"], [r.getMessage() for r in caplog.records]


@SETTINGS
@given(fields=st.dictionaries(st.sampled_from(FIELDS), text), fmt=st.sampled_from(["xml", "json"]), keyed=st.booleans())
def test_any_form_posted(client, key, caplog, fields, fmt, keyed):
    caplog.set_level(logging.ERROR)
    if keyed:
        fields = {**fields, "api_key": key}
    plain = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in fields.items()}
    check(client.post(f"/open311/v2/requests.{fmt}", plain), caplog)
    # the same fields as a hand-made body, NUL characters and lone surrogates included
    from urllib.parse import quote

    body = "&".join(f"{quote(k)}={quote(v, errors='surrogatepass')}" for k, v in fields.items())
    check(client.generic("POST", f"/open311/v2/requests.{fmt}", body, "application/x-www-form-urlencoded"), caplog)


BODIES = st.binary(max_size=400) | st.sampled_from(
    [
        b"name=\xff\xfe\xfa&title=\xc3\x28",
        b"--zz\r\nContent-Disposition: form-data; name=\r\n\r\n",
        b'{"json": true}',
        b"a=" + b"x" * 300_000,
        b"&" * 5000,
    ]
)
TYPES = st.sampled_from(
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/json", "text/xml", ""]
)


@SETTINGS
@given(body=BODIES, content_type=TYPES, fmt=st.sampled_from(["xml", "json"]))
def test_any_body_posted(client, cw, caplog, body, content_type, fmt):
    caplog.set_level(logging.ERROR)
    response = client.generic("POST", f"/open311/v2/requests.{fmt}", body, content_type)
    if response.status_code == 413:  # refused unread, before Open311, like every address (RequestSizeMiddleware)
        return
    check(response, caplog)


@SETTINGS
@given(
    address=st.sampled_from(ADDRESSES),
    params=st.dictionaries(st.sampled_from(PARAMS), text),
    fmt=st.sampled_from(["xml", "json"]),
)
def test_any_query_asked(client, cw, caplog, address, params, fmt):
    caplog.set_level(logging.ERROR)
    clean = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()}
    check(client.get(f"{address}.{fmt}", clean), caplog)


@pytest.mark.parametrize("suffix", ["", ".html", ".xml.json", ".JSON", "/../discovery.json"])
def test_an_address_with_another_suffix_is_a_404(client, cw, suffix):
    response = client.get(f"/open311/v2/services{suffix}")
    assert response.status_code == 404
