"""The people list's filters, the roster's paging, search and filters, and the unit page's way
to a body's meetings and elections (web/common/listing.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from web.common.listing import PER_PAGE
from web.org.models import BodySeat, PartyMembership, Person
from web.org.testing import _id

TODAY = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


def _names(page: bytes) -> set[str]:
    """The names linked from a page's list."""
    return set(re.findall(r'href="/staff/people/\d+/">([^<]+)</a>', page.decode()))


def _born(world, name: str, birth: dt.date, *, n: int) -> Person:
    return Person.objects.create(
        name=name,
        id_number=_id(f"5101041960{n:07d}"),
        gender="M",
        birth_date=birth,
        unit=world.grid_a2,
        unit_path=world.grid_a2.path,
    )


@pytest.fixture
def ages(world):
    """Four people of A around the age bands' edges on 2026-06-15."""
    _born(world, "少年", dt.date(2008, 6, 16), n=1)  # turns 18 tomorrow: 17
    _born(world, "青年", dt.date(2008, 6, 15), n=2)  # 18 today
    _born(world, "中年", dt.date(1966, 6, 16), n=3)  # 59
    _born(world, "老年", dt.date(1966, 6, 15), n=4)  # 60 today
    return world


@pytest.mark.parametrize(
    ("band", "found"),
    [("0-17", {"少年"}), ("18-35", {"青年"}), ("36-59", {"中年", "王芳", "李强"}), ("60-", {"老年"})],
)
def test_people_by_age_band_on_the_day(ages, client_for, monkeypatch, band, found):
    monkeypatch.setattr("web.common.clock.now", lambda: TODAY)
    page = client_for(ages.organiser).get(f"/staff/units/{ages.community_a.pk}/people/", {"age": band})
    assert _names(page.content) == found


def test_people_by_unit_party_status_and_household(world, client_for):
    c = client_for(world.organiser)
    url = f"/staff/units/{world.community_a.pk}/people/"
    assert _names(c.get(url, {"unit": world.grid_a2.pk}).content) == {"李强"}
    assert _names(c.get(url, {"unit": world.grid_a1.pk}).content) == {"王芳"}
    assert _names(c.get(url, {"party": "member"}).content) == {"王芳"}
    assert _names(c.get(url, {"party": "none"}).content) == {"李强"}
    assert _names(c.get(url, {"party": "probationary"}).content) == set()
    assert _names(c.get(url, {"household": "和平路1号"}).content) == {"王芳"}
    assert _names(c.get(url, {"household": "C1-0001", "q": "李"}).content) == set()
    # the select keeps what was chosen, the page says a filter is on and offers to clear it
    page = c.get(url, {"party": "none"}).content.decode()
    assert '<option value="none" selected>' in page and "清除条件" in page


def test_a_unit_outside_the_choices_is_ignored_and_shows_nothing_of_b(world, client_for):
    page = client_for(world.organiser).get(f"/staff/units/{world.community_a.pk}/people/", {"unit": world.grid_b1.pk})
    assert _names(page.content) == {"王芳", "李强"}
    assert "红星" not in page.content.decode()


def test_a_household_of_b_is_not_searchable_from_a(world, client_for):
    """李强 (of A) lives in B's household: A's organiser cannot find him by its address, which
    would read B's address back; B's household is B's to see."""
    from tests.boundary import add_b_objects

    add_b_objects(world)
    Person.objects.filter(pk=world.person_a2.pk).update(household=world.household_b)
    url = f"/staff/units/{world.community_a.pk}/people/"
    assert _names(client_for(world.organiser).get(url, {"household": "红星路"}).content) == set()
    street = client_for(world.street_staff).get(url, {"household": "红星路"})
    assert _names(street.content) == {"李强"}


