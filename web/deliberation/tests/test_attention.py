"""The deliberation's part of the home page: the matters whose current step waits on a unit one
manages, with what the step still needs, late once its meeting's day has passed uncounted."""

from __future__ import annotations

from web.common.testing import home_sections
from web.deliberation.tests.helpers import hold, hold_and_vote, propose


def test_a_matters_step_is_on_its_managers_home_and_late_once_its_meeting_day_passed(
    world, village, staff, clock, client_for
):
    matter = propose(staff, world)
    found, _page = home_sections(staff)
    [item] = found["matters"].items
    assert found["matters"].total == 1 and item.url == f"/staff/matters/{matter.pk}/"
    assert "修建村道 · 党支部提议：尚未召开本环节的会议。" == item.text and not item.late
    assert staff.get(item.url).status_code == 200

    street = client_for(world.street_staff)
    assert home_sections(street)[0]["matters"].total == 1 and street.get(item.url).status_code == 200
    for persona in ("member", "observer", "outsider"):
        assert "matters" not in home_sections(client_for(getattr(world, persona)))[0], persona

    hold(staff, matter, village.committee)  # its meeting is set for 2026-03-10
    [item] = home_sections(staff)[0]["matters"].items
    assert "本环节的表决尚未结束计票。" in item.text and not item.late
    clock.move(days=9)  # 2026-03-11: the meeting's day has passed, the vote is not counted
    [item] = home_sections(staff)[0]["matters"].items
    assert item.late and "已逾期" in home_sections(staff)[1]


def test_a_matter_that_ends_leaves_the_home(world, village, staff, phone, clock):
    matter = propose(staff, world)
    assert home_sections(staff)[0]["matters"].total == 1
    hold_and_vote(staff, phone, matter, village.committee, present=3, yes=0, no=3)  # rejected: the matter ends
    matter.refresh_from_db()
    assert matter.state == "rejected"
    assert "matters" not in home_sections(staff)[0]


def test_a_concluded_step_gives_way_to_the_next_and_the_count_is_exact(world, village, staff, phone, clock):
    first = propose(staff, world, title="修建村道")
    propose(staff, world, title="集体收益分配方案", kind="collective_income")
    hold_and_vote(staff, phone, first, village.committee, present=3, yes=3)
    found = home_sections(staff)[0]["matters"]
    assert found.total == 2
    assert [i.text.split("：")[0] for i in found.items] == [
        "修建村道 · “两委”联席会议商议",
        "集体收益分配方案 · 党支部提议",
    ]
