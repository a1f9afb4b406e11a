"""Meeting pages through the test client: staff steps, access by persona, the phone ballot."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from web.meetings import actions
from web.meetings.models import Meeting, Poll
from web.meetings.testing import make_meeting, received


@pytest.fixture
def meeting(world):
    return make_meeting(world, voters=5, probationary=1)


def _open(meeting, world):
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.all():
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)


def test_the_meeting_page_words_its_quorum_rule(world, client_for, meeting):
    page = client_for(world.organiser).get(meeting.get_absolute_url()).content.decode()
    assert "实到人数不少于应到人数的五分之四" in page and "present &gt;=" not in page


def test_each_rows_exclusion_form_has_ids_of_its_own(world, client_for, meeting):
    """The roster's "not counted as expected" form is on every voter's row: its fields' ids (what
    a label and a screen reader go by) are the row's own, and no id on the page is used twice."""
    page = client_for(world.organiser).get(meeting.get_absolute_url()).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    voter = meeting.attendees.filter(kind="voter").first()
    assert f'<label for="id_reason_{voter.pk}">' in page and 'name="reason"' in page


@pytest.mark.parametrize(
    ("persona", "status"), [("organiser", 200), ("member", 200), ("outsider", 404), ("observer", 404)]
)
def test_who_sees_the_meeting(world, client_for, meeting, persona, status):
    c = client_for(getattr(world, persona))
    assert c.get(meeting.get_absolute_url()).status_code == status
    assert c.get(f"/staff/meetings/{meeting.pk}/live").status_code == status


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("outsider", 404)])
def test_who_cannot_run_the_meeting(world, client_for, meeting, persona, status):
    c = client_for(getattr(world, persona))
    assert c.post(f"/staff/meetings/{meeting.pk}/open/").status_code == status
    assert c.get(f"/staff/meetings/{meeting.pk}/check-in").status_code == status
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.DRAFT


def test_open_check_in_and_live_quorum(world, client_for, meeting):
    c = client_for(world.organiser)
    assert c.post(f"/staff/meetings/{meeting.pk}/open/").status_code == 302
    assert c.get(f"/staff/meetings/{meeting.pk}/live").content.decode().count("未达法定人数") == 1
    for a in meeting.attendees.filter(kind="voter")[:4]:
        found = c.get(f"/staff/meetings/{meeting.pk}/check-in", {"q": a.person.name}, HTTP_HX_REQUEST="true")
        assert a.person.name in found.content.decode()
        c.post(f"/staff/meetings/{meeting.pk}/check-in", {"attendee": a.pk})
    live = c.get(f"/staff/meetings/{meeting.pk}/live", HTTP_HX_REQUEST="true").content.decode()
    assert "符合法定人数" in live and "<html" not in live  # 4 of 5 present: exactly four fifths


def test_second_open_is_a_clear_message_not_an_error(world, client_for, meeting):
    c = client_for(world.organiser)
    c.post(f"/staff/meetings/{meeting.pk}/open/")
    response = c.post(f"/staff/meetings/{meeting.pk}/open/", follow=True)
    assert "已经开始" in response.content.decode()


def test_unknown_step_is_404(world, client_for, meeting):
    assert client_for(world.organiser).post(f"/staff/meetings/{meeting.pk}/explode/").status_code == 404


