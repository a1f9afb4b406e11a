"""A unit's matters: searched by title, filtered by the step in progress and by state, paged."""

from __future__ import annotations

from web.common.listing import PER_PAGE
from web.deliberation.models import Matter
from web.deliberation.tests.helpers import hold_and_vote, propose


def _results(client, world, **params) -> str:
    page = client.get(f"/staff/units/{world.community_a.pk}/matters/", params).content.decode()
    return page[page.index('id="results"') : page.index("</table>", page.index('id="results"'))]


def test_matters_by_title_and_by_the_step_in_progress(world, village, staff, phone, clock):
    road = propose(staff, world, title="修建村道")
    propose(staff, world, title="集体林地流转")
    hold_and_vote(staff, phone, road, village.committee, present=3, yes=2, no=1)
    assert road.current_step.kind == "joint_committees"
    listed = _results(staff, world)
    assert "修建村道" in listed and "集体林地流转" in listed and "“两委”" in listed
    assert "修建村道" not in _results(staff, world, q="林地")
    at_joint = _results(staff, world, step="joint_committees")
    assert "修建村道" in at_joint and "集体林地流转" not in at_joint
    at_proposal = _results(staff, world, step="proposal")
    assert "集体林地流转" in at_proposal and "修建村道" not in at_proposal
    assert "没有符合条件的事项" in _results(staff, world, state="decided")
    assert "修建村道" in _results(staff, world, state="in_progress", step="joint_committees")


def test_matters_are_paged(world, staff, clock):
    for i in range(PER_PAGE + 3):
        propose(staff, world, title=f"事项{i:03d}")
    assert Matter.objects.count() == PER_PAGE + 3
    first, second = _results(staff, world), _results(staff, world, page=2)
    assert "事项052" in first and "事项002" not in first  # newest first
    assert "事项002" in second and "事项052" not in second


def test_an_outsider_cannot_list_or_search_the_unit_s_matters(world, village, staff, client_for, clock):
    propose(staff, world)
    response = client_for(world.outsider).get(f"/staff/units/{world.community_a.pk}/matters/", {"q": "村道"})
    assert response.status_code == 404
