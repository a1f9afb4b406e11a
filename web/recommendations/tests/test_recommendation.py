"""A democratic recommendation held in a meeting: each class of recommenders a poll of the
meeting, forms filled on phones, counted by class, put together and counted by the engine,
published on the board with its open record, which ``jiceng verify`` recounts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.test import Client

from jiceng.record import tally
from tests.engine.test_schemas import validate
from web.audit.models import AuditEntry
from web.meetings.models import Ballot, Poll
from web.recommendations import actions
from web.recommendations.errors import RecommendationError
from web.recommendations.models import Recommendation
from web.recommendations.testing import NAMES, cast, class_poll, create, hold, open_class, open_meeting

#: class A (3 forms) and B (5 forms): 王芳 gets 2 + 3 = 5 of 7 valid (one B form blank)
FORMS = {
    "A": [["王芳"], ["王芳"], ["李强"]],
    "B": [["王芳"], ["王芳"], ["王芳"], ["张伟"], []],
}


@pytest.fixture
def held(world):
    meeting, present = open_meeting(world)
    rec = create(world, meeting)
    hold(world, Client(), rec, FORMS, present)
    return rec


def test_the_classes_are_polls_of_the_meeting_with_the_names_in_stroke_order(world):
    meeting, _present = open_meeting(world)
    rec = create(world, meeting)
    polls = [c.poll for c in rec.classes.all()]
    assert [p.kind for p in polls] == [Poll.Kind.RECOMMENDATION] * 2
    assert [p.rules["class"] for p in polls] == [{"id": "A", "name": "领导班子成员"}, {"id": "B", "name": "党员代表"}]
    assert [c.name for c in polls[0].candidates.all()] == ["王芳", "刘洋", "李强", "张伟"]
    assert AuditEntry.objects.filter(action="recommendation.create", object_id=str(rec.pk)).count() == 1
    assert AuditEntry.objects.filter(action="poll.create").count() == 2


def test_counted_by_class_then_together_by_the_engine(world, held):
    rec = actions.do_count_recommendation(recommendation=held, acting_user=world.organiser)
    assert rec.state == Recommendation.State.COUNTED
    result = rec.result
    assert result["forms"] == {"returned": 8, "valid": 7, "blank": 1, "spoiled": 0, "over": 0}
    wang = next(c for c in result["candidates"] if c["name"] == "王芳")
    assert wang["recommended"] == 5 and wang["by_class"]["A"]["recommended"] == 2
    assert wang["by_class"]["B"]["recommended"] == 3 and wang["reaches_bar"]
    assert result["status"] == "complete" and result["reaching_bar"] == [wang["id"]]
    validate(rec.record)
    assert {f["class"] for f in rec.record["forms"]} == {"A", "B"}
    assert {k for f in rec.record["forms"] for k in f} <= {"receipt", "class", "recommend", "blank"}
    assert tally(json.loads(json.dumps(rec.record))) == result
    assert AuditEntry.objects.filter(action="recommendation.count", object_id=str(rec.pk)).count() == 1


def test_exactly_half_of_the_valid_forms_reaches_the_bar(world):
    meeting, present = open_meeting(world, voters=4)
    rec = create(world, meeting, classes=actions.LETTERS and [actions.ClassSpec("A", "全体")])
    hold(world, Client(), rec, {"A": [["王芳"], ["王芳"], ["李强"], ["张伟"]]}, present)
    result = actions.do_count_recommendation(recommendation=rec, acting_user=world.organiser).result
    reach = {c["name"]: c["reaches_bar"] for c in result["candidates"]}
    assert reach == {"王芳": True, "刘洋": False, "李强": False, "张伟": False}  # 2*2 >= 4


def test_the_count_waits_for_every_class_and_says_which(world):
    meeting, present = open_meeting(world)
    rec = create(world, meeting)
    hold(world, Client(), rec, {"A": FORMS["A"]}, present)
    with pytest.raises(RecommendationError) as refused:
        actions.do_count_recommendation(recommendation=rec, acting_user=world.organiser)
    assert "B 党员代表" in str(refused.value.message)
    rec.refresh_from_db()
    assert rec.state == Recommendation.State.FORMS and rec.result is None


def test_a_phone_form_naming_more_than_the_places_is_refused_and_nothing_is_cast(client, world):
    meeting, present = open_meeting(world)
    rec = create(world, meeting)
    poll, codes = open_class(world, rec, "A", present[:1])
    page = cast(client, poll, codes[0], ["王芳", "李强"])
    assert page.status_code == 422
    assert "超过职数 1 人" in page.content.decode()
    assert not Ballot.objects.filter(poll=poll).exists()
    other = client.post("/vote/cast", {"code": codes[0], "poll": poll.pk, "pick": ["c99"]})
    assert other.status_code == 422 and "推荐表上没有这名人选" in other.content.decode()
    assert cast(client, poll, codes[0], ["李强"]).status_code == 200


def test_a_recommendation_outside_ones_unit_or_meeting_is_refused(world):
    meeting, _present = open_meeting(world)
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises((Http404, PermissionDenied)):
        create(world, meeting, unit=world.community_b)
    with pytest.raises(RecommendationError, match="至少要有一类"):
        create(world, meeting, classes=[])
    with pytest.raises(Exception, match="列了两次"):
        create(world, meeting, names=["王芳", "王芳"])
    assert not Recommendation.objects.exists() and not Poll.objects.exists()


def test_published_on_the_board_and_the_downloaded_record_verifies(world, held, tmp_path):
    rec = actions.do_count_recommendation(recommendation=held, acting_user=world.organiser)
    anon = Client()
    assert anon.get(f"/board/recommendations/{rec.pk}/").status_code == 404
    actions.do_publish_recommendation(recommendation=rec, acting_user=world.organiser)
    board = anon.get("/board/recommendations/?q=书记").content.decode()
    assert rec.title in board
    page = anon.get(f"/board/recommendations/{rec.pk}/").content.decode()
    assert "达到推荐比例的人选不少于职数" in page and "71.43%" in page  # 5 of 7
    download = anon.get(f"/board/recommendations/{rec.pk}/record.json")
    path = tmp_path / "record.json"
    path.write_bytes(download.content)
    (tmp_path / "result.json").write_text(json.dumps(rec.result, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "jiceng", "verify", str(path), str(tmp_path / "result.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # a form changed in the downloaded record no longer verifies
    doc = json.loads(download.content)
    doc["forms"][0]["recommend"] = ["c4"] if doc["forms"][0].get("recommend") != ["c4"] else ["c3"]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "jiceng", "verify", str(path), str(tmp_path / "result.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode != 0


def test_scattered_votes_offer_a_second_round_among_the_leading_names(world):
    meeting, present = open_meeting(world, voters=10)
    rec = create(world, meeting, places=1, names=[*NAMES, "赵敏", "陈静", "黄磊", "周杰"])
    # the two leaders hold 4 of 10 recommendations, under half: scattered
    forms = {
        "A": [["王芳"], ["李强"], ["张伟"]],
        "B": [["王芳"], ["李强"], ["刘洋"], ["赵敏"], ["陈静"], ["黄磊"], ["周杰"]],
    }
    hold(world, Client(), rec, forms, present)
    rec = actions.do_count_recommendation(recommendation=rec, acting_user=world.organiser)
    assert rec.result["status"] == "scattered"
    assert actions.second_round_names(rec) == ["王芳", "李强"]
    second = actions.do_start_second_round(recommendation=rec, meeting=meeting, acting_user=world.organiser)
    assert second.follows == rec and second.post == rec.post
    assert [c.key for c in second.classes.all()] == ["A", "B"]
    assert class_poll(second, "A").follows == class_poll(rec, "A")
    with pytest.raises(RecommendationError, match="已经有第二次推荐"):
        actions.do_start_second_round(recommendation=rec, meeting=meeting, acting_user=world.organiser)
    assert AuditEntry.objects.filter(action="recommendation.second_round", object_id=str(rec.pk)).count() == 1


def test_no_second_round_when_the_votes_are_not_scattered(world, held):
    rec = actions.do_count_recommendation(recommendation=held, acting_user=world.organiser)
    with pytest.raises(RecommendationError, match="推荐票分散"):
        actions.do_start_second_round(recommendation=rec, meeting=rec.meeting, acting_user=world.organiser)


def test_a_person_receives_the_form_of_one_class_only_held_by_the_database(world):
    """The classes are summed together: a person handed class A's form cannot be handed class
    B's too (the desk is refused with a sentence; the database refuses the row whatever path)."""
    from django.db import IntegrityError, transaction

    from web.meetings import actions as meeting_actions
    from web.meetings import batches
    from web.meetings.errors import MeetingError
    from web.meetings.models import BallotIssue

    meeting, present = open_meeting(world)
    rec = create(world, meeting)
    a, _codes = open_class(world, rec, "A", present[:2])
    b = meeting_actions.do_open_poll(poll=class_poll(rec, "B"), acting_user=world.organiser)
    batches.do_issue_code_batch(poll=b, size=batches.min_batch(), acting_user=world.organiser)
    assert a.issue_group == b.issue_group == f"recommendation:{rec.pk}"
    with pytest.raises(MeetingError) as refused:
        meeting_actions.do_issue_phone_slip(poll=b, attendee=present[0])
    assert refused.value.code == "other_class" and "另一类别的推荐表" in str(refused.value)
    assert not BallotIssue.objects.filter(poll=b).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotIssue.objects.create(poll=b, attendee=present[1], channel="paper", group=b.issue_group)
    meeting_actions.do_issue_phone_slip(poll=b, attendee=present[2])  # someone not yet handed a form
    assert BallotIssue.objects.filter(poll=b).count() == 1
