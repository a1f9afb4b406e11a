"""A hall, run against the database named by ``DATABASE_URL`` in real files (``python -m
tests.forensic.hall``): migrate, a members' meeting of ``VOTERS`` voters, check-in, the desk
handing out phone ballots while voters cast them, interleaved as in a hall (each voter casts
soon after taking their slip: the worst case for the order of arrival), then the poll closed.

It prints one JSON line — the truth the files are searched against: each voter's person id,
the receipt of the ballot they cast and the code they used — while the poll is still open;
closes the poll when a line arrives on stdin and says ``closed``; then keeps its database
connection open until stdin closes, as a running server does (SQLite deletes an idle log when
its last connection closes; a server's workers keep theirs open). It runs on the code of the
checkout it is started in, so the same hall can be run on an older checkout: there the desk
issues a code per person (``do_issue_phone_code``).

The hall votes a motion, or (``python -m tests.forensic.hall SEED appraisal``) an appraisal of
``SUBJECTS`` subjects: the forms hold many grades each, and must be as unpairable as ballots; or
(``… SEED recommendation``) one class's democratic recommendation forms (``NAMES`` names, two
places; web/meetings/recommendation.py)."""

from __future__ import annotations

import json
import os
import random
import sys

VOTERS = 20
MOTION = {"title": "是否同意", "kind": "motion", "rules": {"passes": "yes > 1/2 of present"}}
SUBJECTS = 30
GRADES = ("优秀", "称职", "基本称职", "不称职")
NAMES = 8
#: how many slips the desk hands out before the next few voters cast, in turn
WAVES = (3, 1, 2, 4, 1, 3, 2, 1, 3)


def run(seed: int, kind: str = "motion") -> dict[str, object]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from web.meetings import actions
    from web.meetings.testing import make_meeting
    from web.org.testing import make_world

    rng = random.Random(seed)
    world = make_world()
    staff = world.organiser
    meeting = actions.do_open_meeting(meeting=make_meeting(world, voters=VOTERS, probationary=0), acting_user=staff)
    if kind == "appraisal":
        from web.meetings.appraisal import do_create_appraisal_poll

        subjects = [(f"测评对象{n}", None) for n in range(1, SUBJECTS + 1)]
        poll = do_create_appraisal_poll(meeting=meeting, title="民主测评", subjects=subjects, acting_user=staff)
    elif kind == "recommendation":
        from web.meetings.recommendation import do_create_recommendation_poll

        poll = do_create_recommendation_poll(
            meeting=meeting, title="民主推荐 · A类", post="社区党委书记", places=2, class_id="A",
            class_name="班子成员", names=[(f"人选{n}", None) for n in range(1, NAMES + 1)], acting_user=staff,
        )  # fmt: skip
    else:
        poll = actions.do_create_poll(meeting=meeting, acting_user=staff, **MOTION)
    poll = actions.do_open_poll(poll=poll, acting_user=staff)
    pile = _print_pile(poll, staff)
    voters = list(meeting.attendees.order_by("?"))
    truth: list[dict[str, object]] = []
    waiting: list[tuple[object, str]] = []
    waves = iter(WAVES * VOTERS)
    while voters or waiting:
        for _ in range(next(waves)):
            if voters:
                attendee = actions.do_check_in(attendee=voters.pop(), method="search", acting_user=staff)
                waiting.append((attendee, _hand_over(poll, attendee, pile)))
        for _ in range(min(len(waiting), rng.randint(1, 3))):
            attendee, code = waiting.pop(0)
            receipt = actions.cast_ballot(poll_id=poll.pk, code=code, content=_content(kind, rng))
            truth.append({"person": attendee.person_id, "attendee": attendee.pk, "receipt": receipt, "code": code})
    return {"poll": poll.pk, "voters": truth}


def _content(kind: str, rng: random.Random) -> dict[str, object]:
    if kind == "recommendation":
        picked = sorted(rng.sample([f"c{n}" for n in range(1, NAMES + 1)], rng.randint(0, 2)))
        return {"recommend": picked} if picked else {"blank": True}
    if kind == "appraisal":
        return {"grades": {f"s{n}": rng.choice(GRADES) for n in range(1, SUBJECTS + 1) if rng.random() < 0.9}}
    return {"vote": rng.choice(["yes", "no", "abstain"])}


def close(poll_id: int) -> None:
    from web.meetings import actions
    from web.meetings.models import Poll

    poll = Poll.objects.get(pk=poll_id)
    actions.do_close_poll(poll=poll, acting_user=poll.meeting.created_by)


def _print_pile(poll: object, user: object) -> list[str]:
    try:
        from web.meetings.batches import do_issue_code_batch
    except ImportError:  # an older checkout: a code is made for each person at the desk
        return []
    return do_issue_code_batch(poll=poll, size=VOTERS + 5, acting_user=user)


def _hand_over(poll: object, attendee: object, pile: list[str]) -> str:
    from web.meetings import actions

    if hasattr(actions, "do_issue_phone_code"):
        return str(actions.do_issue_phone_code(poll=poll, attendee=attendee))
    actions.do_issue_phone_slip(poll=poll, attendee=attendee)
    return pile.pop()


if __name__ == "__main__":
    told = run(int(sys.argv[1]) if len(sys.argv) > 1 else 0, sys.argv[2] if len(sys.argv) > 2 else "motion")
    print(json.dumps(told), flush=True)  # the poll is still open: the reader may look now
    sys.stdin.readline()
    close(int(told["poll"]))  # type: ignore[call-overload]
    print("closed", flush=True)
    sys.stdin.read()  # hold the connection open until the reader is done
