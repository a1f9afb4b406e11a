"""Paper ballots: two tellers enter the returned ballots one by one, separately; the entries
must agree ballot by ballot before the paper ballots join the count (seed 001's pilot counted
on the spot with scrutineers; double entry is how a screen keeps that honest). When the hall
counted by hand, the tellers enter the totals instead (``web.meetings.handcount``); both
entries of a poll use the same mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from web.audit.actions import record
from web.audit.names import Action
from web.common.text import normalise_name
from web.meetings import secrecy
from web.meetings.ballots import MARKS, MAX_NAME
from web.meetings.errors import MeetingError, wrong_state
from web.meetings.models import Ballot, PaperBallot, PaperEntry, Poll
from web.meetings.tellers import ActingTeller


def clean_paper(poll: Poll, data: Any) -> dict[str, Any]:
    """What a teller reads off one paper ballot. Unlike the phone, a paper ballot may be
    invalid (too many marks, a write-in beside an abstention): it is entered as it is, and
    the engine rules on it. Only a spoiled ballot is entered as ``{"spoiled": true}``."""
    if data.get("spoiled"):
        return {"spoiled": True}
    if poll.kind == Poll.Kind.APPRAISAL:
        # a subject left ungraded (or marked twice on the paper) is an abstention on the form
        from web.meetings.appraisal import clean_form

        return clean_form(poll, data)
    if poll.kind == Poll.Kind.RECOMMENDATION:
        # a form naming more than the places is entered as it is: the engine counts it spoiled
        from web.meetings import recommendation

        return recommendation.clean_form(poll, data, paper=True)
    if poll.kind == Poll.Kind.MOTION:
        vote = (data.get("vote") or "").strip()
        if vote not in ("yes", "no", "abstain"):
            raise MeetingError(_("请选择赞成、反对或弃权，或勾选“废票”。"), code="invalid_entry", status=422)
        return {"vote": vote}
    marks, write_ins = {}, []
    for candidate in poll.candidates.all():
        mark = (data.get(f"mark-{candidate.key}") or "abstain").strip()
        if mark not in MARKS:
            raise MeetingError(
                _("对 %(name)s 的标记无效。") % {"name": candidate.name}, code="invalid_entry", status=422
            )
        marks[candidate.key] = mark
        name = normalise_name(data.get(f"writein-{candidate.key}") or "")[:MAX_NAME]
        if name:
            write_ins.append({"replaces": candidate.key, "name": name})
    content: dict[str, Any] = {"marks": marks}
    if write_ins:
        content["write_ins"] = write_ins
    return content


@transaction.atomic
def do_start_entry(*, poll: Poll, teller: ActingTeller, mode: str = PaperEntry.Mode.BALLOTS) -> PaperEntry:
    """Take the first free of the two entry slots, ballot by ballot or by totals. The database
    decides when two tellers start at the same moment: one gets slot 1, the other slot 2 (or a
    clear refusal); the poll row is locked so that both entries are sure to use one mode. One
    entry per appointed teller (a unique constraint): the two entries are two persons."""
    if teller.officer.meeting_id != poll.meeting_id:
        raise MeetingError(_("请选择本次会议推选的一名计票人。"), code="not_a_teller", status=403)
    existing = PaperEntry.objects.filter(poll=poll, teller=teller.officer).first()
    if existing:
        return existing
    if mode not in PaperEntry.Mode.values:
        raise MeetingError(_("未知的录入方式。"), code="unknown_mode", status=400)
    if mode == PaperEntry.Mode.TOTALS and poll.kind == Poll.Kind.RECOMMENDATION:
        raise MeetingError(_("民主推荐的纸质推荐表逐张录入，不按合计录入。"), code="unknown_mode", status=422)
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.state != Poll.State.OPEN or poll.paper_accepted:
        raise wrong_state(_("只有投票中、尚未确认纸质选票的投票才能录入。"))
    other = PaperEntry.objects.filter(poll=poll).exclude(mode=mode).first()
    if other is not None:
        raise MeetingError(
            _("另一名计票人已选择“%(mode)s”，两份录入须用同一种方式。") % {"mode": other.get_mode_display()},
            code="other_mode",
        )
    for slot in (1, 2):
        try:
            with transaction.atomic():
                entry = PaperEntry.objects.create(poll=poll, slot=slot, teller=teller.officer, mode=mode)
        except IntegrityError:
            continue
        record(
            actor=teller.acting_user,
            action=Action.PAPER_START,
            obj=poll,
            changes={"slot": [None, slot], "mode": [None, mode], **teller.names()},
        )
        return entry
    raise MeetingError(_("已有两名计票人在录入这项投票的纸质选票。"), code="entries_full")


def open_entry(entry: PaperEntry, *, teller: ActingTeller, mode: str | None = None) -> PaperEntry:
    """The entry, locked, if it is the acting teller's own and not yet submitted (and of
    ``mode`` when given)."""
    entry = PaperEntry.objects.select_for_update().select_related("poll").get(pk=entry.pk)
    check_own(entry, teller)
    if entry.poll.paper_accepted:
        raise wrong_state(_("纸质选票已经双人核对一致并计入，不能再修改。"))
    if entry.submitted:
        raise wrong_state(_("这份录入已经提交。如需修改，请先撤回提交。"))
    if mode is not None and entry.mode != mode:
        raise wrong_state(_("这份录入按合计录入，不能逐张录入。"))
    return entry


def check_own(entry: PaperEntry, teller: ActingTeller) -> None:
    if entry.teller_id != teller.officer.pk:
        raise MeetingError(_("只能操作自己的录入。"), code="not_your_entry", status=403)


@transaction.atomic
def do_add_ballot(*, entry: PaperEntry, content: dict[str, Any], teller: ActingTeller) -> PaperBallot:
    entry = open_entry(entry, teller=teller, mode=PaperEntry.Mode.BALLOTS)
    last = entry.ballots.order_by("-number").values_list("number", flat=True).first() or 0
    return PaperBallot.objects.create(entry=entry, number=last + 1, content=content)


@transaction.atomic
def do_remove_last_ballot(*, entry: PaperEntry, teller: ActingTeller) -> None:
    entry = open_entry(entry, teller=teller, mode=PaperEntry.Mode.BALLOTS)
    last = entry.ballots.order_by("-number").first()
    if last:
        last.delete()


@dataclass(frozen=True)
class Comparison:
    counts: tuple[int, int]
    differences: list[tuple[int, Any, Any]]

    @property
    def agree(self) -> bool:
        return self.counts[0] == self.counts[1] and not self.differences


def compare(poll: Poll) -> Comparison | None:
    """Both submitted entries side by side, ballot by ballot; None until both are in."""
    entries = list(poll.paper_entries.filter(submitted=True, mode=PaperEntry.Mode.BALLOTS).order_by("slot"))
    if len(entries) < 2:
        return None
    first, second = ({b.number: b.content for b in e.ballots.all()} for e in entries)
    numbers = sorted(set(first) | set(second))
    diffs = [(n, first.get(n), second.get(n)) for n in numbers if first.get(n) != second.get(n)]
    return Comparison(counts=(len(first), len(second)), differences=diffs)


@transaction.atomic
def do_submit_entry(*, entry: PaperEntry, teller: ActingTeller) -> Comparison | None:
    """Submit one entry; when both are in and agree, the paper ballots join the poll."""
    entry = open_entry(entry, teller=teller, mode=PaperEntry.Mode.BALLOTS)
    entry.submitted = True
    entry.save(update_fields=["submitted"])
    poll = Poll.objects.select_for_update().get(pk=entry.poll_id)
    record(
        actor=teller.acting_user,
        action=Action.PAPER_SUBMIT,
        obj=poll,
        changes={"slot": [None, entry.slot], "ballots": [None, entry.ballots.count()], **teller.names()},
    )
    result = compare(poll)
    if result is not None and result.agree:
        Ballot.objects.bulk_create(
            [
                Ballot(poll=poll, spent_hash=None, receipt=secrecy.new_receipt(), content=b.content)
                for b in entry.ballots.all()
            ]
        )
        poll.paper_accepted = True
        poll.save(update_fields=["paper_accepted"])
        record(
            actor=teller.acting_user,
            action=Action.PAPER_ACCEPT,
            obj=poll,
            changes={"ballots": [None, result.counts[0]], "tellers": [None, both_tellers(poll)]},
        )
    return result


def both_tellers(poll: Poll) -> list[str]:
    """The usernames of the two appointed tellers whose entries were accepted, by slot."""
    entries = poll.paper_entries.order_by("slot").select_related("teller__person__user")
    return [e.teller.person.user.username for e in entries]


@transaction.atomic
def do_withdraw_entry(*, entry: PaperEntry, teller: ActingTeller) -> None:
    """Take a submitted entry back to correct it (before the two entries were accepted)."""
    entry = PaperEntry.objects.select_for_update().select_related("poll").get(pk=entry.pk)
    if entry.poll.paper_accepted:
        raise wrong_state(_("纸质选票已经双人核对一致并计入，不能再修改。"))
    check_own(entry, teller)
    entry.submitted = False
    entry.save(update_fields=["submitted"])
    record(
        actor=teller.acting_user,
        action=Action.PAPER_WITHDRAW,
        obj=entry.poll,
        changes={"slot": [entry.slot, None], **teller.names()},
    )


def blockers_before_close(poll: Poll) -> list[str]:
    """What keeps a poll from being closed and counted (shown on the poll page)."""
    from web.meetings.models import BallotIssue

    problems = []
    paper_issued = poll.issues.filter(channel=BallotIssue.Channel.PAPER).count()
    if paper_issued and not poll.paper_accepted:
        if poll.kind == poll.Kind.APPRAISAL:
            text = _("已发出纸质测评表 %(n)d 张，两名计票人的录入尚未核对一致。")
        elif poll.kind == poll.Kind.RECOMMENDATION:
            text = _("已发出纸质推荐表 %(n)d 张，两名计票人的录入尚未核对一致。")
        else:
            text = _("已发出纸质选票 %(n)d 张，两名计票人的录入尚未核对一致。")
        problems.append(text % {"n": paper_issued})
    return problems
