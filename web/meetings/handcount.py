"""Paper ballots counted by hand in the hall: two tellers enter the totals, separately.

When the hall counts its paper ballots by hand (唱票、计票 with scrutineers watching), only
the totals exist: per candidate for / against / abstain, the returned and invalid ballots and
the written-in names (for a motion yes / no / abstain / invalid). Two different tellers enter
them, each alone; when the two entries agree figure by figure the totals are accepted into
the poll (``Poll.paper_totals``) and the open record carries them as the engine's
``hand_count``, beside the phone ballots. Which ballots were invalid was judged ballot by
ballot in the hall; the totals can only be checked for consistency, here and by the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.audit.actions import record
from web.audit.names import Action
from web.common.numbers import is_ascii_digits
from web.common.text import normalise_name
from web.meetings.ballots import MAX_NAME
from web.meetings.errors import MeetingError, wrong_state
from web.meetings.models import BallotIssue, PaperEntry, Poll
from web.meetings.tellers import ActingTeller

MARKS = ("for", "against", "abstain")
MOTION_COUNTS = ("yes", "no", "abstain", "invalid")
#: empty write-in rows offered on the form beyond those already entered
SPARE_WRITE_IN_ROWS = 3


def _number(data: Any, field: str, label: str, *, required: bool = False) -> int:
    text = (data.get(field) or "").strip()
    if not text:
        if required:
            raise MeetingError(_("请填写%(label)s。") % {"label": label}, code="invalid_totals", status=422)
        return 0
    if not is_ascii_digits(text):
        raise MeetingError(
            _("%(label)s须为不小于 0 的整数（填写的是“%(text)s”）。") % {"label": label, "text": text[:20]},
            code="invalid_totals",
            status=422,
        )
    return int(text)


def clean_totals(poll: Poll, data: Any) -> dict[str, Any]:
    """The totals a teller typed, in the engine's ``hand_count`` form; a blank figure is 0."""
    if poll.kind == Poll.Kind.APPRAISAL:
        return _clean_appraisal_totals(poll, data)
    if poll.kind == Poll.Kind.MOTION:
        labels = {"yes": _("赞成"), "no": _("反对"), "abstain": _("弃权"), "invalid": _("无效票")}
        return {key: _number(data, key, labels[key]) for key in MOTION_COUNTS}
    totals: dict[str, Any] = {
        "returned": _number(data, "returned", _("收回的纸质选票张数"), required=True),
        "invalid": _number(data, "invalid", _("无效票张数")),
        "candidates": {},
        "write_ins": {},
    }
    labels = {"for": _("赞成"), "against": _("不赞成"), "abstain": _("弃权")}
    for c in poll.candidates.all():
        totals["candidates"][c.key] = {
            mark: _number(data, f"{mark}-{c.key}", f"{c.name} {labels[mark]}") for mark in MARKS
        }
    rows = sorted(int(k.rsplit("-", 1)[1]) for k in data if k.startswith("writein-name-") and is_ascii_digits(k[13:]))
    for row in rows:
        name = normalise_name(data.get(f"writein-name-{row}") or "")[:MAX_NAME]
        votes = _number(data, f"writein-votes-{row}", _("另选 %(name)s 的票数") % {"name": name or "—"})
        if not name:
            if votes:
                raise MeetingError(_("另选他人有票数却没有姓名。"), code="invalid_totals", status=422)
            continue
        if name in totals["write_ins"]:
            raise MeetingError(
                _("另选他人“%(name)s”填了两行，请合并为一行。") % {"name": name}, code="invalid_totals", status=422
            )
        totals["write_ins"][name] = votes
    return totals


def _clean_appraisal_totals(poll: Poll, data: Any) -> dict[str, Any]:
    """An appraisal's totals as the engine's counts form reads them: the forms returned, blank
    and spoiled, and per subject the forms giving each grade (the rest are abstentions)."""
    from web.meetings.appraisal import grade_words, grades_of, subjects_of

    forms = {
        "returned": _number(data, "returned", _("收回的纸质测评表张数"), required=True),
        "blank": _number(data, "blank", _("空白表张数")),
        "spoiled": _number(data, "spoiled", _("废表张数")),
    }
    grades = grades_of(poll.rules)
    counts = {
        s.key: {g: _number(data, f"count-{s.key}-{n}", f"{s.name} {grade_words(g)}") for n, g in enumerate(grades, 1)}
        for s in subjects_of(poll)
    }
    return {"forms": forms, "counts": counts}


