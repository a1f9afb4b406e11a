"""The public board's front door: the two entries (vote, check a receipt), the units as a tree
opened one level at a time, and a search by name that says where each unit sits."""

from __future__ import annotations

from django.urls import reverse

from web.org.actions import place_unit
from web.org.models import Unit
from web.portal import queries


def _streets(parent: Unit, n: int) -> None:
    for i in range(n):
        unit = Unit.objects.create(code=f"S9{i:03d}", name=f"新区街道{i:03d}", kind="street", parent=parent, path="")
        place_unit(unit)
        unit.save(update_fields=["path", "depth"])


def test_the_home_has_the_two_entries(db, client):
    page = client.get(reverse("portal:index")).content.decode()
    for url, words in ((reverse("vote:enter"), "投票"), (reverse("portal:check"), "核对回执")):
        assert f'<a class="entry" href="{url}"><b>{words}</b>' in page


def test_the_tree_shows_the_top_open_and_each_lower_level_behind_its_node(world, client):
    page = client.get(reverse("portal:index")).content.decode()
    assert ">锦江区</a>" in page and ">春熙街道</a>" in page
    assert "和平社区" not in page  # the street's communities are read when its node opens
    assert f'hx-get="{reverse("portal:tree_children", args=[world.street.code])}"' in page
    opens = f'href="{reverse("portal:index")}?open={world.street.code}#u-{world.street.code}"'
    assert opens in page  # without JavaScript: the page again, the street's level open
    level = client.get(reverse("portal:tree_children", args=[world.street.code])).content.decode()
    assert ">和平社区</a>" in level and ">红星社区</a>" in level
    assert "网格" not in level  # grids are not on the public board
    assert "<html" not in level


def test_a_long_level_is_paged(world, client):
    _streets(world.district, queries.CHILDREN_PER_PAGE + 5)
    home = client.get(reverse("portal:index")).content.decode()
    assert "新区街道000" in home and f"新区街道{queries.CHILDREN_PER_PAGE:03d}" not in home
    more = reverse("portal:tree_children", args=[world.district.code]) + "?page=2"
    assert f'hx-get="{more}"' in home
    rest = client.get(more).content.decode()
    assert f"新区街道{queries.CHILDREN_PER_PAGE + 4:03d}" in rest and "新区街道000" not in rest


def test_search_finds_units_by_name_and_says_where_they_are(world, client):
    page = client.get(reverse("portal:index"), {"q": "红星"}).content.decode()
    assert f'href="{reverse("portal:unit", args=[world.community_b.code])}"' in page
    assert "锦江区 › 春熙街道" in page and "找到 1 个单位" in page
    assert "和平社区" not in page and "红星社区第一网格" not in page  # grids are not public


def test_a_search_that_finds_nothing_says_so(world, client):
    page = client.get(reverse("portal:index"), {"q": "不存在的村"}).content.decode()
    assert "没有找到这个名称的单位" in page


def test_a_long_search_result_is_paged(world, client):
    _streets(world.district, 25)
    first = client.get(reverse("portal:index"), {"q": "新区"}).content.decode()
    assert "找到 25 个单位" in first and "新区街道019" in first and "新区街道020" not in first
    second = client.get(reverse("portal:index"), {"q": "新区", "page": "2"}).content.decode()
    assert "新区街道024" in second and "新区街道000" not in second


def test_an_unknown_or_hidden_unit_has_no_tree_level(world, client):
    assert client.get(reverse("portal:tree_children", args=["NOPE"])).status_code == 404
    assert client.get(reverse("portal:tree_children", args=[world.grid_a1.code])).status_code == 404


def test_a_search_costs_the_same_for_one_unit_found_and_for_twenty(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _streets(world.district, 25)
    costs = []
    for q in ("红星", "新区"):
        with CaptureQueriesContext(connection) as queries_run:
            assert client.get(reverse("portal:index"), {"q": q}).status_code == 200
        costs.append(len(queries_run.captured_queries))
    assert costs[0] == costs[1] <= 3  # counted, a page, the units above them


def test_the_tree_opens_down_to_a_chosen_unit_without_javascript(world, client):
    page = client.get(reverse("portal:index"), {"open": world.community_b.code}).content.decode()
    chosen = f'<a href="{reverse("portal:unit", args=[world.community_b.code])}" aria-current="location">红星社区</a>'
    assert chosen in page and 'class="tree-node chosen"' in page
    street = page.split(f'id="u-{world.street.code}"')[1]
    assert street.split("</summary>")[0].startswith(">") and "<details open>" in street.split("</summary>")[0]
    assert ">和平社区</a>" in street and ">红星社区</a>" in street  # the street's level, open
    assert "网格" not in page  # grids stay off the public board, even under the chosen unit
    plain = client.get(reverse("portal:index")).content.decode()
    assert "和平社区" not in plain and "aria-current" not in plain


def test_an_unknown_or_hidden_unit_to_open_is_ignored(world, client):
    for code in ("NOPE", world.grid_a1.code, "", "{'x'"):
        response = client.get(reverse("portal:index"), {"open": code})
        page = response.content.decode()
        assert response.status_code == 200 and "和平社区" not in page and "aria-current" not in page


def test_a_chosen_unit_past_its_levels_first_page_is_shown(world, client):
    _streets(world.district, queries.CHILDREN_PER_PAGE + 5)
    last = Unit.objects.get(code=f"S9{queries.CHILDREN_PER_PAGE + 4:03d}")
    page = client.get(reverse("portal:index"), {"open": last.code}).content.decode()
    assert f">新区街道{queries.CHILDREN_PER_PAGE + 4:03d}</a>" in page and 'aria-current="location"' in page
    assert f">新区街道{queries.CHILDREN_PER_PAGE:03d}</a>" not in page  # the rest of the level stays behind "more"


def test_opening_a_deep_unit_costs_three_queries(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for unit in (world.district, world.street, world.community_a):
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("portal:index"), {"open": unit.code}).status_code == 200
        assert len(seen.captured_queries) == 3  # the unit, the top units, the children of the open path
