"""Bad input gets 400, 405, 409, 413 or 422 with the JSON error shape, never a 500."""

from __future__ import annotations

import pytest

from web.api.errors import ERRORS, MAX_BODY_BYTES
from web.api.tests.conftest import error_code
from web.audit.models import AuditEntry
from web.org.models import Person, Unit
from web.org.testing import _id


@pytest.fixture
def api(api_for):
    return api_for("organiser")


def _locs(response):
    return [d["loc"] for d in response.json()["error"]["details"]]


def test_every_code_has_both_languages_and_a_fitting_status():
    for code, (status, zh, en) in ERRORS.items():
        assert code.islower() and zh and en and (400 <= status <= 500 or status == 503), code


def test_malformed_json_is_400(world, api):
    response = api.post("/api/v1/people", raw=b'{"name": "x",')
    assert (response.status_code, error_code(response)) == (400, "malformed_json")
    body = response.json()["error"]
    assert body["message_zh"] and body["message_en"] and "detail" not in response.json()


def test_a_body_that_is_not_utf8_is_400(world, api):
    response = api.post("/api/v1/people", raw='{"name": "王芳"}'.encode("gbk"))
    assert (response.status_code, error_code(response)) == (400, "invalid_encoding")


def test_a_body_too_large_is_413(world, api):
    raw = b'{"name": "' + b"x" * MAX_BODY_BYTES + b'"}'
    response = api.patch(f"/api/v1/units/{world.grid_a2.pk}", raw=raw)
    assert (response.status_code, error_code(response)) == (413, "body_too_large")


def test_a_wrong_method_is_a_json_405(world, api):
    response = api.delete(f"/api/v1/units/{world.grid_a2.pk}")
    assert (response.status_code, error_code(response)) == (405, "method_not_allowed")
    assert "PATCH" in response["Allow"]


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_unknown_address_is_a_json_404(world, api, method):
    response = api.call(method, "/api/v1/no/such/thing")
    assert (response.status_code, error_code(response)) == (404, "not_found")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/units/0",
        "/api/v1/units/-1",
        "/api/v1/units/abc",
        "/api/v1/units/99999999999999999999999",
        "/api/v1/units/1.5",
        "/api/v1/audit/role/1",
        "/api/v1/audit/person/x",
        "/api/v1/units/{a}/people?limit=0",
        "/api/v1/units/{a}/people?limit=201",
        "/api/v1/units/{a}/people?offset=-1",
        "/api/v1/units/{a}/people?limit=abc",
        "/api/v1/units/{a}/people?q=%00",
        "/api/v1/units/{a}/people?q=" + "王" * 51,
        "/api/v1/units/{a}/people?offset=99999999999999999999",
    ],
)
def test_bad_path_or_query_values_are_422(world, api, url):
    response = api.get(url.replace("{a}", str(world.community_a.pk)))
    assert (response.status_code, error_code(response)) == (422, "validation_failed")
    assert response.json()["error"]["details"]


def test_a_missing_object_is_404(world, api):
    for url in [
        "/api/v1/units/999999",
        "/api/v1/people/999999",
        "/api/v1/bodies/999999/seats",
        "/api/v1/audit/household/999999",
    ]:
        response = api.get(url)
        assert (response.status_code, error_code(response)) == (404, "not_found"), url


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"name": "王", "gender": "F", "birth_date": "1990-02-15", "unit_id": 1}, ["body", "payload", "id_number"]),
        ({"gender": "X"}, ["body", "payload", "gender"]),
        ({"birth_date": "1990-02-30"}, ["body", "payload", "birth_date"]),
        ({"unit_id": "abc"}, ["body", "payload", "unit_id"]),
        ({"unit_id": 10**30}, ["body", "payload", "unit_id"]),
        ({"name": ""}, ["body", "payload", "name"]),
        ({"name": "x" * 51}, ["body", "payload", "name"]),
        ({"name": "王\u0000芳"}, ["body", "payload", "name"]),
        ({"name": "\ud800"}, ["body", "payload", "name"]),
        ({"nickname": "小王"}, ["body", "payload", "nickname"]),
    ],
)
def test_person_fields_are_checked_with_their_location(world, api, body, loc):
    full = {
        "name": "赵敏",
        "id_number": _id("51010419900215456"),
        "gender": "F",
        "birth_date": "1990-02-15",
        "unit_id": world.grid_a2.pk,
    }
    payload = body if len(body) > 3 else {**full, **body}  # the first case leaves id_number out
    response = api.post("/api/v1/people", payload)
    assert (response.status_code, error_code(response)) == (422, "validation_failed")
    assert loc in _locs(response)
    assert not Person.objects.filter(name="赵敏").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id_number": "51010419900215457"}, "id_number"),  # 17 characters
        ({"id_number": "510104199002154560"}, "id_number"),  # wrong check digit
        ({"id_number": "51010419900230456X"}, "id_number"),  # 30 February
        ({"phone": "12345"}, "phone"),
        ({"birth_date": "1991-02-15"}, "birth_date"),  # does not match the ID number
    ],
)
def test_the_staff_pages_checks_apply_to_the_api(world, api, change, field):
    body = {
        "name": "赵敏",
        "id_number": _id("51010419900215456"),
        "gender": "F",
        "birth_date": "1990-02-15",
        "unit_id": world.grid_a2.pk,
        **change,
    }
    response = api.post("/api/v1/people", body)
    assert (response.status_code, error_code(response)) == (422, "validation_failed")
    assert ["body", field] in _locs(response)
    patch = api.patch(f"/api/v1/people/{world.person_a2.pk}", change)
    assert patch.status_code == 422 and ["body", field] in _locs(patch)


