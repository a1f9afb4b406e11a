"""The speech and question timer on the hall display.

The chair starts a timer for a speaker (a name from a drawn speaking order, or free text), pauses,
resumes, resets or stops it. Each step is one action with its audit entry. Only an open meeting
runs a timer; starting a new one replaces the old. Every page renders the time left at the moment
of the request; the browser counts down from there (static/jiceng/timer.js) and the live page's
HTMX refresh re-reads it, so the projector and the chair's phone show the same time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.meetings.errors import MeetingError, wrong_state
from web.meetings.models import Meeting, SpeechTimer

MIN_MINUTES, MAX_MINUTES = 1, 60
LABEL_MAX = 50
#: the last minute is shown in amber
WARN_MS = 60_000
BAD_MINUTES = gettext_lazy("时长应为 1 到 60 分钟之间的整数。")
BAD_LABEL = gettext_lazy("请填写发言人（50 字以内）。")


@dataclass(frozen=True)
class Face:
    """What the screens show of a timer at one moment."""

    timer: SpeechTimer
    remaining_ms: int

    @property
    def running(self) -> bool:
        return self.timer.is_running

    @property
    def over(self) -> bool:
        return self.remaining_ms <= 0

    @property
    def warn(self) -> bool:
        return 0 < self.remaining_ms <= WARN_MS

    @property
    def digits(self) -> str:
        return format_remaining(self.remaining_ms)


def format_remaining(ms: int) -> str:
    """``m:ss`` left, rounded up (a countdown shows 5:00 until a whole second has gone), or
    ``+m:ss`` over time. timer.js formats the same way."""
    if ms > 0:
        seconds = math.ceil(ms / 1000)
        return f"{seconds // 60}:{seconds % 60:02d}"
    seconds = -ms // 1000
    return f"+{seconds // 60}:{seconds % 60:02d}"


def face(meeting: Meeting, *, now: datetime | None = None) -> Face | None:
    """The timer to show, or None (no timer, or the meeting is not open)."""
    if meeting.state != Meeting.State.OPEN:
        return None
    timer = SpeechTimer.objects.filter(meeting=meeting).first()
    if timer is None:
        return None
    return Face(timer=timer, remaining_ms=timer.remaining_ms_at(now or clock.now()))


def speakers(meeting: Meeting) -> list[str]:
    """Names in the drawn speaking orders of the meeting's polls, in drawn order, once each."""
    names: list[str] = []
    for draw in meeting.polls.filter(speaking_draw__isnull=False).values_list("speaking_draw", flat=True):
        names.extend(p["name"] for p in (draw or {}).get("order", []) if p["name"] not in names)
    return names


def default_minutes(meeting: Meeting, kind: str) -> int:
    return meeting.question_minutes if kind == SpeechTimer.Kind.QUESTION else meeting.speech_minutes


def _check_minutes(minutes: Any) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise MeetingError(BAD_MINUTES, code="bad_duration", status=422)
    return minutes