@pytest.fixture
def big_roster(world):
    """A's body with 2½ pages of members, 张三0…张三119, besides 王芳."""
    people = Person.objects.bulk_create(
        Person(
            name=f"张三{i}",
            id_number=_id(f"5101041970{i:07d}"),
            gender="M",
            birth_date=dt.date(1970, 1, 1),
            unit=world.grid_a2,
            unit_path=world.grid_a2.path,
        )
        for i in range(120)
    )
    BodySeat.objects.bulk_create(
        BodySeat(body=world.body_a, person=p, post="representative" if i % 10 == 0 else "member")
        for i, p in enumerate(people)
    )
    PartyMembership.objects.bulk_create(
        PartyMembership(person=p, org=world.branch_a, status="probationary") for p in people[:5]
    )
    return world


def test_the_roster_is_paged_with_its_total(big_roster, client_for):
    c = client_for(big_roster.organiser)
    url = f"/staff/bodies/{big_roster.body_a.pk}/"
    first = c.get(url)
    assert len(_names(first.content)) == PER_PAGE and "名册共 121 人" in first.content.decode()
    assert "page=2" in first.content.decode()
    last = c.get(url, {"page": 3})
    assert len(_names(last.content)) == 121 - 2 * PER_PAGE and "page=2" in last.content.decode()


def test_the_roster_is_searched_and_filtered_and_the_page_links_keep_them(big_roster, client_for):
    c = client_for(big_roster.organiser)
    url = f"/staff/bodies/{big_roster.body_a.pk}/"
    assert _names(c.get(url, {"q": "张三11"}).content) == {"张三11"} | {f"张三11{i}" for i in range(10)}
    representatives = c.get(url, {"post": "representative"})
    assert _names(representatives.content) == {f"张三{i}" for i in range(0, 120, 10)}
    assert _names(c.get(url, {"party": "probationary"}).content) == {f"张三{i}" for i in range(5)}
    assert _names(c.get(url, {"party": "full", "post": "member"}).content) == {"王芳"}
    paged = c.get(url, {"q": "张三"}).content.decode()
    assert "?q=%E5%BC%A0%E4%B8%89&amp;page=2" in paged


def test_the_roster_search_reads_id_numbers_as_the_people_list_does(big_roster, client_for):
    """Ends of ID numbers are searched only by those who see the numbers whole (managers)."""
    url = f"/staff/bodies/{big_roster.body_a.pk}/"
    tail = Person.objects.get(name="张三7").id_number[-4:]
    assert "张三7" in _names(client_for(big_roster.organiser).get(url, {"q": tail}).content)
    assert _names(client_for(big_roster.member).get(url, {"q": tail}).content) == set()


def test_htmx_asks_the_same_page_and_swaps_only_the_results(big_roster, client_for):
    page = client_for(big_roster.organiser).get(f"/staff/bodies/{big_roster.body_a.pk}/").content.decode()
    assert 'hx-select="#results"' in page and 'id="results"' in page
    assert 'method="get"' in page and 'name="q"' in page  # works without JavaScript


def test_the_unit_page_links_each_body_s_meetings_and_elections(world, client_for):
    page = client_for(world.member).get(f"/staff/units/{world.community_a.pk}/").content.decode()
    assert f'href="/staff/bodies/{world.body_a.pk}/meetings/"' in page
    assert f'href="/staff/bodies/{world.body_a.pk}/elections/"' in page
    assert f'href="/staff/units/{world.community_a.pk}/matters/"' in page


def test_a_party_organisation_s_members_are_paged_searched_and_filtered(big_roster, client_for):
    PartyMembership.objects.bulk_create(
        PartyMembership(person=p, org=big_roster.branch_a, status="full", is_floating=p.name.endswith("9"))
        for p in Person.objects.filter(name__startswith="张三", membership__isnull=True)
    )
    c = client_for(big_roster.organiser)
    url = f"/staff/party/{big_roster.branch_a.pk}/"
    assert len(_names(c.get(url).content)) == PER_PAGE
    assert _names(c.get(url, {"status": "probationary"}).content) == {f"张三{i}" for i in range(5)}
    assert _names(c.get(url, {"status": "floating"}).content) == {f"张三{i}" for i in range(9, 120, 10)}
    assert _names(c.get(url, {"q": "王"}).content) == {"王芳"}
    assert "page=2" in c.get(url, {"status": "full"}).content.decode()
