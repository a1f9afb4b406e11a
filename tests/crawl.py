"""Crawling the demo as a persona: the pages reachable by following links from their home.

Used by the every-page browser test (tests/browser/test_every_page_on_a_phone.py: raw data, phone
width, accessibility) and the page-size test (tests/test_page_sizes.py). The small demo street is
seeded by ``seed`` (committed, for a live server) or ``seeded_demo`` (once per module, rolled back);
a crawl reads each kind of page (its address with the numbers taken out) at most ``PER_SHAPE``
times, finds raw data in the text a person sees (``RAW``), and leaves links it cannot take
(files, other sites, signing out, switching language, the API).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

SMALL = 0.05
PER_SHAPE = 2
MAX_PAGES = 400
RAW = re.compile(
    r"\{'|\[\{|\['|\": |<web\.| object at 0x|Decimal\(|Fraction\("
    # the counting engine's rule grammar (present >= 2/3 of expected), shown in words everywhere
    r"|\b(present|expected|yes|no|valid|cast)\s*[<>]=?\s*\d|\bof (expected|present|cast|valid)\b"
)
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


def shape(url: str) -> str:
    path = urlsplit(url).path
    query = urlsplit(url).query
    return re.sub(r"\d+", "N", path) + ("?" + re.sub(r"=[^&]*", "=", query) if query else "")


def seed(tmp_path_factory: Any) -> None:
    """Seed the small demo street (its media and SMS file in temporary folders)."""
    media = tmp_path_factory.mktemp("media")
    sms = tmp_path_factory.mktemp("var") / "sms.log"
    with override_settings(MEDIA_ROOT=media, NOTIFY_SMS_FILE=sms):
        call_command("seed_demo", seed=2026, scale=SMALL, stdout=open(os.devnull, "w"))


def seeded_demo(django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[None]:
    """The small demo street, seeded inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed(tmp_path_factory)
        yield
        transaction.set_rollback(True)


def crawl(client: Client, start: list[str]) -> tuple[dict[str, list[str]], Counter[int]]:
    """Every page reachable from ``start``: ``{url: raw fragments found}`` and the statuses met."""
    seen_shapes: Counter[str] = Counter()
    queue, visited, found = list(start), set(), {}
    statuses: Counter[int] = Counter()
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        if url in visited or SKIP.search(urlsplit(url).path) or seen_shapes[shape(url)] >= PER_SHAPE:
            continue
        visited.add(url)
        seen_shapes[shape(url)] += 1
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
