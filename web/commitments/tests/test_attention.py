"""The commitments' part of the home page: overdue items and this quarter's progress not yet
reported, for the owner and the unit's staff, gone once reported or completed."""

from __future__ import annotations

import pytest

from web.commitments.tests.helpers import add_item, create_year, post_progress
from web.common.testing import home_sections


@pytest.fixture
def adopted(world, client_for, clock, meeting):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    road = add_item(org, year, item="硬化村口道路", owner=world.person_a2, deadline="2026-06-30")
    lights = add_item(org, year, item="安装路灯 40 盏", owner=world.person_a, deadline="2026-11-30", budget="36000")
    assert org.post(f"/staff/commitments/years/{year.pk}/adopt", {"meeting": meeting.pk}).status_code == 302
    return org, road, lights


def test_this_quarters_progress_is_due_for_the_owner_and_the_staff_until_reported(
    adopted, world, client_for, owner_user
):
    org, road, lights = adopted
    found = home_sections(org)[0]["commitments"]
    assert found.total == 2 and {i.url for i in found.items} == {
        f"/staff/commitments/{road.pk}/progress",
        f"/staff/commitments/{lights.pk}/progress",
    }
    owner = client_for(owner_user)
    [item] = home_sections(owner)[0]["commitments"].items
    assert item.text == "硬化村口道路：第 1 季度进展待报送（2026-03-31 前）" and not item.late
    assert owner.get(item.url).status_code == 200 and org.get(item.url).status_code == 200
    assert home_sections(client_for(world.street_staff))[0]["commitments"].total == 2
    for persona in ("member", "observer", "outsider"):
        assert "commitments" not in home_sections(client_for(getattr(world, persona)))[0], persona

    assert post_progress(owner, road, 1, 30).status_code == 302
    assert "commitments" not in home_sections(owner)[0]
    assert home_sections(org)[0]["commitments"].total == 1


def test_an_overdue_item_stays_late_until_it_is_completed(adopted, clock, client_for, owner_user):
    org, road, _lights = adopted
    clock.set("2026-07-01")
    owner = client_for(owner_user)
    found, page = home_sections(owner)
    [item] = found["commitments"].items
    assert item.late and item.text == "硬化村口道路：完成时限 2026-06-30 已过，尚未完成" and "已逾期" in page
    [first, second] = home_sections(org)[0]["commitments"].items  # the overdue first
    assert first.late and not second.late and "安装路灯" in second.text
    assert post_progress(owner, road, 3, 80).status_code == 302
    [item] = home_sections(owner)[0]["commitments"].items  # reported, still not done
    assert item.late
    assert post_progress(owner, road, 3, 100).status_code == 302
    assert "commitments" not in home_sections(owner)[0]
