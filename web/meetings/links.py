"""Pages of other apps that belong to a meeting, linked from the meeting's page.

The meetings app imports nothing above it, so an app that adds work to some meetings (a
congress meeting's work reports and inquiries) registers a function from its
``AppConfig.ready()``: given the meeting and the person reading, it returns the links to show,
each ``(words, address)``, or none. The meeting page shows them beside its own buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web.meetings.models import Meeting

Links = Callable[[Meeting, Any], list[tuple[str, str]]]

_LINKS: dict[str, Links] = {}


def register(key: str, links: Links) -> None:
    _LINKS[key] = links


def links_for(meeting: Meeting, user: Any) -> list[tuple[str, str]]:
    return [link for key in sorted(_LINKS) for link in _LINKS[key](meeting, user)]
