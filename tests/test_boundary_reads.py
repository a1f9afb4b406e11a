"""Lists of members show only the members the viewer may see.

A household or a party organisation of community A may hold a person registered in
community B (the street's staff, who manage both, can put them there). A's organiser then
reads every staff page of the org app that A's objects have (from the URL conf, as
tests/test_url_access.py builds them): none may show B's person. The household and the
organisation are the ones the pages list, so the cases cover each member listing.
"""

from __future__ import annotations

import pytest

from tests.boundary import discloses_b
from tests.test_url_access import GET_TABLE, personas, urls  # noqa: F401  (the fixtures)
from web.org.models import Household, PartyMembership, Person

#: org pages A's organiser reads (200 in the access table); the export is a workbook of A's data
PAGES = sorted(
    n
    for n, by in GET_TABLE.items()
    if n.startswith("org:") and by["organiser"] == 200 and n not in {"org:export", "org:import_template"}
)


@pytest.fixture
def b_person_among_a(world):  # type: ignore[no-untyped-def]
    """张伟 (of B) lives in A's households and is a member of A's branch."""
    for household in Household.objects.filter(unit__path__startswith=world.community_a.path):
        Person.objects.filter(pk=world.person_b.pk).update(household=household)
    PartyMembership.objects.filter(person=world.person_b).update(org=world.branch_a)
    return world


@pytest.mark.parametrize("name", PAGES)
def test_no_page_of_a_shows_a_member_from_b(b_person_among_a, client_for, urls, name):  # noqa: F811
    w = b_person_among_a
    # the last household of A is the one the pages are built with; put 张伟 in it too
    household = Household.objects.filter(unit__path__startswith=w.community_a.path).order_by("-pk").first()
    Person.objects.filter(pk=w.person_b.pk).update(household=household)
    response = client_for(w.organiser).get(urls[name])
    assert response.status_code == 200
    assert discloses_b(response.content) == []


def test_household_and_organisation_pages_list_the_visible_members(b_person_among_a, client_for):
    w = b_person_among_a
    Person.objects.filter(pk=w.person_b.pk).update(household=w.household_a)
    c = client_for(w.organiser)
    for url in (
        f"/staff/households/{w.household_a.pk}/",
        f"/staff/party/{w.branch_a.pk}/",
        f"/staff/people/{w.person_a.pk}/",
    ):
        page = c.get(url).content.decode()
        assert "王芳" in page and "张伟" not in page, url
    # the street's staff see both communities, so they see him in both lists
    street = client_for(w.street_staff)
    assert "张伟" in street.get(f"/staff/households/{w.household_a.pk}/").content.decode()
    assert "张伟" in street.get(f"/staff/party/{w.branch_a.pk}/").content.decode()


#: searches that would find B's person and B's household, with the filters the lists take (not
#: B's words themselves: the search box shows back what was typed)
SEARCHES = [{"q": "伟"}, {"q": "13800000003"}, {"household": "星路9"}, {"q": "张", "party": "probationary"}]


@pytest.mark.parametrize("name", PAGES)
def test_no_search_or_filter_of_a_page_of_a_finds_a_member_from_b(b_person_among_a, client_for, urls, name):  # noqa: F811
    """The lists' searches (web/common/listing.py) narrow what the page may show; none of them
    reaches 张伟, who is in A's household and branch but registered in B."""
    from tests.boundary import add_b_objects

    add_b_objects(b_person_among_a)
    client = client_for(b_person_among_a.organiser)
    for params in SEARCHES:
        response = client.get(urls[name], params)
        assert response.status_code == 200
        assert discloses_b(response.content) == [], params
