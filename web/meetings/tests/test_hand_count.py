"""Paper ballots counted by hand: two tellers enter the hall's totals, accepted only when they agree."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from jiceng.record import compare_results, tally
from web.audit.models import AuditEntry
from web.meetings import actions, handcount, paper
from web.meetings.actions import hand_out_codes
from web.meetings.errors import MeetingError
from web.meetings.models import Meeting, PaperEntry, Poll
from web.meetings.testing import appoint_teller, as_teller, make_meeting, received
from web.org.models import Role

# 王芳 is c1, 李强 is c2 (keys follow the order given, the ballot follows stroke order)
AGREED = {
    "returned": "4",
    "invalid": "1",
    "for-c1": "2",
    "against-c1": "1",
    "abstain-c1": "0",
    "for-c2": "0",
    "against-c2": "2",
    "abstain-c2": "1",
    "writein-name-0": "赵六",
    "writein-votes-0": "1",
}


def _teller(world, name):
    """An appointed teller of the test's meeting (each test has one)."""
    return appoint_teller(world, Meeting.objects.get(), name)


def _open(world, *, kind):
    meeting = make_meeting(world, voters=5, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    if kind == "election":
        poll = actions.do_create_poll(
            meeting=meeting,
            title="支部委员选举",
            kind="election",
            seats=1,
            rules={"elected": "for > 1/2 of voted"},
            candidates=[("王芳", None), ("李强", None)],
            acting_user=world.organiser,
        )
    else:
        poll = actions.do_create_poll(
            meeting=meeting,
            title="表决",
            kind="motion",
            rules={"passes": "yes > 1/2 of voted"},
            acting_user=world.organiser,
        )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    voters = list(meeting.attendees.filter(kind="voter").order_by("id"))
    code = hand_out_codes(poll, voters[:1])[0]
    content = {"marks": {"c1": "for", "c2": "against"}} if kind == "election" else {"vote": "yes"}
    actions.cast_ballot(poll_id=poll.pk, code=code, content=content)
    for a in voters[1:5]:
        actions.do_issue_paper(poll=poll, attendee=a)
    return poll


@pytest.fixture
def election(world):
    return _open(world, kind="election")


@pytest.fixture
def motion(world):
    return _open(world, kind="motion")


def _post(client, poll, data):
    return client.post(f"/staff/polls/{poll.pk}/paper", data)


def _enter_totals(client, poll, figures):
    assert _post(client, poll, {"step": "start", "mode": "totals"}).status_code == 302
    return _post(client, poll, {"step": "totals", **figures})


def test_two_tellers_agree_the_totals_are_accepted_and_counted_beside_a_phone_ballot(
    world, client_for, election, settings
):
    settings.MEETINGS_MIN_CHANNEL_VOTERS = 1  # one phone voter may stand alone here (channels.py merges otherwise)
    t1, t2 = _teller(world, "t1"), _teller(world, "t2")
    page = client_for(t1).get(f"/staff/polls/{election.pk}/paper").content.decode()
    assert "按合计录入" in page
    assert _enter_totals(client_for(t1), election, AGREED).status_code == 302
    election.refresh_from_db()
    assert not election.paper_accepted and paper.blockers_before_close(election)
    with pytest.raises(MeetingError, match="尚未核对一致"):
        actions.do_close_poll(poll=election, acting_user=world.organiser)
    c2 = client_for(t2)
    assert "按合计录入（会场已唱票计票）" in c2.get(f"/staff/polls/{election.pk}/paper").content.decode()
    _post(c2, election, {"step": "start", "mode": "totals"})
    form = c2.get(f"/staff/polls/{election.pk}/paper").content.decode()
    assert 'name="for-c1"' in form and "李强" in form and 'name="writein-name-0"' in form
    assert "已发出纸质选票 4 张" in form
    assert _post(c2, election, {"step": "totals", **AGREED}).status_code == 302
    election.refresh_from_db()
    hand = {
        "returned": 4,
        "invalid": 1,
        "candidates": {"c1": {"for": 2, "against": 1, "abstain": 0}, "c2": {"for": 0, "against": 2, "abstain": 1}},
        "write_ins": {"赵六": 1},
    }
    assert election.paper_accepted and election.paper_totals == hand
    assert len(received(election)) == 1  # the phone ballot; paper is only totals
    accepted = AuditEntry.objects.get(action="paper.accept_totals")
    assert accepted.changes == {"hand_count": [None, hand], "tellers": [None, ["t1", "t2"]]}
    assert accepted.actor_id == t2.pk
    assert AuditEntry.objects.filter(action="paper.submit_totals").count() == 2
    assert "两份合计数一致" in client_for(t1).get(f"/staff/polls/{election.pk}/paper").content.decode()

    closed = actions.do_close_poll(poll=election, acting_user=world.organiser)
    assert closed.record["hand_count"] == hand and len(closed.record["ballots"]) == 1
    result = closed.result
    assert result["ballots"] == {"issued": 5, "returned": 5, "valid": 4, "invalid": 1}
    assert result["hand_count"] == {"returned": 4, "valid": 3, "invalid": 1}
    rows = {e["name"]: (e["for"], e["against"], e["abstain"]) for e in result["tally"]}
    assert rows == {"王芳": (3, 1, 0), "李强": (0, 3, 1), "赵六": (1, 0, 0)}
    assert result["elected"] == ["c1"] and result["status"] == "complete"  # 3 > 5 × 1/2
    assert compare_results(result, tally(closed.record)) == []  # anyone can recompute it
    poll_page = client_for(world.organiser).get(f"/staff/polls/{election.pk}/").content.decode()
    assert "收回 5 张" in poll_page


def test_a_mismatch_is_shown_figure_by_figure_and_not_accepted(world, client_for, election):
    t1, t2 = _teller(world, "t1"), _teller(world, "t2")
    _enter_totals(client_for(t1), election, AGREED)
    other = {**AGREED, "for-c1": "1", "abstain-c1": "1", "writein-name-0": "赵七"}  # "赵 六" is 赵六
    assert _enter_totals(client_for(t2), election, other).status_code == 302
    election.refresh_from_db()
    assert not election.paper_accepted and election.paper_totals is None
    comparison = handcount.compare_totals(election)
    assert comparison.differences == [
        ("王芳 · 赞成", 2, 1),
        ("王芳 · 弃权", 0, 1),
        ("另选 赵六", 1, None),
        ("另选 赵七", None, 1),
    ]
    page = client_for(t1).get(f"/staff/polls/{election.pk}/paper").content.decode()
    assert "两份合计数的差异" in page and "王芳 · 赞成" in page
    assert not AuditEntry.objects.filter(action="paper.accept_totals").exists()
    # the second teller recounts, withdraws and corrects: then the two agree
    c2 = client_for(t2)
    assert _post(c2, election, {"step": "withdraw"}).status_code == 302
    assert 'value="赵七"' in c2.get(f"/staff/polls/{election.pk}/paper").content.decode()
    assert _post(c2, election, {"step": "totals", **AGREED}).status_code == 302
    election.refresh_from_db()
    assert election.paper_accepted


def test_the_same_teller_twice_is_refused(world, client_for, election):
    t1 = _teller(world, "t1")
    c1 = client_for(t1)
    _enter_totals(c1, election, AGREED)
    assert _post(c1, election, {"step": "start", "mode": "totals"}).status_code == 302
    assert PaperEntry.objects.filter(poll=election).count() == 1  # still one entry, one slot
    again = _post(c1, election, {"step": "totals", **AGREED})
    assert again.status_code == 422
    assert "已经提交" in again.content.decode()
    _post(c1, election, {"step": "withdraw"})
    with pytest.raises(MeetingError, match="只能操作自己的录入"):  # nor may another teller submit it
        handcount.do_submit_totals(
            entry=PaperEntry.objects.get(poll=election), totals={}, teller=as_teller(election, _teller(world, "t2"))
        )
    assert _post(c1, election, {"step": "totals", **AGREED}).status_code == 302
    election.refresh_from_db()
    assert not election.paper_accepted  # one teller's totals, however often, are never accepted


def test_both_tellers_must_use_the_same_mode(world, client_for, election):
    t1, t2 = _teller(world, "t1"), _teller(world, "t2")
    assert _post(client_for(t1), election, {"step": "start", "mode": "ballots"}).status_code == 302
    page = client_for(t2).get(f"/staff/polls/{election.pk}/paper").content.decode()
    assert "按合计录入（会场已唱票计票）" not in page
    refused = _post(client_for(t2), election, {"step": "start", "mode": "totals"})
    assert refused.status_code == 422 and "两份录入须用同一种方式" in refused.content.decode()
    assert _post(client_for(t2), election, {"step": "start", "mode": "sideways"}).status_code == 422
    with pytest.raises(MeetingError, match="逐张录入"):
        handcount.do_submit_totals(
            entry=PaperEntry.objects.get(teller__person__user=t1), totals={}, teller=as_teller(election, t1)
        )


def test_a_totals_entry_takes_no_single_ballots(world, client_for, election):
    c1 = client_for(_teller(world, "t1"))
    _post(c1, election, {"step": "start", "mode": "totals"})
    refused = _post(c1, election, {"step": "add", "mark-c1": "for"})
    assert refused.status_code == 422
    assert "按合计录入" in refused.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"abstain-c1": "1"}, "王芳：赞成 2 + 不赞成 1 + 弃权 1 = 4，不等于有效票 3 张（收回 4 − 无效 1）。"),
        ({"for-c2": "1", "abstain-c2": "0"}, "赞成票 3 + 另选他人 1 多于应选名额 1 × 有效票 3。"),
        ({"invalid": "5"}, "无效票 5 张多于收回的 4 张。"),
        ({"writein-votes-0": "4"}, "另选 赵六 得 4 票，多于有效票 3 张。"),
        (
            {"against-c2": "0", "abstain-c2": "3", "against-c1": "0", "abstain-c1": "1"},
            "另选他人共 1 票，多于不赞成票 0 票",
        ),
        ({"for-c1": "-2"}, "王芳 赞成须为不小于 0 的整数"),
        ({"returned": "四"}, "收回的纸质选票张数须为不小于 0 的整数"),
        ({"returned": ""}, "请填写收回的纸质选票张数。"),
        ({"writein-name-0": "", "writein-votes-0": "1"}, "另选他人有票数却没有姓名。"),
        ({"writein-name-1": "赵六", "writein-votes-1": "0"}, "另选他人“赵六”填了两行"),
    ],
)
def test_inconsistent_totals_are_refused_with_a_message(world, client_for, election, change, message):
    c1 = client_for(_teller(world, "t1"))
    response = _enter_totals(c1, election, {**AGREED, **change})
    assert response.status_code == 422
    assert message in response.content.decode()
    entry = PaperEntry.objects.get(poll=election)
    assert not entry.submitted and entry.totals is None
    typed = next(iter(change.values()))
    if typed:
        assert f'value="{typed}"' in response.content.decode()  # what was typed is kept on the form


