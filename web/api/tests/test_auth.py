"""Token and session authentication, the token page, and ``create_api_token``."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from web.accounts.models import ApiToken
from web.api.actions import do_create_api_token
from web.api.tests.conftest import ApiClient, error_code
from web.audit.models import AuditEntry
from web.common import clock

UNITS = "/api/v1/units"


@pytest.fixture
def secret(world):
    return do_create_api_token(user=world.organiser, name="sync", acting_user=world.organiser)[1]


def test_a_good_token_reads_as_its_user(world, secret):
    response = ApiClient(secret).get(UNITS)
    assert response.status_code == 200
    assert [u["code"] for u in response.json()] == ["C1"]


def test_only_the_digest_is_stored(world, secret):
    token = ApiToken.objects.get()
    assert secret not in {token.digest, token.prefix} and token.digest == ApiToken.digest_of(secret)
    assert secret.startswith(token.prefix)


def test_last_used_is_written_at_most_once_a_minute(world, secret, monkeypatch):
    t0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    for offset, expected in [(0, t0), (59, t0), (60, t0 + dt.timedelta(seconds=60))]:
        monkeypatch.setattr(clock, "now", lambda o=offset: t0 + dt.timedelta(seconds=o))
        assert ApiClient(secret).get(UNITS).status_code == 200
        assert ApiToken.objects.get().last_used_at == expected


def test_a_revoked_token_is_refused(world, secret):
    from web.api.actions import do_revoke_api_token

    do_revoke_api_token(token=ApiToken.objects.get(), acting_user=world.organiser)
    response = ApiClient(secret).get(UNITS)
    assert (response.status_code, error_code(response)) == (401, "invalid_token")


def test_the_token_of_a_deactivated_user_is_refused(world, secret):
    world.organiser.is_active = False
    world.organiser.save()
    assert ApiClient(secret).get(UNITS).status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "bearer  ",
        "Token jc_abc",
        "Basic b3JnYW5pc2VyOnB3",
        "Bearer abc",
        "Bearer jc_unknown",
        "Bearer jc_" + "x" * 300,
        "Bearer jc_\u00e9\u00e9",
        "jc_abc",
    ],
)
def test_a_malformed_or_unknown_authorization_header_is_401(world, header):
    response = ApiClient(None).get(UNITS, headers={"Authorization": header})
    assert (response.status_code, error_code(response)) == (401, "invalid_token")


def test_a_bad_token_is_refused_even_with_a_session(world, client_for):
    client = ApiClient(None, client_for(world.organiser))
    response = client.get(UNITS, headers={"Authorization": "Bearer jc_nope"})
    assert response.status_code == 401


def test_no_credentials_is_401_not_authenticated(world):
    response = ApiClient(None).get(UNITS)
    assert (response.status_code, error_code(response)) == (401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_session_reads(world, client_for):
    assert ApiClient(None, client_for(world.member)).get(UNITS).status_code == 200


def test_a_session_write_needs_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.organiser)
    api = ApiClient(None, browser)
    url, body = f"/api/v1/units/{world.grid_a2.pk}", {"name": "二网格"}
    refused = api.patch(url, body)
    assert (refused.status_code, error_code(refused)) == (403, "csrf_failed")
    browser.get("/api/tokens/")  # sets the CSRF cookie, as a page would
    accepted = api.patch(url, body, headers={"X-CSRFToken": browser.cookies["csrftoken"].value})
    assert accepted.status_code == 200 and accepted.json()["name"] == "二网格"


def test_a_token_write_needs_no_csrf_token(world, secret):
    response = ApiClient(secret, Client(enforce_csrf_checks=True)).patch(
        f"/api/v1/units/{world.grid_a2.pk}", {"name": "二网格"}
    )
    assert response.status_code == 200


# ---- the token page ------------------------------------------------------------------


def test_the_token_page_creates_a_token_shown_once(world, client_for):
    browser = client_for(world.member)
    page = browser.post("/api/tokens/", {"name": "名册同步"})
    assert page.status_code == 200
    secret = page.context["secret"]
    assert secret.startswith("jc_") and secret in page.content.decode()
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor, entry.changes["name"]) == ("api_token.create", world.member, [None, "名册同步"])
    assert secret not in json.dumps(entry.changes)
    again = browser.get("/api/tokens/")
    assert secret not in again.content.decode() and "名册同步" in again.content.decode()
    assert ApiClient(secret).get(UNITS).status_code == 200


def test_the_token_page_refuses_an_empty_name(world, client_for):
    page = client_for(world.member).post("/api/tokens/", {"name": "  "})
    assert page.status_code == 200 and page.context["secret"] is None and not ApiToken.objects.exists()


def test_revoking_a_token(world, client_for, secret):
    token = ApiToken.objects.get()
    browser = client_for(world.organiser)
    assert browser.get(f"/api/tokens/{token.pk}/revoke").status_code == 405
    assert client_for(world.member).post(f"/api/tokens/{token.pk}/revoke").status_code == 404  # not theirs
    response = browser.post(f"/api/tokens/{token.pk}/revoke")
    assert response.status_code == 302 and not ApiToken.objects.exists()
    assert AuditEntry.objects.order_by("-id").first().action == "api_token.revoke"
    assert ApiClient(secret).get(UNITS).status_code == 401


def test_the_token_page_needs_a_sign_in(db, client_for):
    response = client_for(None).get("/api/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_api_token_prints_a_working_secret(world):
    out = io.StringIO()
    call_command("create_api_token", "street_staff", "夜间同步", stdout=out)
    secret = out.getvalue().strip()
    assert ApiClient(secret).get(f"/api/v1/units/{world.community_b.pk}").status_code == 200
    assert AuditEntry.objects.order_by("-id").first().actor_label == "manage.py create_api_token"


def test_create_api_token_for_an_unknown_user_fails_cleanly(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", "x", stdout=io.StringIO())


# ---- the index page and the document ---------------------------------------------------


def test_the_index_lists_every_operation_and_links_the_document(db, client_for):
    page = client_for(None).get("/api/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/api/v1/openapi.json" in html and "/api/v1/units/{unit_id}/people" in html and "PATCH" in html


@pytest.mark.parametrize("url", ["/api/v1/docs", "/api/v1/", "/api/v1/units/"])
def test_no_swagger_page_nor_other_address_is_served(db, url):
    response = ApiClient(None).get(url)
    assert (response.status_code, error_code(response)) == (404, "not_found")


def test_the_document_declares_the_error_shape_and_both_ways_in(db):
    doc = Client().get("/api/v1/openapi.json").json()
    assert set(doc["components"]["securitySchemes"]) == {"BearerToken", "SignedInSession"}
    error = doc["components"]["schemas"]["ErrorBody"]
    assert set(error["required"]) == {"code", "message_zh", "message_en", "details"}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert {"401", "404", "422", "500"} <= set(op["responses"]), (method, path)
