"""The appraisal pages through the test client: the form that sets a session up, the session
page's steps, the result in the engine's words with the flags to review, the open record that
recounts to the published result, refusals as sentences with nothing written, the home page and
the public board (only public, published sessions)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jiceng.record import tally
from web.appraisals import actions, testing
from web.appraisals.models import Review, Session
from web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _counted(world, *, visibility="public", names=("钱主任", "孙委员")):
    s = testing.meeting_session(world, names=list(names), visibility=visibility)
    actions.do_open_session(session=s, acting_user=world.organiser)
    keys = [c.key for c in s.poll.candidates.order_by("key")]
    forms = [{"grades": {keys[0]: "不称职", keys[1]: "优秀"}}] * 3 + [{"grades": {keys[1]: "称职"}}] * 2
    testing.cast(s, testing.hand_out(s), forms)
    return actions.do_count_session(session=s, acting_user=world.organiser)


def test_the_organiser_sets_up_a_session_in_a_meeting_from_the_form(world, client_for):
    from web.meetings.testing import make_meeting

    meeting = make_meeting(world, voters=4, probationary=0)
    c = client_for(world.organiser)
    url = reverse("appraisals:new")
    assert c.get(url).status_code == 200
    page = c.post(
        url,
        {
            "title": "2026年度“两委”班子民主测评",
            "year": 2026,
            "mode": "phone",
            "meeting": meeting.pk,
            "raters": "body",
            "scale": "individual",
            "subject_kind": "person",
            "subject_names": "钱主任\n孙委员\n",
            "visibility": "public",
            "abstentions_in_base": "on",
        },
    )
    assert page.status_code == 302
    s = Session.objects.get()
    assert page["Location"] == reverse("appraisals:session", args=[s.pk])
    assert sorted(c.name for c in s.poll.candidates.all()) == ["孙委员", "钱主任"]


def test_a_survey_without_its_window_is_refused_with_a_sentence_and_nothing_written(world, client_for):
    c = client_for(world.organiser)
    before = AuditEntry.objects.count()
    page = c.post(
        reverse("appraisals:new"),
        {
            "title": "满意度测评",
            "year": 2026,
            "mode": "survey",
            "body": testing.villagers_body(world).pk,
            "raters": "households",
            "scale": "satisfaction",
            "subject_kind": "group",
            "subject_names": "社区居委会",
            "visibility": "public",
        },
    )
    assert page.status_code == 422 and "测评码问卷要写明开始填写时间和截止时间" in page.content.decode()
    assert not Session.objects.exists() and AuditEntry.objects.count() == before


def test_the_session_page_shows_the_result_and_the_flags_in_the_engines_words(world, client_for):
    s = _counted(world)
    page = client_for(world.member).get(reverse("appraisals:session", args=[s.pk])).content.decode()
    assert "提请组织研究" in page and "本提示不是处分决定" in page and "钱主任" in page
    assert "记录研究意见" not in page  # the member reads, does not act
    organiser = client_for(world.organiser).get(reverse("appraisals:session", args=[s.pk])).content.decode()
    assert "记录研究意见" in organiser and "{" not in organiser.split("<main", 1)[1].split("</main>")[0].replace(
        "{{", ""
    ).replace("{%", "")


def test_the_downloaded_record_recounts_to_the_result(world, client_for):
    s = _counted(world)
    c = client_for(world.member)
    record = json.loads(c.get(reverse("appraisals:record", args=[s.pk])).content)
    result = json.loads(c.get(reverse("appraisals:result", args=[s.pk])).content)
    recount = tally(record)
    assert recount["subjects"] == result["subjects"] and recount["record_sha256"] == result["record_sha256"]


def test_a_review_is_decided_on_the_page_and_an_empty_one_is_refused(world, client_for):
    s = _counted(world)
    review = Review.objects.filter(session=s).first()
    c = client_for(world.organiser)
    url = reverse("appraisals:review", args=[review.pk])
    refused = c.post(url, {"decision": ""})
    assert refused.status_code == 422 and "请写明组织研究的意见" in refused.content.decode()
    review.refresh_from_db()
    assert review.state == "open"
    assert client_for(world.member).post(url, {"decision": "同意"}).status_code == 403
    assert client_for(world.outsider).post(url, {"decision": "同意"}).status_code == 404
    assert c.post(url, {"decision": "党委已研究，进行谈话提醒。"}).status_code == 302
    review.refresh_from_db()
    assert review.state == "done"


def test_a_step_in_the_wrong_state_is_refused_with_a_sentence(world, client_for):
    s = testing.meeting_session(world)
    c = client_for(world.organiser)
    page = c.post(reverse("appraisals:act", args=[s.pk, "publish"]))
    assert page.status_code == 409 and "只有已计票、尚未公布的测评可以公布" in page.content.decode()
    assert client_for(world.member).post(reverse("appraisals:act", args=[s.pk, "open"])).status_code == 403
    s.refresh_from_db()
    assert s.state == "draft"


def test_the_home_page_lists_the_flags_to_review_and_the_board_only_public_sessions(world, client_for):
    public = _counted(world)
    home = client_for(world.organiser).get(reverse("org:home")).content.decode()
    assert "民主测评：待办和提请研究的提示" in home and "钱主任" in home
    board = reverse("appraisals_board:index")
    assert public.title not in client_for(None).get(board).content.decode()  # counted, not published yet
    actions.do_publish_session(session=public, acting_user=world.organiser)
    anonymous = client_for(None)
    assert public.title in anonymous.get(board).content.decode()
    assert anonymous.get(reverse("appraisals_board:session", args=[public.pk])).status_code == 200
    record = json.loads(anonymous.get(reverse("appraisals_board:record", args=[public.pk])).content)
    assert tally(record)["record_sha256"] == public.poll.record_sha256


def test_an_internal_session_never_reaches_the_board(world, client_for):
    internal = _counted(world, visibility="restricted")
    anonymous = client_for(None)
    assert anonymous.get(reverse("appraisals_board:session", args=[internal.pk])).status_code == 404
    assert anonymous.get(reverse("appraisals_board:record", args=[internal.pk])).status_code == 404
    # its readers still have the record
    assert client_for(world.member).get(reverse("appraisals:record", args=[internal.pk])).status_code == 200


def test_a_villager_sees_an_open_survey_on_their_home_without_any_code(world, client_for):
    from web.org.testing import persona_user

    s = testing.survey_session(world)
    actions.do_open_session(session=s, acting_user=world.organiser)
    villager = persona_user(world, "representative")  # 王芳, who lives in community A
    home = client_for(villager).get(reverse("org:home")).content.decode()
    assert s.title in home and "正在填写的满意度测评" in home
    assert client_for(world.outsider).get(reverse("org:home")).content.decode().count(s.title) == 0


@pytest.mark.parametrize(
    ("field", "grade", "words"),
    [("s1", "很好", "不在本次测评的等级中"), ("s9", "优秀", "测评表上没有这个测评对象")],
)
def test_a_form_with_a_grade_off_the_scale_or_a_subject_not_in_the_session_is_refused(
    world, client_for, field, grade, words
):
    from web.meetings.testing import received

    s = testing.meeting_session(world, names=["钱主任", "孙委员"])
    actions.do_open_session(session=s, acting_user=world.organiser)
    code = testing.hand_out(s)[0]
    data = {"code": code, "poll": s.poll_id, "grade-s1": "称职", "grade-s2": "称职", f"grade-{field}": grade}
    page = client_for(None).post(reverse("vote:cast"), data)
    assert page.status_code == 422 and words in page.content.decode()
    assert received(s.poll) == []
    good = {k: v for k, v in data.items() if k != f"grade-{field}"}
    ok = client_for(None).post(reverse("vote:cast"), {**good, "grade-s1": "优秀"})
    assert ok.status_code == 200 and len(received(s.poll)) == 1  # the code was still good


def test_an_internal_sessions_poll_is_not_published_from_the_poll_page(world, client_for):
    """The session holds its poll: the poll page offers no publishing and refuses it, with a
    sentence pointing at the session, so an internal session never reaches the board."""
    s = _counted(world, visibility="restricted")
    c = client_for(world.organiser)
    page = c.get(reverse("meetings:poll", args=[s.poll_id])).content.decode()
    assert "它的结果在那一页公布" in page and reverse("appraisals:session", args=[s.pk]) in page
    assert reverse("meetings:poll_step", args=[s.poll_id, "publish"]) not in page
    before = AuditEntry.objects.count()
    c.post(reverse("meetings:poll_step", args=[s.poll_id, "publish"]))
    s.poll.refresh_from_db()
    assert s.poll.published_at is None and AuditEntry.objects.count() == before