def test_more_returned_than_paper_ballots_issued_is_refused(world, client_for, election):
    c1 = client_for(_teller(world, "t1"))
    too_many = {**AGREED, "returned": "5", "for-c2": "1"}  # consistent, but only 4 paper ballots went out
    response = _enter_totals(c1, election, too_many)
    assert response.status_code == 422
    assert "收回的纸质选票 5 张多于发出的纸质选票 4 张，请核对。" in response.content.decode()
    assert not PaperEntry.objects.get(poll=election).submitted


def test_a_motion_counted_by_hand_adds_to_the_phone_ballot(world, client_for, motion):
    figures = {"yes": "2", "no": "1", "abstain": "", "invalid": "1"}
    page = client_for(_teller(world, "t0")).get(f"/staff/polls/{motion.pk}/paper")
    assert page.status_code == 200
    for name in ("t1", "t2"):
        assert _enter_totals(client_for(_teller(world, name)), motion, figures).status_code == 302
    motion.refresh_from_db()
    assert motion.paper_totals == {"yes": 2, "no": 1, "abstain": 0, "invalid": 1}
    closed = actions.do_close_poll(poll=Poll.objects.get(pk=motion.pk), acting_user=world.organiser)
    assert closed.result["counts"] == {"yes": 3, "no": 1, "abstain": 0}
    assert closed.result["ballots"] == {"issued": 5, "returned": 5, "valid": 4, "invalid": 1}
    assert closed.result["status"] == "passed"  # 3 > 5 × 1/2


def test_motion_totals_beyond_the_paper_ballots_are_refused(world, client_for, motion):
    response = _enter_totals(client_for(_teller(world, "t1")), motion, {"yes": "3", "no": "2"})
    assert response.status_code == 422 and "多于发出的纸质选票 4 张" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("member", 403)])
def test_outsiders_cannot_see_or_enter_totals(world, client_for, election, persona, status):
    c = client_for(getattr(world, persona))
    assert c.get(f"/staff/polls/{election.pk}/paper").status_code == status
    assert _post(c, election, {"step": "start", "mode": "totals"}).status_code == status
    assert not PaperEntry.objects.filter(poll=election).exists()


def test_a_teller_of_another_unit_gets_404(world, client_for, election):
    stranger = get_user_model().objects.create_user(username="t9", password="x" * 12)
    Role.objects.create(user=stranger, unit=world.community_b, kind="teller")
    assert client_for(stranger).get(f"/staff/polls/{election.pk}/paper").status_code == 404
