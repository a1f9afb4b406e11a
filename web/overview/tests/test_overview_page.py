"""The street overview through the test client: the figures per community with their
denominators, the roll-up of the subtree, sorting, filters, search, paging and who may see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from web.overview import views
from web.overview.tests.helpers import (
    body_of,
    commitments_of,
    community,
    full_community,
    matter_in,
    meeting_of,
    running_election,
    survey_of,
)


def _page(client, unit, **params):
    response = client.get(f"/staff/units/{unit.pk}/overview/", params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def _names(response):
    return [r.name for r in response.context["page"].object_list]


@pytest.fixture
def street(world):
    """Community A: 3 commitments (1 done, 1 overdue, 1 on track), a matter in a grid, a running
    election, last survey 2025 at 50% (flagged). Community B: 2 on track, a survey at 80%."""
    commitments_of(world, world.community_a, done=1, overdue=1, on_track=1)
    matter_in(world, world.grid_a1, "修建网格步道")
    matter_in(world, world.street, "街道办公用房维修")
    running_election(world, world.body_a)
    meeting_of(world, world.body_a, day=dt.date(2026, 5, 1))
    survey_of(world, world.community_a, year=2025, satisfied=10, basic=10, unsatisfied=20)
    commitments_of(world, world.community_b, done=0, overdue=0, on_track=2)
    survey_of(world, world.community_b, year=2025, satisfied=30, basic=10, unsatisfied=10)
    return world.street


def test_each_community_shows_its_figures_with_their_denominators(world, street, client_for):
    page = _page(client_for(world.street_staff), street).content.decode()
    assert "1/3（33%）" in page  # done, and overdue, of community A's three
    assert "2/2（100%）" in page  # community B's two on track
    assert "20/40（50.00%）" in page  # the engine's rate for A's committees
    assert "40/50（80.00%）" in page
    assert "满意率低于 60%" in page and "有逾期承诺" in page
    assert "信息收集" in page or "报名" in page  # the election's active stage, by its kind's name


def test_matters_roll_up_the_subtree_and_the_total_includes_the_street(world, street, client_for):
    response = _page(client_for(world.street_staff), street)
    rows = {r.name: r for r in response.context["page"].object_list}
    assert rows["和平社区"].matters == 1  # the grid's matter counts for its community
    assert rows["红星社区"].matters == 0
    assert response.context["data"].total.matters == 2  # and the street's own


def test_the_running_election_shows_what_blocks_its_stage(world, street, client_for):
    response = _page(client_for(world.street_staff), street)
    a = next(r for r in response.context["page"].object_list if r.name == "和平社区")
    assert a.election is not None and a.election.position == 1
    assert a.election.blockers  # the nomination stage has no candidates yet
    assert a.election.blockers[0] in response.content.decode()


def test_sorting_by_a_column_and_back(world, street, client_for):
    client = client_for(world.street_staff)
    assert _names(_page(client, street, sort="-overdue")) == ["和平社区", "红星社区"]
    assert _names(_page(client, street, sort="overdue")) == ["红星社区", "和平社区"]
    assert _names(_page(client, street, sort="satisfaction")) == ["和平社区", "红星社区"]
    assert _names(_page(client, street, sort="-satisfaction")) == ["红星社区", "和平社区"]
    headers = {h.key: h for h in _page(client, street, sort="overdue").context["headers"]}
    assert headers["overdue"].sorted == "ascending" and headers["overdue"].query == "sort=-overdue"


def test_an_unknown_sort_or_kind_is_read_as_the_default(world, street, client_for):
    assert _names(_page(client_for(world.street_staff), street, sort="{'x'", kind="palace")) == ["和平社区", "红星社区"]


def test_filters_and_search(world, street, client_for):
    client = client_for(world.street_staff)
    community(world, 7, kind="village")
    assert _names(_page(client, street, problems="1")) == ["和平社区"]
    assert _names(_page(client, street, kind="village")) == ["第7村"]
    assert _names(_page(client, street, q="红星")) == ["红星社区"]
    assert "没有符合条件的村、社区。" in _page(client, street, q="不存在").content.decode()


def test_the_list_is_paged_keeping_the_choice(world, client_for, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    for n in range(3):
        community(world, n)
    client = client_for(world.street_staff)
    first = _page(client, world.street, sort="-name")
    assert len(first.context["page"].object_list) == 2
    assert "sort=-name&amp;page=2" in first.content.decode()
    assert len(_page(client, world.street, sort="-name", page=3).context["page"].object_list) == 1


def test_an_outsider_gets_404_and_a_community_organiser_sees_only_their_subtree(world, street, client_for):
    assert client_for(world.outsider).get(f"/staff/units/{street.pk}/overview/").status_code == 404
    assert client_for(world.organiser).get(f"/staff/units/{street.pk}/overview/").status_code == 404
    assert client_for(None).get(f"/staff/units/{street.pk}/overview/").status_code == 302
    own = _page(client_for(world.organiser), world.community_a)
    assert _names(own) == ["和平社区"]
    assert own.context["data"].total.commitments == 3  # nothing of community B


def test_the_unit_page_of_a_street_and_the_home_page_link_to_it(world, client_for):
    client = client_for(world.street_staff)
    url = f"/staff/units/{world.street.pk}/overview/"
    assert url in client.get(f"/staff/units/{world.street.pk}/").content.decode()
    assert url in client.get("/staff/").content.decode()
    assert "/overview/" not in client.get(f"/staff/units/{world.community_a.pk}/").content.decode()


def _queries(client, unit):
    with CaptureQueriesContext(connection) as seen:
        _page(client, unit)
    return len(seen)


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_communities(world, client_for, monkeypatch):
    """Every community has every figure and a running election; a page shows two of them."""
    monkeypatch.setattr(views, "PER_PAGE", 2)
    client = client_for(world.street_staff)
    for n in range(2):
        full_community(world, n)
    few = _queries(client, world.street)
    for n in range(2, 6):
        full_community(world, n)
    assert _queries(client, world.street) == few


def test_the_overview_reads_themselves_take_six_queries(world, django_assert_num_queries):
    from web.overview import queries

    for n in range(3):
        full_community(world, n)
    body_of(world.community_b)
    # the user's viewing paths, then one query per kind of figure, and whether a party congress covers the street
    with django_assert_num_queries(8):
        data = queries.overview(world.street, world.street_staff, today=dt.date(2026, 10, 15))
    assert len(data.rows) == 5


def test_a_past_year_counts_its_commitments_and_its_survey(world, street, client_for):
    client = client_for(world.street_staff)
    survey_of(world, world.community_a, year=2024, satisfied=30, basic=0, unsatisfied=0)
    now = {r.name: r for r in _page(client, street).context["page"].object_list}
    assert now["和平社区"].commitments == 3 and now["和平社区"].satisfaction.year == 2025
    page = _page(client, street, year="2024")
    assert page.context["data"].year == 2024 and page.context["choice"].year == 2024
    then = {r.name: r for r in page.context["page"].object_list}
    assert then["和平社区"].commitments == 1  # the surveyed year's one commitment, not 2026's three
    assert then["和平社区"].satisfaction.year == 2024  # the last survey up to 2024, not 2025's
    assert then["红星社区"].satisfaction is None  # its only survey is of 2025
    text = page.content.decode()
    assert '<option value="2024" selected>2024 年</option>' in text and '<option value="">2026 年</option>' in text
    assert '<option value="2025">2025 年</option>' in text
    assert f'href="/staff/units/{street.pk}/overview.xlsx?year=2024"' in text
    assert 'href="?year=2024&amp;sort=-name"' in text  # a column's sort keeps the year


def test_a_year_that_is_not_one_is_read_as_this_year(world, street, client_for):
    client = client_for(world.street_staff)
    for bad in ("{'x'", "20255", "１９９９", "1999", "-2025"):
        assert _page(client, street, year=bad).context["data"].year == 2026


def test_on_a_phone_each_community_is_a_card_with_named_figures_and_a_sort_select(world, street, client_for):
    text = _page(client_for(world.street_staff), street).content.decode()
    assert '<table class="list stack" id="overview">' in text
    for label in ("承诺已完成", "承诺推进中", "承诺已逾期", "会议已召开", "最近满意率", "选举阶段", "议事中的事项"):
        assert f'data-label="{label}"' in text
    assert '<select id="sort" name="sort">' in text and '<option value="-overdue">按承诺已逾期 ↓排序</option>' in text
