"""The two-way appraisal (双向评议): both sessions made and linked in one action, every refusal a
sentence with nothing written, the boundaries, each side run as any session, and the pages (the
form, the pair side by side, the board's page of the township and year) in both languages."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from jiceng.record import tally
from web.appraisals import actions, testing, two_way
from web.appraisals import two_way_testing as tw
from web.appraisals.models import Review, Session, Subject
from web.audit.models import AuditEntry
from web.audit.names import Action
from web.cases.models import Office
from web.common.errors import RefusedStep
from web.meetings.models import Poll
from web.org.models import Role, Unit

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, int]:
    return Session.objects.count(), Poll.objects.count(), AuditEntry.objects.count()


def _run(s: Session, world, forms_for) -> Session:
    """Open a side, hand a slip to each rater present, cast ``forms_for(keys)`` and count it."""
    actions.do_open_session(session=s, acting_user=world.street_staff)
    codes = testing.hand_out(s)
    keys = {c.name: c.key for c in s.poll.candidates.all()}
    testing.cast(s, codes, forms_for(keys))
    return actions.do_count_session(session=s, acting_user=world.street_staff)


def _offices_forms(keys):
    return [{"grades": {k: "好" for k in keys.values()}}, {"grades": {k: "较好" for k in keys.values()}}]


def _villages_forms(keys):
    poor = keys["红星社区"]
    return [{"grades": {k: ("不满意" if k == poor else "满意") for k in keys.values()}}] * 3


def test_one_action_makes_both_sessions_linked_with_their_raters_and_subjects(world):
    offices, villages, found = tw.create(world)
    assert two_way.pair_of(offices) == (offices, villages) == two_way.pair_of(villages)
    assert two_way.pair_in(world.street, 2025) == (offices, villages)
    assert offices.settings["two_way"] == {"side": "offices", "other": villages.pk}
    assert villages.settings["two_way"] == {"side": "villages", "other": offices.pk}
    assert (offices.raters, villages.raters) == (Session.Raters.REPRESENTATIVES, Session.Raters.BODY)
    assert offices.meeting == found.reps_meeting and villages.meeting == found.leaders_meeting
    assert {(s.kind, s.office_id) for s in Subject.objects.filter(session=offices)} == {
        (Subject.Kind.DEPARTMENT, o.pk) for o in found.offices
    }
    assert {(s.kind, s.unit_id) for s in Subject.objects.filter(session=villages)} == {
        (Subject.Kind.VILLAGE, world.community_a.pk),
        (Subject.Kind.VILLAGE, world.community_b.pk),
    }
    assert (offices.rater_count, villages.rater_count) == (2, 3)  # one a community; the three leaders
    entry = AuditEntry.objects.filter(action=Action.APPRAISAL_TWO_WAY).get()
    assert (entry.actor_id, entry.object_id) == (world.street_staff.pk, str(offices.pk))
    assert entry.changes["two_way"] == [None, {"offices": offices.pk, "villages": villages.pk}]
    assert AuditEntry.objects.filter(action=Action.APPRAISAL_CREATE).count() == 2


def _refused(world, found, **changes) -> str:
    before = _written()
    with pytest.raises(RefusedStep) as refused:
        two_way.do_create_two_way(
            township=world.street, given=tw.given(world, found, **changes), acting_user=world.street_staff
        )
    assert _written() == before
    return str(refused.value.code)


def test_refusals_are_sentences_and_write_nothing(world):
    found = tw.setting(world)
    other_street = Unit.objects.create(code="S2", name="督院街道", kind="street", parent=world.district, path="")
    from web.org.actions import place_unit

    place_unit(other_street)
    other_street.save(update_fields=["path", "depth"])
    elsewhere = Unit.objects.create(code="C9", name="外街社区", kind="community", parent=other_street, path="")
    place_unit(elsewhere)
    elsewhere.save(update_fields=["path", "depth"])
    community_office = Office.objects.create(code="O-C1", name="和平社区服务站", level=1, unit=world.community_a)
    assert _refused(world, found, villages=[world.community_a, elsewhere]) == "village_elsewhere"
    assert _refused(world, found, villages=[world.grid_a1]) == "village_elsewhere"
    assert _refused(world, found, offices=[found.offices[0], community_office]) == "office_elsewhere"
    assert _refused(world, found, offices=[]) == "no_offices"
    assert _refused(world, found, villages=[]) == "no_villages"
    assert _refused(world, found, villages_meeting=found.reps_meeting) == "same_meeting"
    assert _refused(world, found, mode="survey") == "bad_mode"
    assert _refused(world, found, offices_scale="individual") == "bad_scale"
    assert _refused(world, found, year=1999) == "bad_year"
    two_way.do_create_two_way(township=world.street, given=tw.given(world, found), acting_user=world.street_staff)
    assert _refused(world, found) == "pair_exists"
    # a community is no township, even for the one who manages it
    before = _written()
    with pytest.raises(RefusedStep) as not_township:
        two_way.do_create_two_way(township=world.community_a, given=tw.given(world, found), acting_user=world.organiser)
    assert not_township.value.code == "not_township" and _written() == before


def test_only_the_townships_managers_create_it_outsiders_404_readers_403(world):
    found = tw.setting(world)
    reader = get_user_model().objects.create_user(username="street_reader", password="x-street-reader")
    Role.objects.create(user=reader, unit=world.street, kind=Role.Kind.COMMITTEE_MEMBER)
    before = _written()
    for user, raised in ((world.outsider, Http404), (world.organiser, Http404), (reader, PermissionDenied)):
        with pytest.raises(raised):
            two_way.do_create_two_way(township=world.street, given=tw.given(world, found), acting_user=user)
    assert _written() == before


def test_the_community_staff_cannot_run_a_side_the_street_runs_it(world):
    offices, _villages, _found = tw.create(world)
    with pytest.raises(Http404):
        actions.do_open_session(session=offices, acting_user=world.organiser)
    actions.do_open_session(session=offices, acting_user=world.street_staff)


def test_each_side_runs_as_any_session_and_a_village_is_flagged(world):
    offices, villages, _found = tw.create(world)
    offices = _run(offices, world, _offices_forms)
    villages = _run(villages, world, _villages_forms)
    assert offices.state == villages.state == Session.State.COUNTED
    villages.poll.refresh_from_db()
    assert tally(villages.poll.record)["flagged"] == villages.poll.result["flagged"]
    assert {(r.subject.name, r.flag) for r in Review.objects.filter(session=villages)} == {
        ("红星社区", "satisfaction_below_60")
    }
    assert not Review.objects.filter(session=offices).exists()  # 好/较好/一般/差 raises no flag
    actions.do_publish_session(session=offices, acting_user=world.street_staff)  # one side alone


def _text(page) -> str:
    return page.content.decode().split("<main", 1)[1].split("</main>")[0]


def _no_raw(text: str) -> None:
    assert "{'" not in text and '{"' not in text and "settings" not in text and "two_way" not in text


def _client(client_for, user, lang: str):
    c = client_for(user)
    c.cookies["django_language"] = lang
    return c


def test_the_form_creates_the_pair_and_refuses_bad_input_with_a_sentence(world, client_for):
    found = tw.setting(world)
    c = _client(client_for, world.street_staff, "zh-hans")
    index = c.get(reverse("appraisals:index")).content.decode()
    assert reverse("appraisals:two_way_new") in index and "新建双向评议" in index
    assert reverse("appraisals:two_way_new") in c.get(reverse("org:home")).content.decode()  # from home
    assert (
        reverse("appraisals:two_way_new") not in client_for(world.organiser).get(reverse("org:home")).content.decode()
    )
    url = reverse("appraisals:two_way_new")
    form = c.get(url)
    assert form.status_code == 200 and "春熙街道民政科" in form.content.decode() and "红星社区" in form.content.decode()
    data = {
        "year": 2025,
        "mode": "phone",
        "offices_meeting": found.reps_meeting.pk,
        "offices": [o.pk for o in found.offices],
        "offices_scale": "group",
        "villages_meeting": found.leaders_meeting.pk,
        "villages": [world.community_a.pk, world.community_b.pk],
        "villages_scale": "satisfaction",
        "visibility": "public",
    }
    before = _written()
    foreign = c.post(url, {**data, "villages": [world.community_a.pk, world.grid_a1.pk]})
    assert foreign.status_code == 422 and "所选村（社区）不在本街道（乡镇）。" in foreign.content.decode()
    same = c.post(url, {**data, "villages_meeting": found.reps_meeting.pk})
    assert same.status_code == 422 and "请选择两个不同的会议" in same.content.decode()
    english = _client(client_for, world.street_staff, "en")
    refused_en = english.post(url, {**data, "villages_meeting": found.reps_meeting.pk}).content.decode()
    assert "two different meetings" in refused_en
    assert _written() == before
    made = c.post(url, data)
    assert made.status_code == 302
    offices, _villages = two_way.pair_in(world.street, 2025)
    assert made["Location"] == reverse("appraisals:two_way", args=[offices.pk])
    # the community's staff sees no path to it and may not open the form
    assert (
        reverse("appraisals:two_way_new")
        not in client_for(world.organiser).get(reverse("appraisals:index")).content.decode()
    )
    assert client_for(world.organiser).get(url).status_code == 403


def test_the_pair_page_and_the_board_show_both_sides_and_say_what_is_not_published(world, client_for):
    offices, villages, _found = tw.create(world)
    staff = reverse("appraisals:two_way", args=[villages.pk])
    board = reverse("appraisals_board:two_way", args=[world.street.pk, 2025])
    assert client_for(None).get(board).status_code == 404  # nothing published yet
    assert client_for(world.outsider).get(staff).status_code == 404
    zh = _text(client_for(world.street_staff).get(staff))
    assert "村（社区）评议春熙街道部门" in zh and "春熙街道评议村（社区）" in zh and "两个方向都尚未公布" in zh
    offices = _run(offices, world, _offices_forms)
    villages = _run(villages, world, _villages_forms)
    actions.do_publish_session(session=villages, acting_user=world.street_staff)
    page = _text(client_for(world.street_staff).get(staff))
    assert "一方已公布，另一方“村（社区）评议春熙街道部门”尚未公布" in page and "满意率" in page
    _no_raw(page)
    public = client_for(None).get(board)
    assert public.status_code == 200
    text = _text(public)
    assert "“村（社区）评议春熙街道部门”尚未公布" in text and "这一方向的结果尚未公布" in text
    assert "红星社区" in text and "取消书记、主任下一年度评先评优资格" in text
    assert reverse("appraisals_board:record", args=[offices.pk]) not in text
    _no_raw(text)
    actions.do_publish_session(session=offices, acting_user=world.street_staff)
    for lang, words in (("zh-hans", ("较好以上", "满意率")), ("en", ("fairly good or better", "satisfaction rate"))):
        text = _text(_client(client_for, None, lang).get(board))
        assert all(w in text for w in words) and "尚未公布" not in text and "not yet published" not in text
        _no_raw(text)
        staff_text = _text(_client(client_for, world.street_staff, lang).get(staff))
        assert all(w in staff_text for w in words)
        _no_raw(staff_text)
    english = _text(_client(client_for, None, "en").get(board))
    assert "two-way appraisal" in english.lower()
    for s in (offices, villages):
        record = json.loads(client_for(None).get(reverse("appraisals_board:record", args=[s.pk])).content)
        result = json.loads(client_for(None).get(reverse("appraisals_board:result", args=[s.pk])).content)
        recount = tally(record)
        assert recount["subjects"] == result["subjects"] and recount["record_sha256"] == result["record_sha256"]
    # each side's own page links to the pair
    assert board in client_for(None).get(reverse("appraisals_board:session", args=[offices.pk])).content.decode()
    assert (
        staff.replace(str(villages.pk), str(offices.pk))
        in client_for(world.street_staff).get(reverse("appraisals:session", args=[offices.pk])).content.decode()
    )


def test_a_village_cadre_sees_the_open_form_on_their_home(world, client_for):
    offices, _villages, found = tw.create(world)
    actions.do_open_session(session=offices, acting_user=world.street_staff)
    home = client_for(found.cadre).get(reverse("org:home")).content.decode()
    assert offices.title in home and reverse("vote:enter") in home


def test_a_session_of_no_pair_has_no_pair_page(world, client_for):
    s = testing.meeting_session(world, names=["钱主任"])
    assert client_for(world.organiser).get(reverse("appraisals:two_way", args=[s.pk])).status_code == 404
