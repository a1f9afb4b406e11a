"""The voter's path on the phone: a wrong code and a language switch keep what was typed, the
ballot says which meeting it belongs to, an unmarked election ballot is asked about, the
receipt shows the choice, and the receipt check says in words what was recorded. Through all
of it the code stays in the POST body: no address, no session, no log line holds it."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from web.meetings import actions
from web.meetings.actions import hand_out_codes
from web.meetings.models import Poll
from web.meetings.testing import make_meeting, received


@pytest.fixture
def election(world):
    meeting = make_meeting(world, voters=5, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = actions.do_create_poll(
        meeting=meeting,
        title="选举支部委员",
        kind="election",
        seats=2,
        rules={"elected": "for > 1/2 of voted"},
        candidates=[("王芳", None), ("李强", None), ("丁一", None)],
        acting_user=world.organiser,
    )
    return actions.do_open_poll(poll=poll, acting_user=world.organiser)


@pytest.fixture
def codes(world, election):
    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
        for a in election.meeting.attendees.filter(kind="voter")
    ]
    return hand_out_codes(election, present)


def keys(poll: Poll) -> dict[str, str]:
    return {c.name: c.key for c in poll.candidates.all()}


def code_box(html: str) -> str:
    return re.search(r'<input type="text" id="code" name="code" value="([^"]*)"', html).group(1)


def hidden_code(html: str) -> str:
    return re.search(r'<input type="hidden" name="code" value="([^"]*)"', html).group(1)


def test_a_wrong_code_comes_back_as_typed_with_the_error_beside_the_box(client, codes):
    typed = codes[0][:15].lower() + ("z" if codes[0][15] != "Z" else "y")  # one character mistyped
    response = client.post("/vote/", {"code": typed})
    html = response.content.decode()
    assert response.status_code == 403
    assert code_box(html) == typed
    assert 'aria-describedby="code-error"' in html and 'aria-invalid="true"' in html
    assert re.search(r'<p class="field-error" id="code-error" role="alert">投票码无效', html)
    # the voter corrects the one character and goes on
    assert client.post("/vote/", {"code": codes[0]}).status_code == 200


def test_switching_language_on_the_code_page_keeps_the_code_and_checks_nothing(client, codes):
    typed = "-".join(codes[0][i : i + 4] for i in range(0, 16, 4))
    response = client.post("/vote/", {"code": typed, "language": "en"})
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert "Vote by phone" in html and code_box(html) == typed
    assert "code-error" not in html and 'id="ballot"' not in html  # shown again, not used
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # the page's switch posts the code form itself; the next switch goes back to Chinese
    assert 'form="code-form" formnovalidate' in html and 'value="zh-hans"' in html
    back = client.post("/vote/", {"code": typed, "language": "zh-hans"})
    assert '<html lang="zh-Hans">' in back.content.decode() and code_box(back.content.decode()) == typed
    assert client.post("/vote/", {"code": typed}).status_code == 200  # still unused


def test_a_language_the_site_does_not_speak_is_an_ordinary_post(client, codes):
    response = client.post("/vote/", {"code": codes[0], "language": "fr"})
    assert response.status_code == 200 and 'id="ballot"' in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_ballot_names_the_body_the_meeting_and_the_date(client, election, codes):
    html = client.post("/vote/", {"code": codes[0]}).content.decode()
    meeting = election.meeting
    assert "<h1>选举支部委员</h1>" in html
    assert f"<dd>{meeting.body.name}</dd>" in html and f"<dd>{meeting.title}</dd>" in html
    starts = meeting.starts_at.astimezone(__import__("zoneinfo").ZoneInfo(settings.TIME_ZONE))
    assert f"<dd>{starts.year}年{starts.month}月{starts.day}日</dd>" in html


def test_switching_language_on_the_ballot_keeps_the_code_and_the_marks(client, election, codes):
    k = keys(election)
    data = {"code": codes[0], "poll": election.pk, f"mark-{k['王芳']}": "for", f"mark-{k['李强']}": "against"}
    data[f"writein-{k['李强']}"] = "赵六"
    response = client.post("/vote/cast", data | {"language": "en"})
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html and 'id="ballot"' in html
    assert hidden_code(html) == codes[0] and 'form="ballot" formnovalidate' in html
    assert f'name="mark-{k["王芳"]}" value="for" checked' in html
    assert f'name="mark-{k["李强"]}" value="against" checked' in html
    assert 'value="赵六"' in html
    assert f'name="mark-{k["丁一"]}" value="abstain">' in html  # left unmarked, as it was
    assert not received(election)
    assert client.post("/vote/cast", data).status_code == 200  # then cast as it was


def test_the_ballot_is_not_shown_again_for_a_made_up_or_used_code(client, election, codes):
    made_up = client.post("/vote/cast", {"code": "AAAABBBBCCCCDDDD", "poll": election.pk, "language": "en"})
    assert made_up.status_code == 403 and 'id="ballot"' not in made_up.content.decode()
    k = keys(election)
    assert (
        client.post("/vote/cast", {"code": codes[0], "poll": election.pk, f"mark-{k['丁一']}": "for"}).status_code
        == 200
    )
    used = client.post("/vote/cast", {"code": codes[0], "poll": election.pk, "language": "en"})
    assert used.status_code == 409 and 'id="ballot"' not in used.content.decode()


def test_an_unmarked_election_ballot_asks_before_it_is_cast(client, election, codes):
    ballot = {"code": codes[0], "poll": election.pk}
    question = client.post("/vote/cast", ballot)
    html = question.content.decode()
    assert question.status_code == 200 and "你没有选择任何人，确定投空白票吗？" in html
    assert 'id="blank-back"' in html and 'id="blank-confirm"' in html and hidden_code(html) == codes[0]
    assert not received(election)
    # the question in English keeps its place; going back shows the ballot, still unmarked
    english = client.post("/vote/cast", ballot | {"step": "blank", "language": "en"}).content.decode()
    assert 'id="blank-question"' in english and '<html lang="en">' in english and hidden_code(english) == codes[0]
    back = client.post("/vote/cast", ballot | {"step": "blank", "back": "1"}).content.decode()
    assert 'id="ballot"' in back and " checked" not in back and not received(election)
    # confirmed, it counts exactly as a blank ballot always has: every candidate abstained
    receipt = client.post("/vote/cast", ballot | {"step": "blank", "blank": "confirmed"})
    assert receipt.status_code == 200 and 'id="receipt"' in receipt.content.decode()
    [stored] = received(election)
    assert stored["content"] == {"marks": dict.fromkeys(keys(election).values(), "abstain")}


def test_a_ballot_with_any_mark_is_cast_without_the_question(client, election, codes):
    k = keys(election)
    all_abstain = {f"mark-{key}": "abstain" for key in k.values()}
    response = client.post("/vote/cast", {"code": codes[0], "poll": election.pk, **all_abstain})
    assert response.status_code == 200 and 'id="receipt"' in response.content.decode()
    one_against = {"code": codes[1], "poll": election.pk, f"mark-{k['李强']}": "against"}
    assert 'id="receipt"' in client.post("/vote/cast", one_against).content.decode()
    assert len(received(election)) == 2


def test_the_question_is_not_asked_for_a_code_that_cannot_vote(client, election):
    response = client.post("/vote/cast", {"code": "AAAABBBBCCCCDDDD", "poll": election.pk})
    assert response.status_code == 403 and "空白票" not in response.content.decode()


def test_the_receipt_shows_the_choice_and_links_to_the_check(client, election, codes):
    k = keys(election)
    data = {"code": codes[0], "poll": election.pk, f"mark-{k['王芳']}": "for", f"mark-{k['李强']}": "against"}
    html = client.post("/vote/cast", data | {f"writein-{k['李强']}": "赵六"}).content.decode()
    choice = re.search(r'<dl class="facts ballot-choice".*?</dl>', html, re.S).group(0)
    rows = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", choice)
    assert rows == [("丁一", "弃权"), ("王芳", "赞成"), ("李强", "不赞成（另选 赵六）")]  # ballot order
    assert 'href="/check/" id="check-link"' in html
    assert "{&#x27;" not in html and "marks" not in choice


def test_the_receipt_of_a_motion_shows_the_answer(client, world, election):
    motion = actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=election.meeting,
            title="是否同意",
            kind="motion",
            rules={"passes": "yes > 1/2 of present"},
            acting_user=world.organiser,
        ),
        acting_user=world.organiser,
    )
    voter = actions.do_check_in(
        attendee=election.meeting.attendees.filter(kind="voter").first(), method="search", acting_user=world.organiser
    )
    [code] = hand_out_codes(motion, [voter])
    html = client.post("/vote/cast", {"code": code, "poll": motion.pk, "vote": "no"}).content.decode()
    assert "<dt>您的意见</dt><dd>反对</dd>" in html


def test_the_receipt_check_says_what_was_recorded_in_words(client, world, election, codes):
    from web.meetings.results import do_publish

    k = keys(election)
    receipts = []
    for i, code in enumerate(codes):
        marks = {f"mark-{k['王芳']}": "for", f"mark-{k['丁一']}": "for" if i % 2 else "abstain"}
        html = client.post("/vote/cast", {"code": code, "poll": election.pk, **marks}).content.decode()
        receipts.append(re.search(r'id="receipt">([A-Z0-9-]+)<', html).group(1))
    poll = actions.do_close_poll(poll=election, acting_user=world.organiser)
    do_publish(poll=poll, acting_user=world.organiser)
    html = client.post("/check/", {"receipt": receipts[1]}).content.decode()
    assert re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html) == [("丁一", "赞成"), ("王芳", "赞成"), ("李强", "弃权")]
    assert "{&#x27;" not in html and "&#x27;marks" not in html and "for" not in re.sub(r"<[^>]+>", "", html)
    # in English, the check keeps the receipt and its answer: the switch posts the form
    english = client.post("/check/", {"receipt": receipts[1], "language": "en"}).content.decode()
    assert '<html lang="en">' in english and receipts[1].replace("-", "") in english
    assert ("丁一", "for") in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", english)
    empty = client.post("/check/", {"receipt": "", "language": "en"}).content.decode()
    assert 'id="receipt-error"' not in empty  # only switched, nothing looked up


def test_the_code_is_in_no_address_no_session_and_no_log_line(client, election, codes, caplog):
    caplog.set_level(logging.DEBUG)
    code = codes[0]
    posts = [
        ("/vote/", {"code": code[:15] + ("Z" if code[15] != "Z" else "Y")}),
        ("/vote/", {"code": code, "language": "en"}),
        ("/vote/", {"code": code}),
        ("/vote/cast", {"code": code, "poll": election.pk, "language": "zh-hans"}),
        ("/vote/cast", {"code": code, "poll": election.pk}),
        ("/vote/cast", {"code": code, "poll": election.pk, "step": "blank", "back": "1"}),
        ("/vote/cast", {"code": code, "poll": election.pk, "step": "blank", "blank": "confirmed"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert "Location" not in response and "no-store" in response["Cache-Control"]
    assert not Session.objects.exists()
    assert code not in caplog.text and code[:15] not in caplog.text


def test_the_receipt_in_the_other_language_shows_the_same_receipt_and_choice(client, election, codes):
    k = keys(election)
    data = {"code": codes[0], "poll": election.pk, f"mark-{k['王芳']}": "for", f"mark-{k['李强']}": "against"}
    html = client.post("/vote/cast", data | {f"writein-{k['李强']}": "赵六"}).content.decode()
    receipt = re.search(r'id="receipt">([A-Z0-9-]+)<', html).group(1)
    form = re.search(r'<form method="post" action="/vote/receipt" id="receipt-form">(.*?)</form>', html, re.S)
    posted = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1)))
    assert "code" not in posted and 'form="receipt-form" formnovalidate' in html
    english = client.post("/vote/receipt", posted | {"language": "en"})
    text = english.content.decode()
    assert english.status_code == 200 and '<html lang="en">' in text
    assert f'id="receipt">{receipt}<' in text and "no-store" in english["Cache-Control"]
    rows = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", text)
    assert rows == [("丁一", "abstain"), ("王芳", "for"), ("李强", "against (Write-in 赵六)")]
    assert len(received(election)) == 1  # shown again, nothing cast or kept
    assert client.post("/vote/receipt", posted | {"receipt": "short"}).status_code == 400
    assert client.post("/vote/receipt", posted | {f"mark-{k['丁一']}": "maybe"}).status_code == 400
