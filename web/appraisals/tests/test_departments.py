"""The department evaluation (部门公众评议), action by action and page by page: set up by the
street's staff over its own departments by survey codes, opened, answered, counted by the
engine with its bottom five (a tie at the cut-off reported, never broken), each bottom
department a review for the organisation, published with the open record; the requests
scorecard beside it as context; refusals as sentences with nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jiceng.record import tally
from web.appraisals import actions, departments
from web.appraisals import department_testing as dt_
from web.appraisals.models import Review, Session
from web.audit.models import AuditEntry
from web.cases.models import Office, Scorecard
from web.common.errors import RefusedStep
from web.meetings.models import Meeting, Poll

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, int, int]:
    return Session.objects.count(), Poll.objects.count(), Meeting.objects.count(), AuditEntry.objects.count()


def _counted(world, satisfied=(1, 2, 3, 5, 5, 9), **kw):
    s = dt_.department_session(world, n=len(satisfied), **kw)
    actions.do_open_session(session=s, acting_user=world.street_staff)
    dt_.answer(s, dt_.codes(s, 10), list(satisfied))
    return actions.do_count_session(session=s, acting_user=world.street_staff)


def test_a_department_evaluation_is_a_ranked_survey_of_the_units_departments(world):
    s = dt_.department_session(world)
    assert departments.is_department_evaluation(s)
    assert (s.mode, s.raters, s.rater_count) == ("survey", "persons", 10)
    assert s.settings["representatives"] == 4 and s.settings["residents"] == 6
    assert s.poll.rules["settings"] == {"abstentions_in_base": True, "bottom": 5, "rank_by": ["满意", "基本满意"]}
    assert {x.kind for x in s.subjects.all()} == {"department"}
    assert {x.office.unit_id for x in s.subjects.all()} == {world.street.pk}
    entries = AuditEntry.objects.filter(action="appraisal.create", object_id=str(s.pk))
    assert entries.count() == 1 and entries.get().actor_id == world.street_staff.pk


def test_counted_the_bottom_five_with_a_tie_at_the_cut_off_become_reviews(world):
    s = _counted(world, satisfied=(1, 2, 3, 4, 6, 6, 9))
    result = s.poll.result
    keys = {x.name: x.key for x in s.subjects.all()}
    names = {v: k for k, v in keys.items()}
    assert [names[k] for k in result["bottom"]["subjects"]] == [
        "春熙街道城管科",
        "春熙街道民政科",
        "春熙街道社保所",
        "春熙街道司法所",
    ]
    assert [names[k] for k in result["bottom"]["tie"]["subjects"]] == ["春熙街道安监科", "春熙街道规建科"]
    reviews = {(r.subject.name, r.flag) for r in Review.objects.filter(session=s).select_related("subject")}
    assert ("春熙街道城管科", "bottom") in reviews and ("春熙街道安监科", "bottom_tie") in reviews
    assert len([r for r in reviews if r[1] == "bottom"]) == 4 and len(reviews) == 6
    assert "春熙街道文化站" not in {name for name, _f in reviews}


def test_the_open_record_recounts_to_the_same_bottom(world):
    s = _counted(world)
    recount = tally(json.loads(json.dumps(s.poll.record)))
    assert recount["bottom"] == s.poll.result["bottom"] and recount["ranking"] == s.poll.result["ranking"]


def test_exactly_five_departments_name_no_bottom_and_no_review(world):
    s = _counted(world, satisfied=(1, 2, 3, 4, 5))
    assert s.poll.result["bottom"]["status"] == "too_few"
    assert not Review.objects.filter(session=s).exists()


def test_published_on_the_board(world):
    s = _counted(world)
    s = actions.do_publish_session(session=s, acting_user=world.street_staff)
    assert s.state == Session.State.PUBLISHED


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"offices": []}, "no_subjects"),
        ({"representatives": -1}, "bad_counts"),
        ({"representatives": 0, "residents": 0}, "bad_counts"),
        ({"residents": True}, "bad_counts"),
        ({"bottom": 0}, "bad_bottom"),
        ({"bottom": 11}, "bad_bottom"),
        ({"closes_at": timezone.now() - dt.timedelta(days=1)}, "bad_window"),
        ({"title": " "}, "bad_title"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_nothing_written(world, change, code):
    dt_.make_departments(world)
    dt_.street_body(world)
    before = _written()
    with pytest.raises(RefusedStep) as refused:
        dt_.department_session(world, **change)
    assert refused.value.code == code and str(refused.value.message)
    assert _written() == before


def test_an_office_outside_the_unit_is_refused(world):
    elsewhere = Office.objects.create(
        code="O-C1-X", name="和平社区物业办", level=Office.Level.COMMUNITY, unit=world.community_a, duty="x"
    )
    dt_.street_body(world)
    before = _written()
    with pytest.raises(RefusedStep) as refused:
        dt_.department_session(world, offices=[*dt_.make_departments(world), elsewhere])
    assert refused.value.code == "office_elsewhere" and "和平社区物业办" in str(refused.value.message)
    assert _written() == before


def test_a_units_own_office_without_a_duty_is_not_a_department(world):
    own = Office.objects.create(code="O-S1-own", name="春熙街道网格中心", level=Office.Level.STREET, unit=world.street)
    with pytest.raises(RefusedStep) as refused:
        dt_.department_session(world, offices=[own])
    assert refused.value.code == "office_elsewhere"


def test_a_community_cannot_organise_it(world):
    dt_.street_body(world)
    with pytest.raises(RefusedStep) as refused:
        dt_.department_session(world, unit=world.community_a, acting_user=world.organiser)
    assert refused.value.code == "wrong_unit"


def test_only_the_managing_units_staff(world):
    before = _written()
    with pytest.raises((PermissionDenied, Http404)):
        dt_.department_session(world, acting_user=world.organiser)  # manages a community, not the street
    assert _written() == before
    s = dt_.department_session(world)
    with pytest.raises((PermissionDenied, Http404)):
        actions.do_open_session(session=s, acting_user=world.organiser)


# ---- pages ---------------------------------------------------------------------------------


def test_the_staff_list_and_home_show_the_way_in_to_the_street_staff_only(world, client_for):
    url = reverse("appraisals:new_departments")
    assert url in client_for(world.street_staff).get(reverse("org:home")).content.decode()
    assert url not in client_for(world.organiser).get(reverse("org:home")).content.decode()
    assert url in client_for(world.street_staff).get(reverse("appraisals:index")).content.decode()
    assert url not in client_for(world.organiser).get(reverse("appraisals:index")).content.decode()
    assert client_for(world.organiser).get(url).status_code == 403


def test_the_form_sets_it_up(world, client_for):
    offices = dt_.make_departments(world)
    body = dt_.street_body(world)
    c = client_for(world.street_staff)
    url = reverse("appraisals:new_departments")
    page = c.get(url)
    assert page.status_code == 200 and "春熙街道城管科" in page.content.decode()
    now = timezone.localtime()
    data = {
        "title": "2026年度春熙街道部门公众评议",
        "year": 2026,
        "offices": [o.pk for o in offices],
        "representatives": 30,
        "residents": 200,
        "body": body.pk,
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "bottom": 5,
        "visibility": "public",
    }
    page = c.post(url, data)
    assert page.status_code == 302
    s = Session.objects.get()
    assert s.rater_count == 230 and s.subjects.count() == 6
    before = _written()
    refused = c.post(url, {**data, "representatives": 0, "residents": 0})
    assert refused.status_code == 422
    assert "合计至少 1 份" in refused.content.decode()
    assert _written() == before
    english = c.post(url, {**data, "representatives": 0, "residents": 0}, HTTP_ACCEPT_LANGUAGE="en")
    assert "at least 1 in all" in english.content.decode()


def _published_with_scorecard(world):
    s = _counted(world, satisfied=(1, 2, 3, 4, 6, 6, 9))
    office = s.subjects.order_by("key").first().office
    Scorecard.objects.create(
        unit=world.street,
        year=2026,
        quarter=1,
        record={},
        result={
            "units": [
                {"id": f"o{office.pk}", "name": office.name, "ranked": True, "score": {"points": "61.50"},
                 "counts": {"dispatched": 12}},
            ],
            "tiers": [{"tier": "street", "ranked": [f"o{office.pk}"], "bottom": [f"o{office.pk}"], "tie": None,
                       "not_ranked": []}],
        },
        record_sha256="0" * 64,
        published_at=timezone.now(),
    )  # fmt: skip
    return actions.do_publish_session(session=s, acting_user=world.street_staff)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["部门排名和末位", "并列于截止名次", "如实报告，不作取舍", "不计入评议结果", "61.50", "考核末位"]),
        ("en", ["Departments ranked", "reported and not broken", "not part of the evaluation", "61.50"]),
    ],
)
def test_the_session_page_and_the_board_show_the_bottom_and_the_scorecard_beside_it(world, client_for, language, words):
    s = _published_with_scorecard(world)
    for page in (
        client_for(world.street_staff).get(reverse("appraisals:session", args=[s.pk]), HTTP_ACCEPT_LANGUAGE=language),
        client_for(None).get(reverse("appraisals_board:session", args=[s.pk]), HTTP_ACCEPT_LANGUAGE=language),
    ):
        text = page.content.decode()
        assert page.status_code == 200
        for word in words:
            assert word in text, word
        assert "{&#x27;" not in text and "rank_by" not in text and "bottom_tie" not in text
        assert reverse("cases_board:scorecard", args=[Scorecard.objects.get().pk]) in text


def test_the_board_record_recounts(world, client_for):
    s = _published_with_scorecard(world)
    c = client_for(None)
    record = json.loads(c.get(reverse("appraisals_board:record", args=[s.pk])).content)
    result = json.loads(c.get(reverse("appraisals_board:result", args=[s.pk])).content)
    assert tally(record)["bottom"] == result["bottom"]


def test_the_reviews_are_on_the_street_staffs_home(world, client_for):
    _counted(world, satisfied=(1, 2, 3, 4, 6, 6, 9))
    text = client_for(world.street_staff).get(reverse("org:home")).content.decode()
    assert "春熙街道城管科" in text and "列入末位，问责" in text and "并列于末位截止名次" in text
