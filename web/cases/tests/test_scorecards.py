"""Quarterly scorecards of requests: the record read from the cases, counted by the engine,
published once after the quarter, recounted by anyone; and the public board that shows them
and every request anonymised."""

from __future__ import annotations

import json

import pytest

from jiceng.record import record_sha256, tally
from web.cases import actions
from web.cases.errors import CaseError
from web.cases.models import Scorecard
from web.cases.scorecards import do_publish_scorecard, publish_due


@pytest.fixture
def quarter(cw, take, clock):  # type: ignore[no-untyped-def]
    """Q1 2026 of the small street: a case closed satisfied, one redone and closed, one returned by
    the community and sent to a grid, one left out of scoring; then the clock moves to April."""
    clock.set("2026-02-02")
    happy = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    happy = actions.do_sign_case(case=happy, acting_user=cw.community_handler)
    happy = actions.do_reply_case(case=happy, text="已协调", acting_user=cw.community_handler)
    actions.do_visit_case(case=happy, method="phone", satisfaction=5, solved=True, acting_user=cw.dispatcher)
    unhappy = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    unhappy = actions.do_sign_case(case=unhappy, acting_user=cw.community_handler)
    unhappy = actions.do_reply_case(case=unhappy, text="已协调", acting_user=cw.community_handler)
    actions.do_visit_case(case=unhappy, method="sms", satisfaction=1, solved=False, acting_user=None)
    clock.set("2026-03-20")  # the redo is late: its deadline was 15 working days after the visit
    unhappy.refresh_from_db()
    unhappy = actions.do_reply_case(case=unhappy, text="已重新处理", acting_user=cw.community_handler)
    actions.do_visit_case(case=unhappy, method="phone", satisfaction=3, solved=True, acting_user=cw.dispatcher)
    clock.set("2026-02-03")
    moved = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    moved = actions.do_return_case(
        case=moved, reason_code="wrong_place", reason="在网格内", acting_user=cw.community_handler
    )
    moved = actions.do_dispatch_case(case=moved, acting_user=cw.dispatcher, office=cw.grid_a1)
    left_out = actions.do_dispatch_case(case=take("rubbish"), acting_user=cw.dispatcher)
    actions.do_exclude_case(case=left_out, reason="已进入诉讼程序", acting_user=cw.dispatcher)
    clock.set("2026-04-02")
    return {"happy": happy, "unhappy": unhappy, "moved": moved, "left_out": left_out}


def test_a_quarter_is_published_once_with_its_record_and_the_engines_result(cw, quarter):
    card = do_publish_scorecard(unit=cw.org.street, year=2026, quarter=1, acting_user=cw.org.street_staff)
    assert card.record_sha256 == record_sha256(card.record) == card.result["record_sha256"]
    assert tally(json.loads(json.dumps(card.record))) == card.result  # anyone recounts the same
    counts = {(c["unit"], c["category"]): c for c in card.record["counts"]}
    community = counts[(f"o{cw.community_a.pk}", "noise")]
    assert (community["dispatched"], community["signed"], community["replied"]) == (3, 2, 2)
    # the first visit counts: the redone case's requester was dissatisfied, whatever came after
    assert (community["visited"], community["satisfied"], community["solved"]) == (2, 1, 1)
    assert community["redone"] == 1 and community["returned"] == 1  # the return, for who made it
    assert community["replied_on_time"] == 1  # the redo was replied after its deadline
    grid = counts[(f"o{cw.grid_a1.pk}", "noise")]
    assert (grid["dispatched"], grid["signed"], grid["returned"]) == (1, 0, 0)
    assert card.record["excluded"] == [
        {
            "case": str(quarter["left_out"].pk),
            "unit": f"o{cw.sanitation.pk}",
            "category": "rubbish",
            "reason": "已进入诉讼程序",
        }
    ]
    assert not any(c["category"] == "rubbish" for c in card.record["counts"])
    text = json.dumps(card.record, ensure_ascii=False)
    assert "王芳" not in text and "13800000001" not in text and "装修" not in text  # nothing personal


def test_a_quarter_not_over_or_published_twice_or_by_others_is_refused(cw, quarter, clock):
    with pytest.raises(CaseError) as others:
        do_publish_scorecard(unit=cw.org.street, year=2026, quarter=1, acting_user=cw.org.organiser)
    assert others.value.code == "not_staff"
    with pytest.raises(CaseError) as running:
        do_publish_scorecard(unit=cw.org.street, year=2026, quarter=2, acting_user=cw.org.street_staff)
    assert running.value.code == "quarter_not_over"
    do_publish_scorecard(unit=cw.org.street, year=2026, quarter=1, acting_user=cw.org.street_staff)
    with pytest.raises(CaseError) as twice:
        do_publish_scorecard(unit=cw.org.street, year=2026, quarter=1, acting_user=cw.org.street_staff)
    assert twice.value.code == "published"
    assert Scorecard.objects.count() == 1


def test_the_scheduler_publishes_last_quarter_once(cw, quarter):
    made = publish_due()
    assert len(made) == 2  # the street and the district
    assert publish_due() == []
    district = Scorecard.objects.get(unit=cw.org.district)
    assert {u["id"] for u in district.result["units"]} >= {f"o{cw.community_a.pk}", f"o{cw.grid_a1.pk}"}


def test_the_public_board_lists_requests_anonymised_and_the_scorecard_in_words(cw, quarter, client):
    card = do_publish_scorecard(unit=cw.org.street, year=2026, quarter=1, acting_user=cw.org.street_staff)
    page = client.get("/board/requests/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "邻里噪音纠纷" in html and "和平社区第一网格" in html  # the category and the grid
    for private in ("王芳", "13800000001", "楼上每晚", "1栋"):
        assert private not in html
    assert f"/board/requests/scorecards/{card.pk}/" in html
    found = client.get("/board/requests/", {"q": "垃圾"}).content.decode()
    assert "生活垃圾清运不及时" in found and "邻里噪音纠纷" not in found
    closed = client.get("/board/requests/", {"state": "closed"}).content.decode()
    assert "还没有诉求" not in closed
    shown = client.get(f"/board/requests/scorecards/{card.pk}/").content.decode()
    assert "1/2" in shown and "社区（村）" in shown and "已进入诉讼程序" in shown
    main = shown[shown.index("<main") : shown.index("</main>")]
    assert "{'" not in main and '": ' not in main and "[{" not in main
    record = client.get(f"/board/requests/scorecards/{card.pk}/record.json")
    assert record.status_code == 200 and record.json() == card.record
    assert client.get(f"/board/requests/scorecards/{card.pk}/other.json").status_code == 404
    assert client.get("/board/requests/", {"page": "x", "state": "nonsense"}).status_code == 200
