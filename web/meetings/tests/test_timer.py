"""The speech and question timer: the chair's steps through the test client, the hall display,
and the clock frozen and moved by hand."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from web.audit.models import AuditEntry
from web.meetings import actions, results
from web.meetings.models import Meeting, SpeechTimer
from web.meetings.testing import make_meeting
from web.meetings.timer import format_remaining

T0 = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def now(self) -> dt.datetime:
        return self.at

    def move(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr("web.common.clock.now", c.now)
    return c


@pytest.fixture
def meeting(world, clock):
    meeting = make_meeting(world, voters=3, probationary=0)
    return actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)


@pytest.fixture
def chair(world, client_for):
    return client_for(world.organiser)


def _step(client, meeting, step, data=None):
    return client.post(f"/staff/meetings/{meeting.pk}/timer/{step}", data or {}, follow=True)


def _live(client, meeting, *, htmx=False):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.get(f"/staff/meetings/{meeting.pk}/live", **headers).content.decode()


def _shown(page):
    """(remaining ms the browser counts from, the digits drawn by the server)"""
    ms = re.search(r'data-remaining-ms="(-?\d+)"', page).group(1)
    digits = re.search(r'class="timer-digits"[^>]*>([^<]+)<', page).group(1)
    return int(ms), digits


def test_start_shows_the_speaker_and_the_time_left_on_the_live_page(world, chair, meeting, clock):
    response = _step(chair, meeting, "start", {"label": "王芳", "kind": "speech", "minutes": "4"})
    assert response.redirect_chain[-1][0].endswith(f"/staff/meetings/{meeting.pk}/#timer")
    assert "开始计时：王芳" in response.content.decode()
    page = _live(chair, meeting)
    assert "王芳" in page and "发言" in page and "timer.js" in page
    assert _shown(page) == (240_000, "4:00")
    clock.move(seconds=90)
    partial = _live(chair, meeting, htmx=True)
    assert "<html" not in partial and "data-running" in partial
    assert _shown(partial) == (150_000, "2:30")


def test_the_deadline_is_the_same_for_every_screen(world, chair, client_for, meeting, clock):
    _step(chair, meeting, "start", {"label": "王芳", "kind": "speech"})
    clock.move(seconds=12.5)
    assert _shown(_live(client_for(world.member), meeting)) == _shown(_live(chair, meeting)) == (287_500, "4:48")


def test_blank_minutes_take_the_meetings_default_for_the_kind(world, chair, meeting):
    _step(chair, meeting, "start", {"label": "李强", "kind": "question"})
    assert _shown(_live(chair, meeting)) == (180_000, "3:00")
    _step(chair, meeting, "defaults", {"speech_minutes": "7", "question_minutes": "2"})
    meeting.refresh_from_db()
    assert (meeting.speech_minutes, meeting.question_minutes) == (7, 2)
    _step(chair, meeting, "start", {"label": "丁一", "kind": "speech"})
    assert _shown(_live(chair, meeting)) == (420_000, "7:00")


def test_pause_and_resume_keep_the_time_left(world, chair, meeting, clock):
    _step(chair, meeting, "start", {"label": "王芳", "kind": "speech", "minutes": "5"})
    clock.move(seconds=61)
    assert "计时已暂停" in _step(chair, meeting, "pause").content.decode()
    clock.move(minutes=10)  # paused: nothing runs out
    page = _live(chair, meeting)
    assert _shown(page) == (239_000, "3:59")
    assert "已暂停" in page and "data-running" not in page
    _step(chair, meeting, "resume")
    clock.move(seconds=30)
    assert _shown(_live(chair, meeting)) == (209_000, "3:29")
    timer = SpeechTimer.objects.get(meeting=meeting)
    assert timer.started_at == clock.at - dt.timedelta(seconds=30) and timer.remaining_ms == 239_000


def test_the_last_minute_is_amber_and_over_time_says_so(world, chair, meeting, clock):
    _step(chair, meeting, "start", {"label": "李强", "kind": "question", "minutes": "2"})
    clock.move(seconds=59)
    assert 'class="timer"' in _live(chair, meeting)
    clock.move(seconds=2)
    page = _live(chair, meeting)
    assert 'class="timer warn"' in page and _shown(page) == (59_000, "0:59") and ">时间到<" not in page
    clock.move(seconds=58, milliseconds=500)
    page = _live(chair, meeting)
    assert 'class="timer warn"' in page and _shown(page) == (500, "0:01")
    clock.move(seconds=66, milliseconds=500)
    page = _live(chair, meeting)
    assert 'class="timer over"' in page and ">时间到<" in page
    assert _shown(page) == (-66_000, "+1:06")


def test_reset_goes_back_to_the_full_length_paused_and_stop_clears_the_display(world, chair, meeting, clock):
    _step(chair, meeting, "start", {"label": "王芳", "kind": "speech", "minutes": "3"})
    clock.move(seconds=200)
    _step(chair, meeting, "reset")
    clock.move(seconds=20)
    page = _live(chair, meeting)
    assert _shown(page) == (180_000, "3:00") and "data-running" not in page
    _step(chair, meeting, "stop")
    assert "data-timer" not in _live(chair, meeting)
    assert not SpeechTimer.objects.exists()


def test_starting_a_new_timer_replaces_the_old(world, chair, meeting, clock):
    _step(chair, meeting, "start", {"label": "王芳", "kind": "speech"})
    clock.move(seconds=30)
    _step(chair, meeting, "start", {"label": "李强", "kind": "question"})
    page = _live(chair, meeting)
    assert "李强" in page and "王芳" not in page and _shown(page) == (180_000, "3:00")
    assert SpeechTimer.objects.count() == 1


def test_every_step_is_in_the_audit_log(world, chair, meeting):
    for step, data in [
        ("start", {"label": "王芳", "kind": "speech"}),
        ("pause", None),
        ("resume", None),
        ("reset", None),
        ("stop", None),
        ("defaults", {"speech_minutes": 6, "question_minutes": 3}),
    ]:
        _step(chair, meeting, step, data)
    entries = AuditEntry.objects.filter(action__startswith="meeting.timer").order_by("id")
    assert [e.action for e in entries] == [
        "meeting.timer_start",
        "meeting.timer_pause",
        "meeting.timer_resume",
        "meeting.timer_reset",
        "meeting.timer_stop",
        "meeting.timer_defaults",
    ]
    assert entries[0].object_label.endswith("王芳") and entries[0].actor == world.organiser
    assert entries[0].changes["minutes"] == [None, 5]
    assert entries[5].changes == {"speech_minutes": [5, 6]}


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "时长应为 1 到 60 分钟之间的整数"),
        ("61", "时长应为 1 到 60 分钟之间的整数"),
        ("-3", "时长应为 1 到 60 分钟之间的整数"),
        ("2.5", "时长应为 1 到 60 分钟之间的整数"),
        ("五", "数字只能用半角 0–9 填写"),
        ("５", "数字只能用半角 0–9 填写"),
    ],
)
def test_a_bad_duration_is_refused_with_a_message(world, chair, meeting, minutes, message):
    before = AuditEntry.objects.count()
    response = _step(chair, meeting, "start", {"label": "王芳", "kind": "speech", "minutes": minutes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SpeechTimer.objects.exists() and AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "", "kind": "speech"}, "请填写发言人"),
        ({"label": "长" * 51, "kind": "speech"}, "请填写发言人"),
        ({"label": "王芳", "kind": "sing"}, "请选择发言或提问"),
        ({"speech_minutes": "0", "question_minutes": "3"}, "时长应为 1 到 60 分钟之间的整数"),
        ({"speech_minutes": "5"}, "时长应为 1 到 60 分钟之间的整数"),
    ],
)
def test_bad_input_is_a_message_not_an_error(world, chair, meeting, data, message):
    step = "defaults" if "speech_minutes" in data else "start"
    response = _step(chair, meeting, step, data)
    assert response.status_code == 200 and message in response.content.decode()
    meeting.refresh_from_db()
    assert not SpeechTimer.objects.exists() and (meeting.speech_minutes, meeting.question_minutes) == (5, 3)


def test_only_an_open_meeting_runs_a_timer(world, chair, clock):
    draft = make_meeting(world, voters=2, probationary=0)
    response = _step(chair, draft, "start", {"label": "王芳", "kind": "speech"})
    assert "只有进行中的会议才能计时" in response.content.decode()
    assert 'id="timer-form"' not in response.content.decode()  # no start form before the meeting opens
    _step(chair, draft, "defaults", {"speech_minutes": "8", "question_minutes": "4"})  # draft: defaults editable
    draft.refresh_from_db()
    assert draft.speech_minutes == 8


def test_a_closed_meeting_shows_no_timer_and_keeps_its_defaults(world, chair, meeting):
    _step(chair, meeting, "start", {"label": "王芳", "kind": "speech"})
    actions.do_close_meeting(meeting=meeting, acting_user=world.organiser)
    assert "data-timer" not in _live(chair, meeting)
    assert "只有进行中的会议才能计时" in _step(chair, meeting, "pause").content.decode()
    assert (
        "会议已结束"
        in _step(chair, meeting, "defaults", {"speech_minutes": "9", "question_minutes": "3"}).content.decode()
    )
    assert Meeting.objects.get(pk=meeting.pk).speech_minutes == 5


def test_pausing_without_a_timer_is_a_message(world, chair, meeting):
    assert "现在没有计时" in _step(chair, meeting, "pause").content.decode()


def test_the_drawn_speaking_order_offers_one_tap_starts(world, chair, meeting):
    poll = actions.do_create_poll(
        meeting=meeting,
        title="选举委员",
        kind="election",
        seats=1,
        rules={"elected": "for > 1/2 of present"},
        candidates=[("王芳", None), ("李强", None)],
        acting_user=world.organiser,
    )
    results.do_draw_speaking_order(poll=poll, seed="2026-12-01 4 2", acting_user=world.organiser)
    order = [p["name"] for p in poll.__class__.objects.get(pk=poll.pk).speaking_draw["order"]]
    page = chair.get(meeting.get_absolute_url()).content.decode()
    buttons = re.findall(r'name="label" value="([^"]+)"><input type="hidden" name="kind" value="speech">', page)
    assert buttons == order
    assert f'<option value="{order[0]}">' in page  # and the free-text box suggests them


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("observer", 404), ("outsider", 404)])
def test_who_cannot_run_the_timer(world, client_for, meeting, persona, status):
    c = client_for(getattr(world, persona))
    for step in ["start", "pause", "resume", "reset", "stop", "defaults"]:
        response = c.post(f"/staff/meetings/{meeting.pk}/timer/{step}", {"label": "王芳", "kind": "speech"})
        assert response.status_code == status
    assert not SpeechTimer.objects.exists()


def test_a_read_only_persona_sees_the_timer_but_not_the_controls(world, chair, client_for, meeting):
    _step(chair, meeting, "start", {"label": "王芳", "kind": "speech"})
    page = client_for(world.member).get(meeting.get_absolute_url()).content.decode()
    assert "data-timer" in page and "/timer/pause" not in page and "/timer/start" not in page


def test_unknown_step_and_get_are_refused(world, chair, meeting):
    assert chair.post(f"/staff/meetings/{meeting.pk}/timer/explode").status_code == 404
    assert chair.get(f"/staff/meetings/{meeting.pk}/timer/start").status_code == 405


@pytest.mark.parametrize(
    ("ms", "shown"),
    [
        (300_000, "5:00"),
        (299_001, "5:00"),
        (299_000, "4:59"),
        (60_000, "1:00"),
        (1, "0:01"),
        (0, "+0:00"),
        (-999, "+0:00"),
        (-1_000, "+0:01"),
        (-61_000, "+1:01"),
        (3_600_000, "60:00"),
    ],
)
def test_format_remaining(ms, shown):
    assert format_remaining(ms) == shown
