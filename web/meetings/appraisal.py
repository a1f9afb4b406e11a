"""Appraisal polls: the people present rate many subjects on one grade scale in one poll
(民主测评, 满意度测评, the rating of work reports; DOMAIN.md §5.4).

The subjects are the poll's ``Candidate`` rows (a person, a leadership group, a department, a
work report), in the order given or in surname stroke order. ``Poll.rules`` holds what the
engine's ``appraisal`` kind reads, and one setting of the phone form:

- ``scale``: ``individual`` 优秀/称职/基本称职/不称职, ``village_member``, ``group`` 好/较好/一般/差,
  ``satisfaction`` 满意/基本满意/不满意, or a list of grades, best first;
- ``settings``: ``{"abstentions_in_base": true}`` (the engine's setting: whether a subject left
  ungraded on a valid form stays in the base of its rates);
- ``flags`` (optional): flag id → rule, replacing the scale's default flags;
- ``unanswered``: ``ask`` (the phone asks before a form with ungraded subjects is cast) or
  ``abstain`` (an ungraded subject is an abstention without asking). Either way an ungraded
  subject is an abstention on that form; a form grading nobody is blank.

A form is stored as the engine reads it: ``{"grades": {"s1": "优秀", …}}`` or ``{"blank": true}``
(paper also ``{"spoiled": true}``): marks only, like every ballot (``web.meetings.secrecy``).
Counting is the engine's alone (``jiceng.appraisal``), exact.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, gettext_lazy, gettext_noop, pgettext_lazy
from django.utils.translation import gettext as _

from jiceng.appraisal import SCALES
from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common.text import normalise_name
from web.meetings.errors import MeetingError, wrong_state
from web.meetings.models import Candidate, Meeting, Officer, Poll
from web.org.models import Person

#: a poll rates at most this many subjects (a congress rates a few dozen reports and cadres)
MAX_SUBJECTS = 60
MAX_SUBJECT_NAME = 100
MAX_GRADES = 7
MAX_GRADE = 10
#: the named scales, as the engine knows them (``jiceng.appraisal.SCALES``)
SCALE_NAMES = ("individual", "group", "satisfaction", "village_member")
SCALE_LABELS = {
    "individual": gettext_lazy("个人：优秀 / 称职 / 基本称职 / 不称职"),
    "group": gettext_lazy("班子、部门或工作：好 / 较好 / 一般 / 差"),
    "satisfaction": gettext_lazy("满意度：满意 / 基本满意 / 不满意"),
    "village_member": gettext_lazy("村（居）委会成员：优秀 / 称职 / 基本称职 / 不称职（半数不称职即评定为不称职）"),
}
#: a grade's name in English where the scale is one the engine knows; a grade of a list the
#: meeting wrote reads as written
GRADE_WORDS = dict(
    zip(
        (*SCALES["individual"], *SCALES["group"], *SCALES["satisfaction"]),
        (
            pgettext_lazy("appraisal grade", "优秀"),
            pgettext_lazy("appraisal grade", "称职"),
            pgettext_lazy("appraisal grade", "基本称职"),
            pgettext_lazy("appraisal grade", "不称职"),
            pgettext_lazy("appraisal grade", "好"),
            pgettext_lazy("appraisal grade", "较好"),
            pgettext_lazy("appraisal grade", "一般"),
            pgettext_lazy("appraisal grade", "差"),
            pgettext_lazy("appraisal grade", "满意"),
            pgettext_lazy("appraisal grade", "基本满意"),
            pgettext_lazy("appraisal grade", "不满意"),
        ),
        strict=True,
    )
)
ASK, ABSTAIN = "ask", "abstain"
#: the marks of the kinds of flag on the hall display
MARKS = "①②③④⑤⑥⑦⑧⑨⑩"
ORDERS = ("given", "strokes")
#: a grade the meeting writes is one word a rule can name (the engine's own check, said plainly)
_GRADE = re.compile(r"[^\W\d][\w\-]*")
_RESERVED = ("valid", "abstain", "graded", "forms")
#: what splits a list of grades typed on one line
_SEPARATORS = re.compile(r"[\s,\uff0c\u3001/;\uff1b]+")  # also the full-width comma, 、 and ；


def _refuse(message: str, code: str = "bad_appraisal") -> MeetingError:
    return MeetingError(message, code=code, status=422)


def grades_of(rules: dict[str, Any]) -> tuple[str, ...]:
    """The poll's grades, best first."""
    from jiceng.appraisal import SCALES

    scale = rules.get("scale", "individual")
    return tuple(SCALES[scale]) if isinstance(scale, str) else tuple(scale)


