"""Recommendation polls: one class of recommenders (民主推荐的一类推荐人, “ABCD” forms) fills
recommendation forms in a meeting, by phone or on paper (DOMAIN.md §4.3, §5.4).

The names on the form are the poll's ``Candidate`` rows, in surname stroke order. ``Poll.rules``
holds what the engine's ``recommendation`` kind reads for this class:

- ``places``: how many names one form may recommend (职数);
- ``class``: ``{"id": "A", "name": "领导班子成员"}``, the class of recommenders the poll is for;
- ``post``: the post recommended for (shown on the form).

A form is stored as the engine reads it: ``{"recommend": ["c1", …]}`` or ``{"blank": true}``
(paper also ``{"spoiled": true}``, and a paper form naming more than the places, which the engine
counts as spoiled): marks only, like every ballot (``web.meetings.secrecy``). The phone refuses a
form naming more than the places with a sentence, as it refuses an election ballot with too many
for-marks. Counting is the engine's alone (``jiceng.recommendation``); the recommendations app
(``web.recommendations``) puts the classes' records together into one record.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common.text import check_name, normalise_name
from web.meetings.errors import MeetingError, wrong_state
from web.meetings.models import Candidate, Meeting, Officer, Poll
from web.org.models import Person

#: a recommendation lists at most this many names (an open recommendation lists the eligible)
MAX_NAMES = 200
MAX_PLACES = 20


def _refuse(message: str, code: str = "invalid_ballot") -> MeetingError:
    return MeetingError(message, code=code, status=422)


def places_of(poll: Poll) -> int:
    return int(poll.rules.get("places", 1))


def names_of(poll: Poll) -> list[Candidate]:
    """The names in form order, read once per poll object."""
    cached = getattr(poll, "_names", None)
    if cached is None:
        cached = list(poll.candidates.all())
        poll._names = cached  # type: ignore[attr-defined]
    return cached


def engine_record(poll: Poll) -> dict[str, Any]:
    """The fixed part of this class's record (``jiceng.tally/1``, kind ``recommendation``)."""
    cls = poll.rules.get("class") or {"id": "A", "name": ""}
    return {
        "format": "jiceng.tally/1",
        "kind": "recommendation",
        "post": str(poll.rules.get("post", "")),
        "places": places_of(poll),
        "classes": [{"id": str(cls["id"]), "name": str(cls["name"])}],
        "candidates": [{"id": c.key, "name": c.name} for c in names_of(poll)],
    }


@transaction.atomic
def do_create_recommendation_poll(
    *,
    meeting: Meeting,
    title: str,
    post: str,
    places: int,
    class_id: str,
    class_name: str,
    names: list[tuple[str, Person | None]],
    follows: Poll | None = None,
    acting_user: Actor,
) -> Poll:
    """Create the poll of one class of recommenders. Refused with a sentence, nothing stored:
    a closed meeting, no name, a name twice, more places than names, a teller among the names."""
    from jiceng.strokes import sort_names

    if Meeting.objects.select_for_update().get(pk=meeting.pk).state == Meeting.State.CLOSED:
        raise wrong_state(_("会议已结束。"))
    cleaned = [(normalise_name(person.name if person else n), person) for n, person in names]
    cleaned = [(n, p) for n, p in cleaned if n]
    if not cleaned:
        raise _refuse(_("推荐表上至少要有一名人选。"), "no_names")
    if len(cleaned) > MAX_NAMES:
        raise _refuse(_("推荐表上最多 %(n)d 名人选。") % {"n": MAX_NAMES}, "too_many_names")
    plain = [n for n, _p in cleaned]
    problem = next((p for p in map(check_name, plain) if p), None)
    if problem:
        raise _refuse(problem, "bad_name")
    twice = next((n for n in plain if plain.count(n) > 1), None)
    if twice:
        raise _refuse(_("人选“%(name)s”列了两次，请在姓名后加以区分。") % {"name": twice}, "duplicate_name")
    if not 1 <= places <= min(MAX_PLACES, len(plain)):
        raise _refuse(
            _("职数要在 1 到 %(n)d 之间（不能多于人选的人数）。") % {"n": min(MAX_PLACES, len(plain))}, "bad_places"
        )
    clash = sorted(set(Officer.objects.filter(meeting=meeting).values_list("person__name", flat=True)) & set(plain))
    if clash:
        raise _refuse(
            _("%(names)s 已担任监票人或计票人，不能作为推荐人选。") % {"names": _("、").join(clash)}, "officer_name"
        )
    rules = {"places": places, "post": post, "class": {"id": class_id, "name": class_name}}
    poll = Poll.objects.create(
        meeting=meeting,
        title=title,
        kind=Poll.Kind.RECOMMENDATION,
        seats=places,
        rules=rules,
        follows=follows,
    )
    position = {n: i for i, n in enumerate(sort_names(plain))}
    Candidate.objects.bulk_create(
        [
            Candidate(poll=poll, key=f"c{i + 1}", name=n, person=p, position=position[n])
            for i, (n, p) in enumerate(cleaned)
        ]
    )
    record(
        actor=acting_user,
        action=Action.POLL_CREATE,
        obj=poll,
        changes={
            "title": [None, title],
            "kind": [None, Poll.Kind.RECOMMENDATION],
            "rules": [None, rules],
            "names": [None, sorted(plain, key=position.__getitem__)],
        },
    )
    return poll


