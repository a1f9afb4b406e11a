"""The staff pages and the board through the test client: setting one up (refused with a
sentence, nothing written), the count, the publication, the second round, the record; an
outsider sees nothing; the home page lists what is to do; the five gates link the result."""

from __future__ import annotations

import pytest
from django.test import Client

from web.deliberation import actions as deliberation_actions
from web.deliberation.models import GateCheck
from web.meetings.models import Poll
from web.recommendations import actions
from web.recommendations.models import Recommendation
from web.recommendations.testing import create, hold, open_meeting, published


def _form(meeting, **extra):
    data = {
        "unit": "",
        "title": "社区党委书记人选民主推荐",
        "post": "社区党委书记",
        "places": "1",
        "names": "王芳\n李强、张伟",
        "meeting": str(meeting.pk),
        "class_A": "领导班子成员",
        "members_A": "两委班子",
        "expected_A": "3",
        "class_B": "党员代表",
        "members_B": "",
        "expected_B": "",
    }
    return data | extra


def test_set_up_from_the_page_with_refusals_in_a_sentence(client, world):
    meeting, _present = open_meeting(world, voters=3)
    client.force_login(world.organiser)
    assert "发起民主推荐" in client.get("/staff/recommendations/").content.decode()
    assert client.get("/staff/recommendations/new").status_code == 200
    a = str(world.community_a.pk)
    bad = client.post("/staff/recommendations/new", _form(meeting, unit=a, places="4"))
    assert bad.status_code == 422 and "职数要在 1 到 3 之间" in bad.content.decode()
    none = client.post("/staff/recommendations/new", _form(meeting, unit=a, class_A="", class_B=""))
    assert none.status_code == 422 and "至少要有一类推荐人" in none.content.decode()
    twice = client.post("/staff/recommendations/new", _form(meeting, unit=a, names="王芳\n王芳"))
    assert twice.status_code == 422 and "列了两次" in twice.content.decode()
    assert not Recommendation.objects.exists() and not Poll.objects.exists()
    done = client.post("/staff/recommendations/new", _form(meeting, unit=a))
    rec = Recommendation.objects.get()
    assert done.status_code == 302 and done["Location"] == rec.get_absolute_url()
    assert [c.name for c in rec.classes.get(key="A").poll.candidates.all()] == ["王芳", "李强", "张伟"]
    page = client.get(rec.get_absolute_url()).content.decode()
    assert "A</b> 领导班子成员" in page and "汇总各类推荐表并计票" in page
    # counting before the classes are counted: a sentence, nothing written
    refused = client.post(f"/staff/recommendations/{rec.pk}/count", follow=True).content.decode()
    assert "还有推荐人类别的推荐表没有计票" in refused
    rec.refresh_from_db()
    assert rec.state == Recommendation.State.FORMS


def test_an_outsider_sees_nothing_and_a_reader_may_not_act(world):
    rec = published(world)
    outsider, member = Client(), Client()
    outsider.force_login(world.outsider)
    member.force_login(world.member)
    assert outsider.get(rec.get_absolute_url()).status_code == 404
    assert rec.title not in outsider.get("/staff/recommendations/").content.decode()
    assert member.get(rec.get_absolute_url()).status_code == 200
    assert member.post(f"/staff/recommendations/{rec.pk}/second-round", {"meeting": rec.meeting_id}).status_code == 403


def test_the_home_page_lists_it_until_published(client, world):
    meeting, present = open_meeting(world)
    rec = create(world, meeting)
    client.force_login(world.organiser)
    home = client.get("/staff/").content.decode()
    assert "民主推荐：待汇总、公布和第二次推荐" in home and "推荐表填写中" in home
    hold(world, Client(), rec, {"A": [["王芳"]], "B": [["王芳"]]}, present)
    assert "各类推荐表都已计票，待汇总计票" in client.get("/staff/").content.decode()
    client.post(f"/staff/recommendations/{rec.pk}/count")
    assert "已汇总计票，待公布结果" in client.get("/staff/").content.decode()
    client.post(f"/staff/recommendations/{rec.pk}/publish")
    assert rec.title not in client.get("/staff/").content.decode()
    board = client.get("/").content.decode()
    assert "/board/recommendations/" in board


