"""No page shows raw data to a person: the demo crawled as every persona.

The small demo street (``seed_demo --scale 0.05``, its meetings, elections, matters and
commitments) is seeded once; then, for each demo persona and for an anonymous visitor, every page
reachable by following links from their home page is read (the same kind of page, its address
with the numbers taken out, at most ``PER_SHAPE`` times), and the text a person sees (not the
markup, scripts or styles) must hold no dict, list, JSON or Python representation: ``{'``, ``[{``,
``['``, ``": ``, ``<web.``, `` object at 0x``, ``Decimal(`` or ``Fraction(``, nor the counting
engine's rule grammar (``present >= 4/5 of expected``).

A link the crawl cannot take (a file, another site, signing out, switching language) is left;
every page it reads must answer 200, a redirect, or the 403/404 its persona may get.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.crawl import crawl, seeded_demo
from web.demo.personas import USERNAMES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    yield from seeded_demo(django_db_blocker, tmp_path_factory)


@pytest.mark.parametrize("persona", [*USERNAMES, None])
def test_no_page_shows_raw_data(demo, persona):
    client = Client()
    if persona is not None:
        client.force_login(get_user_model().objects.get(username=persona))
    found, statuses = crawl(client, ["/staff/", "/", "/notifications/"] if persona else ["/", "/vote/"])
    raw = {url: bits for url, bits in found.items() if bits}
    assert not raw, raw
    assert statuses[200] >= 3, statuses
