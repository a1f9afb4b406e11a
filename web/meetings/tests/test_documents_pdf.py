"""The result announcement (当选公告 / 表决结果公告) and the meeting record (会议记录) as PDF:
real PDFs with Chinese fonts embedded, the numbers of the count, plain words for what is not
final, typed text kept inert, and nothing that ties a voter to a ballot."""

from __future__ import annotations

import io

import pypdf
import pytest

from jiceng.rules import describe
from web.downloads.testing import made
from web.meetings import actions, results
from web.meetings.actions import hand_out_codes
from web.meetings.models import Attendee, Poll
from web.meetings.testing import make_meeting
from web.meetings.tests.test_ballot_pdf import _fonts

RULES = {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of present"}


def _text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    fonts = _fonts(reader)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert any("Noto" in name and "CJK" in name for name, _e in fonts)
    return "".join(page.extract_text() for page in reader.pages).replace("\u3000", " ")


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def meeting(world):
    """Five full members (one excused with approval), one probationary member observing and
    serving as scrutineer; everyone else checks in."""
    meeting = make_meeting(world, voters=5, probationary=1)
    meeting.place = "社区活动中心二楼"
    meeting.save(update_fields=["place"])
    excused = meeting.attendees.filter(kind=Attendee.Kind.VOTER).last()
    actions.do_exclude_attendee(
        attendee=excused, reason="长期外出务工", approval="街道党工委同意，党员大会通过", acting_user=world.organiser
    )
    observer = meeting.attendees.get(kind=Attendee.Kind.OBSERVER)
    actions.do_appoint_officer(meeting=meeting, person=observer.person, role="scrutineer", acting_user=world.organiser)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.exclude(pk=excused.pk):
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    return meeting


def _poll(world, meeting, *, title="社区党委委员选举", kind="election", seats=2, needs_approval=False, rules=None):
    if rules is None:
        rules = RULES if kind == "election" else {"quorum": RULES["quorum"], "passes": "yes > 1/2 of present"}
    names = ["王芳", "李强", "丁一"] if kind == "election" else []
    poll = actions.do_create_poll(
        meeting=meeting,
        title=title,
        kind=kind,
        seats=seats,
        rules=rules,
        candidates=[(n, None) for n in names],
        needs_approval=needs_approval,
        acting_user=world.organiser,
    )
    return actions.do_open_poll(poll=poll, acting_user=world.organiser)


def _vote_and_close(world, poll, ballots) -> tuple[Poll, list[str]]:
    keys = {c.name: c.key for c in poll.candidates.all()}
    voters = poll.meeting.attendees.filter(kind=Attendee.Kind.VOTER, excluded=False)
    receipts = []
    for code, ballot in zip(hand_out_codes(poll, list(voters)), ballots, strict=True):
        content = {"marks": {keys[n]: m for n, m in ballot.items()}} if poll.kind == "election" else {"vote": ballot}
        receipts.append(actions.cast_ballot(poll_id=poll.pk, code=code, content=content))
    return actions.do_close_poll(poll=poll, acting_user=world.organiser), receipts


def _elect(world, meeting, **kwargs):
    poll = _poll(world, meeting, **kwargs)
    results.do_draw_speaking_order(poll=poll, seed="2026-11-24 掷骰 3-5-1", acting_user=world.organiser)
    return _vote_and_close(world, poll, [{"王芳": "for", "李强": "for"}] * 3 + [{"王芳": "for", "丁一": "for"}])


def test_the_announcement_names_the_elected_in_order_with_the_counts(world, client_for, meeting):
    poll, _receipts = _elect(world, meeting)
    assert poll.result["status"] == "complete"
    text = _text(made(client_for(world.organiser), f"/staff/polls/{poll.pk}/announcement.pdf"))
    flat = _flat(text)
    assert "当选公告" in flat and "和平社区党员大会" in flat and "社区党委委员选举" in flat
    # expected 4 (one excused), present 4, issued 4, returned 4, valid 4, invalid 0
    assert "应到实到发出选票收回选票有效票无效票444440" in flat
    # elected in the order of the result, each with the for-votes
    assert "1王芳4" in flat and "2李强3" in flat and flat.index("王芳4") < flat.index("李强3")
    assert "丁一" not in flat.split("特此公告")[0].split("计票依据")[0]
    assert "应选2名，名额已选满" in flat and "特此公告" in flat
    assert poll.record_sha256 in flat
    assert f"/u/{world.community_a.code}/results/{poll.pk}/record.json" in flat
    assert "待上级批准" not in flat and "未获批准" not in flat


def test_unfilled_seats_are_said_plainly(world, client_for, meeting):
    poll, _ = _vote_and_close(
        world, _poll(world, meeting), [{"王芳": "for", "李强": "for"}] * 2 + [{"王芳": "for"}] * 2
    )
    assert poll.result["status"] == "seats_unfilled"
    flat = _flat(_text(made(client_for(world.member), f"/staff/polls/{poll.pk}/announcement.pdf")))
    assert "应选2名，当选1名，尚缺1名，不足名额另行选举" in flat and "1王芳4" in flat


def test_a_tie_at_the_cut_off_announces_the_runoff(world, client_for, meeting):
    low_bar = {**RULES, "elected": "for >= 1/4 of present"}
    poll, _ = _vote_and_close(
        world, _poll(world, meeting, seats=1, rules=low_bar), [{"王芳": "for"}, {"李强": "for"}] * 2
    )
    assert poll.result["status"] == "runoff_needed"
    flat = _flat(_text(made(client_for(world.organiser), f"/staff/polls/{poll.pk}/announcement.pdf")))
    assert "选举结果公告" in flat and "本轮无人当选" in flat
    assert "王芳、李强得票相等，须就剩余的1个名额对他们再次投票" in flat


def test_a_result_awaiting_or_refused_approval_is_marked_not_final(world, client_for, meeting):
    poll, _ = _elect(world, meeting, needs_approval=True)
    assert poll.approval == Poll.Approval.PENDING
    url = f"/staff/polls/{poll.pk}/announcement.pdf"
    assert "待上级批准" in _flat(_text(made(client_for(world.organiser), url)))
    results.do_decide_approval(poll=poll, approve=False, note="候选人资格待复核", acting_user=world.street_staff)
    flat = _flat(_text(made(client_for(world.organiser), url)))
    assert "未获批准" in flat and "候选人资格待复核" in flat
    assert "待上级批准" not in flat


def test_an_approved_result_is_a_clean_announcement(world, client_for, meeting):
    poll, _ = _elect(world, meeting, needs_approval=True)
    results.do_decide_approval(poll=poll, approve=True, note="同意", acting_user=world.street_staff)
    flat = _flat(_text(made(client_for(world.organiser), f"/staff/polls/{poll.pk}/announcement.pdf")))
    assert "上级已批准" in flat and "待上级批准" not in flat and "未获批准" not in flat


def test_a_motion_gets_a_resolution_announcement(world, client_for, meeting):
    poll, _ = _vote_and_close(
        world, _poll(world, meeting, title="关于修缮活动中心的议案", kind="motion"), ["yes", "yes", "yes", "no"]
    )
    assert poll.result["status"] == "passed"
    flat = _flat(_text(made(client_for(world.organiser), f"/staff/polls/{poll.pk}/announcement.pdf")))
    assert "表决结果公告" in flat and "关于修缮活动中心的议案" in flat
    assert "赞成反对弃权表决结果310通过" in flat


def test_the_announcement_is_refused_while_the_poll_is_open(world, client_for, meeting):
    poll = _poll(world, meeting)
    client = client_for(world.organiser)
    response = client.get(f"/staff/polls/{poll.pk}/announcement.pdf")
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert "投票结束计票后才能生成结果公告" in client.get(response["Location"]).content.decode()


def test_the_meeting_record_has_attendance_officers_and_every_check(world, client_for, meeting):
    poll, receipts = _elect(world, meeting)
    motion, motion_receipts = _vote_and_close(
        world, _poll(world, meeting, title="关于修缮活动中心的议案", kind="motion"), ["yes", "no", "yes", "yes"]
    )
    actions.do_close_meeting(meeting=meeting, acting_user=world.organiser)
    text = _text(made(client_for(world.member), f"/staff/meetings/{meeting.pk}/record.pdf"))
    flat = _flat(text)
    assert "会议记录" in flat and "社区活动中心二楼" in flat and "会议尚未结束" not in flat
    for a in meeting.attendees.select_related("person"):
        assert a.person.name in flat
    assert "长期外出务工" in flat and "街道党工委同意，党员大会通过" in flat
    observer = meeting.attendees.get(kind=Attendee.Kind.OBSERVER).person.name
    assert f"监票人：{observer}" in flat
    assert "2026-11-24掷骰3-5-1" in flat
    for p in (poll, motion):
        for check in p.result["checks"]:
            assert _flat(check["zh"]) in flat and _flat(check["rule"]) not in flat
        for rule in p.rules.values():  # the rules in words, never in the engine's grammar
            assert _flat(describe(rule)[0]) in flat
        assert p.record_sha256 in flat
    # no ballot is tied to anyone: no receipt, no channel per person
    for receipt in receipts + motion_receipts:
        assert receipt not in flat
    assert "手机" not in flat


def test_the_record_of_an_unfinished_meeting_says_so(world, client_for, meeting):
    _poll(world, meeting)
    flat = _flat(_text(made(client_for(world.organiser), f"/staff/meetings/{meeting.pk}/record.pdf")))
    assert "会议尚未结束" in flat and "尚未计票" in flat


def test_typed_markup_stays_text(world, client_for, meeting):
    meeting.title = "<script>x</script>"
    meeting.save(update_fields=["title"])
    poll, _ = _elect(world, meeting, title="<b>委员</b><script>x</script>")
    client = client_for(world.organiser)
    for url in (f"/staff/polls/{poll.pk}/announcement.pdf", f"/staff/meetings/{meeting.pk}/record.pdf"):
        flat = _flat(_text(made(client, url)))
        assert "<script>x</script>" in flat and "<b>委员</b>" in flat


def test_pages_link_the_documents(world, client_for, meeting):
    poll, _ = _elect(world, meeting)
    client = client_for(world.member)
    assert f"/staff/polls/{poll.pk}/announcement.pdf" in client.get(poll.get_absolute_url()).content.decode()
    assert f"/staff/meetings/{meeting.pk}/record.pdf" in client.get(meeting.get_absolute_url()).content.decode()


def test_outsiders_see_neither_document(world, client_for, meeting):
    poll, _ = _elect(world, meeting)
    for user in (world.outsider, world.observer):
        client = client_for(user)
        assert client.get(f"/staff/polls/{poll.pk}/announcement.pdf").status_code == 404
        assert client.get(f"/staff/meetings/{meeting.pk}/record.pdf").status_code == 404


@pytest.mark.parametrize("document", ["announcement", "record"])
def test_every_document_prints_the_audit_chains_head(world, client_for, meeting, document):
    """Whoever keeps the paper holds the chain as it stood (verify_audit --checkpoint N:HASH)."""
    from web.audit.models import AuditEntry

    poll, _receipts = _elect(world, meeting)
    url = (
        f"/staff/polls/{poll.pk}/announcement.pdf"
        if document == "announcement"
        else (f"/staff/meetings/{meeting.pk}/record.pdf")
    )
    head = AuditEntry.objects.order_by("-id").first()  # the job adds its own entry after printing
    flat = _flat(_text(made(client_for(world.organiser), url)))
    assert "操作记录链头" in flat and f"第{head.pk}条" in flat and head.hash in flat
    assert "verify_audit--checkpoint" in flat