def grade_words(grade: str) -> str:
    return str(GRADE_WORDS.get(grade, grade))


def parse_grades(text: str) -> list[str]:
    """A list of grades typed by staff, best first: ``优 良 中 差`` or one a line."""
    return [g for g in _SEPARATORS.split(text.strip()) if g]


def check_scale(scale: Any) -> str | list[str]:
    """A named scale, or a list of grades that makes a scale; refused with a sentence."""
    if isinstance(scale, str):
        if scale not in SCALE_NAMES:
            raise _refuse(_("未知的等级标准“%(s)s”。") % {"s": scale[:20]}, "bad_scale")
        return scale
    grades = [normalise_name(str(g)) for g in scale or []]
    if len(grades) < 2:
        raise _refuse(_("自定等级至少要有两个等级，从好到差排列。"), "bad_scale")
    if len(grades) > MAX_GRADES:
        raise _refuse(_("自定等级最多 %(n)d 个。") % {"n": MAX_GRADES}, "bad_scale")
    for grade in grades:
        if len(grade) > MAX_GRADE or not _GRADE.fullmatch(grade) or grade in _RESERVED:
            raise _refuse(
                _("“%(g)s”不能作为等级：等级须是一个词（%(n)d 字以内，不以数字开头，不含空格和符号）。")
                % {"g": grade[:20], "n": MAX_GRADE},
                "bad_scale",
            )
    if len(set(grades)) != len(grades):
        raise _refuse(_("等级“%(g)s”写了两次。") % {"g": next(g for g in grades if grades.count(g) > 1)}, "bad_scale")
    return grades


def engine_record(poll_rules: dict[str, Any], subjects: list[dict[str, str]]) -> dict[str, Any]:
    """The appraisal record's fixed part (``jiceng.tally/1``, kind ``appraisal``) for these
    rules and subjects; forms or counts are added by the caller."""
    doc: dict[str, Any] = {
        "format": "jiceng.tally/1",
        "kind": "appraisal",
        "scale": poll_rules.get("scale", "individual"),
        "settings": dict(poll_rules.get("settings") or {"abstentions_in_base": True}),
        "subjects": subjects,
    }
    if poll_rules.get("flags") is not None:
        doc["rules"] = {"flags": dict(poll_rules["flags"])}
    return doc


def check_with_engine(rules: dict[str, Any], names: list[str]) -> None:
    """Count an empty record of these rules with the engine: a poll it could not count later
    is refused now (a flag naming a grade the scale has not, a rule it cannot read)."""
    from jiceng.errors import RecordError
    from jiceng.record import tally

    doc = engine_record(rules, [{"id": f"s{i + 1}", "name": n} for i, n in enumerate(names)])
    try:
        tally({**doc, "forms": []})
    except RecordError as exc:
        raise _refuse(_("计票引擎不能按这些规则计票：%(e)s") % {"e": exc.message}, "bad_rule") from None


