"""What a phone ballot may contain. The page enforces the same rules before submitting;
this is the server's word on it (DOMAIN.md §5.1 marks and ballot validity)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from web.common.text import normalise_name
from web.meetings import appraisal, recommendation
from web.meetings.errors import MeetingError
from web.meetings.models import Poll

MARKS = ("for", "against", "abstain")
VOTES = ("yes", "no", "abstain")
MAX_NAME = 20


def _refuse(message: str) -> MeetingError:
    return MeetingError(message, code="invalid_ballot", status=422)


def clean_election(poll: Poll, data: Any) -> dict[str, Any]:
    """``data`` is a QueryDict or a dict: ``mark-<key>`` = for/against/abstain (missing is
    abstain) and ``writein-<key>`` = a name written beside an "against" mark."""
    marks: dict[str, str] = {}
    write_ins: list[dict[str, str]] = []
    for candidate in poll.candidates.all():
        mark = (data.get(f"mark-{candidate.key}") or "abstain").strip()
        if mark not in MARKS:
            raise _refuse(_("对 %(name)s 的标记无效。") % {"name": candidate.name})
        marks[candidate.key] = mark
        name = normalise_name(data.get(f"writein-{candidate.key}") or "")
        if name:
            if mark != "against":
                raise _refuse(_("只有对“%(name)s”投不赞成票时，才能在旁边另选他人。") % {"name": candidate.name})
            if len(name) > MAX_NAME:
                raise _refuse(_("另选他人的姓名太长。"))
            write_ins.append({"replaces": candidate.key, "name": name})
    chosen = sum(1 for m in marks.values() if m == "for") + len(write_ins)
    if chosen > poll.seats:
        raise _refuse(
            _("赞成票和另选他人合计 %(n)d 人，超过应选名额 %(seats)d 人。") % {"n": chosen, "seats": poll.seats}
        )
    content: dict[str, Any] = {"marks": marks}
    if write_ins:
        content["write_ins"] = write_ins
    return content


def clean_motion(poll: Poll, data: Any) -> dict[str, Any]:
    vote = (data.get("vote") or "").strip()
    if vote not in VOTES:
        raise _refuse(_("请选择赞成、反对或弃权。"))
    return {"vote": vote}


def clean_content(poll: Poll, data: Any) -> dict[str, Any]:
    if poll.kind == Poll.Kind.APPRAISAL:
        return appraisal.clean_form(poll, data)
    if poll.kind == Poll.Kind.RECOMMENDATION:
        return recommendation.clean_form(poll, data)
    return clean_election(poll, data) if poll.kind == Poll.Kind.ELECTION else clean_motion(poll, data)


def is_unmarked(poll: Poll, data: Any) -> bool:
    """An election ballot with no mark beside any name. It counts as blank (every candidate
    abstained), but the page asks first: more often it is a slip than a choice. An appraisal
    form asks first when it grades nobody, or leaves subjects ungraded and its rules say so."""
    if poll.kind == Poll.Kind.APPRAISAL:
        return appraisal.asks_before_casting(poll, data)
    if poll.kind == Poll.Kind.RECOMMENDATION:
        return recommendation.is_unmarked(poll, data)
    return poll.kind == Poll.Kind.ELECTION and not any(
        (data.get(f"mark-{c.key}") or "").strip() for c in poll.candidates.all()
    )


def as_posted(poll: Poll, data: Any) -> list[dict[str, Any]]:
    """Each candidate with the mark and write-in the voter had posted, to show the ballot again
    as it was (after a refusal, a language switch, or going back from the blank-ballot question)."""
    return [
        {"candidate": c, "mark": data.get(f"mark-{c.key}") or "", "writein": data.get(f"writein-{c.key}") or ""}
        for c in poll.candidates.all()
    ]


def as_fields(content: dict[str, Any]) -> list[tuple[str, str]]:
    """The form fields that post ``content`` again (``clean_content`` gives it back): the
    receipt page carries them so that its language switch can show the same choice."""
    if "vote" in content:
        return [("vote", str(content["vote"]))]
    if "grades" in content:
        return appraisal.as_fields(content)
    if "recommend" in content:
        return recommendation.as_fields(content)
    fields = [(f"mark-{key}", str(mark)) for key, mark in (content.get("marks") or {}).items()]
    return fields + [(f"writein-{w['replaces']}", str(w["name"])) for w in content.get("write_ins") or []]
