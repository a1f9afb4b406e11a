"""Every refusal is GeoReport's error list, ``[{"code", "description"}]`` or
``<errors><error><code/><description/></error></errors>``, with 404 for what does not exist,
403 for a missing or wrong ``api_key`` and 400 for anything else; and a refused POST writes
nothing."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from web.audit.models import AuditEntry
from web.cases.models import Case


def error_of(response, status):  # type: ignore[no-untyped-def]
    """The one error's description, after checking the status and the shape."""
    assert response.status_code == status, response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        body = json.loads(response.content)
        assert isinstance(body, list) and len(body) == 1 and set(body[0]) == {"code", "description"}
        assert body[0]["code"] == status
        return body[0]["description"]
    root = ElementTree.fromstring(response.content)
    assert root.tag == "errors" and [e.tag for e in root] == ["error"]
    assert [c.tag for c in root[0]] == ["code", "description"]
    assert root[0].findtext("code") == str(status)
    return root[0].findtext("description")


@pytest.fixture
def nothing_written():  # type: ignore[no-untyped-def]
    def counts() -> tuple[int, int]:
        return Case.objects.count(), AuditEntry.objects.count()

    before = counts()
    yield
    assert counts() == before


POST_REFUSALS = {
    "no key": ({"api_key": None}, 403, "api_key"),
    "an unknown key": ({"api_key": "o311_nothing"}, 403, "api_key"),
    "a key in another jurisdiction's name": ({"jurisdiction_id": "D1"}, 403, "api_key"),
    "an unknown jurisdiction": ({"jurisdiction_id": "NOPE"}, 404, "NOPE"),
    "no service code": ({"service_code": None}, 400, "service_code"),
    "an unknown service code": ({"service_code": "potholes"}, 404, "potholes"),
    "no place": ({"address_id": None}, 400, "address_id"),
    "a position alone": ({"address_id": None, "lat": "30.6", "long": "104.0"}, 400, "lat/long"),
    "lat without long": ({"lat": "30.6"}, 400, "lat"),
    "a latitude past the pole": ({"lat": "91", "long": "104"}, 400, "lat"),
    "a longitude that is not a number": ({"lat": "30", "long": "east"}, 400, "long"),
    "an unknown address_id": ({"address_id": "C9"}, 400, "C9"),
    "an address_id outside the jurisdiction": ({"address_id": "S1"}, 400, "S1"),
    "words naming no place": ({"address_id": None, "address_string": "人民路 8 号"}, 400, "address_string"),
    "no description": ({"description": ""}, 400, "诉求内容"),
    "only HTML as the description": ({"description": "<p></p>"}, 400, "诉求内容"),
    "4,001 characters": ({"description": "水" * 4001}, 400, "4001"),
    "a phone that is not one": ({"phone": "call me"}, 400, "phone"),
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("case", sorted(POST_REFUSALS))
def test_a_refused_post_says_why_and_writes_nothing(post, fmt, case, nothing_written):
    fields, status, said = POST_REFUSALS[case]
    assert said in error_of(post(fmt, **fields), status)


def test_a_revoked_key_and_a_holder_who_left_are_refused(cw, client, post, key):
    from web.open311.actions import do_revoke_open311_key
    from web.open311.models import ApiKey
    from web.org.models import Role

    assert post().status_code == 200
    Role.objects.filter(user=cw.org.street_staff).delete()  # no longer manages the street
    assert "api_key" in error_of(post(), 403)
    Role.objects.create(user=cw.org.street_staff, unit=cw.org.street, kind="org_staff")
    assert post().status_code == 200
    do_revoke_open311_key(key=ApiKey.objects.get(), acting_user=cw.org.street_staff)
    assert "api_key" in error_of(post(), 403)


def district_catalogue(cw, rows):  # type: ignore[no-untyped-def]
    """The district's own catalogue, published by its staff: a second jurisdiction."""
    from django.contrib.auth import get_user_model

    from web.cases.catalogue import do_publish_catalogue
    from web.org.models import Role

    staff = get_user_model().objects.create_user(username="district_staff", password="x-district-2026")
    Role.objects.create(user=staff, unit=cw.org.district, kind="org_staff")
    do_publish_catalogue(unit=cw.org.district, rows=rows, note="区目录", acting_user=staff)


def test_a_key_posts_only_under_its_own_jurisdiction(cw, post):
    from web.cases.testing import ENTRIES

    district_catalogue(cw, ENTRIES)
    assert "api_key" in error_of(post(jurisdiction_id="D1"), 403)
    assert post(jurisdiction_id="S1").status_code == 200


GET_REFUSALS = {
    "/open311/v2/services/potholes": (404, "potholes"),
    "/open311/v2/requests/99999": (404, "99999"),
    "/open311/v2/requests/abc": (404, "abc"),
    "/open311/v2/tokens/0123456789abcdef": (404, "token"),
    "/open311/v2/services": (404, "NOPE"),  # with ?jurisdiction_id=NOPE
    "/open311/v2/nothing/here": (404, ""),
    "/open311/v3/services": (404, ""),
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("url", sorted(GET_REFUSALS))
def test_what_does_not_exist_is_a_404(cw, client, url, fmt):
    status, said = GET_REFUSALS[url]
    query = "?jurisdiction_id=NOPE" if url == "/open311/v2/services" else ""
    assert said in error_of(client.get(f"{url}.{fmt}{query}"), status)


LIST_REFUSALS = {
    "status=pending": "status",
    "start_date=yesterday": "start_date",
    "end_date=2026-02-30": "end_date",
    "start_date=0001-01-01": "start_date",
    "start_date=2026-03-01&end_date=2026-02-01": "start_date",
    "start_date=2025-01-01&end_date=2026-01-01": "90",
    "page=0": "page",
    "page=x": "page",
    "page_size=1001": "page_size",
    "page_size=-5": "page_size",
    "service_request_id=1,two": "service_request_id",
}


@pytest.mark.parametrize("query", sorted(LIST_REFUSALS))
def test_a_list_asked_for_wrongly_is_a_400(cw, client, query):
    for fmt in ("json", "xml"):
        assert LIST_REFUSALS[query] in error_of(client.get(f"/open311/v2/requests.{fmt}?{query}"), 400)


def test_several_jurisdictions_need_jurisdiction_id(cw, client):
    from web.cases.testing import ENTRIES

    assert client.get("/open311/v2/services.json").status_code == 200  # one jurisdiction: the default
    district_catalogue(cw, ENTRIES[:2])
    assert "jurisdiction_id" in error_of(client.get("/open311/v2/services.json"), 400)
    assert len(json.loads(client.get("/open311/v2/services.json?jurisdiction_id=D1").content)) == 2
    assert len(json.loads(client.get("/open311/v2/services.json?jurisdiction_id=S1").content)) == 5


def test_a_method_an_address_does_not_take_is_a_400(cw, client):
    assert "PUT" in error_of(client.put("/open311/v2/services.json"), 400)
    assert error_of(client.delete("/open311/v2/requests.xml"), 400)
    assert error_of(client.post("/open311/discovery.json"), 400)


def test_the_refusal_speaks_the_language_asked_for(cw, client):
    said = error_of(client.get("/open311/v2/services/potholes.json", headers={"Accept-Language": "en"}), 404)
    assert said == 'No service has the service_code "potholes".'
    said = error_of(client.get("/open311/v2/services/potholes.json"), 404)
    assert said == "找不到服务编码为“potholes”的服务。"
