"""A poll's own rule (who is elected, what carries a motion): chosen from the statutory presets
of the meeting's kind of body, with their bases and the votes they mean for this meeting; staff
may write a rule of their own, previewed in words; a bad one is refused in a sentence."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jiceng.presets import PRESETS
from web.common.presetfield import without_advanced
from web.meetings import actions
from web.meetings.forms import PollForm
from web.meetings.models import Poll
from web.meetings.testing import JOINT_QUORUM, add_members, joint_meeting, make_meeting
from web.org.models import Body, BodySeat

ELECTION = {"title": "选举", "kind": "election", "seats": "1", "candidates": "张三\n李四"}
MOTION = {"title": "修路方案", "kind": "motion"}


@pytest.fixture
def meeting(world):
    return make_meeting(world, voters=5, probationary=1)  # a party members' meeting, 5 expected


def _post(client, meeting, data, **headers):
    return client.post(f"/staff/meetings/{meeting.pk}/polls/new", data, headers=headers)


def _other_body_meeting(world, kind, size):
    people = add_members(world, size, start=200)
    body = Body.objects.create(name=f"{kind} 机构", kind=kind, unit=world.community_a)
    BodySeat.objects.bulk_create(BodySeat(body=body, person=p) for p in people)
    return actions.do_create_meeting(body=body, title="会议", starts_at=timezone.now(), acting_user=world.organiser)


def test_the_form_offers_the_body_s_statutory_rules_first_with_basis_and_votes(world, client_for, meeting):
    page = client_for(world.organiser).get(meeting.get_absolute_url()).content.decode()
    assert 'value="party_elected" checked' in page and 'value="members_review_passes" checked' in page
    assert "赞成票超过应到人数的二分之一" in page and "依据：《中国共产党基层组织选举工作条例》" in page
    assert "应到 5 人，至少 3 票赞成" in page
    assert "依据：“四议两公开”工作法" in page
    shown = without_advanced(page.split('id="roster"')[0])
    assert " of expected" not in shown and "yes &gt;" not in shown and "for &gt;" not in shown


def test_the_numbers_in_english(world, client_for, meeting):
    c = client_for(world.organiser)
    c.cookies["django_language"] = "en"
    page = c.get(meeting.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert "votes for: more than 1/2 of those expected" in page
    assert "those expected: 5; at least 3 votes for" in page
    assert "Basis: the Regulations on the Election Work" in page


def test_votes_on_those_present_show_once_check_in_has_begun(world, client_for, meeting):
    page = client_for(world.organiser).get(meeting.get_absolute_url()).content.decode()
    assert "preset-numbers" not in page.split('value="villagers_passes"')[1].split("</label>")[0]
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    for a in meeting.attendees.filter(kind="voter")[:4]:
        actions.do_check_in(attendee=a, method="search", acting_user=world.organiser)
    page = client_for(world.organiser).get(meeting.get_absolute_url()).content.decode()
    assert "实到 4 人，至少 3 票赞成" in page


@pytest.mark.parametrize(
    ("kind", "size", "elected", "passes"),
    [
        ("villagers_meeting", 4, "village_elected", "villagers_passes"),
        ("villager_reps", 4, "party_elected", "villagers_passes"),
        ("resident_reps", 4, "party_elected", "resident_reps_passes"),
    ],
)
def test_each_kind_of_body_has_its_own_rule_chosen_first(world, kind, size, elected, passes):
    form = PollForm(meeting=_other_body_meeting(world, kind, size))
    for name, key in (("rule_elected", elected), ("rule_passes", passes)):
        fld = form.fields[name]
        assert fld.initial == PRESETS[key].rule
        assert len({str(p.rule) for p in fld.presets}) == len(fld.presets)  # each rule once


def test_a_joint_meeting_s_motion_carries_by_the_joint_meeting_s_rule(world, client_for):
    joint = joint_meeting(world)
    assert PollForm(meeting=joint).fields["rule_passes"].presets[0].key == "joint_passes"
    response = _post(client_for(world.organiser), joint, {**MOTION, "rule_passes": "joint_passes"})
    assert response.status_code == 302  # the joint quorum, stored as JSON text, is the engine's rule again
    assert Poll.objects.get().rules == {"quorum": JOINT_QUORUM, "passes": "yes > 1/2 of present"}


@pytest.mark.parametrize(
    ("data", "stored"),
    [
        ({**ELECTION, "rule_elected": "party_elected_present"}, {"elected": "for > 1/2 of present"}),
        ({**ELECTION, "rule_elected": "village_supplementary_elected"}, {"elected": "for >= 1/3 of voted"}),
        ({**MOTION, "rule_passes": "members_review_passes_strict"}, {"passes": "yes > 1/2 of expected"}),
        ({**MOTION, "rule_passes": "villagers_passes"}, {"passes": "yes > 1/2 of present"}),
        (
            {**MOTION, "rule_passes": "advanced", "rule_passes_text": " 3*yes  >= 2*present "},
            {"passes": "3*yes >= 2*present"},
        ),
        # the other kind's rule, even a bad one, is not this poll's
        ({**MOTION, "rule_elected": "advanced", "rule_elected_text": "nonsense"}, {"passes": "yes >= 1/2 of expected"}),
    ],
)
def test_choosing_a_rule_stores_it(world, client_for, meeting, data, stored):
    response = _post(client_for(world.organiser), meeting, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Poll.objects.get().rules == {"quorum": meeting.quorum_rule, **stored}


def test_a_rule_of_the_other_kind_of_poll_is_refused(world, client_for, meeting):
    response = _post(client_for(world.organiser), meeting, {**MOTION, "rule_passes": "party_elected"})
    assert response.status_code == 422 and "请从列出的规则中选择一条。" in response.content.decode()
    assert not Poll.objects.exists()


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("yes >", "这条规则无法读取：规则不完整。", "This rule cannot be read"),
        ("yes > 1/0 of present", "分母不能为 0", "denominator cannot be 0"),
        (
            "for > 1/2 of present",
            "这条规则只能比较赞成票、应到人数、实到人数、投票人数，不能用“for”。",
            "may only compare",
        ),
        ("", "请写出规则", "Write the rule"),
        ("{oops", "花括号里的内容格式不对", "braces"),
    ],
)
def test_a_bad_rule_of_one_s_own_is_refused_in_a_sentence_never_a_500(world, client_for, meeting, text, zh, en):
    c = client_for(world.organiser)
    data = {**MOTION, "rule_passes": "advanced", "rule_passes_text": text}
    response = _post(c, meeting, data)
    page = response.content.decode()
    assert response.status_code == 422 and zh in page and 'value="修路方案"' in page
    assert '<details class="card" open>' in page  # the form stays open with what was typed
    c.cookies["django_language"] = "en"
    response = _post(c, meeting, data, **{"accept-language": "en"})
    assert response.status_code == 422 and en in response.content.decode()
    assert not Poll.objects.exists()


def test_the_preview_button_words_the_rule_without_creating_the_poll(world, client_for, meeting):
    data = {**MOTION, "rule_passes": "advanced", "rule_passes_text": "yes >= 3/5 of expected", "preview": "rule_passes"}
    response = _post(client_for(world.organiser), meeting, data)
    page = response.content.decode()
    assert response.status_code == 200 and not Poll.objects.exists()
    assert "规则的意思：赞成票不少于应到人数的五分之三" in page and "应到 5 人，至少 3 票赞成" in page


def test_a_stored_rule_that_is_a_preset_shows_as_that_preset(world, meeting):
    form = PollForm(
        meeting=meeting, initial={"rule_elected": "2*for > expected", "rule_passes": "yes > 1/2 of present"}
    )
    html = str(form["rule_elected"]) + str(form["rule_passes"])
    assert 'value="party_elected" checked' in html and 'value="villagers_passes" checked' in html
    assert 'value="advanced" id="id_rule_elected-advanced" checked' not in html


def test_an_existing_poll_with_an_older_rule_still_counts(world, meeting):
    """Polls made before the presets keep their stored rules; the page words them."""
    poll = actions.do_create_poll(
        meeting=meeting,
        title="旧",
        kind="motion",
        rules={"passes": "yes > 1/2 of present"},
        acting_user=world.organiser,
    )
    assert poll.rules["passes"] == "yes > 1/2 of present"


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        ({"passes": "yes > 1/2 of present"}, "超过实到人数的二分之一（依据：《中华人民共和国村民委员会组织法》）"),
        ({"passes": "yes >= 1/2 of expected"}, "不少于应到人数的二分之一（依据：“四议两公开”工作法）"),
        ({"passes": "3*yes >= 2*present"}, "赞成票不少于实到人数的三分之二"),
    ],
)
def test_the_poll_page_words_its_rules_with_their_basis(world, client_for, meeting, rules, words):
    poll = actions.do_create_poll(
        meeting=meeting, title="表决", kind="motion", rules=rules, acting_user=world.organiser
    )
    page = client_for(world.organiser).get(poll.get_absolute_url()).content.decode()
    assert words in page and "实到人数不少于应到人数的五分之四（依据：《中国共产党基层组织选举工作条例》）" in page


def test_a_joint_meeting_s_quorum_on_the_poll_page_is_words(world, client_for):
    poll = actions.do_create_poll(
        meeting=joint_meeting(world), title="表决", kind="motion", rules={}, acting_user=world.organiser
    )
    page = client_for(world.organiser).get(poll.get_absolute_url()).content.decode()
    assert "党员实到人数超过党员应到人数的二分之一" in page and "members.present" not in page
