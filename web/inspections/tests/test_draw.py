"""A month's draw through its actions: freeze before seed, two agreeing entries or a revealed
commitment, the engine's draws with recusal, re-runs only with a reason, findings; and every
refusal a sentence with nothing written."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys

import pytest

from web.audit.models import AuditEntry
from web.common.errors import RefusedStep
from web.inspections import actions, records
from web.inspections.models import Draw, Pick

MARCH = dt.date(2026, 3, 1)


def _snapshot(draw: Draw | None = None) -> tuple:
    rows = tuple(
        Draw.objects.order_by("pk").values_list("pk", "state", "seed", "seed_first", "commitment", "pool_sha256")
    )
    return AuditEntry.objects.count(), Pick.objects.count(), rows


def _refused(call, code: str) -> RefusedStep:  # type: ignore[no-untyped-def]
    before = _snapshot()
    with pytest.raises(RefusedStep) as refused:
        call()
    assert refused.value.code == code, refused.value.message
    assert _snapshot() == before
    return refused.value


def test_a_month_is_frozen_then_seeded_by_two_people_then_drawn_with_recusal(iw):
    draw = iw.frozen()
    assert draw.state == Draw.State.FROZEN and len(draw.pool_sha256) == 64
    assert draw.seed == "" and draw.pool["strata"][0]["id"] == records.PARTY_MASS
    actions.do_enter_seed(draw=draw, seed=" 3  5 1 6 ", source="三月机关干部大会掷骰子", acting_user=iw.staff)
    draw.refresh_from_db()
    assert draw.state == Draw.State.ENTERED and draw.seed == "" and draw.seed_first_by == iw.staff
    draw = actions.do_enter_seed(draw=draw, seed="3 5 1 6", acting_user=iw.staff2)
    assert draw.state == Draw.State.DRAWN and draw.seed == "3 5 1 6" and draw.seed_second_by == iw.staff2
    chosen = draw.cadre_result["chosen"]
    strata = [p["stratum"] for p in chosen]
    assert len(chosen) == 3 and strata.count(records.PARTY_MASS) == 1 and strata.count(records.GOVERNMENT) == 2
    assert sorted(p.cadre.name for p in draw.picks.all()) == sorted(p["name"] for p in chosen)
    places = {p["workplace"] for s in draw.pool["strata"] for p in s["people"] if p["id"] in {c["id"] for c in chosen}}
    inspectors = draw.inspector_record["strata"][0]["people"]
    pool_inspectors = draw.pool["inspectors"]["people"]
    assert [i["id"] for i in inspectors] == [i["id"] for i in pool_inspectors if i["workplace"] not in places]
    assert len(draw.inspector_result["chosen"]) == 2
    assert list(draw.events.values_list("kind", flat=True)) == ["frozen", "entered", "drawn"]


def test_the_published_records_redraw_the_same_names_with_jiceng_draw(iw, tmp_path):
    draw = iw.drawn(seed="福彩3D 2026058 4 1 7")
    pool = json.loads(json.dumps(draw.pool))
    from jiceng.record import record_sha256

    assert record_sha256(pool) == draw.pool_sha256
    assert records.cadre_record(pool, draw.seed) == draw.cadre_record
    for what, record, result in (("cadres", draw.cadre_record, draw.cadre_result),
                                 ("inspectors", draw.inspector_record, draw.inspector_result)):  # fmt: skip
        path = tmp_path / f"{what}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "jiceng", "draw", str(path)], capture_output=True, check=True)
        again = json.loads(out.stdout)
        assert [p["name"] for p in again["chosen"]] == [p["name"] for p in result["chosen"]]
    chosen = [p["id"] for p in draw.cadre_result["chosen"]]
    assert records.inspector_record(pool, draw.seed, chosen) == draw.inspector_record


def test_a_committed_seed_is_revealed_and_must_match(iw):
    draw = iw.frozen()
    seed = "2026-03-10 福彩3D 第2026060期 8 0 2"
    commitment = hashlib.sha256(seed.encode()).hexdigest()
    actions.do_commit_seed(
        draw=draw, commitment=commitment.upper(), source="主任保管，3月10日开奖后揭示", acting_user=iw.staff
    )
    draw.refresh_from_db()
    assert draw.state == Draw.State.COMMITTED and draw.commitment == commitment
    refused = _refused(
        lambda: actions.do_reveal_seed(draw=draw, seed=seed + "3", acting_user=iw.staff), "reveal_mismatch"
    )
    assert "承诺不符" in str(refused.message)
    draw = actions.do_reveal_seed(draw=draw, seed=seed, acting_user=iw.staff)
    assert draw.state == Draw.State.DRAWN and draw.seed == seed


def test_seed_entries_that_disagree_are_refused_and_the_first_may_be_withdrawn(iw):
    draw = iw.frozen()
    actions.do_enter_seed(draw=draw, seed="3 5 1 6", source="大会掷骰子", acting_user=iw.staff)
    refused = _refused(lambda: actions.do_enter_seed(draw=draw, seed="3 5 1 9", acting_user=iw.staff2), "seed_mismatch")
    assert "不一致" in str(refused.message)
    _refused(lambda: actions.do_enter_seed(draw=draw, seed="3 5 1 6", acting_user=iw.staff), "same_person")
    _refused(lambda: actions.do_clear_seed(draw=draw, reason=" ", acting_user=iw.staff), "reason_required")
    actions.do_clear_seed(draw=draw, reason="第一次录错了", acting_user=iw.staff)
    draw.refresh_from_db()
    assert draw.state == Draw.State.FROZEN and draw.seed_first == "" and draw.seed_first_by is None


def test_a_seed_before_the_pool_is_frozen_is_refused(iw):
    draw = iw.draw()
    refused = _refused(
        lambda: actions.do_enter_seed(draw=draw, seed="1 2 3", source="大会", acting_user=iw.staff),
        "seed_before_freeze",
    )
    assert "先冻结名单" in str(refused.message)
    _refused(
        lambda: actions.do_commit_seed(draw=draw, commitment="a" * 64, source="x", acting_user=iw.staff),
        "seed_before_freeze",
    )


def test_fewer_people_than_the_minima_cannot_be_frozen(world, clock):
    from web.inspections.testing import make_inspection_world

    iw = make_inspection_world(world, cadres=5)  # four party-mass, one government: the minimum is two
    draw = iw.draw()
    refused = _refused(lambda: actions.do_freeze_pool(draw=draw, acting_user=iw.staff), "pool_too_small")
    assert "政府部门和街道可抽取的只有 1 人，少于最少抽取人数 2 人" in str(refused.message)


def test_an_exclusion_leaves_a_person_out_with_the_reason_in_the_frozen_pool(iw):
    cadre = iw.plan.cadres.get(name="陈静")
    actions.do_set_exclusion(entry=cadre, reason="病假至四月", acting_user=iw.staff)
    pool = iw.frozen().pool
    assert {"id": f"c{cadre.pk}", "reason": "病假至四月"}.items() <= pool["excluded"][0].items()
    assert f"c{cadre.pk}" not in {p["id"] for s in pool["strata"] for p in s["people"]}


def test_too_few_inspectors_after_worst_recusal_cannot_be_frozen(iw):
    for inspector in iw.plan.inspectors_pool.exclude(name="冯刚").exclude(name="秦岚").exclude(name="郑明"):
        actions.do_set_exclusion(entry=inspector, reason="出差", acting_user=iw.staff)
    draw = iw.draw()
    refused = _refused(lambda: actions.do_freeze_pool(draw=draw, acting_user=iw.staff), "pool_too_small")
    assert "回避后最少只剩 1 人" in str(refused.message)


def test_a_month_is_drawn_again_only_with_a_reason_and_both_draws_are_kept(iw):
    first = iw.drawn()
    refused = _refused(lambda: iw.draw(), "reason_required")
    assert "必须写明理由" in str(refused.message)
    second = iw.draw(reason="抽中的杨磊已调离，名单有误")
    first.refresh_from_db()
    assert first.state == Draw.State.SUPERSEDED and second.replaces == first and second.attempt == 2
    assert second.rerun_reason == "抽中的杨磊已调离，名单有误"
    assert AuditEntry.objects.filter(action="inspection_draw.open", reason=second.rerun_reason).exists()
    actions.do_freeze_pool(draw=second, acting_user=iw.staff)
    _refused(
        lambda: actions.do_enter_seed(draw=second, seed=first.seed, source="复用", acting_user=iw.staff), "seed_reused"
    )


def test_a_cadre_drawn_recently_rests(iw, clock):
    first = iw.drawn()
    clock.set("2026-04-09")
    pool = iw.frozen(dt.date(2026, 4, 1)).pool
    drawn = {f"c{p.cadre_id}" for p in first.picks.all()}
    assert drawn == {p["id"] for p in pool["excluded"]}
    assert "2026-03 已被抽中考察" in pool["excluded"][0]["reason"]


def test_findings_are_recorded_against_each_drawn_cadre(iw):
    draw = iw.drawn()
    pick = draw.picks.first()
    _refused(lambda: actions.do_record_finding(pick=pick, text=" ", acting_user=iw.staff), "finding_required")
    actions.do_record_finding(pick=pick, text="工作台账齐全，群众评价好。", acting_user=iw.staff)
    pick.refresh_from_db()
    assert pick.finding.startswith("工作台账") and pick.finding_by == iw.staff
    iw.draw(reason="名单有误")
    _refused(lambda: actions.do_record_finding(pick=pick, text="补充", acting_user=iw.staff), "superseded")


def test_a_future_month_and_another_units_staff_are_refused(iw):
    from django.http import Http404

    _refused(lambda: iw.draw(dt.date(2026, 4, 1)), "future_month")
    with pytest.raises(Http404):
        actions.do_open_draw(plan=iw.plan, month=MARCH, acting_user=iw.world.outsider)
    assert not Draw.objects.exists()
