"""Writes of a democratic recommendation, each one transaction with its audit entry.

The forms are ballots of the meeting's ``recommendation`` polls, one per class of recommenders
(``web.meetings.recommendation``): staff open and close them in the meeting like any poll. Once
every class is counted, ``do_count_recommendation`` puts the classes' records together and asks
the engine for the result; nothing here counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock
from web.common.text import normalise_name
from web.meetings import electors
from web.meetings import recommendation as forms
from web.meetings.models import Meeting, Poll
from web.org import queries as org_queries
from web.org.lists import find_people
from web.org.models import Person, Unit
from web.recommendations.errors import RecommendationError
from web.recommendations.flow import RECOMMENDATIONS
from web.recommendations.models import Recommendation, RecommendationEvent, RecommenderClass

#: the classes of recommenders, as seed 002 letters them (“ABCD”)
LETTERS = ("A", "B", "C", "D")
#: at most this many people in one class's list (a district's party members fill a hall)
MAX_CLASS_LIST = 2000
#: what splits a list of names typed on one line
_SEPARATORS = re.compile(r"[\n\r,\uff0c\u3001;\uff1b]+")  # also the full-width comma, 、 and ；


@dataclass(frozen=True)
class ClassSpec:
    """A class of recommenders as staff set it up: its letter, its name, who is in it, how many."""

    key: str
    name: str
    members: str = ""
    expected: int = 0
    #: who is in it, one a line (a name or an ID number) among the meeting's roster; when given,
    #: the desk hands this class's form only to them, and ``expected`` is their number
    people: tuple[str, ...] = ()


def refuse(message: str, code: str = "bad_recommendation", status: int = 422) -> RecommendationError:
    return RecommendationError(message, code=code, status=status)


def parse_names(text: str) -> list[str]:
    """Names typed one a line (or split by commas or 、), blanks dropped."""
    return [n for n in (normalise_name(part) for part in _SEPARATORS.split(text or "")) if n]


def _check_meeting(meeting: Meeting, unit: Unit, user: Actor) -> Meeting:
    """The meeting, locked, if it is open or in preparation, of a body of the unit or below it,
    and managed by the user."""
    meeting = Meeting.objects.select_for_update().select_related("body__unit").get(pk=meeting.pk)
    org_queries.check_path(user, meeting.body.unit.path, manage=True)
    if not meeting.body.unit.path.startswith(unit.path):
        raise refuse(_("推荐会议须是本单位或下级单位机构的会议。"), "bad_meeting")
    if meeting.state == Meeting.State.CLOSED:
        raise refuse(_("推荐会议已结束，请选择筹备中或进行中的会议。"), "bad_meeting")
    return meeting


def _check_classes(classes: list[ClassSpec]) -> list[ClassSpec]:
    used = [c for c in classes if c.name.strip()]
    if not used:
        raise refuse(_("至少要有一类推荐人。"), "no_classes")
    for c in used:
        if c.key not in LETTERS:
            raise refuse(_("推荐人类别只能是 A、B、C、D。"), "bad_class")
        if len(c.name) > 40 or len(c.members) > 300:
            raise refuse(_("类别名称最多 40 字，人员说明最多 300 字。"), "bad_class")
    keys = [c.key for c in used]
    if len(set(keys)) != len(keys):
        raise refuse(_("推荐人类别 %(k)s 设了两次。") % {"k": next(k for k in keys if keys.count(k) > 1)}, "bad_class")
    return sorted(used, key=lambda c: c.key)


def _class_lists(specs: list[ClassSpec], meeting: Meeting) -> dict[str, list[Person]]:
    """Each class's list of people, found among the meeting's roster; every line's problem in
    every class is refused at once, and so is a person in two classes' lists (said in the later
    class). The refusal carries the sentences by class (``by_class``), for the form's fields."""
    found: dict[str, list[Person]] = {}
    by_class: dict[str, list[str]] = {}
    for spec in specs:
        if not any(line.strip() for line in spec.people):
            continue
        got = find_people(
            electors.roster_people(meeting),
            list(spec.people),
            nowhere=_("第 %(n)d 行“%(line)s”：推荐会议的名册中没有这个人。"),
            empty="",
            most=MAX_CLASS_LIST,
        )
        by_class[spec.key] = list(got.problems)
        found[spec.key] = got.people
    seen: dict[int, str] = {}
    for key, people in found.items():
        for person in people:
            if person.pk in seen:
                by_class[key].append(
                    _("%(name)s 同时在 %(a)s 类和 %(b)s 类名单中；每人只按一个类别推荐。")
                    % {"name": person.name, "a": seen[person.pk], "b": key}
                )
            seen[person.pk] = key
    by_class = {key: sentences for key, sentences in by_class.items() if sentences}
    if by_class:
        refused = refuse(
            "\n".join(
                _("%(key)s 类名单：%(problem)s") % {"key": key, "problem": p}
                for key, sentences in by_class.items()
                for p in sentences
            ),
            "bad_class_list",
        )
        refused.by_class = by_class
        raise refused
    return found


