"""Test helpers for the public board."""

from __future__ import annotations

from typing import Any

from web.meetings import actions
from web.meetings.actions import hand_out_codes
from web.meetings.models import Poll
from web.meetings.results import do_publish
from web.meetings.testing import open_motion_with_paper

MOTION_RULES = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}


def published_motion(world: Any) -> Poll:
    """In community A: eight voters, six vote by phone (five yes, one no); closed, counted by the
    engine and published on the board."""
    poll = open_motion_with_paper(world, voters=8, paper=0, rules=MOTION_RULES)
    voters = list(poll.meeting.attendees.order_by("id")[:6])
    for n, code in enumerate(hand_out_codes(poll, voters)):
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": "yes" if n < 5 else "no"})
    closed = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    return do_publish(poll=closed, acting_user=world.organiser)
