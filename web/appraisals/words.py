"""What the session page and the board say of a session, in words: its facts, the next step
and what blocks it, the flags raised in the engine's sentences with what the organisation
decided, and the village member's rule across the years. Nothing is counted here: the numbers
are the engine's (``jiceng.appraisal`` through the poll's result)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jiceng.appraisal import FLAGS
from web.appraisals.actions import BOTTOM_FLAG, TIED_FLAG, VILLAGE_FLAG
from web.appraisals.models import Review, Session
from web.appraisals.queries import result_sentences, reviews_of
from web.meetings import appraisal, batches
from web.meetings.models import Meeting, Poll


def _english() -> bool:
    return (get_language() or "").startswith("en")


def review_words(flag: str) -> str:
    if flag == BOTTOM_FLAG:
        return _("列入末位，问责")
    if flag == TIED_FLAG:
        return _("并列于末位截止名次，由组织取舍")
    known = FLAGS.get(flag)
    if known is None:
        return flag
    return known.review_en if _english() else known.review_zh


def second_year_words(session: Session) -> str:
    if (session.settings or {}).get("two_years_end_term", True):
        return _(
            "上一年度也被评议为不称职：连续两年不称职的，按本次测评的设置其职务终止，提请组织依法办理"
            "（本系统只作提示，不作决定）。"
        )
    return _("上一年度也被评议为不称职（本次测评未设置连续两年终止职务）。")


def _raters(session: Session) -> str:
    from web.appraisals.departments import is_department_evaluation, raters_words

    return raters_words(session) if is_department_evaluation(session) else str(session.get_raters_display())


def facts(session: Session) -> list[tuple[str, str]]:
    lines = [
        (_("组织单位"), session.unit.name),
        (_("年度"), str(session.year)),
        (_("方式"), str(session.get_mode_display())),
        (_("测评人"), _raters(session)),
        (_("应参加测评"), str(session.rater_count)),
        (_("公开范围"), str(session.get_visibility_display())),
    ]
    if session.mode == Session.Mode.SURVEY and session.opens_at and session.closes_at:
        from django.utils import timezone

        lines.append(
            (
                _("填写期"),
                _("%(a)s 至 %(b)s")
                % {
                    "a": timezone.localtime(session.opens_at).strftime("%Y-%m-%d %H:%M"),
                    "b": timezone.localtime(session.closes_at).strftime("%Y-%m-%d %H:%M"),
                },
            )
        )
    else:
        lines.append((_("会议"), session.meeting.title))
    return lines + [(label, text) for label, text in appraisal.rules_in_words(session.poll.rules)]


def next_step(session: Session) -> dict[str, Any]:
    """What the organiser does next, and what blocks it (shown above the step's button)."""
    poll, meeting = session.poll, session.meeting
    blockers: list[str] = []
    hint = ""
    if session.state == Session.State.DRAFT:
        if session.mode == Session.Mode.SURVEY:
            hint = _("在投票页按%(who)s印 %(n)d 张测评码（无记名，随机发放），开始后村（居）民在截止前用手机填写。") % {
                "who": session.get_raters_display(),
                "n": session.rater_count,
            }
        elif meeting.state != Meeting.State.OPEN:
            blockers.append(_("会议还没有开始：请先在会议页开始会议并签到。"))
        elif session.mode == Session.Mode.PAPER:
            hint = _("开始后在投票页打印纸质测评表、发表；收回后由两名计票人分别录入，核对一致后计入。")
        else:
            hint = _("开始后在投票页印测评码、向签到的测评人发放；测评人用手机填写。")
        return {"step": "open", "label": _("开始测评"), "blockers": blockers, "hint": hint}
    if session.state == Session.State.OPEN:
        if poll.state == Poll.State.OPEN:
            from web.meetings.paper import blockers_before_close

            blockers = blockers_before_close(poll)
        return {"step": "count", "label": _("结束并计票"), "blockers": blockers, "hint": ""}
    if session.state == Session.State.COUNTED and session.is_public:
        return {"step": "publish", "label": _("在公开栏公布"), "blockers": [], "hint": ""}
    return {}


def reviews(session: Session) -> list[dict[str, Any]]:
    sentences = result_sentences(session)
    return [
        {
            "review": r,
            "name": r.subject.name,
            "review_words": review_words(r.flag),
            "sentence": sentences.get((r.subject.key, r.flag), ""),
            "second_year": second_year_words(session) if r.second_year else "",
        }
        for r in reviews_of(session)
    ]


def village_rule(session: Session) -> list[dict[str, Any]]:
    """For a village member appraisal: each person rated 不称职 this year or the year before,
    with both years (the rule reads across sessions)."""
    if (session.settings or {}).get("scale") != "village_member":
        return []
    people = {s.person_id: s.name for s in session.subjects.all() if s.person_id}
    flagged = {
        (pid, year)
        for pid, year in Review.objects.filter(
            flag=VILLAGE_FLAG,
            subject__person_id__in=people,
            session__year__in=(session.year - 1, session.year),
            session__state__in=(Session.State.COUNTED, Session.State.PUBLISHED),
        ).values_list("subject__person_id", "session__year")
    }
    rows = []
    for pid, name in people.items():
        before, now = (pid, session.year - 1) in flagged, (pid, session.year) in flagged
        if before or now:
            rows.append({"name": name, "before": before, "now": now, "both": before and now})
    return rows


def session_context(session: Session) -> dict[str, Any]:
    poll = session.poll
    return {
        "facts": facts(session),
        "next": next_step(session),
        "codes": batches.code_counts(poll) if poll.state != Poll.State.DRAFT or batches.codes_issued(poll) else None,
        "reviews": reviews(session),
        "village_rule": village_rule(session),
        "events": list(session.events.select_related("by").order_by("id")),
    }
