"""No page shows raw data to a person: the demo crawled as every persona.

The small demo street (``seed_demo --scale 0.05``, its meetings, elections, matters and
commitments) is seeded once; then, for each demo persona and for an anonymous visitor, every page
reachable by following links from their home page is read (the same kind of page, its address
with the numbers taken out, at most ``PER_SHAPE`` times), and the text a person sees (not the
markup, scripts or styles) must hold no dict, list, JSON or Python representation: ``{'``, ``[{``,
``['``, ``": ``, ``<web.``, `` object at 0x``, ``Decimal(`` or ``Fraction(``.

A link the crawl cannot take (a file, another site, signing out, switching language) is left;
every page it reads must answer 200, a redirect, or the 403/404 its persona may get.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from web.demo.personas import USERNAMES

pytestmark = pytest.mark.django_db

SMALL = 0.05
PER_SHAPE = 2
MAX_PAGES = 400
RAW = re.compile(r"\{'|\[\{|\['|\": |<web\.| object at 0x|Decimal\(|Fraction\(")
SKIP = re.compile(r"^/(static|media|i18n|accounts/logout|api/)|\.(pdf|xlsx|csv|json|pyz|zip|png|svg)$|/file$")


class _Page(HTMLParser):
    """The text a person reads, and the links on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def _shape(url: str) -> str:
    path = urlsplit(url).path
    query = urlsplit(url).query
    return re.sub(r"\d+", "N", path) + ("?" + re.sub(r"=[^&]*", "=", query) if query else "")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    media = tmp_path_factory.mktemp("media")
    sms = tmp_path_factory.mktemp("var") / "sms.log"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, NOTIFY_SMS_FILE=sms):
        with transaction.atomic():
            call_command("seed_demo", seed=2026, scale=SMALL, stdout=open(os.devnull, "w"))
            yield
            transaction.set_rollback(True)


def crawl(client: Client, start: list[str]) -> tuple[dict[str, list[str]], Counter[int]]:
    """Every page reachable from ``start``: ``{url: raw fragments found}`` and the statuses met."""
    seen_shapes: Counter[str] = Counter()
    queue, visited, found = list(start), set(), {}
    statuses: Counter[int] = Counter()
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        if url in visited or SKIP.search(urlsplit(url).path) or seen_shapes[_shape(url)] >= PER_SHAPE:
            continue
        visited.add(url)
        seen_shapes[_shape(url)] += 1
        response = client.get(url)
        statuses[response.status_code] += 1
        assert response.status_code in (200, 301, 302, 403, 404, 410), (url, response.status_code)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        text = " ".join(page.text)
        found[url] = [text[max(0, m.start() - 40) : m.end() + 40] for m in RAW.finditer(text)]
        for href in page.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            queue.append(href)
    return found, statuses


@pytest.mark.parametrize("persona", [*USERNAMES, None])
def test_no_page_shows_raw_data(demo, persona):
    client = Client()
    if persona is not None:
        client.force_login(get_user_model().objects.get(username=persona))
    found, statuses = crawl(client, ["/staff/", "/", "/notifications/"] if persona else ["/", "/vote/"])
    raw = {url: bits for url, bits in found.items() if bits}
    assert not raw, raw
    assert statuses[200] >= 3, statuses
