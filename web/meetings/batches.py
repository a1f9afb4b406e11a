"""Phone voting codes, made in batches of unnamed slips (docs/meetings.md, "Secrecy").

A batch of N codes for a poll is made at once, in random order, stored only as hashes
(``VotingCode``) and shown once as shuffled printable slips with no name on them. The desk hands
the slips out from the pile and records only *that* a person received one (``BallotIssue``, in
its own transaction, with no code): the server never learns, and so no file can ever hold, which
code went to whom. A batch smaller than ``MEETINGS_MIN_CODE_BATCH`` is refused, so that even the
desk that printed it cannot tell one slip from a handful of others."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.meetings import sealing, secrecy
from web.meetings.errors import MeetingError, wrong_state
from web.meetings.models import Ballot, BallotIssue, Poll, VotingCode

#: one print run; more slips are another batch
MAX_CODE_BATCH = 2000


def min_batch() -> int:
    return max(1, int(settings.MEETINGS_MIN_CODE_BATCH))


def batch_size_rule() -> str:
    """How many slips one batch may hold, and why: the refusal and the form both say it."""
    return _("每批投票码至少 %(min)d 张、至多 %(max)d 张，这样谁也分不清哪张发给了谁。") % {
        "min": min_batch(),
        "max": MAX_CODE_BATCH,
    }


@transaction.atomic
def do_issue_code_batch(*, poll: Poll, size: int, acting_user: Actor, now: datetime | None = None) -> list[str]:
    """Make ``size`` new voting codes for a draft or open poll and return them, shuffled, once.
    Only their hashes are stored, all in this one transaction; the audit entry says how many."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.state == Poll.State.CLOSED:
        raise wrong_state(_("投票已结束，不能再印投票码。"))
    if not min_batch() <= size <= MAX_CODE_BATCH:
        raise MeetingError(batch_size_rule(), code="batch_size", status=422)
    codes = {secrecy.new_code() for _ in range(size)}
    while len(codes) < size:  # 80-bit codes: a repeat is all but impossible, but cheap to rule out
        codes.add(secrecy.new_code())
    shuffled = list(codes)
    secrets.SystemRandom().shuffle(shuffled)
    VotingCode.objects.bulk_create([VotingCode(poll=poll, valid_hash=secrecy.valid_hash(poll.pk, c)) for c in shuffled])
    record(actor=acting_user, action=Action.POLL_CODE_BATCH, obj=poll, changes={"codes": [None, size]}, at=now)
    return shuffled


def codes_issued(poll: Poll) -> int:
    return VotingCode.objects.filter(poll=poll).count()


def phone_ballots(poll: Poll) -> int:
    """Ballots cast with a code (paper ballots entered by tellers have none), sealed or waiting
    to be sealed (``web.meetings.sealing``)."""
    return Ballot.objects.filter(poll=poll, spent_hash__isnull=False).count() + sealing.waiting(poll.pk)


def code_counts(poll: Poll) -> dict[str, int]:
    """Codes printed, used and not used, and slips handed out at the desk: what the poll page,
    the hall display, the record and the public board show. Unused codes are the residual risk
    of insider ballot stuffing (docs/meetings.md), so their number is public."""
    issued = codes_issued(poll)
    used = phone_ballots(poll)
    handed = BallotIssue.objects.filter(poll=poll, channel=BallotIssue.Channel.PHONE).count()
    return {"issued": issued, "used": used, "unused": issued - used, "handed_out": handed}


def refuse_unless_slips_left(poll: Poll) -> None:
    """The desk cannot record more phone slips handed out than were printed (called after
    recording, inside the same transaction, so a refusal undoes the hand-over)."""
    counts = code_counts(poll)
    if counts["handed_out"] > counts["issued"]:
        raise MeetingError(
            _("打印好的手机投票条已经发完（共印 %(n)d 张）。请先再印一批。") % {"n": counts["issued"]},
            code="no_slips_left",
        )