def _lock_open(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != Meeting.State.OPEN:
        raise wrong_state(_("只有进行中的会议才能计时。"))
    return meeting


def _timer(meeting: Meeting) -> SpeechTimer:
    timer = SpeechTimer.objects.filter(meeting=meeting).first()
    if timer is None:
        raise wrong_state(_("现在没有计时。"))
    return timer


def _record(timer: SpeechTimer, action: Action, acting_user: Actor, **changes: list[Any]) -> None:
    """The audit entry of a timer step, on the meeting and naming the speaker."""
    meeting = timer.meeting
    record(
        actor=acting_user, action=action, obj=meeting, object_label=f"{meeting} · {timer.label}"[:200], changes=changes
    )


@transaction.atomic
def do_set_timer_defaults(
    *, meeting: Meeting, speech_minutes: int, question_minutes: int, acting_user: Actor
) -> Meeting:
    """The meeting's default lengths of a speech and a question, while it has not ended."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == Meeting.State.CLOSED:
        raise wrong_state(_("会议已结束。"))
    before = {"speech_minutes": meeting.speech_minutes, "question_minutes": meeting.question_minutes}
    meeting.speech_minutes, meeting.question_minutes = _check_minutes(speech_minutes), _check_minutes(question_minutes)
    meeting.save(update_fields=["speech_minutes", "question_minutes"])
    after = {"speech_minutes": meeting.speech_minutes, "question_minutes": meeting.question_minutes}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    record(actor=acting_user, action=Action.MEETING_TIMER_DEFAULTS, obj=meeting, changes=changes)
    return meeting


@transaction.atomic
def do_start_timer(
    *, meeting: Meeting, label: str, kind: str, minutes: int | None = None, acting_user: Actor
) -> SpeechTimer:
    """Start timing a speaker, replacing any timer already on the display. ``minutes`` defaults
    to the meeting's length for the kind."""
    meeting = _lock_open(meeting)
    label = label.strip()
    if not label or len(label) > LABEL_MAX:
        raise MeetingError(BAD_LABEL, code="label_required", status=422)
    if kind not in SpeechTimer.Kind.values:
        raise MeetingError(_("请选择发言或提问。"), code="bad_kind", status=422)
    minutes = _check_minutes(default_minutes(meeting, kind) if minutes is None else minutes)
    SpeechTimer.objects.filter(meeting=meeting).delete()
    timer = SpeechTimer.objects.create(
        meeting=meeting,
        label=label,
        kind=kind,
        duration=minutes * 60,
        started_at=clock.now(),
        remaining_ms=minutes * 60_000,
    )
    _record(
        timer, Action.MEETING_TIMER_START, acting_user, label=[None, label], kind=[None, kind], minutes=[None, minutes]
    )
    return timer


@transaction.atomic
def do_pause_timer(*, meeting: Meeting, acting_user: Actor) -> SpeechTimer:
    meeting = _lock_open(meeting)
    timer = _timer(meeting)
    if not timer.is_running:
        raise wrong_state(_("计时已经暂停。"))
    timer.remaining_ms, timer.started_at = timer.remaining_ms_at(clock.now()), None
    timer.save(update_fields=["remaining_ms", "started_at"])
    _record(
        timer, Action.MEETING_TIMER_PAUSE, acting_user, running=[True, False], remaining_ms=[None, timer.remaining_ms]
    )
    return timer


@transaction.atomic
def do_resume_timer(*, meeting: Meeting, acting_user: Actor) -> SpeechTimer:
    meeting = _lock_open(meeting)
    timer = _timer(meeting)
    if timer.is_running:
        raise wrong_state(_("计时正在进行。"))
    timer.started_at = clock.now()
    timer.save(update_fields=["started_at"])
    _record(
        timer, Action.MEETING_TIMER_RESUME, acting_user, running=[False, True], remaining_ms=[timer.remaining_ms, None]
    )
    return timer


@transaction.atomic
def do_reset_timer(*, meeting: Meeting, acting_user: Actor) -> SpeechTimer:
    """Back to the full length, paused: the same speaker starts again when the chair resumes."""
    meeting = _lock_open(meeting)
    timer = _timer(meeting)
    before = timer.remaining_ms_at(clock.now())
    timer.remaining_ms, timer.started_at = timer.duration * 1000, None
    timer.save(update_fields=["remaining_ms", "started_at"])
    _record(timer, Action.MEETING_TIMER_RESET, acting_user, remaining_ms=[before, timer.remaining_ms])
    return timer


@transaction.atomic
def do_stop_timer(*, meeting: Meeting, acting_user: Actor) -> None:
    """Take the timer off the display."""
    meeting = _lock_open(meeting)
    timer = _timer(meeting)
    _record(timer, Action.MEETING_TIMER_STOP, acting_user, remaining_ms=[timer.remaining_ms_at(clock.now()), None])
    timer.delete()
