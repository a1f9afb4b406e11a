"""An object's audit trail is the common listing: paged 50 at a time with links that keep the
search, searched by who acted or the reason given, and filtered by the actions it holds."""

from __future__ import annotations

import re

from django.db import transaction

from web.audit.actions import record_many
from web.audit.names import Action


def _trail(world) -> None:  # type: ignore[no-untyped-def]
    entries = [
        {
            "actor": world.organiser,
            "action": Action.UNIT_UPDATE,
            "obj": world.community_a,
            "changes": {"name": [f"旧{n}", f"新{n}"]},
        }
        for n in range(55)
    ]
    entries.append(
        {
            "actor": world.street_staff,
            "action": Action.ROSTER_IMPORT,
            "obj": world.community_a,
            "reason": "年度名册核对",
        }
    )
    with transaction.atomic():
        record_many(entries)


def _rows(response) -> list[str]:  # type: ignore[no-untyped-def]
    page = response.content.decode()
    assert response.status_code == 200
    return re.findall(r'<span class="muted small">#(\d+)</span>', page)


def test_a_trail_is_paged_searched_and_filtered_by_its_actions(world, client_for):
    _trail(world)
    c = client_for(world.organiser)
    url = f"/staff/audit/unit/{world.community_a.pk}/"
    first = c.get(url)
    assert len(_rows(first)) == 50 and 'href="?page=2"' in first.content.decode()
    assert len(_rows(c.get(url, {"page": "2"}))) == 6
    assert len(_rows(c.get(url, {"q": "street_staff"}))) == 1  # who acted
    assert len(_rows(c.get(url, {"q": "名册核对"}))) == 1  # the reason given
    assert len(_rows(c.get(url, {"action": "roster.import"}))) == 1
    assert len(_rows(c.get(url, {"action": "unit.update", "page": "2"}))) == 5
    page = first.content.decode()
    assert '<option value="roster.import">导入名册</option>' in page and 'value="poll.open"' not in page
    assert "没有符合条件的记录" in c.get(url, {"q": "不存在"}).content.decode()


def test_a_value_recorded_on_its_own_is_shown_whole_not_as_a_pair(world, client_for):
    changes = {"seed": 2026, "digest": "ab12cd", "counts": {"units": 5}, "name": ["旧名", "新名"]}
    with transaction.atomic():
        record_many(
            [{"actor": world.organiser, "action": Action.DEMO_SEED, "obj": world.community_a, "changes": changes}]
        )
    page = client_for(world.organiser).get(f"/staff/audit/unit/{world.community_a.pk}/").content.decode()
    assert "seed: 2026</div>" in page and "digest: ab12cd</div>" in page and "counts: units 5</div>" in page
    assert "名称: 旧名 → 新名</div>" in page  # a field of the unit by its name on the page
    assert "digest: a → b" not in page and "{&#x27;" not in page
