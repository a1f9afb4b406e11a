"""No list page is over 150 KB at demo scale.

The demo is seeded at the tests' scale (``--scale 0.05``), whose township is seeded whole at
every scale: 7,000 people, 558 party members and a members' meeting of about 500 with its
election. Its roster, its meeting and its polls are the largest lists a village's or a
township's staff open, the ones that were 694 KB–1.1 MB at full scale before they were paged.
Every page of every list kind is read as the district's staff, who see and manage all of it
(the largest variant of each page: every management form shown).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.crawl import seeded_demo
from web.commitments.queries import COMMITTING_KINDS
from web.common.listing import PER_PAGE
from web.deliberation.models import Matter
from web.elections.models import Election
from web.meetings.models import Meeting, Poll
from web.org.models import Body, PartyOrg, Unit
from web.studios.models import Studio

LIMIT = 150 * 1024


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    yield from seeded_demo(django_db_blocker, tmp_path_factory)


@pytest.fixture
def staff(_seeded, db) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(get_user_model().objects.get(username="district"))
    return client


def _list_pages() -> dict[str, list[str]]:
    areas = Unit.objects.exclude(kind__in=[Unit.Kind.GRID, Unit.Kind.BUILDING])
    return {
        "roster": [reverse("org:body", args=[b.pk]) for b in Body.objects.all()],
        "body meetings": [reverse("meetings:body_meetings", args=[b.pk]) for b in Body.objects.all()],
        "meeting": [reverse("meetings:meeting", args=[m.pk]) for m in Meeting.objects.all()],
        "check-in": [reverse("meetings:check_in", args=[m.pk]) + "?q=王" for m in Meeting.objects.filter(state="open")],
        "poll": [reverse("meetings:poll", args=[p.pk]) for p in Poll.objects.all()],
        "people": [reverse("org:people", args=[u.pk]) for u in areas],
        "party members": [reverse("org:party_org", args=[o.pk]) for o in PartyOrg.objects.all()],
        "matters": [reverse("deliberation:unit_matters", args=[u.pk]) for u in areas],
        "elections": [reverse("elections:body_elections", args=[b.pk]) for b in Body.objects.all()],
        "election": [reverse("elections:election", args=[e.pk]) for e in Election.objects.all()],
        "overview": [reverse("overview:unit", args=[u.pk]) for u in areas.exclude(kind__in=COMMITTING_KINDS)],
        "audit trail": [reverse("org:audit", args=["unit", u.pk]) for u in areas],
        "notifications": [reverse("notify:inbox")],
        "studios": [reverse("studios:list"), reverse("studio_board:index")],
        "studio": [reverse("studios:studio", args=[s.pk]) for s in Studio.objects.all()],
        "studio sessions": [reverse("studios:sessions", args=[s.pk]) for s in Studio.objects.all()],
        "studio on the board": [reverse("studio_board:studio", args=[s.pk]) for s in Studio.objects.all()],
    }


def test_the_demo_has_lists_long_enough_to_need_paging(_seeded, db) -> None:  # type: ignore[no-untyped-def]
    """Otherwise the size test below would prove nothing."""
    largest_roster = max(Body.objects.all(), key=lambda b: b.seats.count())
    assert largest_roster.seats.count() > 8 * PER_PAGE
    largest_meeting = max(Meeting.objects.all(), key=lambda m: m.attendees.count())
    assert largest_meeting.attendees.count() > 8 * PER_PAGE
    assert Matter.objects.exists()


def test_no_list_page_is_over_150_kb(staff: Client) -> None:
    pages = _list_pages()
    assert all(pages.values()), pages
    sizes = {}
    for kind, urls in pages.items():
        for url in urls:
            response = staff.get(url)
            assert response.status_code == 200, url
            sizes[url] = (kind, len(response.content))
    too_large = {url: size for url, size in sizes.items() if size[1] > LIMIT}
    assert too_large == {}


def test_a_later_page_and_a_search_of_the_largest_roster_stay_small(staff: Client) -> None:
    body = max(Body.objects.all(), key=lambda b: b.seats.count())
    url = reverse("org:body", args=[body.pk])
    last = staff.get(url, {"page": "9999"})  # past the end: the last page
    assert last.status_code == 200 and len(last.content) < LIMIT
    assert "上一页" in last.content.decode()
    searched = staff.get(url, {"q": "王", "party": "full"})
    assert searched.status_code == 200 and len(searched.content) < LIMIT
