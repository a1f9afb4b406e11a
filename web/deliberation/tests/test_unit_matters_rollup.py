"""A street's 议事事项 rolls up its communities' matters, each row naming its unit; a
community's list holds only its own subtree."""

from __future__ import annotations

from web.deliberation import actions


def _propose(world, unit, title):
    return actions.do_propose_matter(
        unit=unit, title=title, kind="project", chain="four_deliberations", acting_user=world.street_staff
    )


def test_the_street_list_includes_its_communities_matters_with_their_unit(world, client_for):
    _propose(world, world.community_a, "修建村道")
    _propose(world, world.community_b, "改造红星广场")
    _propose(world, world.street, "街道办公用房维修")
    page = client_for(world.street_staff).get(f"/staff/units/{world.street.pk}/matters/").content.decode()
    assert "修建村道" in page and "改造红星广场" in page and "街道办公用房维修" in page
    assert "和平社区" in page and "红星社区" in page
    assert "本级" in page  # the street's own matter


def test_a_community_list_holds_only_its_own_subtree(world, client_for):
    _propose(world, world.community_a, "修建村道")
    _propose(world, world.community_b, "改造红星广场")
    _propose(world, world.street, "街道办公用房维修")
    page = client_for(world.organiser).get(f"/staff/units/{world.community_a.pk}/matters/").content.decode()
    assert "修建村道" in page
    assert "改造红星广场" not in page and "街道办公用房维修" not in page
    assert client_for(world.organiser).get(f"/staff/units/{world.street.pk}/matters/").status_code == 404
