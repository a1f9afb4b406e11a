"""Choosing a meeting's quorum: the statutory presets of its kind of body with their bases and
the numbers they mean for it, and the advanced rule with its preview (HTMX, or a button)."""

from __future__ import annotations

import datetime as dt

import pytest

from jiceng.presets import PRESETS
from web.common.presetfield import without_advanced
from web.meetings import actions
from web.meetings.forms import MeetingForm
from web.meetings.models import Meeting
from web.meetings.queries import PARTY_BODIES
from web.org.models import Body, BodySeat, PartyMembership, Person

FIELDS = {"title": "村民代表会议", "starts_at": "2026-12-01T09:00", "place": "村委会"}


def _body(world, kind, size):
    unit = world.community_a
    body = Body.objects.create(name=f"{kind} 机构", kind=kind, unit=unit)
    people = Person.objects.bulk_create(
        Person(
            name=f"代表{n}",
            id_number=f"1101011980{n:08d}",
            gender="F",
            birth_date=dt.date(1980, 1, 1),
            unit=unit,
            unit_path=unit.path,
        )
        for n in range(size)
    )
    BodySeat.objects.bulk_create(BodySeat(body=body, person=p) for p in people)
    if body.kind in PARTY_BODIES:  # only full members are expected
        PartyMembership.objects.bulk_create(
            PartyMembership(person=p, org=world.branch_a, status="full") for p in people
        )
    return body


def _url(body):
    return f"/staff/bodies/{body.pk}/meetings/"


#: a list of raters named for one appraisal (web.appraisals.raters): no statute sets its quorum
NO_STATUTE = {Body.Kind.APPRAISAL_RATERS}


@pytest.mark.parametrize("kind", sorted(set(Body.Kind.values) - NO_STATUTE))
def test_every_kind_of_body_has_a_statutory_quorum_chosen_first(world, kind):
    body = Body.objects.create(name="x", kind=kind, unit=world.community_a)
    form = MeetingForm(body=body)
    field = form.fields["quorum_rule"]
    assert field.initial and field.presets and field.presets[0].rule == field.initial
    assert all(kind in p.bodies for p in field.presets)


def test_a_list_of_raters_takes_the_fallback_and_is_offered_every_quorum(world):
    """No statute names it: the meeting made with the list takes 4/5 of expected, and the
    meeting form preselects nothing, offering every quorum sentence with its own basis."""
    from jiceng.presets import presets_for

    body = Body.objects.create(name="测评人名单", kind=Body.Kind.APPRAISAL_RATERS, unit=world.community_a)
    field = MeetingForm(body=body).fields["quorum_rule"]
    assert not field.initial
    offered = {p.key for p in field.presets}
    assert (
        {"party_quorum", "villager_reps_quorum", "committee_quorum"}
        <= offered
        <= {p.key for p in presets_for("quorum")}
    )
    made = actions.do_create_meeting(body=body, title="t", starts_at="2026-12-01T09:00", acting_user=world.organiser)
    assert made.quorum_rule == "present >= 4/5 of expected"


def test_a_representatives_meeting_defaults_to_two_thirds_and_a_members_meeting_to_four_fifths(world):
    reps = _body(world, "villager_reps", 3)
    assert MeetingForm(body=reps).fields["quorum_rule"].initial == "present >= 2/3 of expected"
    assert MeetingForm(body=world.body_a).fields["quorum_rule"].initial == "present >= 4/5 of expected"
    made = actions.do_create_meeting(body=reps, title="t", starts_at="2026-12-01T09:00", acting_user=world.organiser)
    assert made.quorum_rule == "present >= 2/3 of expected"


def test_the_form_lists_each_sentence_with_its_basis_and_numbers_for_this_body(world, client_for):
    body = _body(world, "villager_reps", 250)
    page = client_for(world.organiser).get(_url(body)).content.decode()
    assert "实到人数不少于应到人数的三分之二" in page
    assert "依据：《中华人民共和国村民委员会组织法》" in page
    assert "应到 250 人，至少 167 人出席" in page
    assert 'value="villager_reps_quorum" checked' in page
    assert "present &gt;" not in without_advanced(page) and "of expected" not in without_advanced(page)


