"""The representatives' pages through the test client: the list, a representative's page (public and
staff parts), the profile form, links, coverage, trainings, a referral by field from a request to
its answer, the home page's sections and the street overview's flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from web.audit.models import AuditEntry
from web.cases.actions import do_take_case
from web.cases.models import Case, CaseEvent
from web.cases.testing import make_case_world
from web.reps import actions
from web.reps.models import Answer, Attendance, Link, Profile
from web.reps.testing import make_congress

TODAY = timezone.localdate()


@pytest.fixture
def congress(world):  # type: ignore[no-untyped-def]
    return make_congress(world)


def _text(response: Any) -> str:
    return response.content.decode()


# ---- the list and a representative's page -------------------------------------------------------


def test_the_list_searches_and_filters(world, congress, client_for) -> None:
    actions.do_save_profile(seat=congress.seat_b, fields=["court"], intro="", acting_user=world.street_staff)
    actions.do_link(seat=congress.seat_a2, unit=world.community_a, since=TODAY, acting_user=world.organiser)
    client = client_for(world.street_staff)
    url = reverse("reps:congress", args=[congress.body.pk])
    page = client.get(url)
    assert page.status_code == 200
    names = [s.person.name for s in page.context["reps"].page.object_list]
    assert sorted(names) == sorted(["王芳", "李强", "张伟"])
    assert "从未参加培训" in _text(page)  # staff see the training column
    assert [s.person.name for s in client.get(url, {"field": "court"}).context["reps"].page.object_list] == ["张伟"]
    assert [s.person.name for s in client.get(url, {"linked": "yes"}).context["reps"].page.object_list] == ["李强"]
    assert {s.person.name for s in client.get(url, {"linked": "no"}).context["reps"].page.object_list} == {
        "王芳",
        "张伟",
    }
    assert [s.person.name for s in client.get(url, {"q": "张"}).context["reps"].page.object_list] == ["张伟"]
    assert len(client.get(url, {"training": "due"}).context["reps"].page.object_list) == 3
    # a representative reads the list, without the staff column
    rep_page = client_for(congress.rep_b).get(url)
    assert rep_page.status_code == 200 and "从未参加培训" not in _text(rep_page)


def test_a_representatives_page_has_a_public_part_and_a_staff_part(world, congress, client_for) -> None:
    actions.do_save_profile(
        seat=congress.seat_a2,
        fields=["health"],
        intro="社区医生",
        public_phone="13900001111",
        acting_user=congress.rep_a2,
    )
    url = reverse("reps:seat", args=[congress.seat_a2.pk])
    other_rep = client_for(congress.rep_b).get(url)
    text = _text(other_rep)
    assert "社区医生" in text and "13900001111" in text and "医疗卫生" in text
    assert reverse("case_intake:card", args=[congress.rep_a2.pk]) in text  # the message through the studio
    assert 'id="training"' not in text and "修改代表资料" not in text
    staff = _text(client_for(world.organiser).get(url))
    assert 'id="training"' in staff and "修改代表资料" in staff and "挂点到村（社区）" in staff
    own = _text(client_for(congress.rep_a2).get(url))
    assert 'id="training"' in own and "修改我的资料" in own and "挂点到村（社区）" not in own


def test_no_phone_is_shown_unless_the_representative_publishes_it(world, congress, client_for) -> None:
    url = reverse("reps:seat", args=[congress.seat_a.pk])
    assert world.person_a.phone not in _text(client_for(congress.rep_b).get(url))


# ---- the profile form ------------------------------------------------------------------------------


def test_a_representative_edits_their_own_profile_only(world, congress, client_for) -> None:
    own = client_for(congress.rep_a)
    url = reverse("reps:profile", args=[congress.seat_a.pk])
    form = own.get(url)
    assert form.status_code == 200 and 'name="public_phone"' in _text(form)
    done = own.post(url, {"areas": ["elderly", "community"], "intro": "社区志愿者", "public_phone": "028-8888 6666"})
    assert done.status_code == 302
    profile = Profile.objects.get(seat=congress.seat_a)
    assert (profile.intro, profile.public_phone) == ("社区志愿者", "02888886666")
    before = AuditEntry.objects.count()
    assert own.post(reverse("reps:profile", args=[congress.seat_b.pk]), {"intro": "x"}).status_code == 403
    assert AuditEntry.objects.count() == before
    refused = own.post(url, {"areas": [], "intro": "", "public_phone": "123"})
    assert refused.status_code == 422 and "请填写正确的手机号" in _text(refused)


def test_staff_edit_a_profile_in_their_area_without_the_phone(world, congress, client_for) -> None:
    staff = client_for(world.organiser)
    url = reverse("reps:profile", args=[congress.seat_a2.pk])
    assert 'name="public_phone"' not in _text(staff.get(url))
    assert staff.post(url, {"areas": ["court"], "intro": "律师", "public_phone": "13900001111"}).status_code == 302
    assert Profile.objects.get(seat=congress.seat_a2).public_phone == ""  # the field is not theirs to send
    assert staff.post(reverse("reps:profile", args=[congress.seat_b.pk]), {"intro": "x"}).status_code == 403


# ---- links and coverage ----------------------------------------------------------------------------


def test_links_are_made_and_ended_from_the_representatives_page(world, congress, client_for) -> None:
    staff = client_for(world.organiser)
    made = staff.post(
        reverse("reps:link", args=[congress.seat_b.pk]), {"unit": world.community_a.pk, "since": TODAY.isoformat()}
    )
    assert made.status_code == 302
    link = Link.objects.get(seat=congress.seat_b)
    # community B is not the organiser's to choose
    staff.post(reverse("reps:link", args=[congress.seat_b.pk]), {"unit": world.community_b.pk, "since": TODAY})
    assert Link.objects.filter(seat=congress.seat_b).count() == 1
    assert client_for(world.outsider).post(reverse("reps:unlink", args=[link.pk]), {}).status_code == 403
    ended = staff.post(reverse("reps:unlink", args=[link.pk]), {"until": TODAY.isoformat(), "reason": "换届调整"})
    assert ended.status_code == 302
    link.refresh_from_db()
    assert link.until == TODAY


def test_coverage_lists_the_places_and_representatives_without_links(world, congress, client_for) -> None:
    actions.do_link(seat=congress.seat_a, unit=world.community_a, since=TODAY, acting_user=world.organiser)
    page = client_for(world.street_staff).get(reverse("reps:coverage", args=[congress.body.pk]))
    assert [u.name for u in page.context["villages"].page.object_list] == ["红星社区"]
    assert {s.person.name for s in page.context["reps"].page.object_list} == {"李强", "张伟"}
    # community B's staff see their own community and its representative only
    mine = client_for(world.outsider).get(reverse("reps:coverage", args=[congress.body.pk]))
    assert [u.name for u in mine.context["villages"].page.object_list] == ["红星社区"]
    assert [s.person.name for s in mine.context["reps"].page.object_list] == ["张伟"]


# ---- training ------------------------------------------------------------------------------------


def test_a_training_is_recorded_and_its_attendance_taken(world, congress, client_for) -> None:
    staff = client_for(world.street_staff)
    url = reverse("reps:trainings", args=[congress.body.pk])
    made = staff.post(
        url,
        {
            "unit": world.street.pk,
            "title": "党代表履职培训班",
            "held_on": (TODAY - dt.timedelta(days=1)).isoformat(),
            "place": "区委党校",
            "organiser": "区委组织部",
        },
    )
    assert made.status_code == 302
    training_url = made["Location"]
    page = staff.get(training_url)
    assert {s.person.name for s in page.context["candidates"].page.object_list} == {"王芳", "李强", "张伟"}
    taken = staff.post(training_url, {"seat": [congress.seat_a.pk, congress.seat_b.pk]})
    assert taken.status_code == 302
    assert Attendance.objects.count() == 2
    after = staff.get(training_url)
    assert [s.person.name for s in after.context["candidates"].page.object_list] == ["李强"]
    # the organiser (a community's staff) keeps no trainings
    assert client_for(world.organiser).post(training_url, {"seat": [congress.seat_a2.pk]}).status_code == 403
    listed = staff.get(url)
    assert listed.context["flagged"] == 1  # 李强, never trained


# ---- a referral by field, from the request to the answer ------------------------------------------


def test_a_request_is_referred_by_field_and_answered(world, congress, client_for) -> None:
    actions.do_save_profile(seat=congress.seat_b, fields=["court"], intro="", acting_user=world.street_staff)
    actions.do_save_profile(seat=congress.seat_a2, fields=["education"], intro="", acting_user=world.street_staff)
    cw = make_case_world(world)
    case, _code = do_take_case(
        channel="representative",
        entry=cw.entry("noise"),  # 邻里噪音纠纷: police (噪音) and court (纠纷)
        unit=world.grid_a2,
        description="楼上深夜噪音",
        acting_user=congress.rep_a,
        representative=congress.rep_a,
        requester_phone="13800000009",
        consent=True,
    )
    rep = client_for(congress.rep_a)
    case_page = _text(rep.get(reverse("cases:case", args=[case.pk])))
    assert reverse("reps:refer", args=[case.pk]) in case_page
    suggested = rep.get(reverse("reps:refer", args=[case.pk]))
    assert [s.person.name for s in suggested.context["reps"].page.object_list] == ["张伟"]
    by_education = rep.get(reverse("reps:refer", args=[case.pk]), {"field": "education"})
    assert [s.person.name for s in by_education.context["reps"].page.object_list] == ["李强"]
    sent = rep.post(
        reverse("cases:act", args=[case.pk, "refer"]), {"refer-to": congress.rep_b.pk, "refer-reason": "法律方面"}
    )
    assert sent.status_code == 302
    assert Case.objects.get(pk=case.pk).representative == congress.rep_b
    # who referred it keeps following it: the request's page (nothing to do there now) and their list
    followed = rep.get(sent["Location"])
    assert followed.status_code == 200 and "已转交。" in _text(followed)
    assert reverse("cases:act", args=[case.pk, "refer"]) not in _text(followed)
    assert [c.pk for c in rep.get(reverse("cases:represented")).context["cases"].page.object_list] == [case.pk]
    assert client_for(congress.rep_a2).get(reverse("cases:case", args=[case.pk])).status_code == 404
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REFERRED)
    # the representative it went to sees it on their home page and answers it
    other = client_for(congress.rep_b)
    home = _text(other.get(reverse("org:home")))
    assert 'id="home-rep_referrals"' in home and reverse("reps:referral", args=[event.pk]) in home
    assert rep.post(reverse("reps:referral", args=[event.pk]), {"text": "好"}).status_code == 403  # no longer theirs
    answered = other.post(reverse("reps:referral", args=[event.pk]), {"text": "已约双方周三调解"})
    assert answered.status_code == 302
    assert Answer.objects.get(event=event).text == "已约双方周三调解"
    assert 'id="home-rep_referrals"' not in _text(other.get(reverse("org:home")))
    staff_view = _text(client_for(world.street_staff).get(reverse("reps:seat", args=[congress.seat_b.pk])))
    assert "1 件，已回复 1 件" in staff_view


# ---- the home page ---------------------------------------------------------------------------------


def test_the_representatives_home_says_training_links_and_pages(world, congress, client_for) -> None:
    home = _text(client_for(congress.rep_a).get(reverse("org:home")))
    assert "您还没有参加过代表培训" in home
    assert "您还没有挂点村（社区）" in home
    assert reverse("reps:seat", args=[congress.seat_a.pk]) in home
    actions.do_link(seat=congress.seat_a, unit=world.community_a, since=TODAY, acting_user=world.organiser)
    training = actions.do_add_training(
        congress=congress.body,
        unit=world.street,
        title="履职培训",
        held_on=TODAY,
        place="区委党校",
        organiser="区委组织部",
        acting_user=world.street_staff,
    )
    actions.do_record_attendance(training=training, seats=[congress.seat_a], acting_user=world.street_staff)
    home = _text(client_for(congress.rep_a).get(reverse("org:home")))
    assert "您还没有参加过代表培训" not in home and "挂点：和平社区" in home


def test_a_coming_training_on_a_representatives_home_opens_for_them(world, congress, client_for) -> None:
    """The home links a coming training: its page opens to the congress's representative (read
    only, without the staff's list of trainings in the crumbs); recording attendance stays the staff's."""
    training = actions.do_add_training(
        congress=congress.body,
        unit=world.street,
        title="履职能力培训班",
        held_on=TODAY + dt.timedelta(days=20),
        place="区委党校",
        organiser="区委组织部",
        acting_user=world.street_staff,
    )
    rep = client_for(congress.rep_a)
    url = reverse("reps:training", args=[training.pk])
    assert url in _text(rep.get(reverse("org:home")))
    page = rep.get(url)
    assert page.status_code == 200 and "区委党校" in _text(page)
    assert reverse("reps:trainings", args=[congress.body.pk]) not in _text(page)
    assert rep.post(url, {"seat": [congress.seat_a.pk]}).status_code == 403
    assert not Attendance.objects.exists()
    staff_page = _text(client_for(world.street_staff).get(url))
    assert reverse("reps:trainings", args=[congress.body.pk]) in staff_page


def test_the_liaison_staffs_home_leads_to_the_congress(world, congress, client_for) -> None:
    staff = client_for(world.street_staff)
    home = _text(staff.get(reverse("org:home")))
    index = reverse("reps:index")
    for to, name in (("", "reps:congress"), ("?to=coverage", "reps:coverage"), ("?to=trainings", "reps:trainings")):
        assert f'href="{index}{to}"' in home
        assert staff.get(index + to)["Location"] == reverse(name, args=[congress.body.pk])
    # a community's staff are no liaison office: no trainings on their home (the list opens to them)
    assert "?to=trainings" not in _text(client_for(world.organiser).get(reverse("org:home")))
    assert client_for(world.organiser).get(index)["Location"] == reverse("reps:congress", args=[congress.body.pk])


# ---- the street overview ---------------------------------------------------------------------------


def test_the_overview_flags_places_without_a_linked_representative(world, congress, client_for) -> None:
    actions.do_link(seat=congress.seat_a, unit=world.community_a, since=TODAY, acting_user=world.organiser)
    client = client_for(world.street_staff)
    url = reverse("overview:unit", args=[world.street.pk])
    page = client.get(url)
    rows = {r.name: r for r in page.context["page"].object_list}
    assert (rows["和平社区"].reps, rows["红星社区"].reps) == (1, 0)
    assert "没有挂点党代表" in rows["红星社区"].problems
    assert "挂点代表两年未培训" in rows["和平社区"].problems  # 王芳 has never been trained
    here = page.context["data"].reps
    assert (here.living, here.unlinked, here.untrained) == (3, 2, 3)
    assert [r.name for r in client.get(url, {"uncovered": "1"}).context["page"].object_list] == ["红星社区"]
    assert [r.name for r in client.get(url, {"sort": "-reps"}).context["page"].object_list] == ["和平社区", "红星社区"]
