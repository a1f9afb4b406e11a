"""No page, PDF, export or API answer lets a viewer rebuild a whole ID number (issue 9 §5).

Generated from the code: every URL of the site (``tests/test_url_access.GET_TABLE``) and every
API read (``web/api/tests/test_endpoints.CASES``), each asked by every persona who does not
manage the people shown. Whatever comes back (HTML, JSON, PDF text, a spreadsheet) must hold no
ID number, no run of its birth digits, no birth date in any common form, and no masked number
that keeps more than three characters. Those who manage the unit still see it all.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse

from tests.test_url_access import GET_TABLE, personas, urls  # noqa: F401  (fixtures)
from web.api.tests.conftest import api_for  # noqa: F401  (fixture)
from web.api.tests.test_endpoints import CASES
from web.org.idnumbers import identity_for, masked
from web.org.models import Household, Person

NOT_MANAGING = ["member", "observer", "outsider", "teller", "stranger", "representative", None]
#: the import template is a fixed file whose made-up example rows carry the numbers the test world uses
FIXED_FILES = {"org:import_template"}
MASKED_TOKEN = re.compile(r"[0-9Xx*]{18}")


def _text(response: Any) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if "spreadsheet" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row)
    return body.decode("utf-8", "replace")


def leaks(text: str, viewer: Any) -> list[str]:
    """Everything in ``text`` from which the whole ID number of someone ``viewer`` does not
    manage could be rebuilt (a birth date shared with someone they manage cannot be told apart)."""
    found, people = [], list(Person.objects.all())
    seen_whole = {p.pk for p in people if identity_for(viewer, p).whole}
    own_dates = {p.birth_date for p in people if p.pk in seen_whole}
    for p in (p for p in people if p.pk not in seen_whole):
        number, born = p.id_number, p.birth_date
        forms = {number, number[:17]}
        if born not in own_dates:
            forms |= {
                number[6:14],
                born.isoformat(),
                born.strftime("%Y/%m/%d"),
                f"{born.year}年{born.month}月{born.day}日",
                f"{born.year}.{born.month:02d}.{born.day:02d}",
            }
        found += [f"{number}: {form}" for form in sorted(forms) if form in text]
    found += [t for t in MASKED_TOKEN.findall(text) if "*" in t and len(t.replace("*", "")) > 3]
    return found


@pytest.mark.parametrize("name", sorted(set(GET_TABLE) - FIXED_FILES))
def test_no_page_shows_a_rebuildable_id_number_to_those_who_do_not_manage(personas, client_for, urls, name):  # noqa: F811
    got = {p: leaks(_text(client_for(personas[p]).get(urls[name])), personas[p]) for p in NOT_MANAGING}
    assert got == {p: [] for p in NOT_MANAGING}


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.method == "GET"))
def test_no_api_answer_shows_a_rebuildable_id_number_to_those_who_do_not_manage(world, personas, api_for, name):  # noqa: F811
    url = CASES[name].url(world)
    got = {p: leaks(api_for(p).get(url).content.decode(), personas[p]) for p in NOT_MANAGING}
    assert got == {p: [] for p in NOT_MANAGING}


def _person_pages(w: Any) -> list[str]:
    """Every page and API answer about one person, a household, or a unit's people, for every
    person, household and unit of the world (so the grid worker's own grid is asked too)."""
    out = []
    for person in Person.objects.all():
        out += [reverse("org:person", args=[person.pk]), f"/api/v1/people/{person.pk}"]
        out += [
            reverse("org:people", args=[person.unit_id]) + f"?q={person.id_number[:6]}",
            reverse("org:people", args=[person.unit_id]) + f"?q={person.id_number[-4:]}",
            f"/api/v1/units/{person.unit_id}/people?q={person.name}",
        ]
    out += [reverse("org:household", args=[h.pk]) for h in Household.objects.all()]
    out += [f"/api/v1/households/{h.pk}" for h in Household.objects.all()]
    return out


@pytest.mark.parametrize("persona", NOT_MANAGING, ids=str)
def test_no_person_page_of_any_person_leaks_to_a_viewer(world, personas, client_for, api_for, persona):  # noqa: F811
    client, api = client_for(personas[persona]), api_for(persona)
    got = {
        url: leaks(_text((api if url.startswith("/api/") else client).get(url)), personas[persona])
        for url in _person_pages(world)
    }
    assert {url: found for url, found in got.items() if found} == {}


def test_managers_see_the_whole_number_and_birth_date(world, client_for, api_for):  # noqa: F811
    person = world.person_a
    for user in (world.organiser, world.street_staff):
        page = client_for(user).get(reverse("org:person", args=[person.pk])).content.decode()
        assert person.id_number in page and person.birth_date.isoformat() in page
    household = client_for(world.organiser).get(reverse("org:household", args=[world.household_a.pk]))
    assert person.birth_date.isoformat() in household.content.decode()
    answer = api_for("organiser").get(f"/api/v1/people/{person.pk}").json()
    assert (answer["id_number"], answer["birth_date"]) == (person.id_number, person.birth_date.isoformat())


def test_a_viewer_sees_the_first_character_the_last_two_sex_and_birth_year(world, client_for, api_for):  # noqa: F811
    person = world.person_a
    page = client_for(world.member).get(reverse("org:person", args=[person.pk])).content.decode()
    assert masked(person.id_number) in page and str(person.birth_date.year) in page and "女" in page
    answer = api_for("observer").get(f"/api/v1/people/{person.pk}").json()
    assert answer["id_number"] == person.id_number[0] + "*" * 15 + person.id_number[-2:]
    assert (answer["birth_date"], answer["birth_year"], answer["gender"]) == (None, 1980, "F")
    assert identity_for(None, person).whole is False


def test_a_viewer_cannot_read_a_number_back_by_searching_its_parts(world, client_for):
    person, url = world.person_a, reverse("org:people", args=[world.community_a.pk])
    viewer, manager = client_for(world.member), client_for(world.organiser)
    for part in (person.id_number[:6], person.id_number[:14], person.id_number[-4:], person.id_number[-8:]):
        assert person.name not in viewer.get(url, {"q": part}).content.decode()
        assert person.name in manager.get(url, {"q": part}).content.decode()
    assert person.name in viewer.get(url, {"q": person.id_number}).content.decode()
