"""The district congress's annual meeting (seed 003, DOMAIN.md §4.4): work reports rated on the
spot, the two committees' reports approved by secret ballot, inquiries answered on the spot and
in writing. Told through the real actions, on the days they happened (``year_story``):

- four weeks ago the representative persona files an inquiry to the education bureau;
- 25 days ago the meeting: three standing-committee members report orally, three departments in
  writing (each with its PDF), the party and discipline committees' reports are on the agenda;
  the representatives present (about nine in ten) check in, rate every oral and written report in
  one appraisal poll by phone, and approve the two committees' reports by secret ballot; each
  result is counted by the engine and published; the persona puts a second inquiry in the hall, to
  the committee; both inquiries are answered on the spot;
- ten days ago the education bureau's written answer is recorded; the committee's is still
  missing, so the scheduler's job has flagged it overdue (the persona's and the liaison office's
  homes show it).

Every mark comes from one ``random.Random`` per seed over the roster read in a fixed order, so
the same seed gives the same meeting, ballots and results on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from web.common.demo_clock import year_story
from web.congress import actions, jobs
from web.meetings import actions as meeting_actions
from web.meetings import results
from web.meetings.models import Meeting, Poll
from web.org.models import Body

#: the share of the roster that checks in (a congress's attendance, about nine in ten)
PRESENT = 0.9
ORAL = [
    ("陈立新", "区委常委、组织部部长", "2026 年度抓基层党建工作述职"),
    ("王秀英", "区委常委、宣传部部长", "2026 年度意识形态和宣传思想工作述职"),
    ("刘建华", "区委常委、政法委书记", "2026 年度平安建设和政法工作述职"),
]
WRITTEN = [
    ("区教育局", "区直部门", "区教育局 2026 年度工作书面述职报告"),
    ("区卫生健康局", "区直部门", "区卫生健康局 2026 年度工作书面述职报告"),
    ("区住房和建设局", "区直部门", "区住房和建设局 2026 年度工作书面述职报告"),
]
COMMITTEES = [("party", "区委", "中共区委 2026 年度工作报告"), ("discipline", "区纪委", "中共区纪委 2026 年度工作报告")]
#: how the representatives' grades fall, per report (满意, 基本满意, 不满意): most satisfied, one
#: department less so
LEANINGS = [(80, 17, 3), (75, 22, 3), (82, 15, 3), (70, 25, 5), (60, 30, 10), (45, 35, 20)]


def _pdf(title: str, reporter: str, lines: list[str]) -> SimpleUploadedFile:
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in lines)
    html = (
        "<html><head><meta charset='utf-8'><style>body{font-family:'Noto Sans CJK SC',sans-serif;"
        "font-size:12pt;line-height:1.7}h1{font-size:16pt;text-align:center}</style></head>"
        f"<body><h1>{title}</h1><p style='text-align:center'>{reporter}</p>{body}</body></html>"
    )
    return SimpleUploadedFile(f"{title}.pdf", HTML(string=html).write_pdf(), content_type="application/pdf")


def _marks(rng: random.Random, keys: list[str], grades: tuple[str, ...]) -> dict[str, Any]:
    marks = {}
    for key, leaning in zip(keys, LEANINGS, strict=False):
        pick = rng.choices(grades, weights=leaning)[0]
        if rng.random() < 0.02:  # now and then a representative leaves one report unrated
            continue
        marks[key] = pick
    return {"grades": marks} if marks else {"blank": True}


def _vote(poll: Poll, present: list[Any], staff: Any, content_of: Any) -> Poll:
    poll = meeting_actions.do_open_poll(poll=poll, acting_user=staff)
    codes = meeting_actions.hand_out_codes(poll, present, acting_user=staff)
    for code in codes:
        meeting_actions.cast_ballot(poll_id=poll.pk, code=code, content=content_of())
    poll = meeting_actions.do_close_poll(poll=poll, acting_user=staff)
    return results.do_publish(poll=poll, acting_user=staff)


def seed_congress_meeting(*, seed: int) -> dict[str, Any]:
    """The congress's meeting as above; returns what it made."""
    User = get_user_model()
    congress = Body.objects.filter(kind=Body.Kind.CONGRESS).select_related("unit").order_by("id").first()
    if congress is None:
        return {"meeting": None}
    staff = User.objects.get(username="district")
    rep = User.objects.get(username="representative")
    rng = random.Random(f"congress-meeting-{seed}")
    with year_story() as story:
        today = timezone.localdate(story.real_now)

        def day(back: int, hour: int = 9, minute: int = 0) -> None:
            story.set(today - dt.timedelta(days=back), hour, minute)

        day(28, 8)
        meeting = meeting_actions.do_create_meeting(
            body=congress,
            title=f"{congress.name}第四次会议",
            starts_at=story.moment(today - dt.timedelta(days=25), 9),
            place="区行政中心大礼堂",
            acting_user=staff,
        )
        for reporter, post, title in ORAL:
            actions.do_add_report(
                meeting=meeting, kind="oral", reporter=reporter, post=post, title=title, acting_user=staff
            )
        for reporter, post, title in WRITTEN:
            lines = [
                f"{reporter}认真落实区党代会决议，现将本年度工作报告如下。",
                "一、主要工作和成效。二、存在的问题和不足。三、下一步工作打算。",
                "请各位代表审阅并提出意见。",
            ]
            actions.do_add_report(
                meeting=meeting,
                kind="written",
                reporter=reporter,
                post=post,
                title=title,
                document=_pdf(title, reporter, lines),
                acting_user=staff,
            )
        approvals = []
        for committee, reporter, title in COMMITTEES:
            report = actions.do_add_report(
                meeting=meeting,
                kind="committee",
                committee=committee,
                reporter=reporter,
                title=title,
                acting_user=staff,
            )
            approvals.append(actions.do_create_approval(report=report, acting_user=staff))
        day(28, 10)
        first = actions.do_file_inquiry(
            meeting=meeting,
            to="department",
            to_name="区教育局",
            text="辖区新建小区入住集中，小学一年级学位紧张，明年秋季能否新增学位？新建学校何时开学？",
            acting_user=rep,
        )

        # the meeting day
        day(25, 8, 30)
        meeting_actions.do_open_meeting(meeting=meeting, acting_user=staff)
        voters = list(meeting.attendees.filter(kind="voter", excluded=False).order_by("person__id_number"))
        present = sorted(rng.sample(voters, max(1, round(len(voters) * PRESENT))), key=lambda a: a.pk)
        persona_line = next((a for a in voters if a.person_id == rep.person_id), None)
        if persona_line is not None and persona_line not in present:
            present.append(persona_line)
        present = [
            meeting_actions.do_check_in(attendee=a, method="card", acting_user=staff)
            for a in sorted(present, key=lambda a: a.pk)
        ]
        day(25, 9, 30)
        second = actions.do_file_inquiry(
            meeting=meeting,
            to="committee",
            to_name="",
            text="老旧小区加装电梯群众呼声很高，区委对明年的推进计划和资金安排有何考虑？",
            acting_user=rep,
        )
        rating = actions.do_create_rating(meeting=meeting, acting_user=staff)
        keys = [c.key for c in rating.poll.candidates.order_by("position")]
        grades = ("满意", "基本满意", "不满意")
        day(25, 11)
        rated = _vote(rating.poll, present, staff, lambda: _marks(rng, keys, grades))
        day(25, 11, 30)
        actions.do_answer_on_spot(
            inquiry=first,
            answer="区教育局已启动两所小学的新建工作，明年秋季新增学位约 900 个，具体招生方案将提前公布。",
            answerer="区教育局局长 周文",
            acting_user=staff,
        )
        actions.do_answer_on_spot(
            inquiry=second,
            answer="区委已将老旧小区加装电梯列入明年民生实事，资金安排和推进计划会后书面答复。",
            answerer="区委副书记 孙海",
            acting_user=staff,
        )
        day(25, 15)
        approved = []
        for poll in approvals:
            approved.append(
                _vote(poll, present, staff, lambda: {"vote": rng.choices(["yes", "no", "abstain"], (92, 4, 4))[0]})
            )
        day(25, 17)
        meeting_actions.do_close_meeting(meeting=meeting, acting_user=staff)

        day(10, 10)
        actions.do_answer_in_writing(
            inquiry=first,
            answer=(
                "一、两所新建小学已完成主体工程，明年 8 月底前交付使用，新增学位 900 个。"
                "二、明年秋季一年级招生将按片区统筹，招生方案于 5 月公布。三、过渡期间由周边学校扩班解决。"
            ),
            answerer="区教育局",
            acting_user=staff,
        )
        day(1, 7)
        flagged = jobs.flag_overdue(now=story.now())
    return {
        "meeting": Meeting.objects.get(pk=meeting.pk),
        "present": len(present),
        "rating": rated,
        "approvals": approved,
        "inquiries": [first.pk, second.pk],
        "overdue": flagged,
    }
