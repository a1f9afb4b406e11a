"""Every page of the demo on a 360×740 phone, as every persona: no raw data, nothing wider than the
screen, and no WCAG 2.2 AA violation that axe-core finds.

The small demo street is seeded; the pages are those a crawl reaches from each persona's home
(tests/crawl.py), and the form a representative's service card opens (reached by its QR code,
not by a link); the intake pages must be among them. The crawl reads each page through the test
client and fails on raw data in the text a person sees: a dict, list, JSON or Python
representation (``{'``, ``[{``, ``['``, ``": ``, ``<web.``, `` object at 0x``, ``Decimal(``,
``Fraction(``) or the counting engine's rule grammar (``present >= 4/5 of expected``). Then each
kind of page (its address with the numbers taken out) is opened once in Chromium at 360×740, as
the first persona that reached it: the page must not scroll sideways (a wide table scrolls inside
its own wrapper), and axe-core (vendored under ``assets/``, MPL-2.0, injected by the test only)
must find no violation of the WCAG 2.0/2.1/2.2 A and AA rules.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client

from tests.browser.conftest import PHONE
from tests.crawl import crawl, seed, shape
from web.demo.personas import USERNAMES

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length}× ${v.nodes[0].target.join(" ")}`);
}"""


#: the pages of a request's intake, which the homes link (and the service card's form, added)
INTAKE = {
    "/requests/new/",
    "/requests/follow/",
    "/requests/mine/",
    "/requests/mine/N/",
    "/requests/card/N/",
    "/staff/cases/new/",
    "/staff/cases/new/card/",
}


def _pages() -> tuple[dict[str, tuple[str | None, str]], list[str]]:
    """``{shape: (persona, url)}``: every kind of page, with the first persona that reached it; and
    the raw data found on any page, as ``persona url: fragment``."""
    pages: dict[str, tuple[str | None, str]] = {}
    raw: list[str] = []
    for persona in [*USERNAMES, None]:
        client = Client()
        if persona is not None:
            client.force_login(get_user_model().objects.get(username=persona))
        found, statuses = crawl(client, ["/staff/", "/", "/notifications/"] if persona else ["/", "/vote/"])
        assert statuses[200] >= 3, (persona, statuses)
        for url, fragments in found.items():
            pages.setdefault(shape(url), (persona, url))
            raw += [f"{persona} {url}: {f}" for f in fragments]
    # the form a representative's service card opens is reached by its QR code, not by a link
    card = f"/requests/card/{get_user_model().objects.get(username='representative').pk}/"
    pages.setdefault(shape(card), (None, card))
    return pages, raw


def test_every_page_shows_no_raw_data_fits_a_phone_and_passes_axe(
    browser, live_server, transactional_db, tmp_path_factory
):
    seed(tmp_path_factory)
    pages, raw = _pages()
    assert not raw, "raw data shown to a person:\n" + "\n".join(raw)
    problems: list[str] = []
    by_persona: dict[str | None, list[str]] = {}
    for persona, url in pages.values():
        by_persona.setdefault(persona, []).append(url)
    for persona, urls in by_persona.items():
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN", bypass_csp=True)
        if persona is not None:
            client = Client()
            client.force_login(get_user_model().objects.get(username=persona))
            host = live_server.url.split("//", 1)[1].split(":")[0]
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
            )
        page = context.new_page()
        for url in urls:
            response = page.goto(live_server.url + url)
            if response is None or response.status != 200:
                problems.append(f"{persona} {url}: answered {response.status if response else 'nothing'}")
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{persona} {url}: {width} px wide on a {PHONE['width']} px phone")
            page.add_script_tag(path=str(AXE))
            problems += [f"{persona} {url}: {v}" for v in page.evaluate(RUN_AXE, TAGS)]
        context.close()
    assert len(pages) >= 40, sorted(pages)
    assert INTAKE <= set(pages), sorted(INTAKE - set(pages))
    assert not problems, "\n".join(problems)