@pytest.mark.parametrize(
    ("size", "numbers"), [(250, "应到 250 人，至少 200 人出席"), (251, "应到 251 人，至少 201 人出席")]
)
def test_the_numbers_of_four_fifths_round_up(world, client_for, size, numbers):
    body = _body(world, "congress", size)
    page = client_for(world.organiser).get(_url(body)).content.decode()
    assert numbers in page


def test_the_numbers_in_english(world, client_for):
    body = _body(world, "villager_reps", 30)
    c = client_for(world.organiser)
    c.cookies["django_language"] = "en"
    page = c.get(_url(body), headers={"accept-language": "en"}).content.decode()
    assert "those present: at least 2/3 of those expected" in page
    assert "those expected: 30; at least 20 must be present" in page
    assert "Organic Law of the Villagers&#x27; Committees" in page


def test_choosing_a_preset_stores_its_rule(world, client_for):
    response = client_for(world.organiser).post(
        _url(world.body_a), {**FIELDS, "quorum_rule": "party_quorum_strict", "quorum_rule_text": "ignored"}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.quorum_rule == PRESETS["party_quorum_strict"].rule


def test_a_preset_of_another_kind_of_body_is_refused(world, client_for):
    response = client_for(world.organiser).post(_url(world.body_a), {**FIELDS, "quorum_rule": "villager_reps_quorum"})
    assert "请从列出的规则中选择一条。" in response.content.decode() and not Meeting.objects.exists()


def test_staff_write_a_rule_of_their_own(world, client_for):
    response = client_for(world.organiser).post(
        _url(world.body_a), {**FIELDS, "quorum_rule": "advanced", "quorum_rule_text": "  5*present >= 3*expected "}
    )
    assert response.status_code == 302 and Meeting.objects.get().quorum_rule == "5*present >= 3*expected"


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("present >=", "这条规则无法读取：规则不完整。", "This rule cannot be read: the rule"),
        ("present >= 4/0 of expected", "分母不能为 0", "denominator cannot be 0"),
        ("everyone >= 4/5 of expected", "这条规则只能比较实到人数、应到人数，不能用“everyone”。", "may only compare"),
        ("", "请写出规则", "Write the rule"),
        ("{nonsense", "花括号里的内容格式不对", "braces"),
    ],
)
def test_a_rule_the_engine_cannot_read_is_refused_with_a_sentence(world, client_for, text, zh, en):
    c = client_for(world.organiser)
    data = {**FIELDS, "quorum_rule": "advanced", "quorum_rule_text": text}
    page = c.post(_url(world.body_a), data).content.decode()
    assert zh in page and 'value="村民代表会议"' in page and not Meeting.objects.exists()
    c.cookies["django_language"] = "en"
    assert en in c.post(_url(world.body_a), data, headers={"accept-language": "en"}).content.decode()


def test_the_preview_button_words_the_rule_without_creating_the_meeting(world, client_for):
    body = _body(world, "villager_reps", 10)
    data = {
        **FIELDS,
        "quorum_rule": "advanced",
        "quorum_rule_text": "present > 3/4 of expected",
        "preview": "quorum_rule",
    }
    response = client_for(world.organiser).post(_url(body), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "规则的意思：实到人数超过应到人数的四分之三" in page and "应到 10 人，至少 8 人出席" in page


def test_the_live_preview_is_a_partial(world, client_for):
    c = client_for(world.organiser)
    query = {"field": "q_text", "names": "present,expected", "expected": "250", "q_text": "present >= 4/5 of expected"}
    part = c.get("/staff/rules/preview", query, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in part and "实到人数不少于应到人数的五分之四" in part and "应到 250 人，至少 200 人出席" in part
    bad = c.get("/staff/rules/preview", {**query, "q_text": "present >="}).content.decode()
    assert "这条规则无法读取" in bad


def test_the_meeting_page_shows_the_basis_and_the_numbers(world, client_for):
    body = _body(world, "villager_reps", 251)
    meeting = actions.do_create_meeting(body=body, title="t", starts_at="2026-12-01T09:00", acting_user=world.organiser)
    page = client_for(world.organiser).get(meeting.get_absolute_url()).content.decode()
    assert "实到人数不少于应到人数的三分之二（依据：《中华人民共和国村民委员会组织法》）" in page
    assert "应到 251 人，至少 168 人出席" in page