class TestPhoneVoting:
    @pytest.fixture
    def poll(self, world, meeting):
        _open(meeting, world)
        poll = actions.do_create_poll(
            meeting=meeting,
            title="选举委员",
            kind="election",
            seats=2,
            rules={"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of expected"},
            candidates=[("王芳", None), ("李强", None), ("丁一", None)],
            acting_user=world.organiser,
        )
        return actions.do_open_poll(poll=poll, acting_user=world.organiser)

    def _issue(self, client, poll, attendee) -> str:
        """The desk prints a batch of unnamed slips (shown once, no-store), hands one over and
        records only that the attendee took a slip."""
        page = client.post(f"/staff/polls/{poll.pk}/codes", {"size": "5"})
        assert page.status_code == 200 and page["Cache-Control"].count("no-store") == 1
        code = re.search(r'id="voting-code">([A-Z0-9-]+)<', page.content.decode()).group(1)
        issued = client.post(f"/staff/polls/{poll.pk}/issue", {"attendee": attendee.pk, "channel": "phone"})
        assert issued.status_code == 302
        return code

    def test_candidates_appear_in_stroke_order(self, poll):
        assert [c.name for c in poll.candidates.all()] == ["丁一", "王芳", "李强"]

    def test_vote_without_signing_in_and_get_a_receipt(self, world, client_for, client, poll):
        staff = client_for(world.organiser)
        voter = poll.meeting.attendees.filter(kind="voter").first()
        code = self._issue(staff, poll, voter)
        ballot = client.post("/vote/", {"code": code.lower()})
        assert ballot.status_code == 200 and "丁一" in ballot.content.decode()
        keys = {c.name: c.key for c in poll.candidates.all()}
        receipt = client.post(
            "/vote/cast",
            {
                "poll": poll.pk,
                "code": code,
                f"mark-{keys['王芳']}": "for",
                f"mark-{keys['李强']}": "against",
                f"writein-{keys['李强']}": "赵六",
            },
        )
        assert receipt.status_code == 200
        shown = re.search(r'id="receipt">([A-Z0-9-]+)<', receipt.content.decode()).group(1)
        [stored] = received(poll)
        assert stored["receipt"] == shown.replace("-", "")
        assert stored["content"] == {
            "marks": {keys["丁一"]: "abstain", keys["王芳"]: "for", keys["李强"]: "against"},
            "write_ins": [{"replaces": keys["李强"], "name": "赵六"}],
        }
        again = client.post("/vote/cast", {"poll": poll.pk, "code": code, f"mark-{keys['王芳']}": "for"})
        assert again.status_code == 409 and "已经投过票" in again.content.decode()

    @pytest.mark.parametrize(
        ("marks", "message"),
        [
            ({"丁一": "for", "王芳": "for", "李强": "for"}, "超过应选名额"),
            ({"丁一": "abstain", "writein-丁一": "赵六"}, "只有对"),
            ({"丁一": "maybe"}, "标记无效"),
        ],
    )
    def test_an_invalid_phone_ballot_is_sent_back_and_the_code_still_works(
        self, world, client_for, client, poll, marks, message
    ):
        code = self._issue(client_for(world.organiser), poll, poll.meeting.attendees.filter(kind="voter").first())
        keys = {c.name: c.key for c in poll.candidates.all()}
        data = {"poll": poll.pk, "code": code}
        for name, value in marks.items():
            if name.startswith("writein-"):
                data[f"writein-{keys[name[8:]]}"] = value
            else:
                data[f"mark-{keys[name]}"] = value
        response = client.post("/vote/cast", data)
        assert response.status_code == 422 and message in response.content.decode()
        assert not received(poll)
        ok = client.post("/vote/cast", {"poll": poll.pk, "code": code, f"mark-{keys['丁一']}": "for"})
        assert ok.status_code == 200

    def test_a_made_up_code_is_refused(self, client, poll):
        response = client.post("/vote/", {"code": "AAAA-BBBB-CCCC-DDDD"})
        assert response.status_code == 403 and "投票码无效" in response.content.decode()
        assert client.post("/vote/cast", {"poll": poll.pk, "code": "short"}).status_code == 403
        made_up = client.post("/vote/cast", {"poll": poll.pk, "code": "AAAABBBBCCCCDDDD", "mark-c1": "for"})
        assert made_up.status_code == 403 and "投票码无效" in made_up.content.decode()
        assert client.post("/vote/cast", {"poll": "x", "code": "AAAABBBBCCCCDDDD"}).status_code == 403

    def test_a_code_of_one_poll_does_not_vote_in_another(self, world, client_for, client, poll):
        code = self._issue(client_for(world.organiser), poll, poll.meeting.attendees.filter(kind="voter").first())
        other = actions.do_open_poll(
            poll=actions.do_create_poll(
                meeting=poll.meeting,
                title="另一项",
                kind="motion",
                rules={"passes": "yes > 1/2 of present"},
                acting_user=world.organiser,
            ),
            acting_user=world.organiser,
        )
        response = client.post("/vote/cast", {"poll": other.pk, "code": code, "vote": "yes"})
        assert response.status_code == 403 and not other.ballots.exists()

    def test_closing_counts_with_the_engine_and_offers_the_open_record(self, world, client_for, client, poll):
        staff = client_for(world.organiser)
        keys = {c.name: c.key for c in poll.candidates.all()}
        for i, voter in enumerate(poll.meeting.attendees.filter(kind="voter")):
            code = self._issue(staff, poll, voter)
            marks = {f"mark-{keys['王芳']}": "for", f"mark-{keys['丁一']}": "for" if i < 3 else "against"}
            assert client.post("/vote/cast", {"poll": poll.pk, "code": code, **marks}).status_code == 200
        assert staff.post(f"/staff/polls/{poll.pk}/close/").status_code == 302
        poll.refresh_from_db()
        assert poll.state == Poll.State.CLOSED
        assert poll.result["status"] == "complete"
        assert poll.result["elected"] == [keys["王芳"], keys["丁一"]]
        record = staff.get(f"/staff/polls/{poll.pk}/record.json").json()
        assert record["ballots_issued"] == 5 and len(record["ballots"]) == 5
        assert record["electorate"] == {"expected": 5, "present": 5}
        assert all(set(b) <= {"receipt", "marks", "write_ins"} for b in record["ballots"])
        page = staff.get(f"/staff/polls/{poll.pk}/").content.decode()
        # the 64-character digest wraps on a phone (it made the counted poll 566 px wide)
        assert f'<code class="hash">{poll.record_sha256}</code>' in page
        late = client.post("/vote/cast", {"poll": poll.pk, "code": "AAAABBBBCCCCDDDD"})
        assert late.status_code == 409 and "没有开放" in late.content.decode()

    def test_phone_and_paper_cannot_both_be_issued_to_one_voter(self, world, client_for, poll):
        staff = client_for(world.organiser)
        voter = poll.meeting.attendees.filter(kind="voter").first()
        staff.post(f"/staff/polls/{poll.pk}/issue", {"attendee": voter.pk, "channel": "paper"})
        response = staff.post(f"/staff/polls/{poll.pk}/issue", {"attendee": voter.pk, "channel": "phone"}, follow=True)
        assert "已经领过" in response.content.decode()
        assert poll.issues.count() == 1

    def test_issuing_is_for_managers_only(self, world, client_for, poll):
        voter = poll.meeting.attendees.filter(kind="voter").first()
        assert (
            client_for(world.member)
            .post(f"/staff/polls/{poll.pk}/issue", {"attendee": voter.pk, "channel": "phone"})
            .status_code
            == 403
        )
        assert (
            client_for(world.outsider)
            .post(f"/staff/polls/{poll.pk}/issue", {"attendee": voter.pk, "channel": "phone"})
            .status_code
            == 404
        )
        assert poll.issues.count() == 0


