"""Issue 12: every 403 and 404 a person meets is Jiceng's own page, in their language, with the way
back (the page they came from, the home page, the staff home); the API keeps its JSON answers.
Through the whole stack with DEBUG off, as the start script serves it."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def _main(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().split('<main id="main">', 1)[1].split("</main>", 1)[0]


def _ways_back(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'<a href="([^"]*)"', _main(response))


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("language", "header", "words"),
    [
        ("zh-hans", "zh-CN,zh;q=0.9", ["找不到该页面或对象", "回到首页", "返回上一页", "可能是链接有误"]),
        ("en", "en-GB,en;q=0.8", ["Not found", "Back to the home page", "Back to the previous page", "mistyped"]),
    ],
)
def test_a_404_inside_the_staff_pages_is_jicengs_page_in_the_persons_language(
    world, client_for, language, header, words
):
    came_from = f"http://testserver/staff/units/{world.community_a.pk}/"
    response = client_for(world.organiser).get(
        "/staff/meetings/999999/", HTTP_ACCEPT_LANGUAGE=header, HTTP_REFERER=came_from
    )
    assert response.status_code == 404
    html = response.content.decode()
    assert f'lang="{"zh-Hans" if language == "zh-hans" else "en"}"' in html and "Django" not in html
    for word in words:
        assert word in html, word
    assert _ways_back(response) == [came_from, "/", "/staff/"]
    assert bool(CJK.search(_main(response))) == (language == "zh-hans")
    assert html.index('class="skip-link" href="#main"') < html.index("<header")  # as on every page


@override_settings(DEBUG=False)
def test_an_address_that_does_not_exist_is_jicengs_404_and_a_foreign_referer_is_not_a_way_back(client):
    response = client.get("/no-such-page/", HTTP_REFERER="https://elsewhere.example/trap")
    assert response.status_code == 404
    assert "找不到该页面或对象" in response.content.decode()
    assert _ways_back(response) == ["/", "/staff/"]


@override_settings(DEBUG=False)
@pytest.mark.parametrize(("header", "words"), [("zh-CN", "管理本单位的工作人员办理"), ("en", "staff who manage")])
def test_a_403_is_jicengs_page_in_the_persons_language(world, client_for, header, words):
    response = client_for(world.member).get(
        f"/staff/units/{world.community_a.pk}/new-person/", HTTP_ACCEPT_LANGUAGE=header
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert words in html and '<section class="card error-page">' in html
    assert _ways_back(response) == ["/", "/staff/"]


@override_settings(DEBUG=False)
@pytest.mark.parametrize(("header", "words"), [("zh-CN", "页面已过期"), ("en", "expired")])
def test_a_form_whose_page_expired_gets_jicengs_403_with_the_way_back_to_the_form(world, header, words):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.organiser)
    form = f"http://testserver/staff/units/{world.community_a.pk}/new-person/"
    response = client.post(form, {"name": "x"}, HTTP_ACCEPT_LANGUAGE=header, HTTP_REFERER=form)
    assert response.status_code == 403
    assert words in response.content.decode() and "CSRF" not in response.content.decode()
    assert _ways_back(response)[0] == form


@override_settings(DEBUG=False)
def test_the_api_keeps_its_json_errors(world, client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"
    response = client.get(f"/api/v1/units/{world.community_a.pk}", HTTP_AUTHORIZATION="Bearer jc_wrong")
    assert response.status_code in (401, 403) and response["Content-Type"].startswith("application/json")
