"""Unread notices on the home page, linked to the inbox, gone once read."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from web.common.testing import home_sections
from web.notify.outbox import notify

CONTEXT = {"unit": "和平社区", "item": "安装路灯 40 盏", "quarter": 1, "due": "2026-03-31"}


def test_unread_notices_are_on_their_persons_home_until_read(world, client_for):
    user = get_user_model().objects.create_user(username="jumin", person=world.person_a)
    with transaction.atomic():
        for n in range(10):
            notify(world.person_a, "commitment.progress_due", CONTEXT, key=f"test.{n}")
    resident = client_for(user)
    found, page = home_sections(resident)
    assert (
        found["notices"].total == 10 and len(found["notices"].items) == 8 and found["notices"].more == "/notifications/"
    )
    assert "安装路灯 40 盏" in found["notices"].items[0].text and "未读通知" in page
    assert resident.get("/notifications/").status_code == 200
    for persona in ("organiser", "member", "observer", "outsider", "street_staff"):
        assert "notices" not in home_sections(client_for(getattr(world, persona)))[0], persona
    assert resident.post("/notifications/read-all").status_code == 302
    assert "notices" not in home_sections(resident)[0]