@pytest.fixture
def appointment(world):
    return deliberation_actions.do_propose_matter(
        unit=world.community_a,
        title="拟任命王芳为社区党委书记",
        kind="appointment",
        chain="committee_decision",
        acting_user=world.organiser,
    )


def test_the_recommendation_gate_links_the_published_record(client, world, appointment):
    rec = published(world)
    client.force_login(world.organiser)
    page = client.get(f"/staff/matters/{appointment.pk}/").content.decode()
    assert f'<option value="{rec.pk}">{rec.title}</option>' in page
    done = client.post(f"/staff/matters/{appointment.pk}/gates", {"gate": "recommendation", "recommendation": rec.pk})
    assert done.status_code == 302
    check = GateCheck.objects.get(matter=appointment, gate="recommendation")
    assert check.recommendation == rec and rec.title in check.note
    page = client.get(f"/staff/matters/{appointment.pk}/").content.decode()
    assert f'href="/board/recommendations/{rec.pk}/"' in page


def test_the_gate_refuses_a_recommendation_not_published_or_of_another_unit(client, world, appointment):
    meeting, _present = open_meeting(world, voters=2)
    draft = create(world, meeting)
    client.force_login(world.organiser)
    r = client.post(
        f"/staff/matters/{appointment.pk}/gates", {"gate": "recommendation", "recommendation": draft.pk}, follow=True
    )
    assert "请选择本单位或上级单位已公布的民主推荐。" in r.content.decode()
    r = client.post(f"/staff/matters/{appointment.pk}/gates", {"gate": "inspection", "recommendation": draft.pk})
    assert not GateCheck.objects.exists()
    rec = published(world)
    other = deliberation_actions.do_propose_matter(
        unit=world.community_b, title="拟任命张伟", kind="appointment", chain="committee_decision",
        acting_user=world.outsider,
    )  # fmt: skip
    with pytest.raises(Exception, match="已公布的民主推荐"):
        deliberation_actions.do_record_gate(
            matter=other, gate="recommendation", note="", recommendation=rec.pk, acting_user=world.outsider
        )
    assert not GateCheck.objects.exists()


def test_the_second_round_is_offered_from_the_page_and_linked(client, world):
    meeting, present = open_meeting(world, voters=10)
    rec = create(world, meeting, names=["王芳", "李强", "张伟", "刘洋", "赵敏", "陈静", "黄磊", "周杰"])
    forms = {
        "A": [["王芳"], ["李强"], ["张伟"]],
        "B": [["王芳"], ["李强"], ["刘洋"], ["赵敏"], ["陈静"], ["黄磊"], ["周杰"]],
    }
    hold(world, Client(), rec, forms, present)
    actions.do_count_recommendation(recommendation=rec, acting_user=world.organiser)
    client.force_login(world.organiser)
    page = client.get(rec.get_absolute_url()).content.decode()
    assert "推荐票分散" in page and "发起第二次推荐" in page and "王芳、李强" in page
    done = client.post(f"/staff/recommendations/{rec.pk}/second-round", {"meeting": meeting.pk})
    second = Recommendation.objects.get(follows=rec)
    assert done["Location"] == second.get_absolute_url()
    assert [c.name for c in second.classes.get(key="B").poll.candidates.all()] == ["王芳", "李强"]
    assert rec.title in client.get(second.get_absolute_url()).content.decode()


def test_a_class_poll_is_not_published_alone_from_the_poll_page(world, client_for):
    """The classes are published together by the recommendation: one class's poll page refuses."""
    from django.urls import reverse

    rec = published(world)
    poll = rec.classes.first().poll
    c = client_for(world.organiser)
    assert "它的结果在那一页公布" in c.get(reverse("meetings:poll", args=[poll.pk])).content.decode()
    c.post(reverse("meetings:poll_step", args=[poll.pk, "publish"]))
    poll.refresh_from_db()
    assert poll.published_at is None
