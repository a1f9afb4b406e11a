"""Each kind of publication on the public board, done once in the world of the tests."""

from __future__ import annotations

from typing import Any

from web.meetings.models import Poll


def closed_motion(world: Any, votes: tuple[str, ...] = ("yes", "yes", "no", "abstain")) -> Poll:
    """A motion in community A's members' meeting, cast by phone and closed."""
    from web.meetings import actions
    from web.meetings.actions import hand_out_codes
    from web.meetings.testing import make_meeting

    meeting = make_meeting(world, voters=len(votes), probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    poll = actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=meeting,
            title="是否同意",
            kind="motion",
            rules={"passes": "yes > 1/2 of present"},
            acting_user=world.organiser,
        ),
        acting_user=world.organiser,
    )
    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser) for a in meeting.attendees.all()
    ]
    for code, vote in zip(hand_out_codes(poll, present), votes, strict=True):
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"vote": vote})
    return actions.do_close_poll(poll=poll, acting_user=world.organiser)


def publish_poll(world: Any) -> Poll:
    from web.meetings.results import do_publish

    return do_publish(poll=closed_motion(world), acting_user=world.organiser)


def post_finance(world: Any) -> Any:
    from web.deliberation.actions import do_post_finance

    return do_post_finance(
        unit=world.community_a, title="十一月财务", text="收入 1 万元。", acting_user=world.organiser
    )


PUBLISH = {"poll": publish_poll, "finance": post_finance}
