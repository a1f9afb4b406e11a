"""Appraisal polls: many subjects rated on one grade scale in one poll (web.meetings.appraisal).

Created through the meeting page (refused with a sentence, nothing stored), voted on the phone
with the same codes and guarantees as ballots (an ungraded subject asked about, a grade not on
the scale or a subject not in the poll refused), counted by the engine's appraisal kind, the
open record recounted by ``jiceng verify`` to the published result."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from jiceng.record import tally
from tests.engine.test_schemas import validate
from web.audit.models import AuditEntry
from web.meetings import actions, appraisal
from web.meetings.actions import hand_out_codes
from web.meetings.errors import MeetingError
from web.meetings.models import Ballot, Candidate, Poll
from web.meetings.testing import make_meeting, received

SUBJECTS = ["区委常委会工作报告", "区纪委常委会工作报告", "王芳", "李强"]


def open_meeting(world, voters: int = 5):
    meeting = make_meeting(world, voters=voters, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
        for a in meeting.attendees.filter(kind="voter")
    ]
    return meeting, present


def new_poll(world, meeting, **kwargs):
    defaults = {"title": "工作报告测评", "subjects": [(n, None) for n in SUBJECTS], "scale": "individual"}
    return appraisal.do_create_appraisal_poll(meeting=meeting, acting_user=world.organiser, **(defaults | kwargs))


@pytest.fixture
def hall(world):
    meeting, present = open_meeting(world)
    poll = actions.do_open_poll(poll=new_poll(world, meeting), acting_user=world.organiser)
    return poll, hand_out_codes(poll, present)


def grades_post(poll: Poll, grades: dict[str, str]) -> dict[str, str]:
    keys = {c.name: c.key for c in poll.candidates.all()}
    return {f"grade-{keys[name]}": grade for name, grade in grades.items()}


# ---- creation -------------------------------------------------------------------------------


def test_created_from_the_meeting_page_with_subjects_in_the_order_given_and_audited(client, world):
    client.force_login(world.organiser)
    meeting, _present = open_meeting(world)
    page = client.get(f"/staff/meetings/{meeting.pk}/")
    assert "新建测评" in page.content.decode()
    response = client.post(
        f"/staff/meetings/{meeting.pk}/polls/new-appraisal",
        {
            "title": "工作报告测评",
            "subjects": "\n".join(SUBJECTS),
            "order": "given",
            "scale": "group",
            "abstentions_in_base": "yes",
            "unanswered": "ask",
        },
    )
    poll = Poll.objects.get(kind=Poll.Kind.APPRAISAL)
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert [c.name for c in poll.candidates.all()] == SUBJECTS
    assert poll.rules == {"scale": "group", "settings": {"abstentions_in_base": True}, "unanswered": "ask"}
    entry = AuditEntry.objects.get(action="poll.create", object_id=str(poll.pk))
    assert entry.changes["subjects"][1] == SUBJECTS
    html = client.get(poll.get_absolute_url()).content.decode()
    assert "班子、部门或工作：好 / 较好 / 一般 / 差" in html and "区纪委常委会工作报告" in html
    assert ">group<" not in html and "abstentions_in_base" not in html  # words, not the stored rules


def test_people_in_stroke_order_and_a_list_of_grades_makes_a_scale(world):
    meeting, _present = open_meeting(world)
    poll = new_poll(world, meeting, subjects=[("王芳", None), ("丁一", None), ("李强", None)], order="strokes")
    assert [c.name for c in poll.candidates.all()] == ["丁一", "王芳", "李强"]
    custom = new_poll(world, meeting, scale=appraisal.parse_grades("优、良 中，差"))
    assert custom.rules["scale"] == ["优", "良", "中", "差"]
    assert appraisal.grades_of(custom.rules) == ("优", "良", "中", "差")


@pytest.mark.parametrize(
    ("kwargs", "sentence"),
    [
        ({"subjects": []}, "测评至少要有一个测评对象"),
        ({"subjects": [("  ", None)]}, "测评至少要有一个测评对象"),
        ({"subjects": [(f"对象{i}", None) for i in range(61)]}, "最多 60 个测评对象，现有 61 个"),
        ({"subjects": [("王芳", None), ("王芳", None)]}, "“王芳”列了两次"),
        ({"subjects": [("长" * 101, None)]}, "最多 100 个字"),
        ({"scale": ["好"]}, "至少要有两个等级"),
        ({"scale": ["好", "好"]}, "等级“好”写了两次"),
        ({"scale": ["好", "2差"]}, "“2差”不能作为等级"),
        ({"scale": ["好", "valid"]}, "“valid”不能作为等级"),
        ({"scale": ["很+好", "差"]}, "“很+好”不能作为等级"),
        ({"scale": [str(i) + "a" for i in range(8)]}, "最多 7 个"),
        ({"scale": "stars"}, "未知的等级标准"),
        ({"flags": {"low": "3*优秀 < valid"}, "scale": "group"}, "计票引擎不能按这些规则计票"),
        ({"title": " "}, "请填写测评名称"),
        ({"unanswered": "skip"}, "未知的未评定处理方式"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_nothing_is_stored(world, kwargs, sentence):
    meeting, _present = open_meeting(world)
    with pytest.raises(MeetingError) as refused:
        new_poll(world, meeting, **kwargs)
    assert sentence in str(refused.value.message)
    assert not Poll.objects.filter(kind=Poll.Kind.APPRAISAL).exists() and not Candidate.objects.exists()
    assert not AuditEntry.objects.filter(action="poll.create").exists()


def test_a_scrutineer_or_teller_of_the_meeting_cannot_be_a_subject(world):
    meeting, present = open_meeting(world)
    person = present[0].person
    actions.do_appoint_officer(meeting=meeting, person=person, role="teller", acting_user=world.organiser)
    with pytest.raises(MeetingError) as refused:
        new_poll(world, meeting, subjects=[(person.name, person), ("李强", None)])
    assert "已担任监票人或计票人，不能作为测评对象" in str(refused.value.message)
    assert not Poll.objects.exists()


def test_the_page_says_a_refusal_and_keeps_what_was_typed(client, world):
    client.force_login(world.organiser)
    meeting, _present = open_meeting(world)
    response = client.post(
        f"/staff/meetings/{meeting.pk}/polls/new-appraisal",
        {"title": "测评", "subjects": "王芳", "scale": "custom", "grades": "优", "order": "given"}
        | {"abstentions_in_base": "yes", "unanswered": "ask"},
    )
    html = response.content.decode()
    assert response.status_code == 422 and "自定等级至少要有两个等级" in html and "王芳</textarea>" in html
    assert not Poll.objects.exists()
    assert client.post(f"/staff/meetings/{meeting.pk}/polls/new-appraisal", {"title": "测评"}).status_code == 422


def test_the_election_form_does_not_offer_an_appraisal_and_the_poll_action_refuses_one(world):
    meeting, _present = open_meeting(world)
    with pytest.raises(MeetingError):
        actions.do_create_poll(meeting=meeting, title="x", kind="appraisal", rules={}, acting_user=world.organiser)


# ---- the phone form ---------------------------------------------------------------------------


def test_the_phone_form_shows_every_subject_with_the_grades_and_casts_marks_only(client, hall):
    poll, codes = hall
    page = client.post("/vote/", {"code": codes[0]})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-kind="appraisal"' in html
    for name in SUBJECTS:
        assert name in html
    assert html.count('class="grade-input"') == len(SUBJECTS) * 4
    posted = {"code": codes[0], "poll": poll.pk} | grades_post(poll, dict.fromkeys(SUBJECTS, "称职"))
    receipt = client.post("/vote/cast", posted)
    text = receipt.content.decode()
    assert receipt.status_code == 200 and "您的测评表已提交" in text
    assert re.search(r"<dt>王芳</dt><dd>称职</dd>", text)
    [stored] = received(poll)
    assert stored["content"] == {"grades": {c.key: "称职" for c in poll.candidates.all()}}
    # the code works once
    again = client.post("/vote/cast", posted)
    assert again.status_code == 409


def test_ungraded_subjects_are_asked_about_then_count_as_abstentions(client, hall):
    poll, codes = hall
    posted = {"code": codes[0], "poll": poll.pk} | grades_post(poll, {"王芳": "优秀"})
    question = client.post("/vote/cast", posted)
    html = question.content.decode()
    assert question.status_code == 200 and "还有 3 个对象没有评定" in html and "李强" in html
    assert not received(poll)
    back = client.post("/vote/cast", posted | {"step": "blank", "back": "1"})
    assert back.status_code == 200 and re.search(r'value="优秀"\s+checked', back.content.decode())
    done = client.post("/vote/cast", posted | {"step": "blank", "blank": "confirmed"})
    assert done.status_code == 200 and "您的测评表已提交" in done.content.decode()
    key = poll.candidates.get(name="王芳").key
    assert received(poll)[0]["content"] == {"grades": {key: "优秀"}}


def test_a_form_grading_nobody_is_asked_about_then_blank(client, hall):
    poll, codes = hall
    question = client.post("/vote/cast", {"code": codes[0], "poll": poll.pk})
    assert "你没有评定任何对象，确定交空白表吗" in question.content.decode()
    client.post("/vote/cast", {"code": codes[0], "poll": poll.pk, "step": "blank", "blank": "confirmed"})
    assert received(poll)[0]["content"] == {"blank": True}


def test_with_the_rule_abstain_an_ungraded_subject_is_not_asked_about(client, world):
    meeting, present = open_meeting(world)
    poll = actions.do_open_poll(poll=new_poll(world, meeting, unanswered="abstain"), acting_user=world.organiser)
    [code] = hand_out_codes(poll, present[:1])
    done = client.post("/vote/cast", {"code": code, "poll": poll.pk} | grades_post(poll, {"李强": "不称职"}))
    assert "您的测评表已提交" in done.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "sentence"),
    [
        ("grade-s1", "良好", "不在本次测评的等级中"),
        ("grade-s1", "好", "不在本次测评的等级中"),
        ("grade-s99", "优秀", "测评表上没有这个测评对象"),
        ("grade-", "优秀", "测评表上没有这个测评对象"),
    ],
)
def test_a_bad_form_is_refused_with_a_sentence_and_nothing_is_stored(client, hall, field, value, sentence):
    poll, codes = hall
    posted = {"code": codes[0], "poll": poll.pk} | grades_post(poll, dict.fromkeys(SUBJECTS, "称职")) | {field: value}
    response = client.post("/vote/cast", posted)
    assert response.status_code == 422 and sentence in response.content.decode()
    assert not received(poll) and not Ballot.objects.exists()
    # the code is still good: the corrected form is cast
    posted[field] = "称职"
    posted.pop("grade-s99", None), posted.pop("grade-", None)
    assert "您的测评表已提交" in client.post("/vote/cast", posted).content.decode()


# ---- counting ---------------------------------------------------------------------------------


def cast_all(client, poll, codes, forms):
    for code, grades in zip(codes, forms, strict=False):
        posted = {"code": code, "poll": poll.pk, "step": "blank", "blank": "confirmed"} | grades_post(poll, grades)
        assert client.post("/vote/cast", posted).status_code == 200


def test_counted_by_the_engine_and_the_record_recounts_to_the_result(client, world, hall, tmp_path):
    poll, codes = hall
    forms = [
        {"区委常委会工作报告": "优秀", "王芳": "不称职", "李强": "称职"},
        {"区委常委会工作报告": "称职", "王芳": "不称职", "李强": "称职"},
        {"区委常委会工作报告": "优秀", "王芳": "基本称职", "区纪委常委会工作报告": "称职"},
        {},
    ]
    cast_all(client, poll, codes, forms)
    poll = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    record = poll.record
    validate(record)  # the published schema describes what the record carries
    assert record["kind"] == "appraisal" and record["scale"] == "individual"
    assert sorted(f["receipt"] for f in record["forms"]) == [f["receipt"] for f in record["forms"]]
    assert {k for f in record["forms"] for k in f} <= {"receipt", "grades", "blank"}
    result = poll.result
    assert result["forms"] == {"returned": 4, "valid": 3, "blank": 1, "spoiled": 0}
    wang = next(s for s in result["subjects"] if s["name"] == "王芳")
    assert wang["counts"] == {"优秀": 0, "称职": 0, "基本称职": 1, "不称职": 2, "abstain": 0}
    assert "removal_review" in wang["flags"] and result["status"] == "flags_raised"
    assert tally(json.loads(json.dumps(record))) == result
    # the record downloaded from the poll page, verified by the engine's command line
    client.force_login(world.organiser)
    download = client.get(f"/staff/polls/{poll.pk}/record.json")
    path = tmp_path / "record.json"
    path.write_bytes(download.content)
    (tmp_path / "result.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "jiceng", "verify", str(path), str(tmp_path / "result.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # the result page in the engine's words
    html = client.get(poll.get_absolute_url()).content.decode()
    assert "触发提示，提请组织研究（不是处分）" in html
    assert "<b>2</b>/3" in html and "66.67%" in html  # 王芳 不称职 2 of 3 valid forms
    assert "提请组织研究（免职），本提示不是处分决定" in html
    assert "{" not in re.sub(r"<script.*?</script>", "", html, flags=re.S).split("计票结果")[1].split("下载公开记录")[0]


def test_the_hall_display_shows_the_result_on_the_spot(client, world, hall):
    poll, codes = hall
    client.force_login(world.organiser)
    live = client.get(f"/staff/meetings/{poll.meeting_id}/live").content.decode()
    assert "hall-result" not in live
    display = client.get(f"/staff/polls/{poll.pk}/display").content.decode()
    assert "正在投票" in display
    cast_all(client, poll, codes, [{"王芳": "不称职"}] * 3)
    actions.do_close_poll(poll=poll, acting_user=world.organiser)
    live = client.get(f"/staff/meetings/{poll.meeting_id}/live", HTTP_HX_REQUEST="true").content.decode()
    assert f'id="hall-result-{poll.pk}"' in live and "工作报告测评" in live and "免职" in live
    display = client.get(f"/staff/polls/{poll.pk}/display").content.decode()
    assert "收回 3 张，有效 3 张" in display


def test_the_announcement_the_meeting_record_and_the_board_show_the_result_in_words(client, world, hall):
    import io

    import pypdf

    from web.downloads.testing import made
    from web.meetings.results import do_publish

    poll, codes = hall
    cast_all(client, poll, codes, [{"王芳": "不称职", "李强": "优秀"}] * 3)
    poll = do_publish(poll=actions.do_close_poll(poll=poll, acting_user=world.organiser), acting_user=world.organiser)
    client.force_login(world.organiser)

    def text(url: str) -> str:
        response = made(client, url)
        return "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)

    announcement = text(f"/staff/polls/{poll.pk}/announcement.pdf")
    assert "测评结果公告" in announcement and "区纪委常委会工作报告" in announcement
    assert "提请组织研究（免职），本提示不是处分决定" in announcement and "3/3" in announcement
    minutes = text(f"/staff/meetings/{poll.meeting_id}/record.pdf")
    assert "测评对象：区委常委会工作报告" in minutes and "不称职" in minutes and "scale" not in minutes
    unit = poll.meeting.body.unit
    board = client.get(f"/u/{unit.code}/results/{poll.pk}/").content.decode()
    assert "触发提示，提请组织研究（不是处分）" in board and "<b>3</b>/3" in board


@pytest.mark.parametrize(
    ("scale", "english"),
    [
        ("individual", "(excellent + competent): less than 2/3 of valid forms"),
        ("satisfaction", "(satisfied + basically satisfied): less than 3/5 of valid forms"),
    ],
)
def test_a_flag_in_english_names_its_grades_in_english(scale, english):
    """The rules' words name the grades as the English forms do: no Chinese grade left in them."""
    from django.utils import translation

    with translation.override("en"):
        words = dict.fromkeys(text for label, text in appraisal.rules_in_words({"scale": scale}) if label == "Flags")
    assert any(english in w for w in words), words
    assert not any(ch >= "\u4e00" for w in words for ch in w), words


def test_a_raised_flags_english_sentence_names_its_grades_in_english():
    """The engine's check sentence, shown in English, with no Chinese grade name left in it (the
    subject's own name stays as it is)."""
    from django.utils import translation

    from jiceng.record import tally as count

    doc = {
        "format": "jiceng.tally/1",
        "kind": "survey",
        "title": "t",
        "subjects": [{"id": "s1", "name": "幸福村"}],
        "forms": [{"grades": {"s1": "不满意"}}] * 3 + [{"grades": {"s1": "满意"}}],
    }
    with translation.override("en"):
        rows = appraisal.result_rows(count(doc))["rows"]
    ((_review, sentence),) = rows[0]["flags"]
    assert "satisfied 1, basically satisfied 0" in sentence and "满意" not in sentence, sentence