def clean_subjects(subjects: list[tuple[str, Person | None]]) -> list[tuple[str, Person | None]]:
    cleaned = [(normalise_name(person.name if person else name), person) for name, person in subjects]
    cleaned = [(name, person) for name, person in cleaned if name]
    if not cleaned:
        raise _refuse(_("测评至少要有一个测评对象。"), "no_subjects")
    if len(cleaned) > MAX_SUBJECTS:
        raise _refuse(
            _("一次测评最多 %(max)d 个测评对象，现有 %(n)d 个；请分成几次测评。")
            % {"max": MAX_SUBJECTS, "n": len(cleaned)},
            "too_many_subjects",
        )
    long = next((name for name, _p in cleaned if len(name) > MAX_SUBJECT_NAME), None)
    if long:
        raise _refuse(
            _("测评对象名称最多 %(n)d 个字：“%(name)s…”。") % {"n": MAX_SUBJECT_NAME, "name": long[:20]}, "bad_subject"
        )
    names = [name for name, _p in cleaned]
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice:
        raise _refuse(_("测评对象“%(name)s”列了两次，请在名称后加以区分。") % {"name": twice}, "duplicate_subject")
    return cleaned


@transaction.atomic
def do_create_appraisal_poll(
    *,
    meeting: Meeting,
    title: str,
    subjects: list[tuple[str, Person | None]],
    scale: str | list[str] = "individual",
    abstentions_in_base: bool = True,
    flags: dict[str, str] | None = None,
    unanswered: str = ASK,
    order: str = "given",
    ranking: dict[str, Any] | None = None,
    acting_user: Actor,
) -> Poll:
    """Create an appraisal poll of ``subjects`` (name, or the person rated) on ``scale``.

    ``order`` is ``given`` (the agenda's order: work reports) or ``strokes`` (people in surname
    stroke order, DOMAIN.md §5.6). Refused with a sentence, nothing stored: no subject, more than
    ``MAX_SUBJECTS``, a subject twice, a list of grades that is not a scale, a flag the engine
    cannot count, a closed meeting. ``ranking`` (``{"bottom": 5, "rank_by": [...]}``) goes to the
    engine's settings: the subjects ranked and the bottom named (a department evaluation)."""
    from jiceng.strokes import sort_names

    if Meeting.objects.select_for_update().get(pk=meeting.pk).state == Meeting.State.CLOSED:
        raise wrong_state(_("会议已结束。"))
    title = " ".join((title or "").split())
    if not title or len(title) > 200:
        raise _refuse(_("请填写测评名称（200 字以内）。"), "bad_title")
    if unanswered not in (ASK, ABSTAIN):
        raise _refuse(_("未知的未评定处理方式。"))
    if order not in ORDERS:
        raise _refuse(_("未知的排列方式。"))
    cleaned = clean_subjects(subjects)
    names = [name for name, _p in cleaned]
    clash = sorted(set(Officer.objects.filter(meeting=meeting).values_list("person__name", flat=True)) & set(names))
    if clash:  # a teller would count the forms that rate them (as a candidate may not count ballots)
        raise _refuse(
            _("%(names)s 已担任监票人或计票人，不能作为测评对象。") % {"names": _("、").join(clash)}, "officer_subject"
        )
    rules: dict[str, Any] = {
        "scale": check_scale(scale),
        "settings": {"abstentions_in_base": bool(abstentions_in_base), **(ranking or {})},
        "unanswered": unanswered,
    }
    if flags is not None:
        rules["flags"] = dict(flags)
    check_with_engine(rules, names)
    poll = Poll.objects.create(meeting=meeting, title=title, kind=Poll.Kind.APPRAISAL, rules=rules)
    position = {name: i for i, name in enumerate(sort_names(names) if order == "strokes" else names)}
    Candidate.objects.bulk_create(
        [
            Candidate(poll=poll, key=f"s{i + 1}", name=name, person=person, position=position[name])
            for i, (name, person) in enumerate(cleaned)
        ]
    )
    record(
        actor=acting_user,
        action=Action.POLL_CREATE,
        obj=poll,
        changes={
            "title": [None, title],
            "kind": [None, Poll.Kind.APPRAISAL],
            "rules": [None, rules],
            "subjects": [None, [names[i] for i in sorted(range(len(names)), key=lambda i: position[names[i]])]],
        },
    )
    return poll


# ---- forms ----------------------------------------------------------------------------------


