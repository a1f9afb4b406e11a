"""Open311 on a phone and on a desktop, in Chinese and in English: street staff follow the API
link from their home page to the Open311 keys page, issue a key for their street, and a client
posts a resident's request with it over HTTP and reads it back; revoked on the page, the key
posts no more."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.browser.conftest import PHONE, signed_in
from web.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        page.evaluate(
            """() => document.documentElement.scrollWidth <= window.innerWidth
            && [...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)"""
        )
    )


def _post(url: str, fields: dict[str, str]) -> tuple[int, object]:
    data = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST"), timeout=15) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


@pytest.mark.parametrize(
    ("screen", "locale"), [("phone", "zh-CN"), ("phone", "en-US"), ("desktop", "zh-CN"), ("desktop", "en-US")]
)
def test_street_staff_issue_a_key_a_client_posts_with_it(browser, live_server, shoot, screen, locale):  # type: ignore[no-untyped-def]
    from web.cases.testing import make_case_world
    from web.org.testing import make_world

    make_case_world(make_world())
    errors: list[str] = []
    page = signed_in(
        browser,
        live_server,
        "street_staff",
        PASSWORD,
        errors,
        viewport=PHONE if screen == "phone" else DESKTOP,
        locale=locale,
    )
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("a[href='/api/']")
    page.click("a[href='/staff/open311/keys/']")
    page.wait_for_url(f"{live_server.url}/staff/open311/keys/")
    page.fill("#id_name", "街道微信小程序")
    page.click("form.card button[type=submit]")
    secret = page.inner_text("#new-key").strip()
    assert secret.startswith("o311_")
    assert _fits(page)
    shoot(page, f"issued-{screen}-{locale}")

    status, answer = _post(
        f"{live_server.url}/open311/v2/requests.json",
        {
            "api_key": secret,
            "service_code": "litter",
            "address_string": "和平社区第一网格 1栋",
            "description": "楼道堆满纸箱",
        },
    )
    assert status == 200, answer
    number = answer[0]["service_request_id"]  # type: ignore[index]
    with urllib.request.urlopen(f"{live_server.url}/open311/v2/requests/{number}.json", timeout=15) as read:
        assert json.loads(read.read())[0]["description"] == "楼道堆满纸箱"

    page.goto(f"{live_server.url}/staff/open311/keys/")
    assert secret not in page.content()
    with page.expect_navigation():
        page.locator("table.list tbody tr button").first.click()
    page.wait_for_load_state()
    assert page.locator("table.list tbody tr .tag").count() == 1  # revoked
    shoot(page, f"revoked-{screen}-{locale}")
    status, answer = _post(
        f"{live_server.url}/open311/v2/requests.json",
        {"api_key": secret, "service_code": "litter", "address_id": "C1G1", "description": "又堆满了"},
    )
    assert status == 403 and answer[0]["code"] == 403  # type: ignore[index]
    assert errors == []
    page.context.close()
