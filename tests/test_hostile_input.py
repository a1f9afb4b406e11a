"""Hostile input on the pages (the JSON API has its own in ``web/api/tests/test_errors.py``):
bodies that are not UTF-8, too large or not a form, sent to every page that accepts a POST;
script, SQL and spreadsheet formulas typed into every free-text field, then every page, PDF
and export that shows them. Nothing may answer 500; what was typed comes back as text.

The URL table and its objects are the access table's (``tests/test_url_access.py``), so a new
page is covered here as soon as it is listed there.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings

from tests.test_url_access import GET_TABLE, POST_CHANGES, urls  # noqa: F401 - the fixture is used by name

SCRIPT = "<script>alert(1)</script>"
SQL = "'; DROP TABLE org_person; --"
FORMULA = '=HYPERLINK("http://x","y")'

BAD_BODIES = {
    "not utf-8": (b"name=\xff\xfe\xfa&title=\xc3\x28", "application/x-www-form-urlencoded"),
    "too large": (b"a=" + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10), "application/x-www-form-urlencoded"),
    "broken multipart": (b"--zz\r\nContent-Disposition: form-data; name=\r\n\r\n", "multipart/form-data; boundary=zz"),
    "not a form": (b'{"json": true}', "application/json"),
}


@pytest.mark.parametrize("body", sorted(BAD_BODIES))
@pytest.mark.parametrize("name", [*POST_CHANGES, "vote:enter", "vote:cast", "accounts:login"])
def test_a_bad_body_never_gets_a_500(world, client_for, urls, name, body):  # noqa: F811
    data, content_type = BAD_BODIES[body]
    response = client_for(world.organiser).generic("POST", urls[name], data, content_type=content_type)
    assert response.status_code < 500, (name, body, response.status_code)
    if response.status_code >= 400 and response.get("Content-Type", "").startswith("text/html"):
        assert "Traceback" not in response.content.decode("utf-8", "replace")


@pytest.fixture
def typed_in(world, urls):  # noqa: F811
    """Every free-text field of the objects the pages show gets script, SQL or a formula."""
    from web.elections.models import Election, Nomination
    from web.meetings.models import Candidate, Meeting, Poll
    from web.org.models import Body, Household, PartyOrg, Person, Unit

    Person.objects.filter(pk=world.person_a2.pk).update(name=SCRIPT[:50])
    Person.objects.filter(pk=world.person_a.pk).update(name=FORMULA)
    Unit.objects.filter(pk=world.grid_a2.pk).update(name=SCRIPT)
    Household.objects.update(address=SQL + SCRIPT)
    PartyOrg.objects.filter(pk=world.branch_a.pk).update(name=SCRIPT)
    Body.objects.filter(pk=world.body_a.pk).update(name=SCRIPT + SQL)
    Meeting.objects.update(title=SCRIPT, place=SQL)
    Poll.objects.update(title=SCRIPT)
    Candidate.objects.update(name=SCRIPT[:50])
    Election.objects.update(title=SCRIPT)
    Nomination.objects.update(statement=SCRIPT + SQL, organisation=FORMULA)
    return urls


def test_script_typed_anywhere_comes_back_as_text(world, client_for, typed_in):
    organiser = client_for(world.organiser)
    shown = 0
    for name, expected in sorted(GET_TABLE.items()):
        if expected["organiser"] != 200:
            continue
        response = organiser.get(typed_in[name])
        assert response.status_code == 200, name
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        assert SCRIPT not in page, name
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert shown >= 5  # the typed text is really on the pages, escaped


def test_pdfs_print_what_was_typed_as_text(world, client_for, typed_in):
    from pypdf import PdfReader

    from web.downloads.testing import made

    organiser = client_for(world.organiser)
    # made in the background: the organiser is sent to the download's page (302); the announcement
    # is refused before the count, so it has its own test
    pdfs = [name for name in GET_TABLE if name.endswith("pdf") and GET_TABLE[name]["member"] in (200, 302)]
    assert pdfs
    for name in pdfs:
        response = made(organiser, typed_in[name])
        if name == "meetings:announcement_pdf":
            assert response.status_code == 302  # the poll is not counted: back to it, with the reason
            continue
        assert response.status_code == 200, name
        assert response.content.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "<script>" in text.replace(" ", "") or "alert(1)" in text, name


def test_an_export_never_turns_typed_text_into_a_formula(world, client_for, typed_in):
    from openpyxl import load_workbook

    from web.downloads.testing import made

    response = made(client_for(world.organiser), typed_in["org:export"])
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert cells, "the typed name is in the export"
    assert all(c.data_type == "s" for c in cells)


def test_sql_typed_in_is_only_text(world, client_for, typed_in):
    from web.org.models import Household, Person

    assert Person.objects.count() >= 3  # the table is still there
    assert Household.objects.filter(address__startswith=SQL).exists()
    response = client_for(world.organiser).get(typed_in["org:people"], {"q": SQL})
    assert response.status_code == 200
