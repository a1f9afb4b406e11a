"""Meetings and polls: every step is one action in one transaction with its audit entry.

Casting a ballot is the exception on purpose: it writes no audit entry and no log line, so
nothing records who cast what or when (DOMAIN.md §6)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.common.text import check_name, normalise_name
from web.meetings import batches, electors, sealing, secrecy
from web.meetings.counting import build_record, count_record
from web.meetings.errors import CODE_UNKNOWN, CODE_USED, POLL_NOT_OPEN, MeetingError, wrong_state
from web.meetings.models import Attendee, Ballot, BallotIssue, Candidate, Meeting, Officer, Poll
from web.meetings.paper import blockers_before_close
from web.meetings.queries import PARTY_BODIES, attendance, statutory_quorum
from web.org.models import Body, Person


def _may_vote(body: Body, person: Person) -> bool:
    if body.kind not in PARTY_BODIES:
        return True
    membership = getattr(person, "membership", None)
    return bool(membership and membership.can_vote)


@transaction.atomic
def do_create_meeting(
    *,
    body: Body,
    title: str,
    starts_at: Any,
    place: str = "",
    quorum_rule: str | dict[str, Any] | None = None,
    joint_body: Body | None = None,
    groups: tuple[str, str] | None = None,
    acting_user: Actor,
) -> Meeting:
    """Create a meeting with a draft roster taken from the body: members with the vote are
    voters; the others (probationary members, members under discipline…) attend as observers.
    Without a quorum rule the meeting takes the statutory one of its kind of body
    (``jiceng.presets``: 4/5 for a party members' meeting, 2/3 for representatives).

    A joint meeting (``joint_body`` and the two ``groups`` its quorum names) takes both rosters;
    a person on both sits once, in the first group. A quorum of several conditions
    (``{"all": [...]}``) is stored as JSON text."""
    import json

    if isinstance(quorum_rule, dict):
        quorum_rule = json.dumps(quorum_rule, ensure_ascii=False)
    if joint_body is not None and (not groups or len(groups) != 2 or joint_body.pk == body.pk):
        raise MeetingError(_("联席会议须有两个不同的机构和两个组别。"), code="bad_joint", status=422)
    meeting = Meeting.objects.create(
        body=body,
        title=title,
        starts_at=starts_at,
        place=place,
        created_by=acting_user,
        joint_body=joint_body,
        quorum_rule=quorum_rule or statutory_quorum(body.kind),
    )
    seen: set[int] = set()
    roster = []
    for n, source in enumerate([body] if joint_body is None else [body, joint_body]):
        for seat in source.seats.select_related("person__membership"):
            if seat.person_id in seen:
                continue
            seen.add(seat.person_id)
            roster.append(
                Attendee(
                    meeting=meeting,
                    person=seat.person,
                    kind=Attendee.Kind.VOTER if _may_vote(source, seat.person) else Attendee.Kind.OBSERVER,
                    group=groups[n] if joint_body is not None and groups else "",
                )
            )
    Attendee.objects.bulk_create(roster)
    record(
        actor=acting_user,
        action=Action.MEETING_CREATE,
        obj=meeting,
        changes={
            "title": [None, title],
            "body": [None, body.pk],
            "roster": [None, len(roster)],
            **({"joint_body": [None, joint_body.pk]} if joint_body else {}),
        },
    )
    return meeting


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def do_exclude_attendee(*, attendee: Attendee, reason: str, approval: str, acting_user: Actor) -> Attendee:
    """Leave a voter out of "expected" before the meeting opens, with the approval recorded."""
    if _lock(attendee.meeting).state != Meeting.State.DRAFT:
        raise wrong_state(_("会议开始后名册已冻结，不能再调整应到人数。"))
    if not reason.strip() or not approval.strip():
        raise MeetingError(_("不计入应到必须写明原因和批准情况。"), code="reason_required", status=422)
    attendee.excluded, attendee.exclusion_reason, attendee.exclusion_approval = True, reason, approval
    attendee.save(update_fields=["excluded", "exclusion_reason", "exclusion_approval"])
    record(
        actor=acting_user,
        action=Action.MEETING_EXCLUDE,
        obj=attendee.meeting,
        reason=reason,
        changes={"attendee": [None, attendee.person_id], "approval": [None, approval]},
    )
    return attendee


@transaction.atomic
def do_add_observer(*, meeting: Meeting, person: Person, acting_user: Actor) -> Attendee:
    if _lock(meeting).state == Meeting.State.CLOSED:
        raise wrong_state(_("会议已结束。"))
    attendee, created = Attendee.objects.get_or_create(
        meeting=meeting, person=person, defaults={"kind": Attendee.Kind.OBSERVER}
    )
    if not created:
        raise MeetingError(_("%(name)s 已在本次会议名册中。") % {"name": person.name}, code="duplicate")
    record(actor=acting_user, action=Action.MEETING_OBSERVER, obj=meeting, changes={"observer": [None, person.pk]})
    return attendee


@transaction.atomic
def do_open_meeting(*, meeting: Meeting, acting_user: Actor) -> Meeting:
    """Open the meeting: the roster is frozen from here on."""
    meeting = _lock(meeting)
    if meeting.state != Meeting.State.DRAFT:
        raise wrong_state(_("会议已经开始或已经结束。"))
    meeting.state, meeting.opened_at = Meeting.State.OPEN, clock.now()
    meeting.save(update_fields=["state", "opened_at"])
    counts = attendance(meeting)
    record(actor=acting_user, action=Action.MEETING_OPEN, obj=meeting, changes={"expected": [None, counts["expected"]]})
    return meeting


@transaction.atomic
def do_check_in(*, attendee: Attendee, method: str, acting_user: Actor) -> Attendee:
    meeting = _lock(attendee.meeting)
    if meeting.state != Meeting.State.OPEN:
        raise wrong_state(_("只有进行中的会议才能签到。"))
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    if attendee.checked_in_at is not None:
        raise MeetingError(_("%(name)s 已经签到。") % {"name": attendee.person.name}, code="already_checked_in")
    attendee.checked_in_at, attendee.check_in_method = clock.now(), method
    attendee.save(update_fields=["checked_in_at", "check_in_method"])
    record(
        actor=acting_user, action=Action.MEETING_CHECK_IN, obj=meeting, changes={"attendee": [None, attendee.person_id]}
    )
    return attendee


@transaction.atomic
def do_close_meeting(*, meeting: Meeting, acting_user: Actor) -> Meeting:
    meeting = _lock(meeting)
    if meeting.state != Meeting.State.OPEN:
        raise wrong_state(_("只有进行中的会议才能结束。"))
    if meeting.polls.filter(state=Poll.State.OPEN).exists():
        raise wrong_state(_("还有投票没有结束，请先结束投票。"))
    meeting.state, meeting.closed_at = Meeting.State.CLOSED, clock.now()
    meeting.save(update_fields=["state", "closed_at"])
    record(actor=acting_user, action=Action.MEETING_CLOSE, obj=meeting)
    return meeting


# ---- polls -------------------------------------------------------------------------------


@transaction.atomic
def do_create_poll(
    *,
    meeting: Meeting,
    title: str,
    kind: str,
    rules: dict[str, Any],
    seats: int = 1,
    candidates: list[tuple[str, Person | None]] | None = None,
    needs_approval: bool = False,
    follows: Poll | None = None,
    round: str = Poll.Round.FIRST,
    acting_user: Actor,
) -> Poll:
    """Create a poll. Candidates are put in surname stroke order (DOMAIN.md §5.6)."""
    if _lock(meeting).state == Meeting.State.CLOSED:
        raise wrong_state(_("会议已结束。"))
    if kind not in (Poll.Kind.ELECTION, Poll.Kind.MOTION):
        # an appraisal has subjects and a scale: web.meetings.appraisal.do_create_appraisal_poll
        raise MeetingError(_("未知的投票类型。"), code="bad_kind", status=422)
    rules = {"quorum": meeting.quorum, **rules}
    check_rules(rules)
    poll = Poll.objects.create(
        meeting=meeting,
        title=title,
        kind=kind,
        seats=seats,
        rules=rules,
        needs_approval=needs_approval,
        follows=follows,
        round=round,
    )
    if kind == Poll.Kind.ELECTION:
        from jiceng.strokes import sort_names

        candidates = [(normalise_name(name), person) for name, person in candidates or []]
        names = [name for name, _p in candidates]
        problem = next((p for p in map(check_name, names) if p), None)
        if problem:
            raise MeetingError(problem, code="bad_candidate_name", status=422)
        if len(set(names)) != len(names):
            raise MeetingError(_("候选人名单中有重名，请在姓名后加以区分。"), code="duplicate_candidate", status=422)
        officers = set(Officer.objects.filter(meeting=meeting).values_list("person__name", flat=True))
        clash = sorted(officers & set(names))
        if clash:
            raise MeetingError(
                _("%(names)s 已担任监票人或计票人，不能作为候选人。") % {"names": _("、").join(clash)},
                code="officer_candidate",
                status=422,
            )
        order = {name: i for i, name in enumerate(sort_names(names))}
        Candidate.objects.bulk_create(
            [
                Candidate(poll=poll, key=f"c{i + 1}", name=name, person=person, position=order[name])
                for i, (name, person) in enumerate(candidates or [])
            ]
        )
    record(
        actor=acting_user,
        action=Action.POLL_CREATE,
        obj=poll,
        changes={
            "title": [None, title],
            "kind": [None, kind],
            "seats": [None, seats],
            "rules": [None, rules],
            "candidates": [None, [name for name, _p in candidates or []]],
        },
    )
    return poll


def check_rules(rules: dict[str, Any]) -> None:
    """Every rule must be one the engine reads, or the poll could not be counted at closing."""
    from jiceng.errors import RecordError
    from jiceng.rules import parse_condition

    for name, text in rules.items():
        try:
            parse_condition(text, path=f"rules.{name}")
        except RecordError as exc:
            raise MeetingError(_("无法识别的规则：%(e)s") % {"e": exc.message}, code="bad_rule", status=422) from None


def _lock_poll(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().select_related("meeting").get(pk=poll.pk)


@transaction.atomic
def do_open_poll(*, poll: Poll, acting_user: Actor) -> Poll:
    poll = _lock_poll(poll)
    if poll.state != Poll.State.DRAFT:
        raise wrong_state(_("这项投票已经开始过。"))
    if poll.meeting.state != Meeting.State.OPEN:
        raise wrong_state(_("会议开始后才能投票。"))
    poll.state, poll.opened_at = Poll.State.OPEN, clock.now()
    poll.save(update_fields=["state", "opened_at"])
    record(actor=acting_user, action=Action.POLL_OPEN, obj=poll, changes=attendance(poll.meeting))
    return poll


def issue_own(poll_id: int, attendee: Attendee, channel: str) -> None:
    """Record that a checked-in voter received their own ballot; one per poll, by the database.

    Also before the poll opens (the meeting open): a hall that hands every slip out first and then
    opens the vote leaves no order of hand-overs among the ballots for any log to keep (docs/meetings.md)."""
    if _lock_poll_shared(poll_id) not in (Poll.State.DRAFT, Poll.State.OPEN):
        raise wrong_state(POLL_NOT_OPEN)
    poll = Poll.objects.select_related("meeting").get(pk=poll_id)
    if poll.meeting.state != Meeting.State.OPEN:
        raise wrong_state(_("只有进行中的会议才能发票。"))
    if channel == BallotIssue.Channel.PAPER and poll.paper_accepted:
        raise paper_already_counted()
    if attendee.meeting_id != poll.meeting_id or not attendee.is_expected:
        raise MeetingError(_("%(name)s 在本次会议没有表决权。") % {"name": attendee.person.name}, code="no_vote")
    electors.refuse_unless_elector(poll, attendee)
    if BallotIssue.objects.filter(poll=poll, attendee=attendee, proxy_holder__isnull=False).exists():
        raise _already_issued(poll, attendee)
    if attendee.checked_in_at is None:
        raise MeetingError(
            _("%(name)s 尚未签到，签到后才能领票。") % {"name": attendee.person.name}, code="not_checked_in"
        )
    try:
        with transaction.atomic():
            BallotIssue.objects.create(poll=poll, attendee=attendee, channel=channel, group=poll.issue_group)
    except IntegrityError:
        raise _already_issued(poll, attendee) from None


def paper_already_counted() -> MeetingError:
    """A paper ballot issued after the tellers' entries were accepted could never be counted:
    the box was opened and its ballots entered. Refused, not reopened (docs/meetings.md)."""
    return wrong_state(
        _(
            "两名计票人已核对并计入本项投票的纸质选票，投票箱已开箱计票，不能再发纸质选票。"
            "尚未投票的人员可改用手机投票码。"
        )
    )


def _already_issued(poll: Poll, attendee: Attendee) -> MeetingError:
    earlier = BallotIssue.objects.filter(poll=poll, attendee=attendee).select_related("proxy_holder__person").first()
    if earlier is None and poll.issue_group:  # a form of another poll of the group: another class
        return MeetingError(
            _("%(name)s 已经领过这次民主推荐另一类别的推荐表；每人只按一个类别推荐。") % {"name": attendee.person.name},
            code="other_class",
        )
    if earlier is not None and earlier.proxy_holder is not None:
        return MeetingError(
            _("%(name)s 的选票已由受托人 %(holder)s 代为领票，本人不能再领。")
            % {"name": attendee.person.name, "holder": earlier.proxy_holder.person.name},
            code="collected_by_proxy",
        )
    return MeetingError(
        _("%(name)s 已经领过这项投票的选票（纸质或手机），不能重复领取。") % {"name": attendee.person.name},
        code="already_issued",
    )


@transaction.atomic
def do_issue_phone_slip(*, poll: Poll, attendee: Attendee) -> None:
    """Record that a checked-in voter took one printed phone slip from the pile. No code: the
    server never knows which slip it was (``web.meetings.batches``). The staff page issues
    through ``proxies.do_issue_ballots``, which adds the ballots of the proxies the voter holds."""

    issue_own(poll.pk, attendee, BallotIssue.Channel.PHONE)
    batches.refuse_unless_slips_left(poll)


@transaction.atomic
def do_issue_paper(*, poll: Poll, attendee: Attendee) -> None:
    """Record that a checked-in voter took a paper ballot (so they cannot also vote by phone)."""
    issue_own(poll.pk, attendee, BallotIssue.Channel.PAPER)


def _lock_poll_shared(poll_id: int) -> str | None:
    """The poll's state, holding a shared lock: casts run side by side, closing waits for them."""
    with connection.cursor() as cur:
        suffix = " FOR SHARE" if connection.vendor == "postgresql" else ""
        cur.execute(f"SELECT state FROM meetings_poll WHERE id = %s{suffix}", [poll_id])
        row = cur.fetchone()
    return row[0] if row else None


def _lock_poll_for_cast(poll_id: int, valid_hash: str) -> tuple[str | None, bool]:
    """The poll's state under a shared lock, and whether the code is one of its valid codes:
    one round trip. Casts run side by side; closing (which takes the row exclusively) waits."""
    suffix = " FOR SHARE OF p" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT p.state, EXISTS (SELECT 1 FROM meetings_votingcode v WHERE v.poll_id = p.id"
            f" AND v.valid_hash = %s) FROM meetings_poll p WHERE p.id = %s{suffix}",
            [valid_hash, poll_id],
        )
        row = cur.fetchone()
    return (row[0], bool(row[1])) if row else (None, False)


def cast_ballot(*, poll_id: int, code: str, content: dict[str, Any]) -> str:
    """Store one ballot for a valid, unspent code and return its receipt.

    ``content`` has been validated against the poll (``web.meetings.ballots.clean_content``).
    No user, no time and no log line is written. The unique constraint on the spent hash
    makes the code work once, also when the same code arrives twice at the same moment: the
    second insert fails and is rolled back whole.

    On PostgreSQL the ballot waits, with others, to be sealed (``web.meetings.sealing``): one
    statement in its own transaction, which keeps it out of the write-ahead log. Only when
    nothing was added is the reason looked up. SQLite writes the ballot at once."""
    receipt = secrecy.new_receipt()
    valid, spent = secrecy.valid_hash(poll_id, code), secrecy.spent_hash(poll_id, code)
    try:
        if sealing.in_use():
            # inside a caller's transaction (tests, a larger action) a savepoint keeps a refused
            # insert from spoiling it; a request runs in autocommit: the statement is its own
            with transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext():
                added = sealing.add(poll_id=poll_id, valid=valid, spent=spent, receipt=receipt, content=content)
            if not added:
                _refuse_unless_castable(*_lock_poll_for_cast(poll_id, valid))
                raise MeetingError(CODE_USED, code="code_used", status=409)
        else:
            with transaction.atomic():
                _refuse_unless_castable(*_lock_poll_for_cast(poll_id, valid))
                Ballot.objects.create(poll_id=poll_id, spent_hash=spent, receipt=receipt, content=content)
    except IntegrityError:
        raise MeetingError(CODE_USED, code="code_used", status=409) from None
    return receipt


def _refuse_unless_castable(state: str | None, known: bool) -> None:
    if state != Poll.State.OPEN:
        raise wrong_state(POLL_NOT_OPEN)
    if not known:
        raise MeetingError(CODE_UNKNOWN, code="code_unknown", status=403)


@transaction.atomic
def do_close_poll(*, poll: Poll, acting_user: Actor) -> Poll:
    """Close the poll and count it with the engine. Takes the poll row exclusively, so every
    cast acknowledged before the close is in the count and none after it is."""
    from jiceng.errors import RecordError

    sealing.lock()  # before the poll's row: the order a cast takes them in
    poll = _lock_poll(poll)
    if poll.state != Poll.State.OPEN:
        raise wrong_state(_("只有投票中的投票才能结束。"))
    blockers = blockers_before_close(poll)
    if blockers:
        raise wrong_state(" ".join(blockers))
    sealing.seal(closing=poll.pk)
    secrecy.shuffle_ballots(poll.pk)
    poll.state, poll.closed_at = Poll.State.CLOSED, clock.now()
    poll.record = build_record(poll)
    try:
        poll.result, poll.record_sha256 = count_record(poll.record)
    except RecordError as exc:  # a record the engine refuses: nothing is closed, say why
        raise MeetingError(_("计票引擎拒绝了这份记录：%(e)s") % {"e": exc}, code="count_refused", status=422) from None
    if poll.needs_approval:
        poll.approval = Poll.Approval.PENDING
    poll.save(update_fields=["state", "closed_at", "record", "result", "record_sha256", "approval"])
    transaction.on_commit(secrecy.forget_arrival_order)
    record(
        actor=acting_user,
        action=Action.POLL_CLOSE,
        obj=poll,
        changes={"status": [None, poll.result.get("status")], "record_sha256": [None, poll.record_sha256]},
    )
    return poll


def _is_candidate(meeting: Meeting, person: Person) -> bool:
    return (
        Candidate.objects.filter(poll__meeting=meeting)
        .filter(models.Q(person=person) | models.Q(person__isnull=True, name=person.name))
        .exists()
    )


@transaction.atomic
def do_appoint_officer(*, meeting: Meeting, person: Person, role: str, acting_user: Actor) -> Officer:
    """Record a scrutineer or teller. Candidates of this meeting cannot serve (DOMAIN.md §2)."""
    if _lock(meeting).state == Meeting.State.CLOSED:
        raise wrong_state(_("会议已结束。"))
    if _is_candidate(meeting, person):
        raise MeetingError(
            _("%(name)s 是本次会议的候选人，不能担任监票人或计票人。") % {"name": person.name},
            code="candidate_officer",
            status=422,
        )
    officer, created = Officer.objects.get_or_create(meeting=meeting, person=person, defaults={"role": role})
    if not created:
        raise MeetingError(
            _("%(name)s 已担任%(role)s。") % {"name": person.name, "role": officer.get_role_display()}, code="duplicate"
        )
    record(
        actor=acting_user,
        action=Action.MEETING_OFFICER,
        obj=meeting,
        changes={"officer": [None, person.pk], "role": [None, role]},
    )
    return officer


def hand_out_codes(poll: Poll, attendees: list[Attendee], *, acting_user: Actor | None = None) -> list[str]:
    """What a hall does, for the demo, the tests and the benches: print one batch (at least the
    minimum), then the desk records each attendee taking a slip. Returns codes in the order they
    were handed out: the caller knows it, as the person at the desk could; the server does not."""
    user = acting_user or poll.meeting.created_by
    codes: list[str] = []
    while len(codes) < len(attendees) or not codes:  # a print run holds at most MAX_CODE_BATCH
        size = max(min(len(attendees) - len(codes), batches.MAX_CODE_BATCH), batches.min_batch())
        codes += batches.do_issue_code_batch(poll=poll, size=size, acting_user=user)
    for attendee in attendees:
        do_issue_phone_slip(poll=poll, attendee=attendee)
    return codes[: len(attendees)]
