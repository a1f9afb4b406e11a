"""The chair's timer steps: start, pause, resume, reset, stop, and the meeting's default lengths.
Each step checks access (managers of the meeting's unit), parses, calls one action in
``web.meetings.timer`` and goes back to the meeting page, where a refused step is a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from web.accounts.actors import acting
from web.common.attempt import attempt
from web.meetings import queries, timer
from web.meetings.forms import TimerDefaultsForm, TimerForm
from web.meetings.models import Meeting


def _first_error(form: TimerForm | TimerDefaultsForm) -> str:
    return str(next(iter(form.errors.values()))[0])


def _start(request: HttpRequest, meeting: Meeting) -> tuple[Callable[[], Any], str] | None:
    form = TimerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return None
    data = form.cleaned_data
    return (
        lambda: timer.do_start_timer(meeting=meeting, acting_user=acting(request), **data),
        _("开始计时：%(label)s。") % {"label": data["label"]},
    )


def _defaults(request: HttpRequest, meeting: Meeting) -> tuple[Callable[[], Any], str] | None:
    form = TimerDefaultsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return None
    return (
        lambda: timer.do_set_timer_defaults(meeting=meeting, acting_user=acting(request), **form.cleaned_data),
        _("默认时长已保存。"),
    )


@require_POST
@login_required
def timer_step(request: HttpRequest, meeting_id: int, step: str) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id, manage=True)
    simple = {
        "pause": (timer.do_pause_timer, _("计时已暂停。")),
        "resume": (timer.do_resume_timer, _("计时继续。")),
        "reset": (timer.do_reset_timer, _("计时已重置，按“继续”重新开始。")),
        "stop": (timer.do_stop_timer, _("计时已结束。")),
    }
    if step in simple:
        action, success = simple[step]
        attempt(request, lambda: action(meeting=meeting, acting_user=acting(request)), success)
    elif step in ("start", "defaults"):
        parsed = (_start if step == "start" else _defaults)(request, meeting)
        if parsed is not None:
            attempt(request, *parsed)
    else:
        raise Http404
    return redirect(f"{meeting.get_absolute_url()}#timer")
