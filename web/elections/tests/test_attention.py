"""The elections' part of the home page: each election not finished in the units one manages,
with what blocks its next stage in words; nobody else sees it."""

from __future__ import annotations

from web.common.testing import home_sections
from web.elections.models import Election
from web.elections.tests.helpers import create, messages_of, step


def test_an_elections_blocker_is_on_its_managers_home_until_it_is_done(world, client_for, clock):
    org = client_for(world.organiser)
    election = create(org, world.body_a.pk, "open_nomination")
    found, _page = home_sections(org)
    [item] = found["elections"].items
    assert found["elections"].total == 1 and "尚未开始" in item.text and item.url == f"/staff/elections/{election.pk}/"
    assert org.get(item.url).status_code == 200

    assert org.post(f"/staff/elections/{election.pk}/start").status_code == 302
    [item] = home_sections(org)[0]["elections"].items
    assert "报名" in item.text and "尚无人报名。" in item.text and "{" not in item.text
    r = step(org, election, "nomination", "nominate", {"id_number": world.person_a.id_number, "channel": "self"})
    assert "报名已登记。" in messages_of(r)
    [item] = home_sections(org)[0]["elections"].items
    assert "可以完成本阶段" in item.text

    street = client_for(world.street_staff)
    assert home_sections(street)[0]["elections"].total == 1
    assert street.get(item.url).status_code == 200
    for persona in ("member", "observer", "outsider"):
        assert "elections" not in home_sections(client_for(getattr(world, persona)))[0], persona

    Election.objects.filter(pk=election.pk).update(state=Election.State.DONE)
    assert "elections" not in home_sections(org)[0]


def test_the_count_is_exact_and_only_the_first_are_listed(world, client_for, clock, settings):
    org = client_for(world.organiser)
    for i in range(10):
        create(org, world.body_a.pk, "open_nomination", title=f"第{i}次选举")
    found = home_sections(org)[0]["elections"]
    assert found.total == 10 and len(found.items) == 8
    assert [i.text.split("：")[0] for i in found.items] == [f"第{i}次选举" for i in range(8)]