def _check_appraisal_totals(poll: Poll, totals: dict[str, Any]) -> None:
    from web.meetings.appraisal import grade_words, subjects_of

    forms = totals["forms"]
    back, blank, spoiled = forms["returned"], forms["blank"], forms["spoiled"]
    if blank + spoiled > back:
        raise MeetingError(
            _("空白表 %(blank)d 张加废表 %(spoiled)d 张，多于收回的 %(returned)d 张。")
            % {"blank": blank, "spoiled": spoiled, "returned": back},
            code="inconsistent_totals",
            status=422,
        )
    valid = back - blank - spoiled
    for s in subjects_of(poll):
        row = totals["counts"][s.key]
        if sum(row.values()) > valid:
            graded = "+".join(f"{grade_words(g)} {n}" for g, n in row.items())
            raise MeetingError(
                _("%(name)s：%(graded)s = %(sum)d，多于有效表 %(valid)d 张（收回 − 空白 − 废表）。")
                % {"name": s.name, "graded": graded, "sum": sum(row.values()), "valid": valid},
                code="inconsistent_totals",
                status=422,
            )


def merged_appraisal_counts(poll: Poll, contents: list[dict[str, Any]]) -> dict[str, Any]:
    """The tellers' agreed totals with the phone forms added in: the engine's counts form
    (``forms`` returned / blank / spoiled, ``counts`` per subject per grade)."""
    from web.meetings.appraisal import grades_of, subjects_of

    hand = poll.paper_totals or {}
    grades = grades_of(poll.rules)
    raw_forms = hand.get("forms", {})
    forms = {key: int(raw_forms.get(key, 0)) for key in ("returned", "blank", "spoiled")}
    raw = hand.get("counts", {})
    counts = {s.key: {g: int(raw.get(s.key, {}).get(g, 0)) for g in grades} for s in subjects_of(poll)}
    for content in contents:
        forms["returned"] += 1
        marks = content.get("grades") or {}
        if content.get("spoiled"):
            forms["spoiled"] += 1
        elif not marks:
            forms["blank"] += 1
        for key, grade in marks.items():
            counts[key][grade] += 1
    return {"forms": forms, "counts": counts}


def returned(totals: dict[str, Any], kind: str) -> int:
    if kind == Poll.Kind.APPRAISAL:
        return int(totals["forms"]["returned"])
    if kind == Poll.Kind.MOTION:
        return sum(totals[key] for key in MOTION_COUNTS)
    return int(totals["returned"])


def check_totals(poll: Poll, totals: dict[str, Any]) -> None:
    """Refuse totals that cannot be right, with a message naming the figure: more returned
    than paper ballots issued, or (election) a candidate whose for + against + abstain is not
    the valid ballots, more invalid than returned, write-ins beyond what ballots allow.
    The engine checks the same again when the poll is counted (``jiceng.handcount``)."""
    issued = poll.issues.filter(channel=BallotIssue.Channel.PAPER).count()
    back = returned(totals, poll.kind)
    if back > issued:
        raise MeetingError(
            _("收回的纸质选票 %(returned)d 张多于发出的纸质选票 %(issued)d 张，请核对。")
            % {"returned": back, "issued": issued},
            code="more_returned_than_issued",
            status=422,
        )
    if poll.kind == Poll.Kind.APPRAISAL:
        return _check_appraisal_totals(poll, totals)
    if poll.kind == Poll.Kind.MOTION:
        return
    invalid = totals["invalid"]
    if invalid > back:
        raise MeetingError(
            _("无效票 %(invalid)d 张多于收回的 %(returned)d 张。") % {"invalid": invalid, "returned": back},
            code="inconsistent_totals",
            status=422,
        )
    valid = back - invalid
    fors = againsts = 0
    for c in poll.candidates.all():
        row = totals["candidates"][c.key]
        f, a, ab = (row[mark] for mark in MARKS)
        if f + a + ab != valid:
            raise MeetingError(
                _(
                    "%(name)s：赞成 %(for)d + 不赞成 %(against)d + 弃权 %(abstain)d = %(sum)d，"
                    "不等于有效票 %(valid)d 张（收回 %(returned)d − 无效 %(invalid)d）。"
                )
                % {
                    "name": c.name,
                    "for": f,
                    "against": a,
                    "abstain": ab,
                    "sum": f + a + ab,
                    "valid": valid,
                    "returned": back,
                    "invalid": invalid,
                },
                code="inconsistent_totals",
                status=422,
            )
        fors, againsts = fors + f, againsts + a
    _check_write_ins(totals["write_ins"], valid=valid, fors=fors, againsts=againsts, seats=poll.seats)


