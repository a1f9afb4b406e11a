"""A body's elections and an election's nominations are the common listing: paged 50 at a time
with links that keep the search, searchable, and filtered by where each stands."""

from __future__ import annotations

import re

from django.utils import timezone

from web.elections.models import Election, Nomination
from web.meetings.testing import add_members


def _elections(world, n: int) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    Election.objects.bulk_create(
        Election(
            body=world.body_a,
            title=f"第{i}届支部委员会选举",
            template="party_branch",
            state=Election.State.DONE if i % 10 == 0 else Election.State.DRAFT,
            created_by=world.organiser,
            created_at=now,
        )
        for i in range(1, n + 1)
    )


def _titles(page: str) -> list[str]:
    return re.findall(r'<a href="/staff/elections/\d+/">([^<]+)</a>', page)


def test_a_bodys_elections_are_paged_searchable_and_filtered_by_state(world, client_for):
    _elections(world, 55)
    c = client_for(world.organiser)
    url = f"/staff/bodies/{world.body_a.pk}/elections/"
    first = c.get(url).content.decode()
    assert len(_titles(first)) == 50 and 'href="?page=2"' in first
    assert len(_titles(c.get(url, {"page": "2"}).content.decode())) == 5
    assert _titles(c.get(url, {"q": "第42届"}).content.decode()) == ["第42届支部委员会选举"]
    done = _titles(c.get(url, {"state": "done"}).content.decode())
    assert sorted(done) == sorted(f"第{i}届支部委员会选举" for i in (10, 20, 30, 40, 50))
    assert "没有符合条件的选举" in c.get(url, {"q": "不存在"}).content.decode()


def test_an_elections_nominations_are_paged_searchable_and_filtered(world, client_for):
    _elections(world, 1)
    election = Election.objects.get()
    people = add_members(world, 60)
    Nomination.objects.bulk_create(
        Nomination(
            election=election,
            person=p,
            channel=Nomination.Channel.SELF if i % 2 else Nomination.Channel.JOINT,
            status=Nomination.Status.ELIGIBLE if i < 3 else Nomination.Status.REGISTERED,
            created_at=timezone.now(),
        )
        for i, p in enumerate(people)
    )
    c = client_for(world.organiser)
    url = election.get_absolute_url()
    first = c.get(url).content.decode()
    table = first.split('id="nom_results"')[1]
    assert table.count("<tr><td>") == 50 and "nom_page=2" in table
    second = c.get(url, {"nom_page": "2"}).content.decode().split('id="nom_results"')[1]
    assert second.count("<tr><td>") == 10
    found = c.get(url, {"nom_q": people[50].name}).content.decode().split('id="nom_results"')[1]
    assert found.count("<tr><td>") == 1 and people[50].name in found
    eligible = c.get(url, {"nom_status": "eligible"}).content.decode().split('id="nom_results"')[1]
    assert eligible.count("<tr><td>") == 3
    joint = c.get(url, {"nom_channel": "joint", "nom_status": "eligible"}).content.decode()
    assert joint.split('id="nom_results"')[1].count("<tr><td>") == 2  # the 0th and the 2nd