def subjects_of(poll: Poll) -> list[Candidate]:
    """The subjects in form order, read once per poll object (a page may word many forms)."""
    cached = getattr(poll, "_subjects", None)
    if cached is None:
        cached = list(poll.candidates.all())
        poll._subjects = cached  # type: ignore[attr-defined]
    return cached


def clean_form(poll: Poll, data: Any) -> dict[str, Any]:
    """A form as posted (``grade-<key>`` = a grade; missing or empty is an abstention) in the
    engine's shape. Refused with a sentence: a grade not on the scale, a subject not in the poll."""
    grades = grades_of(poll.rules)
    keys = {s.key: s for s in subjects_of(poll)}
    for field in data:
        if field.startswith("grade-") and field[6:] not in keys:
            raise _refuse(_("测评表上没有这个测评对象（%(f)s）。") % {"f": field[6:][:20]}, "invalid_ballot")
    marks: dict[str, str] = {}
    for key, subject in keys.items():
        grade = (data.get(f"grade-{key}") or "").strip()
        if not grade:
            continue
        if grade not in grades:
            raise _refuse(
                _("对“%(name)s”的评定“%(g)s”不在本次测评的等级中（%(grades)s）。")
                % {"name": subject.name, "g": grade[:20], "grades": _("、").join(grade_words(g) for g in grades)},
                "invalid_ballot",
            )
        marks[key] = grade
    return {"grades": marks} if marks else {"blank": True}


def unanswered(poll: Poll, data: Any) -> list[Candidate]:
    """The subjects the posted form leaves ungraded."""
    return [s for s in subjects_of(poll) if not (data.get(f"grade-{s.key}") or "").strip()]


def asks_before_casting(poll: Poll, data: Any) -> bool:
    """Whether the phone asks first: a form grading nobody always (more often a slip than a
    choice), one leaving some subjects ungraded when the rules say ``ask``."""
    left = unanswered(poll, data)
    if len(left) == len(subjects_of(poll)):
        return True
    return bool(left) and poll.rules.get("unanswered", ASK) == ASK


def as_posted(poll: Poll, data: Any) -> list[dict[str, Any]]:
    """Each subject with the grade posted, to show the form again as it was."""
    return [{"subject": s, "grade": (data.get(f"grade-{s.key}") or "").strip()} for s in subjects_of(poll)]


def as_fields(content: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f"grade-{key}", str(grade)) for key, grade in (content.get("grades") or {}).items()]


def form_lines(content: dict[str, Any], poll: Poll) -> list[tuple[str, str]]:
    """A form as (subject, grade in words) lines in form order; an ungraded subject is 弃权."""
    if content.get("spoiled"):
        return [(str(_("测评表")), str(_("废表")))]
    marks = content.get("grades") or {}
    lines = [(s.name, grade_words(marks[s.key]) if s.key in marks else str(_("弃权"))) for s in subjects_of(poll)]
    if not marks:
        lines.insert(0, (str(_("测评表")), str(_("空白表"))))
    return lines


def scale_label(rules: dict[str, Any]) -> str:
    scale = rules.get("scale", "individual")
    if isinstance(scale, str):
        return str(SCALE_LABELS.get(scale, scale))
    return _("自定等级：%(grades)s") % {"grades": " / ".join(scale)}


def effective_flags(rules: dict[str, Any]) -> dict[str, str]:
    """The flag rules the engine applies to this poll: its own, or the scale's defaults."""
    from jiceng.record import tally

    doc = engine_record(rules, [{"id": "s1", "name": "-"}])
    return dict(tally({**doc, "forms": []})["rules"]["flags"])


def grades_in_english(text: str, grades: Any) -> str:
    """An English sentence of the engine's that names the scale's grades as the rules name them
    (in Chinese), with the grades in English as the forms and the tables say them."""
    for grade in sorted(grades, key=len, reverse=True):  # 基本称职 before 称职
        text = text.replace(grade, grade_words(grade).lower())
    return text