@transaction.atomic
def do_create_recommendation(
    *,
    unit: Unit,
    title: str,
    post: str,
    places: int,
    names: list[str],
    classes: list[ClassSpec],
    meeting: Meeting,
    is_open: bool = False,
    follows: Recommendation | None = None,
    acting_user: Actor,
) -> Recommendation:
    """Set up a recommendation and one ``recommendation`` poll per class in ``meeting``.

    Refused with a sentence, nothing stored: a unit or meeting the user does not manage, a
    closed meeting or one outside the unit, no class or a class twice, no name or a name twice,
    places outside 1..names (each class's poll checks the names as the meetings app does)."""
    org_queries.check_may_place(acting_user, unit)
    title = " ".join((title or "").split())
    post = " ".join((post or "").split())
    if not title or len(title) > 200:
        raise refuse(_("请填写推荐名称（200 字以内）。"), "bad_title")
    if not post or len(post) > 100:
        raise refuse(_("请填写推荐职位（100 字以内）。"), "bad_post")
    specs = _check_classes(classes)
    meeting = _check_meeting(meeting, unit, acting_user)
    lists = _class_lists(specs, meeting)
    now = clock.now()
    rec = Recommendation.objects.create(
        unit=unit,
        title=title,
        post=post,
        places=places,
        open=is_open,
        meeting=meeting,
        follows=follows,
        created_by=acting_user,
        created_at=now,
    )
    follows_polls = {c.key: c.poll for c in follows.classes.select_related("poll")} if follows else {}
    for spec in specs:
        poll = forms.do_create_recommendation_poll(
            meeting=meeting,
            title=_("%(title)s · %(key)s类推荐表（%(name)s）") % {"title": title, "key": spec.key, "name": spec.name},
            post=post,
            places=places,
            class_id=spec.key,
            class_name=spec.name,
            names=[(n, None) for n in names],
            follows=follows_polls.get(spec.key),
            acting_user=acting_user,
        )
        poll.issue_group = f"recommendation:{rec.pk}"  # one form a person, whatever the class
        poll.save(update_fields=["issue_group"])
        if spec.key in lists:
            electors.set_electors(poll, lists[spec.key])
        RecommenderClass.objects.create(
            recommendation=rec,
            key=spec.key,
            name=spec.name,
            members=spec.members,
            expected=len(lists[spec.key]) if spec.key in lists else spec.expected,
            poll=poll,
        )
    RECOMMENDATIONS.event(rec, RecommendationEvent.Kind.CREATED, acting_user)
    record(
        actor=acting_user,
        action=Action.RECOMMENDATION_CREATE,
        obj=rec,
        changes={
            "title": [None, title],
            "post": [None, post],
            "places": [None, places],
            "classes": [None, [f"{c.key} {c.name}" for c in specs]],
            "class_lists": [None, {key: len(people) for key, people in lists.items()}],
            "meeting": [None, meeting.pk],
            "follows": [None, follows.pk if follows else None],
        },
    )
    return rec


def polls_not_counted(rec: Recommendation) -> list[RecommenderClass]:
    """The classes whose forms are not counted yet (their poll not closed)."""
    return [c for c in rec.classes.select_related("poll") if c.poll.state != Poll.State.CLOSED]


def combined_record(rec: Recommendation) -> dict[str, Any]:
    """The classes' open records put together: one engine record of kind ``recommendation``
    with every class and every form (each with its receipt and class), the meeting beside it
    and each class's own poll record's SHA-256, so a reader can match them."""
    classes = list(rec.classes.select_related("poll").order_by("key"))
    first = classes[0].poll.record or {}
    return {
        "format": "jiceng.tally/1",
        "kind": "recommendation",
        "title": rec.title,
        "post": rec.post,
        "places": rec.places,
        "classes": [{"id": c.key, "name": c.name} for c in classes],
        "candidates": list(first.get("candidates") or []),
        "meeting": first.get("meeting"),
        "class_records": [{"class": c.key, "poll": c.poll.pk, "record_sha256": c.poll.record_sha256} for c in classes],
        "forms": [form for c in classes for form in (c.poll.record or {}).get("forms") or []],
    }