def test_meeting_timezone_is_the_sites(world, meeting):
    assert timezone.is_aware(meeting.starts_at)


@pytest.mark.parametrize(
    ("kind", "chosen", "stored"),
    [
        ("election", {}, {"elected": "for > 1/2 of expected"}),
        ("motion", {}, {"passes": "yes >= 1/2 of expected"}),
        (
            "election",
            {"rule_elected": "advanced", "rule_elected_text": "for >= 2/3 of voted"},
            {"elected": "for >= 2/3 of voted"},
        ),
        ("motion", {"rule_passes": "villagers_passes"}, {"passes": "yes > 1/2 of present"}),
    ],
)
def test_a_poll_s_rule_is_chosen_in_words_or_left_to_the_default(world, client_for, meeting, kind, chosen, stored):
    response = client_for(world.organiser).post(
        f"/staff/meetings/{meeting.pk}/polls/new",
        {"title": "表决", "kind": kind, "seats": "1", "candidates": "张三\n李四", **chosen},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    poll = Poll.objects.get(meeting=meeting, title="表决")
    assert poll.rules == {"quorum": meeting.quorum_rule, **stored}
    page = client_for(world.organiser).get(response["Location"]).content.decode()
    assert " of " not in re.sub(r"<[^>]+>", "", page.split("<main", 1)[-1]).replace("ballots.pdf", "")
