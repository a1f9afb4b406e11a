"""A class of recommenders with its list of people (名单): typed one a line among the meeting's
roster, it becomes the class poll's electors, so the desk hands the class's form only to them;
its expected number is the list's; a second round keeps it; bad lines are each a sentence and
nothing is written."""

from __future__ import annotations

import re

import pytest

from web.meetings import actions as meeting_actions
from web.meetings.errors import MeetingError
from web.meetings.models import BallotIssue, Poll, PollElector
from web.recommendations import actions
from web.recommendations.actions import ClassSpec
from web.recommendations.errors import RecommendationError
from web.recommendations.models import Recommendation
from web.recommendations.testing import class_poll, create, open_meeting


def _people(present):
    return [a.person for a in present]


def test_the_list_is_who_may_receive_the_class_form(world):
    meeting, present = open_meeting(world, voters=8)
    people = _people(present)
    a_list = (people[0].name, people[1].id_number, people[2].id_number)
    rec = create(world, meeting, classes=[ClassSpec("A", "领导班子成员", "", 9, a_list), ClassSpec("B", "党员", "", 5)])
    a, b = class_poll(rec, "A"), class_poll(rec, "B")
    assert set(a.electors.values_list("person_id", flat=True)) == {p.pk for p in people[:3]}
    assert not b.electors.exists()
    assert rec.classes.get(key="A").expected == 3  # the list's number, not the one typed
    a = meeting_actions.do_open_poll(poll=a, acting_user=world.organiser)
    with pytest.raises(MeetingError) as refused:
        meeting_actions.do_issue_paper(poll=a, attendee=present[5])
    assert refused.value.code == "not_an_elector" and "这一类别的推荐人名单" in str(refused.value)
    meeting_actions.do_issue_paper(poll=a, attendee=present[0])
    b = meeting_actions.do_open_poll(poll=b, acting_user=world.organiser)
    meeting_actions.do_issue_paper(poll=b, attendee=present[5])  # class B: whoever the desk hands it to
    assert BallotIssue.objects.count() == 2


def test_bad_lines_are_each_a_sentence_and_nothing_is_written(world):
    meeting, present = open_meeting(world, voters=6)
    people = _people(present)
    before = (Recommendation.objects.count(), Poll.objects.count(), PollElector.objects.count())
    classes = [
        ClassSpec("A", "领导班子成员", "", 0, (people[0].id_number, "查无此人", people[1].id_number)),
        ClassSpec("B", "党员", "", 0, (people[1].id_number, people[2].id_number, people[2].id_number)),
    ]
    with pytest.raises(RecommendationError) as refused:
        create(world, meeting, classes=classes)
    sentences = str(refused.value).splitlines()
    assert "A 类名单：第 2 行“查无此人”：推荐会议的名册中没有这个人。" in sentences
    assert any(s.startswith("B 类名单：第 3 行") and "已在名单上" in s for s in sentences)
    assert any(people[1].name in s and "同时在 A 类和 B 类名单中" in s for s in sentences)
    assert (Recommendation.objects.count(), Poll.objects.count(), PollElector.objects.count()) == before


def test_a_second_round_keeps_each_class_list(world):
    from django.test import Client

    from web.recommendations.testing import hold

    meeting, present = open_meeting(world, voters=10)
    people = _people(present)
    names = ["王芳", "李强", "张伟", "刘洋", "赵敏", "陈静", "黄磊", "周杰"]
    listed = tuple(p.id_number for p in people[:3])
    rec = create(world, meeting, names=names, classes=[ClassSpec("A", "班子", "", 0, listed), ClassSpec("B", "党员")])
    forms = {
        "A": [["王芳"], ["李强"], ["张伟"]],
        "B": [["王芳"], ["李强"], ["刘洋"], ["赵敏"], ["陈静"], ["黄磊"], ["周杰"]],
    }
    hold(world, Client(), rec, forms, present)
    rec = actions.do_count_recommendation(recommendation=rec, acting_user=world.organiser)
    second = actions.do_start_second_round(recommendation=rec, meeting=meeting, acting_user=world.organiser)
    assert set(class_poll(second, "A").electors.values_list("person_id", flat=True)) == {p.pk for p in people[:3]}
    assert not class_poll(second, "B").electors.exists()


def test_set_up_from_the_page_with_the_list_shown_and_the_desk_narrowed(client, world):
    meeting, present = open_meeting(world, voters=6)
    people = _people(present)
    client.force_login(world.organiser)
    form = {
        "unit": str(world.community_a.pk),
        "title": "社区党委书记人选民主推荐",
        "post": "社区党委书记",
        "places": "1",
        "names": "王芳\n李强",
        "meeting": str(meeting.pk),
        "class_A": "领导班子成员",
        "people_A": f"{people[0].id_number}\n无名氏\n{people[1].id_number}\n",
        "class_B": "党员",
    }
    bad = client.post("/staff/recommendations/new", form)
    page = bad.content.decode()
    assert bad.status_code == 422 and "推荐人名单有 1 处问题（A 类），见下面各类的名单。" in page
    class_a = page.split('id="id_people_A"')[1].split("</fieldset>")[0]  # the sentence under A's list
    assert '<p class="field-error">第 2 行“无名氏”：推荐会议的名册中没有这个人。</p>' in class_a
    assert not Recommendation.objects.exists()
    form["people_A"] = f"{people[0].id_number}\n{people[1].id_number}\n"
    done = client.post("/staff/recommendations/new", form)
    rec = Recommendation.objects.get()
    assert done.status_code == 302
    page = client.get(rec.get_absolute_url()).content.decode()
    assert re.search(r'>2 <span class="small muted" id="listed-A">（按名单发放）</span>', page)
    a = meeting_actions.do_open_poll(poll=class_poll(rec, "A"), acting_user=world.organiser)
    desk = client.get(a.get_absolute_url()).content.decode()
    assert 'id="listed"' in desk and "名单上的 2 人" in desk and "已发出推荐表 0 张" in desk
    shown = desk.split('id="waiting_results"')[1].split("</table>")[0]
    assert people[0].name in shown and people[4].name not in shown
