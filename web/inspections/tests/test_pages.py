"""The inspection's pages through the test client: staff hold a month's draw; the board
publishes it with the frozen pool and both records, which ``jiceng draw`` repeats from the
downloaded files; refusals are sentences on the page with nothing written; staff of another
unit cannot see or touch the plan."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.urls import reverse

from jiceng.record import record_sha256
from web.audit.models import AuditEntry
from web.inspections.models import Draw


def _messages(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _hold(iw, client_for, seed: str = "4 4 2 6 1") -> Draw:  # type: ignore[no-untyped-def]
    staff, staff2 = client_for(iw.staff), client_for(iw.staff2)
    r = staff.post(reverse("inspections:draw_open", args=[iw.plan.pk]), {"month": "2026-03"})
    draw = Draw.objects.get()
    assert r.status_code == 302 and r.url == reverse("inspections:draw", args=[draw.pk])
    staff.post(reverse("inspections:draw_step", args=[draw.pk, "freeze"]))
    staff.post(reverse("inspections:draw_step", args=[draw.pk, "enter"]), {"seed": seed, "source": "三月大会掷骰子"})
    staff2.post(reverse("inspections:draw_step", args=[draw.pk, "enter"]), {"seed": seed})
    draw.refresh_from_db()
    assert draw.state == Draw.State.DRAWN
    return draw


def test_staff_find_the_plan_from_home_and_see_this_months_draw_to_hold(iw, client_for):
    c = client_for(iw.staff)
    home = c.get(reverse("org:home")).content.decode()
    assert "本月随机考察" in home and reverse("inspections:plan", args=[iw.plan.pk]) in home
    page = c.get(reverse("inspections:plan", args=[iw.plan.pk]))
    assert page.status_code == 200 and "王芳" in page.content.decode() and "开始本月抽取" in page.content.decode()
    assert "王芳" not in c.get(reverse("inspections:plan", args=[iw.plan.pk]), {"q": "陈静"}).content.decode()


def test_a_held_draw_is_published_and_redrawn_from_the_downloaded_files(iw, client_for, tmp_path):
    draw = _hold(iw, client_for)
    board = client_for(None)
    page = board.get(reverse("inspections_board:draw", args=[draw.pk])).content.decode()
    assert draw.pool_sha256 in page and draw.seed in page
    files = {}
    for what in ("pool", "cadres", "inspectors"):
        r = board.get(reverse("inspections_board:file", args=[draw.pk, what]))
        assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
        files[what] = tmp_path / f"{what}.json"
        files[what].write_bytes(r.content)
    pool = json.loads(files["pool"].read_text(encoding="utf-8"))
    assert record_sha256(pool) == draw.pool_sha256
    names = {}
    for what in ("cadres", "inspectors"):
        out = subprocess.run(
            [sys.executable, "-m", "jiceng", "draw", str(files[what])], capture_output=True, check=True
        )
        names[what] = [p["name"] for p in json.loads(out.stdout)["chosen"]]
        assert all(n in page for n in names[what])
    cadres = json.loads(files["cadres"].read_text(encoding="utf-8"))
    assert cadres["seed"] == draw.seed
    assert [[p["id"] for p in s["people"]] for s in cadres["strata"]] == [
        [p["id"] for p in s["people"]] for s in pool["strata"]
    ]
    assert sorted(names["cadres"]) == sorted(p.cadre.name for p in draw.picks.all())
    index = board.get(reverse("inspections_board:index")).content.decode()
    assert reverse("inspections_board:draw", args=[draw.pk]) in index
    assert "没有符合条件" in board.get(reverse("inspections_board:index"), {"q": "2025-01"}).content.decode()


def test_a_second_draw_without_a_reason_is_refused_on_the_page(iw, client_for):
    draw = _hold(iw, client_for)
    before = AuditEntry.objects.count()
    r = client_for(iw.staff).post(
        reverse("inspections:draw_open", args=[iw.plan.pk]), {"month": "2026-03"}, follow=True
    )
    assert "重新抽取必须写明理由" in _messages(r)
    assert AuditEntry.objects.count() == before and Draw.objects.get() == draw
    r = client_for(iw.staff).post(
        reverse("inspections:draw_open", args=[iw.plan.pk]), {"month": "2026-03", "reason": "名单漏了一人"}, follow=True
    )
    assert Draw.objects.count() == 2
    r = client_for(None).get(reverse("inspections_board:draw", args=[draw.pk]))
    assert "名单漏了一人" in r.content.decode() and "已重新抽取，本次作废" in r.content.decode()


def test_disagreeing_entries_and_a_seed_before_the_freeze_get_a_sentence(iw, client_for):
    staff, staff2 = client_for(iw.staff), client_for(iw.staff2)
    staff.post(reverse("inspections:draw_open", args=[iw.plan.pk]), {"month": "2026-03"})
    draw = Draw.objects.get()
    r = staff.post(
        reverse("inspections:draw_step", args=[draw.pk, "enter"]), {"seed": "1", "source": "会"}, follow=True
    )
    assert "先冻结名单" in _messages(r)
    staff.post(reverse("inspections:draw_step", args=[draw.pk, "freeze"]))
    staff.post(reverse("inspections:draw_step", args=[draw.pk, "enter"]), {"seed": "1 2 3", "source": "会"})
    before = AuditEntry.objects.count()
    r = staff2.post(reverse("inspections:draw_step", args=[draw.pk, "enter"]), {"seed": "1 2 4"}, follow=True)
    assert "两次录入的种子不一致" in _messages(r)
    draw.refresh_from_db()
    assert draw.state == Draw.State.ENTERED and AuditEntry.objects.count() == before


def test_a_pool_below_the_minima_shows_what_is_short(iw, client_for):
    for cadre in iw.plan.cadres.filter(sequence="party_mass"):
        cadre.excluded_reason = "借调"
        cadre.save()
    c = client_for(iw.staff)
    c.post(reverse("inspections:draw_open", args=[iw.plan.pk]), {"month": "2026-03"})
    draw = Draw.objects.get()
    page = c.get(reverse("inspections:draw", args=[draw.pk])).content.decode()
    assert "党群系统可抽取的只有 0 人" in page
    r = c.post(reverse("inspections:draw_step", args=[draw.pk, "freeze"]), follow=True)
    assert "少于最少抽取人数" in _messages(r)
    draw.refresh_from_db()
    assert draw.state == Draw.State.OPEN and draw.pool_sha256 == ""


@pytest.mark.parametrize("persona", ["outsider", "organiser", "member"])
def test_staff_of_another_unit_cannot_see_or_touch_the_plan(iw, client_for, persona):
    c = client_for(getattr(iw.world, persona))
    assert c.get(reverse("inspections:plan", args=[iw.plan.pk])).status_code == 404
    before = AuditEntry.objects.count()
    posts = [
        (reverse("inspections:draw_open", args=[iw.plan.pk]), {"month": "2026-03"}),
        (reverse("inspections:pool_add", args=[iw.plan.pk]), {"name": "甲", "workplace": "乙", "sequence": "street"}),
        (reverse("inspections:plan_save", args=[iw.plan.pk]), {"title": "x"}),
        (reverse("inspections:exclude", args=[iw.plan.pk]), {"id": iw.plan.cadres.first().pk, "reason": "x"}),
    ]
    for url, data in posts:
        assert c.post(url, data).status_code == 404
    assert AuditEntry.objects.count() == before and not Draw.objects.exists()


def test_a_finding_is_recorded_from_the_draw_page_and_shown_on_the_board(iw, client_for):
    draw = _hold(iw, client_for)
    pick = draw.picks.first()
    c = client_for(iw.staff)
    c.post(reverse("inspections:finding", args=[pick.pk]), {"finding": "台账齐全，群众满意。"})
    assert "台账齐全" in client_for(None).get(reverse("inspections_board:draw", args=[draw.pk])).content.decode()
    assert "还没有记录考察情况" in c.get(reverse("org:home")).content.decode()