# ---- forms ----------------------------------------------------------------------------------


def _picked(data: Any) -> list[str]:
    raw = data.getlist("pick") if hasattr(data, "getlist") else data.get("pick") or []
    return [str(v).strip() for v in ([raw] if isinstance(raw, str) else raw) if str(v).strip()]


def clean_form(poll: Poll, data: Any, *, paper: bool = False) -> dict[str, Any]:
    """A form as posted (``pick`` = the keys of the names recommended) in the engine's shape.
    Refused with a sentence: a name not on the form; on a phone, more names than the places (a
    paper form naming more is entered as it is, and the engine counts it spoiled)."""
    keys = {c.key: c for c in names_of(poll)}
    picked = list(dict.fromkeys(_picked(data)))
    unknown = next((k for k in picked if k not in keys), None)
    if unknown is not None:
        raise _refuse(_("推荐表上没有这名人选（%(k)s）。") % {"k": unknown[:20]})
    places = places_of(poll)
    if len(picked) > places and not paper:
        raise _refuse(
            _("您推荐了 %(n)d 人，超过职数 %(places)d 人；推荐人数超过职数的推荐表无效。")
            % {"n": len(picked), "places": places}
        )
    order = {c.key: i for i, c in enumerate(names_of(poll))}
    return {"recommend": sorted(picked, key=order.__getitem__)} if picked else {"blank": True}


def is_unmarked(poll: Poll, data: Any) -> bool:
    return not _picked(data)


def as_posted(poll: Poll, data: Any) -> list[dict[str, Any]]:
    picked = set(_picked(data))
    return [{"candidate": c, "picked": c.key in picked} for c in names_of(poll)]


def as_fields(content: dict[str, Any]) -> list[tuple[str, str]]:
    return [("pick", str(key)) for key in content.get("recommend") or []]


def form_lines(content: dict[str, Any], poll: Poll) -> list[tuple[str, str]]:
    """A form as (what, words) lines: each name recommended, or the form's one word."""
    if content.get("spoiled"):
        return [(str(_("推荐表")), str(_("废表")))]
    names = {c.key: c.name for c in names_of(poll)}
    picked = content.get("recommend") or []
    if not picked:
        return [(str(_("推荐表")), str(_("空白表")))]
    lines = [(names.get(k, str(k)), str(_("推荐"))) for k in picked]
    if len(picked) > places_of(poll):
        lines.insert(0, (str(_("推荐表")), str(_("推荐人数超过职数，为废表"))))
    return lines


def rules_in_words(rules: dict[str, Any]) -> list[tuple[str, str]]:
    """What the poll page says of a recommendation class's rules."""
    cls = rules.get("class") or {}
    places = int(rules.get("places", 1))
    lines = [
        (str(_("推荐人类别")), f"{cls.get('id', '')} {cls.get('name', '')}".strip()),
        (
            str(_("职数")),
            # one form in Chinese; English says "name" or "names"
            ngettext("每张推荐表最多推荐 %(n)d 名；超过的为废表", "每张推荐表最多推荐 %(n)d 名；超过的为废表", places)
            % {"n": places},
        ),
        (str(_("推荐比例")), str(_("推荐票数不少于有效推荐表的二分之一（各类推荐人合计）"))),
    ]
    if rules.get("post"):
        lines.insert(0, (str(_("推荐职位")), str(rules["post"])))
    return lines


def result_rows(result: dict[str, Any]) -> dict[str, Any]:
    """The engine's result as the pages show it: each name's count and rate per class and in
    total, the engine's percentage, whether it reaches the bar; nothing computed here."""
    classes = result["classes"]
    several = len(classes) > 1
    english = (get_language() or "").startswith("en")
    names = {e["id"]: e["name"] for e in result["candidates"]}

    def cell(part: dict[str, Any]) -> tuple[int, str | None]:
        return part["recommended"], part["rate"]["percent"] if part["rate"] else None

    return {
        "classes": [(c["id"], c["name"], c["forms"]["valid"]) for c in classes] if several else [],
        "rows": [
            {
                "name": e["name"],
                "cells": [(f"{c['id']} {c['name']}", *cell(e["by_class"][c["id"]])) for c in classes]
                if several
                else [],
                "total": cell(e),
                "reaches": e["reaches_bar"],
            }
            for e in result["candidates"]
        ],
        # the engine's sentences, each bar check with the name it is about
        "checks": [
            (
                c["passed"],
                _("%(name)s：%(sentence)s") % {"name": names[c["subject"]], "sentence": c["en" if english else "zh"]}
                if c.get("subject") in names
                else c["en" if english else "zh"],
            )
            for c in result["checks"]
        ],
    }