def flag_words(key: str, rule: str, grades: tuple[str, ...] = ()) -> str:
    """A flag in words: what the organisation is asked to review, and when (the engine's words;
    in English the rule's ``grades`` named in English, as the forms and the result name them)."""
    from jiceng.appraisal import FLAGS
    from jiceng.rules import describe

    english = (get_language() or "").startswith("en")
    zh, en = describe(rule)
    known = FLAGS.get(key)
    review = (known.review_en if english else known.review_zh) if known else key
    if english:
        when = grades_in_english(en.replace("valid ballots", "valid forms"), grades)
    else:
        when = zh.replace(gettext_noop("有效票"), gettext_noop("有效测评表"))
    return _("%(when)s：提请组织研究（%(review)s）") % {"when": when, "review": review}


def rules_in_words(rules: dict[str, Any]) -> list[tuple[str, str]]:
    """What the poll page says of an appraisal's rules: the scale, the base of the rates, each
    flag (never a sanction), and what the phone does with an ungraded subject."""
    lines = [
        (str(_("等级标准")), scale_label(rules)),
        (
            str(_("计算比例的基数")),
            str(_("全部有效测评表（未评定的计为弃权，计入基数）"))
            if (rules.get("settings") or {}).get("abstentions_in_base", True)
            else str(_("评定了该对象的有效测评表（弃权不计入基数）")),
        ),
    ]
    flags = effective_flags(rules)
    for key, rule in flags.items():
        lines.append((str(_("提示")), flag_words(key, rule, grades_of(rules))))
    if not flags:
        lines.append((str(_("提示")), str(_("无"))))
    lines.append((str(_("提示的性质")), str(_("提示只提请组织研究，不是处分决定。"))))
    lines.append(
        (
            str(_("未评定的对象")),
            str(_("手机提交前提示，确认后计为弃权"))
            if rules.get("unanswered", ASK) == ASK
            else str(_("计为弃权，不提示")),
        )
    )
    return lines


def result_rows(result: dict[str, Any]) -> dict[str, Any]:
    """The engine's result as the pages show it: per subject each grade's count over its base
    with the engine's percentage, the abstentions, the scale's summary rates and the flags
    raised in the engine's sentences; nothing computed here but the choice of language."""
    from jiceng.appraisal import FLAGS

    english = (get_language() or "").startswith("en")
    grades = list(result["scale"]["grades"])
    raised = {
        (c["subject"], c["flag"]): grades_in_english(c["en"], grades) if english else c["zh"]
        for c in result["checks"]
        if c["passed"]
    }
    rows = []
    for s in result["subjects"]:
        rate = s["rates"]
        rows.append(
            {
                "name": s["name"],
                "cells": [
                    (grade_words(g), s["counts"][g], s["base"], rate[g]["percent"] if rate[g] else None) for g in grades
                ],
                "abstain": s["counts"]["abstain"],
                "base": s["base"],
                "summary": [
                    (
                        m["label_en" if english else "label_zh"],
                        m["count"],
                        s["base"],
                        m["rate"]["percent"] if m["rate"] else None,
                    )
                    for m in s["summary"]
                ],
                "flags": [
                    (
                        (FLAGS[f].review_en if english else FLAGS[f].review_zh) if f in FLAGS else f,
                        raised.get((s["id"], f), ""),
                    )
                    for f in s["flags"]
                ],
            }
        )
    # each kind of flag raised gets a mark (①, ②…) that the hall's table shows beside a subject,
    # with what it asks the organisation to review said once under the table
    reviews = list(dict.fromkeys(review for row in rows for review, _sentence in row["flags"]))
    marks = {review: MARKS[n] if n < len(MARKS) else f"({n + 1})" for n, review in enumerate(reviews)}
    for row in rows:
        row["marks"] = "".join(marks[review] for review, _sentence in row["flags"])
    return {
        "grades": [grade_words(g) for g in grades],
        "rows": rows,
        "legend": [(marks[review], review) for review in reviews],
        "forms": result["forms"],
        "in_base": result["settings"]["abstentions_in_base"],
        "flagged": len({f["subject"] for f in result["flagged"]}),
    }
