"""Written proxies in the meeting (village elections, DOMAIN.md §5.2: at most 3 per holder,
candidates hold none — the engine's ``check_proxies`` decides).

The meeting does not know where proxies come from: whoever creates the meeting hands it pairs
of people before it opens (the elections app's election stage does, from its proxies stage),
and ``do_set_proxies`` stores them as ``MeetingProxy`` rows over the meeting's own roster.

When a checked-in holder collects their ballot for a poll, ``do_issue_ballots`` also issues
one ballot per grantor who can still use the proxy: on the frozen roster as a voter, not
checked in, and without a ballot for that poll. Each is a ``BallotIssue`` of the grantor's
roster line, so ``unique(poll, attendee)`` still allows one ballot per person; it names the
holder who took it. A grantor who checks in before the holder collects votes in person; one
who comes later is refused at the table ("已由受托人 X 代为领票"). Nothing here touches a
ballot: the holder takes one printed slip per ballot from the pile, as any other voter does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.meetings import actions, batches, electors
from web.meetings.errors import MeetingError, wrong_state
from web.meetings.models import Attendee, BallotIssue, Candidate, Meeting, MeetingProxy, Poll
from web.org.models import Person

PROBLEM_WORDS = {
    "candidate_holds": gettext_lazy("候选人 %(who)s 不得接受委托投票。"),
    "too_many": gettext_lazy("%(who)s 受托超过 %(limit)d 人。"),
    "self": gettext_lazy("%(who)s 委托了自己。"),
    "twice": gettext_lazy("%(who)s 委托了两人。"),
}


def describe_problems(problems: Iterable[Any], names: dict[str, str], limit: int) -> list[str]:
    """The engine's proxy problems as sentences (shared with the elections' proxies stage)."""
    return [
        str(PROBLEM_WORDS.get(p.code, "%(who)s")) % {"who": names.get(p.who, p.who), "limit": limit} for p in problems
    ]


def _candidate_people(meeting: Meeting, roster: dict[int, Attendee]) -> set[int]:
    rows = Candidate.objects.filter(poll__meeting=meeting).values_list("person_id", "name")
    names = {name for person_id, name in rows if person_id is None}
    return {pid for pid, _n in rows if pid is not None} | {pid for pid, a in roster.items() if a.person.name in names}


@transaction.atomic
def do_set_proxies(
    *, meeting: Meeting, pairs: list[tuple[Person, Person]], limit: int = 3, acting_user: Actor
) -> list[MeetingProxy]:
    """Carry written proxies ``(grantor, holder)`` into the meeting, replacing any set before.
    Only while the meeting is in preparation: proxies are frozen with the roster. Both people
    must be voters on the roster, and the engine's check must pass against the candidates of
    the meeting's polls (so create the polls first)."""
    from jiceng.prechecks import Proxy, check_proxies

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != Meeting.State.DRAFT:
        raise wrong_state(_("会议开始后名册已冻结，委托投票不能再改变。"))
    roster = {a.person_id: a for a in meeting.attendees.select_related("person")}
    for person in [p for pair in pairs for p in pair]:
        line = roster.get(person.pk)
        if line is None or line.kind != Attendee.Kind.VOTER:
            raise MeetingError(
                _("%(name)s 不是本次会议的选民，委托投票无法带入会议。") % {"name": person.name},
                code="proxy_not_on_roster",
                status=422,
            )
    problems = check_proxies(
        [Proxy(voter=str(g.pk), holder=str(h.pk)) for g, h in pairs],
        candidates={str(pid) for pid in _candidate_people(meeting, roster)},
        limit=limit,
    )
    if problems:
        names = {str(pid): a.person.name for pid, a in roster.items()}
        raise MeetingError(" ".join(describe_problems(problems, names, limit)), code="proxy_refused", status=422)
    before = [[p.grantor.person_id, p.holder.person_id] for p in meeting.proxies.select_related("grantor", "holder")]
    meeting.proxies.all().delete()
    rows = MeetingProxy.objects.bulk_create(
        [MeetingProxy(meeting=meeting, grantor=roster[g.pk], holder=roster[h.pk]) for g, h in pairs]
    )
    record(
        actor=acting_user,
        action=Action.MEETING_PROXIES,
        obj=meeting,
        changes={"proxies": [before, [[g.pk, h.pk] for g, h in pairs]]},
    )
    return rows


def _usable(poll: Poll) -> models.QuerySet[MeetingProxy]:
    """Proxies whose grantor may still get a ballot for ``poll`` through the holder."""
    return (
        MeetingProxy.objects.filter(
            meeting_id=poll.meeting_id,
            grantor__kind=Attendee.Kind.VOTER,
            grantor__excluded=False,
            grantor__checked_in_at__isnull=True,
        )
        .exclude(grantor__ballot_issues__poll=poll)
        .select_related("grantor__person")
        .order_by("grantor_id")
    )


def grantors_waiting(poll: Poll) -> dict[int, list[Attendee]]:
    """For the poll page: per holder's roster line, the grantors whose ballot they would collect now."""
    plan: dict[int, list[Attendee]] = {}
    for proxy in _usable(poll):
        plan.setdefault(proxy.holder_id, []).append(proxy.grantor)
    return plan


def collected_by_proxy(attendee: Attendee) -> list[BallotIssue]:
    """The ballots a holder already collected for this attendee in polls still open."""
    return list(
        BallotIssue.objects.filter(
            attendee=attendee, proxy_holder__isnull=False, poll__state=Poll.State.OPEN
        ).select_related("poll", "proxy_holder__person")
    )


@dataclass(frozen=True)
class IssuedBallot:
    """One ballot handed over: for the holder themself (``grantor`` None) or for a grantor.
    A phone ballot is a slip from the printed pile (``web.meetings.batches``): no code here."""

    grantor: Attendee | None


@transaction.atomic
def do_issue_ballots(*, poll: Poll, attendee: Attendee, channel: str) -> list[IssuedBallot]:
    """A checked-in voter's own ballot, then one per usable proxy they hold, all by ``channel``.
    For the phone, the desk hands over that many slips from the printed pile: this records
    only that the person received them, never which codes (``web.meetings.batches``).

    The grantors' roster lines are locked as check-in locks them, so a grantor checking in at
    the same moment either comes first (and votes in person) or finds the ballot collected."""
    if channel not in BallotIssue.Channel.values:
        raise MeetingError(_("请选择手机投票码或纸质选票。"), code="bad_channel", status=422)
    actions.issue_own(poll.pk, attendee, channel)
    issued = [IssuedBallot(grantor=None)]
    grantor_ids = list(_usable(poll).filter(holder=attendee).values_list("grantor_id", flat=True))
    grantors = Attendee.objects.select_for_update(of=("self",)).filter(pk__in=grantor_ids).order_by("pk")
    if listed := electors.electors_of(poll):  # only the grantors who may receive this poll's form
        grantors = grantors.filter(person_id__in=listed)
    for grantor in grantors.select_related("person"):
        if grantor.checked_in_at is not None:
            continue  # checked in a moment ago: votes in person
        try:
            with transaction.atomic():
                BallotIssue.objects.create(
                    poll=poll, attendee=grantor, channel=channel, proxy_holder=attendee, group=poll.issue_group
                )
        except IntegrityError:  # got a ballot a moment ago
            continue
        issued.append(IssuedBallot(grantor=grantor))
    if channel == BallotIssue.Channel.PHONE:
        batches.refuse_unless_slips_left(poll)
    return issued
