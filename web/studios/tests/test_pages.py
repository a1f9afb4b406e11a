"""The studios' pages through the test client: who sees and does what, the check-in and the
request taken at a session, the public board (never a representative's own phone), the director's
desk and the homes, and the scheduled job."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web.cases.models import Case
from web.studios.models import Duty, Session, SessionCase, Studio

pytestmark = pytest.mark.django_db


def _first(sw):  # type: ignore[no-untyped-def]
    return Session.objects.filter(studio=sw.studio_a).order_by("starts_at").first()


def test_the_director_runs_the_studio_and_another_studios_director_sees_nothing(sw, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("studios:studio", args=[sw.studio_a.pk])
    page = client_for(sw.director_a).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "刘洋" in text and "每周星期二 09:00–11:30" in text and 'action="/staff/studios/' in text
    volunteer = client_for(sw.volunteer_a).get(url)
    assert volunteer.status_code == 200 and "studios:act" not in volunteer.content.decode()
    assert reverse("studios:act", args=[sw.studio_a.pk, "generate"]) not in volunteer.content.decode()
    assert client_for(sw.director_b).get(url).status_code == 404
    refused = client_for(sw.director_b).post(reverse("studios:act", args=[sw.studio_a.pk, "generate"]))
    assert refused.status_code == 404
    by_volunteer = client_for(sw.volunteer_a).post(reverse("studios:act", args=[sw.studio_a.pk, "generate"]))
    assert by_volunteer.status_code == 403
    assert "只有工作室的主任、秘书或党代表联络工作人员可以这样做。" in by_volunteer.content.decode()


def test_a_rule_is_added_from_the_studio_page(sw, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("studios:act", args=[sw.studio_a.pk, "rule"])
    bad = client_for(sw.director_a).post(url, {"kind": "visiting", "week": "2", "weekday": "5", "starts": "14:00"})
    assert bad.status_code == 400 and "请填写结束时间" in bad.content.decode()
    done = client_for(sw.director_a).post(
        url,
        {
            "kind": "visiting",
            "week": "2",
            "weekday": "5",
            "starts": "14:00",
            "ends": "17:00",
            "seat": str(sw.seat_b.pk),
            "per_session": "0",
            "valid_from": "2026-03-01",
        },
    )
    assert done.status_code == 302
    assert Session.objects.filter(studio=sw.studio_a, kind="visiting", day="2026-03-14").exists()


def test_check_in_by_oneself_and_not_for_another(sw, client_for, clock) -> None:  # type: ignore[no-untyped-def]
    session = _first(sw)
    duty = session.duties.get()
    clock.set("2026-03-03", 9)
    url = reverse("studios:session_act", args=[session.pk, "check_in"])
    other = client_for(sw.rep_b).post(url, {"duty": duty.pk})  # rep_b, of the same studio, not on duty that day
    assert other.status_code == 403 and "代表只能本人签到" in other.content.decode()
    page = client_for(sw.rep_a).get(reverse("studios:session", args=[session.pk]))
    assert "我已到岗，签到" in page.content.decode()
    assert client_for(sw.rep_a).post(url, {"duty": duty.pk}).status_code == 302
    assert Duty.objects.get(pk=duty.pk).check_in_by == "self"
    again = client_for(sw.volunteer_a).post(url, {"duty": duty.pk})
    assert again.status_code == 409 and "已经签到了" in again.content.decode()


def test_a_request_entered_at_the_session_is_linked_to_it(sw, client_for, clock) -> None:  # type: ignore[no-untyped-def]
    session = _first(sw)
    clock.set("2026-03-03", 10)
    url = reverse("studios:take", args=[session.pk])
    form = client_for(sw.rep_a).get(url)
    assert form.status_code == 200 and "接待时登记诉求" in form.content.decode()
    org = sw.org
    data = {
        "channel": "representative",
        "representative": str(sw.seat_a.pk),
        "requester_name": "王芳",
        "requester_phone": "13800000001",
        "consent": "on",
        "community": str(org.community_a.pk),
        "grid": str(org.grid_a1.pk),
        "building": str(org.building_a1.pk),
        "service_code": "noise",
        "description": "楼上每晚装修到十一点，噪音很大。",
    }
    taken = client_for(sw.rep_a).post(url, data)
    assert taken.status_code == 200, taken.content.decode()[:2000]
    link = SessionCase.objects.get(session=session)
    assert link.case.channel == Case.Channel.REPRESENTATIVE and link.case.representative == sw.rep_a
    assert str(link.case.pk) in taken.content.decode()
    page = client_for(sw.director_a).get(reverse("studios:session", args=[session.pk])).content.decode()
    assert "邻里噪音纠纷" in page
    refused = client_for(sw.rep_b).post(url, {**data, "representative": str(sw.seat_b.pk)})
    assert refused.status_code == 403  # attached to the studio, but not on duty at this session
    assert SessionCase.objects.count() == 1


def test_the_public_page_never_shows_a_representatives_own_phone(sw, client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("studio_board:studio", args=[sw.studio_a.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "028-86001234" in text and "刘洋" in text and "每周星期二 09:00–11:30" in text
    assert sw.seat_a.person.phone not in text and sw.seat_b.person.phone not in text
    assert reverse("case_intake:card", args=[sw.rep_a.pk]) in text
    listed = client.get(reverse("studio_board:index"), {"q": "和平"}).content.decode()
    assert "和平社区党代表工作室" in listed and "红星社区党代表工作室" not in listed
    assert "卫生健康" in client.get(reverse("studio_board:index"), {"kind": "industry"}).content.decode()
    unit = client.get(reverse("studio_board:unit", args=[sw.org.community_b.code])).content.decode()
    assert "红星社区党代表工作室" in unit and "和平社区党代表工作室" not in unit


def test_a_phone_the_representative_chose_to_publish_is_shown(sw, client) -> None:  # type: ignore[no-untyped-def]
    from web.reps.models import Profile

    Profile.objects.create(seat=sw.seat_a, public_phone="13912345678")
    text = client.get(reverse("studio_board:studio", args=[sw.studio_a.pk])).content.decode()
    assert "13912345678" in text and sw.seat_b.person.phone not in text


def test_the_directors_desk_and_the_homes(sw, client_for, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set("2026-03-04", 9)  # Tuesday's reception is over, rep_a did not check in
    desk = client_for(sw.director_a).get(reverse("studios:desk"))
    assert desk.status_code == 200
    text = desk.content.decode()
    assert "未签到的值班" in text and "刘洋" in text
    assert client_for(sw.volunteer_a).get(reverse("studios:desk")).status_code == 404
    home = client_for(sw.director_a).get(reverse("org:home")).content.decode()
    assert 'id="home-studio_desk"' in home and "没有签到" in home
    clock.set("2026-03-09", 8)
    rep_home = client_for(sw.rep_b).get(reverse("org:home")).content.decode()
    assert 'id="home-studio_duty"' in rep_home and "和平社区党代表工作室" in rep_home
    clock.set("2026-03-10", 9)
    rep_home = client_for(sw.rep_b).get(reverse("org:home")).content.decode()
    assert (
        "签到" in rep_home and reverse("studios:session", args=[Session.objects.get(day="2026-03-10").pk]) in rep_home
    )
    mine = client_for(sw.rep_b).get(reverse("studios:my_duty"))
    assert mine.status_code == 200 and "和平社区党代表工作室" in mine.content.decode()


def test_the_job_makes_the_coming_weeks_once(sw, clock) -> None:  # type: ignore[no-untyped-def]
    from web.studios import jobs

    assert jobs.generate() == 0
    clock.set("2026-03-17")  # the horizon moves from 27 April to 12 May: three Tuesdays more
    made = jobs.generate()
    assert made == 3 and jobs.generate() == 0


def test_the_liaison_office_closes_a_studio_from_its_page(sw, client_for, client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("studios:studio", args=[sw.studio_a.pk])
    close = reverse("studios:act", args=[sw.studio_a.pk, "close"])
    assert close not in client_for(sw.director_a).get(url).content.decode()
    assert client_for(sw.director_a).post(close, {"reason": "合并"}).status_code == 403
    liaison = client_for(sw.org.street_staff)
    assert close in liaison.get(url).content.decode()
    empty = liaison.post(close, {"reason": ""})
    assert empty.status_code == 400 and "撤销工作室要写明原因，工作室页面上会显示。" in empty.content.decode()
    assert Studio.objects.get(pk=sw.studio_a.pk).closed_at is None
    done = liaison.post(close, {"reason": "并入街道党群服务中心"}, follow=True)
    text = done.content.decode()
    assert "工作室已撤销。今后的接待活动已取消。" in text and "并入街道党群服务中心" in text
    assert close not in text and reverse("studios:act", args=[sw.studio_a.pk, "details"]) not in text
    assert client.get(reverse("studio_board:studio", args=[sw.studio_a.pk])).status_code == 404