def _check_write_ins(write_ins: dict[str, int], *, valid: int, fors: int, againsts: int, seats: int) -> None:
    for name, votes in write_ins.items():
        if votes > valid:
            raise MeetingError(
                _("另选 %(name)s 得 %(votes)d 票，多于有效票 %(valid)d 张。")
                % {"name": name, "votes": votes, "valid": valid},
                code="inconsistent_totals",
                status=422,
            )
    written = sum(write_ins.values())
    if written > againsts:
        raise MeetingError(
            _("另选他人共 %(written)d 票，多于不赞成票 %(against)d 票（另选他人只能写在不赞成旁）。")
            % {"written": written, "against": againsts},
            code="inconsistent_totals",
            status=422,
        )
    if fors + written > seats * valid:
        raise MeetingError(
            _("赞成票 %(for)d + 另选他人 %(written)d 多于应选名额 %(seats)d × 有效票 %(valid)d。")
            % {"for": fors, "written": written, "seats": seats, "valid": valid},
            code="inconsistent_totals",
            status=422,
        )


@dataclass(frozen=True)
class TotalsComparison:
    """Both submitted totals figure by figure: (what, first entry, second entry) where they differ."""

    differences: list[tuple[str, int | None, int | None]]

    @property
    def agree(self) -> bool:
        return not self.differences


def _figures(poll: Poll, totals: dict[str, Any]) -> dict[tuple[str, ...], tuple[str, int]]:
    """Every figure of an entry, keyed by what it counts, with the label the page shows."""
    if poll.kind == Poll.Kind.APPRAISAL:
        return _appraisal_figures(poll, totals)
    if poll.kind == Poll.Kind.MOTION:
        labels = {"yes": _("赞成"), "no": _("反对"), "abstain": _("弃权"), "invalid": _("无效票")}
        return {(key,): (labels[key], totals[key]) for key in MOTION_COUNTS}
    figures: dict[tuple[str, ...], tuple[str, int]] = {
        ("returned",): (_("收回"), totals["returned"]),
        ("invalid",): (_("无效票"), totals["invalid"]),
    }
    labels = {"for": _("赞成"), "against": _("不赞成"), "abstain": _("弃权")}
    for c in poll.candidates.all():
        for mark in MARKS:
            figures[("candidate", c.key, mark)] = (f"{c.name} · {labels[mark]}", totals["candidates"][c.key][mark])
    for name, votes in totals["write_ins"].items():
        figures[("write_in", name)] = (_("另选 %(name)s") % {"name": name}, votes)
    return figures


def _appraisal_figures(poll: Poll, totals: dict[str, Any]) -> dict[tuple[str, ...], tuple[str, int]]:
    from web.meetings.appraisal import grade_words, grades_of, subjects_of

    labels = {"returned": _("收回"), "blank": _("空白表"), "spoiled": _("废表")}
    figures: dict[tuple[str, ...], tuple[str, int]] = {
        (key,): (str(label), totals["forms"][key]) for key, label in labels.items()
    }
    for s in subjects_of(poll):
        for g in grades_of(poll.rules):
            figures[("subject", s.key, g)] = (f"{s.name} · {grade_words(g)}", totals["counts"][s.key][g])
    return figures


def compare_totals(poll: Poll) -> TotalsComparison | None:
    """The two submitted totals side by side; None until both are in. A written-in name
    one teller left out or gave 0 is a difference only if the other gave it votes."""
    entries = list(poll.paper_entries.filter(submitted=True, mode=PaperEntry.Mode.TOTALS).order_by("slot"))
    if len(entries) < 2:
        return None
    first, second = (_figures(poll, e.totals or {}) for e in entries)
    keys = list(first) + [key for key in second if key not in first]
    diffs = []
    for key in keys:
        label, a = first.get(key, (None, None))
        label2, b = second.get(key, (None, None))
        if (a or 0) != (b or 0):
            diffs.append((str(label or label2), a, b))
    return TotalsComparison(differences=diffs)


def accepted_totals(first: dict[str, Any], kind: str) -> dict[str, Any]:
    """The agreed totals as the record carries them: names with no votes left out."""
    if kind in (Poll.Kind.MOTION, Poll.Kind.APPRAISAL):
        return dict(first)
    return {**first, "write_ins": {name: votes for name, votes in first["write_ins"].items() if votes}}


