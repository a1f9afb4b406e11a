"""An ad-hoc list of raters (web.appraisals.raters): named by name or ID number among the
organising unit's people, it becomes a body and a meeting the session is held in; a line that
finds nobody, a shared name, a person twice or a person of another unit is refused with the
line named, and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web.appraisals import actions, raters, testing
from web.appraisals.models import Session
from web.common.errors import RefusedStep
from web.meetings import actions as meeting_actions
from web.meetings.models import Attendee, Meeting
from web.org.models import Body, BodySeat, Person

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, int]:
    return Body.objects.count(), BodySeat.objects.count(), Meeting.objects.count()


def test_a_list_by_name_and_id_number_becomes_a_body_and_a_meeting_of_voters(world):
    meeting = raters.do_make_rater_list(
        unit=world.community_a,
        title="2026年度社区工作人员民主测评测评人",
        lines=["王芳", "", f"  {world.person_a2.id_number.lower()}  "],
        acting_user=world.organiser,
    )
    assert meeting.body.kind == Body.Kind.APPRAISAL_RATERS and meeting.body.unit == world.community_a
    assert meeting.state == Meeting.State.DRAFT and meeting.title == "2026年度社区工作人员民主测评测评人"
    voters = meeting.attendees.filter(kind=Attendee.Kind.VOTER).values_list("person__name", flat=True)
    assert sorted(voters) == ["李强", "王芳"]


def test_a_session_is_held_in_the_lists_meeting(world):
    meeting = raters.do_make_rater_list(
        unit=world.community_a, title="测评人名单", lines=["王芳", "李强"], acting_user=world.organiser
    )
    meeting_actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    s = actions.do_create_session(
        unit=world.community_a,
        title="2026年度社区工作人员民主测评",
        year=2026,
        mode=Session.Mode.PHONE,
        raters=Session.Raters.BODY,
        scale="individual",
        subjects=testing.subjects(["钱主任"]),
        visibility=Session.Visibility.PUBLIC,
        meeting=meeting,
        acting_user=world.organiser,
    )
    assert s.rater_count == 2


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (["王芳", "赵六"], "第 2 行“赵六”：本单位及下级单位的人员中没有找到。"),
        (["王芳", "王芳"], "第 2 行“王芳”：这个人已在名单上。"),
        (["张伟"], "第 1 行“张伟”：本单位及下级单位的人员中没有找到。"),  # 红星社区's
        ([" ", ""], "请填写测评人，每行一个（姓名或身份证号）。"),
    ],
)
def test_a_bad_list_is_refused_line_by_line_and_nothing_is_written(world, lines, said):
    before = _written()
    with pytest.raises(RefusedStep) as refused:
        raters.do_make_rater_list(unit=world.community_a, title="名单", lines=lines, acting_user=world.organiser)
    assert said in str(refused.value.message) and refused.value.status == 422
    assert _written() == before


def test_a_shared_name_asks_for_the_id_number(world):
    twin = Person.objects.create(
        name="王芳",
        id_number="51010419800101999X",
        gender="F",
        birth_date=world.person_a2.birth_date,
        unit=world.grid_a2,
        unit_path=world.grid_a2.path,
    )
    with pytest.raises(RefusedStep) as refused:
        raters.do_make_rater_list(unit=world.community_a, title="名单", lines=["王芳"], acting_user=world.organiser)
    assert "有 2 人同名，请改写这个人的身份证号" in str(refused.value.message)
    meeting = raters.do_make_rater_list(
        unit=world.community_a, title="名单", lines=[twin.id_number], acting_user=world.organiser
    )
    assert list(meeting.attendees.values_list("person", flat=True)) == [twin.pk]


def test_the_page_makes_the_list_and_hands_over_to_the_session_form(world, client_for):
    c = client_for(world.organiser)
    new = c.get(reverse("appraisals:new")).content.decode()
    assert reverse("appraisals:new_raters") in new
    page = c.post(
        reverse("appraisals:new_raters") + f"?unit={world.community_a.pk}",
        {"title": "测评人名单", "people": "王芳\n李强"},
    )
    meeting = Meeting.objects.get(body__kind=Body.Kind.APPRAISAL_RATERS)
    assert page.status_code == 302 and page["Location"].endswith(f"meeting={meeting.pk}")
    form = c.get(page["Location"]).content.decode()
    assert f'<option value="{meeting.pk}" selected>' in form and "名单已建立，共 2 人" in form


def test_the_page_says_what_is_wrong_and_keeps_what_was_typed(world, client_for):
    page = client_for(world.organiser).post(
        reverse("appraisals:new_raters"), {"title": "测评人名单", "people": "王芳\n赵六"}
    )
    text = page.content.decode()
    assert page.status_code == 422 and "第 2 行“赵六”" in text and "王芳\n赵六" in text
    assert not Body.objects.filter(kind=Body.Kind.APPRAISAL_RATERS).exists()


def test_who_may_not_organise_cannot_make_a_list(world, client_for):
    url = reverse("appraisals:new_raters")
    assert client_for(world.member).get(url).status_code == 403
    assert client_for(world.member).post(url, {"title": "x", "people": "王芳"}).status_code == 403
    assert not Body.objects.filter(kind=Body.Kind.APPRAISAL_RATERS).exists()


def test_a_list_made_from_the_two_way_form_goes_back_to_it_with_its_meeting(world, client_for):
    from web.appraisals import two_way_testing

    two_way_testing.setting(world, open_meetings=False)  # the street's offices and villages
    c = client_for(world.street_staff)
    page = c.post(
        reverse("appraisals:new_raters") + f"?unit={world.street.pk}&then=two_way",
        {"title": "各社区书记", "people": "王芳\n张伟"},
    )
    meeting = Meeting.objects.get(body__kind=Body.Kind.APPRAISAL_RATERS)
    assert page["Location"] == reverse("appraisals:two_way_new") + f"?unit={world.street.pk}&meeting={meeting.pk}"
    form = c.get(page["Location"]).content.decode()
    assert f'<option value="{meeting.pk}" selected>' in form
