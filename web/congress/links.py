"""The congress meeting's agenda, linked from the meeting's page (``web.meetings.links``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from web.meetings.links import register
from web.meetings.models import Meeting
from web.org.models import Body


def _agenda(meeting: Meeting, user: Any) -> list[tuple[str, str]]:
    if meeting.body.kind != Body.Kind.CONGRESS:
        return []
    return [(gettext("述职议程和询问"), reverse("congress:agenda", args=[meeting.pk]))]


register("congress", _agenda)