@transaction.atomic
def do_submit_totals(*, entry: PaperEntry, totals: dict[str, Any], teller: ActingTeller) -> TotalsComparison | None:
    """Submit one teller's totals; when both are in and agree, they are accepted into the poll."""
    from web.meetings.paper import both_tellers, open_entry

    entry = open_entry(entry, teller=teller)
    if entry.mode != PaperEntry.Mode.TOTALS:
        raise wrong_state(_("这份录入是逐张录入，不能提交合计数。"))
    poll = Poll.objects.select_for_update().get(pk=entry.poll_id)
    check_totals(poll, totals)
    entry.totals = totals
    entry.submitted = True
    entry.save(update_fields=["totals", "submitted"])
    record(
        actor=teller.acting_user,
        action=Action.PAPER_SUBMIT_TOTALS,
        obj=poll,
        changes={"slot": [None, entry.slot], "totals": [None, totals], **teller.names()},
    )
    result = compare_totals(poll)
    if result is not None and result.agree:
        poll.paper_totals = accepted_totals(totals, poll.kind)
        poll.paper_accepted = True
        poll.save(update_fields=["paper_totals", "paper_accepted"])
        record(
            actor=teller.acting_user,
            action=Action.PAPER_ACCEPT_TOTALS,
            obj=poll,
            changes={"hand_count": [None, poll.paper_totals], "tellers": [None, both_tellers(poll)]},
        )
    return result


def form_values(poll: Poll, *, data: Any = None, totals: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the totals form shows: what was just typed (``data``, after a refusal), else the
    teller's saved totals, else blanks; write-in rows are those entered and a few empty ones.
    An appraisal's form is its forms returned / blank / spoiled and a subject × grade grid."""
    from web.meetings.appraisal import grade_words, grades_of, subjects_of

    if data is not None:

        def value(field: str) -> str:
            return str(data.get(field) or "").strip()[:12]

        rows = sorted(int(k[13:]) for k in data if k.startswith("writein-name-") and is_ascii_digits(k[13:]))
        write_ins = [(value(f"writein-name-{n}"), value(f"writein-votes-{n}")) for n in rows]
        write_ins = [(name, votes) for name, votes in write_ins if name or votes]
    else:
        saved = totals or {}

        def value(field: str) -> str:
            if field.startswith("count-"):  # an appraisal's count-<subject>-<grade number>
                _c, key, n = field.split("-", 2)
                grade = grades_of(poll.rules)[int(n) - 1]
                return str(saved.get("counts", {}).get(key, {}).get(grade, ""))
            if field in ("blank", "spoiled") or (field == "returned" and "forms" in saved):
                return str(saved.get("forms", {}).get(field, ""))
            if "-" in field:
                mark, key = field.split("-", 1)
                return str(saved.get("candidates", {}).get(key, {}).get(mark, ""))
            return str(saved.get(field, ""))

        write_ins = [(name, str(votes)) for name, votes in (saved.get("write_ins") or {}).items()]
    labels = {"for": _("赞成"), "against": _("不赞成"), "abstain": _("弃权")}
    motion_labels = {"yes": _("赞成"), "no": _("反对"), "abstain": _("弃权"), "invalid": _("无效票")}
    if poll.kind == Poll.Kind.APPRAISAL:
        grades = grades_of(poll.rules)
        return {
            "counts": {key: value(key) for key in ("returned", "blank", "spoiled")},
            "grades": [grade_words(g) for g in grades],
            "subjects": [
                (
                    s,
                    [
                        (f"count-{s.key}-{n}", f"{s.name} {grade_words(g)}", value(f"count-{s.key}-{n}"))
                        for n, g in enumerate(grades, 1)
                    ],
                )
                for s in subjects_of(poll)
            ],
        }
    return {
        "counts": {key: value(key) for key in ("returned", "invalid")},
        "motion": [(key, motion_labels[key], value(key)) for key in MOTION_COUNTS],
        "candidates": [
            (c, [(mark, f"{c.name} {labels[mark]}", value(f"{mark}-{c.key}")) for mark in MARKS])
            for c in poll.candidates.all()
        ],
        "write_ins": write_ins + [("", "")] * SPARE_WRITE_IN_ROWS,
    }


def ballots_returned(poll: Poll) -> int:
    """Ballots returned: those stored one by one, and the paper ones counted by hand."""
    hand = returned(poll.paper_totals, poll.kind) if poll.paper_totals is not None else 0
    return int(poll.ballots.count()) + hand
