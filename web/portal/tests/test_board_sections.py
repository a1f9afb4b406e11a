"""A unit's board page is short: a table of contents links to its sections, each section shows
its newest rows and pages through the rest with its own parameter, at the same query cost."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from web.portal.sections import PER_PAGE
from web.portal.tests.test_board_queries import clock, fill_board  # noqa: F401  (clock is a fixture)

ROWS = PER_PAGE + 1  # fill_board's years run from 2016: 11 rows end in 2026, the clock's year


def _get(client, url: str) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_the_contents_link_each_section_that_has_rows(world, clock, client):  # noqa: F811
    unit = world.community_b
    fill_board(world, unit, ROWS)
    page, _ = _get(client, reverse("portal:unit", args=[unit.code]))
    toc = re.search(r'<nav class="toc" id="toc".*?</nav>', page, re.S)
    assert toc
    anchors = re.findall(r'href="#([a-z]+)"', toc.group(0))
    assert anchors == ["results", "elections", "matters", "decisions", "implementation", "finances", "commitments"]
    for anchor in anchors:
        assert f'id="{anchor}"' in page


def test_each_section_pages_by_its_own_parameter(world, clock, client):  # noqa: F811
    unit = world.community_b
    fill_board(world, unit, ROWS)
    url = reverse("portal:unit", args=[unit.code])
    first, first_cost = _get(client, url)
    assert f"选举结果{ROWS - 1}<" in first and "选举结果1<" in first and "选举结果0<" not in first
    assert 'href="?rpage=2#results"' in first and 'href="?fpage=2#finances"' in first
    older, older_cost = _get(client, url + "?rpage=2")
    assert "选举结果0<" in older and "选举结果1<" not in older
    assert f"finance{ROWS - 1}" in older  # the other sections stay on their first page
    assert 'href="?rpage=1#results"' in older
    both, _ = _get(client, url + "?rpage=2&fpage=2")
    assert 'href="?rpage=2&amp;fpage=1#finances"' in both
    assert older_cost == first_cost


def test_a_commitment_year_is_shown_one_at_a_time(world, clock, client):  # noqa: F811
    unit = world.community_b
    fill_board(world, unit, 2)
    url = reverse("portal:unit", args=[unit.code])
    newest, _ = _get(client, url)
    assert "2017 年度承诺" in newest and "2016 年度承诺" not in newest
    older, _ = _get(client, url + "?cpage=2")
    assert "2016 年度承诺" in older and "2017 年度承诺" not in older


def test_a_page_number_out_of_range_shows_the_last_page(world, clock, client):  # noqa: F811
    unit = world.community_b
    fill_board(world, unit, ROWS)
    page, _ = _get(client, reverse("portal:unit", args=[unit.code]) + "?rpage=99")
    assert "选举结果0<" in page
    assert (client.get(reverse("portal:unit", args=[unit.code]) + "?rpage=x")).status_code == 200