@transaction.atomic
def do_count_recommendation(*, recommendation: Recommendation, acting_user: Actor) -> Recommendation:
    """Put the classes' forms together and count them with the engine, once every class's poll
    is counted. Refused while a class's forms are still being filled."""
    from jiceng.errors import RecordError
    from jiceng.record import tally

    rec = RECOMMENDATIONS.locked(recommendation)
    org_queries.check_path(acting_user, rec.unit_path, manage=True)
    RECOMMENDATIONS.check(rec, "count")
    waiting = polls_not_counted(rec)
    if waiting:
        raise refuse(
            _("还有推荐人类别的推荐表没有计票：%(names)s。请先在会议中结束这些推荐表的投票。")
            % {"names": _("、").join(f"{c.key} {c.name}" for c in waiting)},
            "forms_open",
            409,
        )
    rec.record = combined_record(rec)
    try:
        rec.result = tally(rec.record)
    except RecordError as exc:
        raise refuse(_("计票引擎拒绝了这份记录：%(e)s") % {"e": exc}, "count_refused") from None
    rec.record_sha256 = str(rec.result["record_sha256"])
    rec.counted_at = clock.now()
    RECOMMENDATIONS.move(rec, "count", acting_user, save=["record", "result", "record_sha256", "counted_at"])
    record(
        actor=acting_user,
        action=Action.RECOMMENDATION_COUNT,
        obj=rec,
        changes={"status": [None, rec.result["status"]], "record_sha256": [None, rec.record_sha256]},
    )
    return rec


@transaction.atomic
def do_publish_recommendation(*, recommendation: Recommendation, acting_user: Actor) -> Recommendation:
    """Publish the result and its open record on the board."""
    rec = RECOMMENDATIONS.locked(recommendation)
    org_queries.check_path(acting_user, rec.unit_path, manage=True)
    rec.published_at = clock.now()
    RECOMMENDATIONS.move(rec, "publish", acting_user, save=["published_at"])
    record(actor=acting_user, action=Action.RECOMMENDATION_PUBLISH, obj=rec, changes={"published": [None, True]})
    return rec


def _listed(poll: Poll) -> list[str]:
    """A class's list as lines (ID numbers), to set up the same list again."""
    return list(poll.electors.order_by("id").values_list("person__id_number", flat=True))


def second_round_names(rec: Recommendation) -> list[str]:
    """The leading names the engine suggests for a second round (its ``scattered.second_round``)."""
    result = rec.result or {}
    names = {c["id"]: c["name"] for c in result.get("candidates", [])}
    return [names[i] for i in (result.get("scattered") or {}).get("second_round", [])]


@transaction.atomic
def do_start_second_round(*, recommendation: Recommendation, meeting: Meeting, acting_user: Actor) -> Recommendation:
    """A second recommendation in the same scope (the same classes, post and places) among the
    leading names the engine suggested, when the votes scattered (seed 002). Refused when the
    engine did not find them scattered, or a second round already follows."""
    rec = RECOMMENDATIONS.locked(recommendation)
    org_queries.check_path(acting_user, rec.unit_path, manage=True)
    if rec.state == Recommendation.State.FORMS or not (rec.result or {}).get("scattered", {}).get("scattered"):
        raise refuse(_("只有计票结果为推荐票分散时，才能在原范围内进行第二次推荐。"), "not_scattered", 409)
    if rec.second_rounds.exists():
        raise refuse(_("这次推荐已经有第二次推荐。"), "second_exists", 409)
    names = second_round_names(rec)
    second = do_create_recommendation(
        unit=rec.unit,
        title=_("%(title)s（第二次推荐）") % {"title": rec.title},
        post=rec.post,
        places=rec.places,
        names=names,
        classes=[
            ClassSpec(c.key, c.name, c.members, c.expected, tuple(_listed(c.poll)))
            for c in rec.classes.select_related("poll")
        ],
        meeting=meeting,
        follows=rec,
        acting_user=acting_user,
    )
    RECOMMENDATIONS.event(rec, RecommendationEvent.Kind.SECOND, acting_user)
    record(
        actor=acting_user,
        action=Action.RECOMMENDATION_SECOND_ROUND,
        obj=rec,
        changes={"second_round": [None, second.pk], "names": [None, names]},
    )
    return second