def test_a_person_goes_only_into_a_unit_one_manages(world, api):
    body = {"name": "赵敏", "id_number": _id("51010419900215456"), "gender": "F", "birth_date": "1990-02-15"}
    assert api.post("/api/v1/people", {**body, "unit_id": world.district.pk}).status_code == 404
    moved = api.patch(f"/api/v1/people/{world.person_a2.pk}", {"unit_id": world.grid_b1.pk})
    assert moved.status_code == 422 and ["body", "unit_id"] in _locs(moved)
    assert Person.objects.get(pk=world.person_a2.pk).unit == world.grid_a2


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"1", b"null", b"{}", b""])
def test_a_body_of_the_wrong_shape_is_422(world, api, raw):
    response = api.post(f"/api/v1/units/{world.community_a.pk}/children", raw=raw)
    assert (response.status_code, error_code(response)) == (422, "validation_failed")


def test_patch_refuses_null_for_a_required_field(world, api):
    response = api.patch(f"/api/v1/people/{world.person_a2.pk}", {"name": None})
    assert response.status_code == 422 and ["body", "name"] in _locs(response)


def test_a_duplicate_id_number_is_409(world, api):
    body = {
        "name": "重名",
        "id_number": world.person_b.id_number,
        "gender": "F",
        "birth_date": "1980-01-01",
        "unit_id": world.grid_a2.pk,
    }
    response = api.post("/api/v1/people", body)
    assert (response.status_code, error_code(response)) == (409, "duplicate_id_number")
    patch = api.patch(f"/api/v1/people/{world.person_a2.pk}", {"id_number": world.person_b.id_number})
    assert (patch.status_code, error_code(patch)) == (409, "duplicate_id_number")


def test_a_duplicate_unit_code_is_409(world, api):
    response = api.post(
        f"/api/v1/units/{world.community_a.pk}/children",
        {"code": world.community_b.code, "name": "重复", "kind": "grid"},
    )
    assert (response.status_code, error_code(response)) == (409, "duplicate_unit_code")


def test_a_unit_kind_that_cannot_sit_there_is_422(world, api):
    response = api.post(
        f"/api/v1/units/{world.community_a.pk}/children", {"code": "C1X", "name": "楼", "kind": "building"}
    )
    assert response.status_code == 422 and ["body", "kind"] in _locs(response)
    assert not Unit.objects.filter(code="C1X").exists()


def test_a_duplicate_household_number_is_409(world, api):
    response = api.post(f"/api/v1/units/{world.grid_a2.pk}/households", {"number": world.household_a.number})
    assert (response.status_code, error_code(response)) == (409, "duplicate_household_number")


def test_seating_someone_twice_is_409(world, api):
    response = api.post(f"/api/v1/bodies/{world.body_a.pk}/seats", {"person_id": world.person_a.pk})
    assert (response.status_code, error_code(response)) == (409, "already_seated")


def test_referring_to_an_object_one_may_not_use_is_422(world, api):
    seat = api.post(f"/api/v1/bodies/{world.body_a.pk}/seats", {"person_id": world.person_b.pk})
    assert seat.status_code == 422 and ["body", "person_id"] in _locs(seat)
    membership = api.put(
        f"/api/v1/people/{world.person_a2.pk}/membership", {"org_id": world.branch_b.pk, "status": "full"}
    )
    assert membership.status_code == 422 and ["body", "org_id"] in _locs(membership)


def test_removing_a_seat_needs_a_reason(world, api):
    seat = world.body_a.seats.get()
    for query in ["", "?reason=", "?reason=%20%20"]:
        response = api.delete(f"/api/v1/bodies/{world.body_a.pk}/seats/{seat.pk}{query}")
        assert response.status_code == 422, query
    assert api.delete(f"/api/v1/bodies/{world.body_a.pk}/seats/999999?reason=x").status_code == 404


def test_refused_writes_write_nothing(world, api):
    before = AuditEntry.objects.count()
    api.post("/api/v1/people", raw=b"{")
    api.post("/api/v1/people", {"name": "x"})
    api.post(f"/api/v1/units/{world.community_a.pk}/children", {"code": "C2", "name": "x", "kind": "grid"})
    assert AuditEntry.objects.count() == before


def test_a_content_length_that_is_not_a_number_is_400(world, api):
    response = api.client.generic(
        "POST", "/api/v1/people", b"{}", content_type="application/json", headers=api.headers, CONTENT_LENGTH="abc"
    )
    assert (response.status_code, error_code(response)) == (400, "bad_request")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"[" * 50_000 + b"]" * 50_000, "malformed_json"),  # nested deeper than the decoder recurses
        (b'{"unit_id": ' + b"9" * 5000 + b"}", "malformed_json"),  # over Python's int digit limit
        (b'{"name": "\\ud800"', "malformed_json"),
        (b"\xef\xbb\xbf{}", "malformed_json"),  # a byte-order mark
    ],
)
def test_pathological_json_is_400(world, api, raw, code):
    response = api.post("/api/v1/people", raw=raw)
    assert (response.status_code, error_code(response)) == (400, code)


def test_nan_is_not_json_and_a_number_too_large_for_an_id_is_422(world, api):
    nan = api.post("/api/v1/people", raw=b'{"unit_id": 1, "name": NaN}')
    assert (nan.status_code, error_code(nan)) == (400, "malformed_json")
    huge = api.post("/api/v1/people", raw=b'{"unit_id": 1e400}')
    assert huge.status_code == 422 and ["body", "payload", "unit_id"] in _locs(huge)


def test_too_many_query_parameters_is_400(world, api):
    response = api.get(f"/api/v1/units/{world.community_a.pk}/people?" + "&".join(["x=1"] * 1001))
    assert (response.status_code, error_code(response)) == (400, "bad_request")
