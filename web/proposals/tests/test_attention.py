"""What of proposals shows on each person's home page (工作台)."""

from __future__ import annotations

import datetime as dt

import web.common.clock as one_clock
from web.common.attention import Asking
from web.proposals import actions, attention, testing


def _texts(find, user) -> list[str]:
    found = find(Asking(user=user, now=one_clock.now()))
    return [i.text for i in found.items] if found else []


def test_each_person_sees_their_proposals_on_their_home(pw, clock):
    p = testing.file(pw)
    assert any("邀请您附议" in t for t in _texts(attention._representative, pw.reps[1]))
    assert any("征集附议中" in t for t in _texts(attention._representative, pw.reps[0]))
    assert _texts(attention._staff, pw.district_staff) == []
    for i in (1, 2):
        actions.do_second_proposal(proposal=p, acting_user=pw.reps[i])
    actions.do_submit_proposal(proposal=p, acting_user=pw.reps[0])
    assert _texts(attention._representative, pw.reps[1]) == []
    assert any("待立案审查" in t for t in _texts(attention._staff, pw.district_staff))
    assert any("待立案审查" in t for t in _texts(attention._staff, pw.org.street_staff))  # the street's delegation
    q = testing.assigned(pw, "school")
    assert any(str(q.number) in t for t in _texts(attention._handler, pw.traffic_handler))
    clock.set("2026-11-20")  # past the answer's deadline (9 November)
    assert any("已超过答复时限" in t for t in _texts(attention._staff, pw.district_staff))
    actions.do_answer_proposal(proposal=q, text="已办理。", acting_user=pw.traffic_handler)
    assert any("请评价" in t for t in _texts(attention._representative, pw.reps[0]))
    assert _texts(attention._handler, pw.traffic_handler) == []
    clock.set("2026-12-10")  # past the rating deadline: no longer offered
    assert not any("请评价" in t for t in _texts(attention._representative, pw.reps[0]))
    assert q.answers.get().rate_by < dt.date(2026, 12, 10)
