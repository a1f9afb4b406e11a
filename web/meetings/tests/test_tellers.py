"""Two tellers are two appointed persons: who may enter, as whom, and on a shared device."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction

from web.audit.models import AuditEntry
from web.meetings import actions, paper, proxies
from web.meetings.batches import do_issue_code_batch
from web.meetings.errors import MeetingError
from web.meetings.models import BallotIssue, Officer, PaperEntry
from web.meetings.testing import appoint_teller, as_teller, make_meeting, open_motion_with_paper
from web.org.models import Role

RULES = {"passes": "yes > 1/2 of present"}


@pytest.fixture
def poll(world):
    return open_motion_with_paper(world, voters=5, paper=3, rules=RULES)


def _url(poll):
    return f"/staff/polls/{poll.pk}/paper"


def _officer(poll, user):
    return Officer.objects.get(meeting=poll.meeting, person=user.person)


def _enter(client, poll, user, votes, *, password=""):
    """One teller's whole entry through the page, every step confirmed with ``password``."""
    who = {"teller": _officer(poll, user).pk, "password": password}
    responses = [client.post(_url(poll), {"step": "start", **who})]
    responses += [client.post(_url(poll), {"step": "add", "vote": v, **who}) for v in votes]
    responses.append(client.post(_url(poll), {"step": "submit", **who}))
    return responses


# ---- who is admitted ------------------------------------------------------------------------


def test_a_teller_role_in_the_unit_without_appointment_is_not_admitted(world, client_for, poll):
    from django.contrib.auth import get_user_model

    holder = get_user_model().objects.create_user(username="role-only", password="x" * 12)
    Role.objects.create(user=holder, unit=world.community_a, kind=Role.Kind.TELLER)
    assert client_for(holder).get(_url(poll)).status_code == 404
    assert client_for(holder).post(_url(poll), {"step": "start"}).status_code == 404
    assert not PaperEntry.objects.exists()


def test_a_teller_of_another_meeting_is_not_admitted(world, client_for, poll):
    other = make_meeting(world, voters=1, probationary=0)
    elsewhere = appoint_teller(world, other, "elsewhere")
    assert client_for(elsewhere).get(_url(poll)).status_code == 404


def test_an_appointed_teller_reads_the_meeting_and_its_poll_and_changes_nothing(world, client_for, poll):
    """The paper-entry page links to the poll, the poll to its meeting: a teller who sits on no
    body of the unit reads both (they answered 404), and is refused any change with 403."""
    c = client_for(appoint_teller(world, poll.meeting, "t1"))
    assert c.get(f"/staff/polls/{poll.pk}/").status_code == 200
    page = c.get(f"/staff/meetings/{poll.meeting.pk}/")
    assert page.status_code == 200
    assert f"/staff/bodies/{world.body_a.pk}/meetings/" not in page.content.decode()  # not the body's other meetings
    assert c.post(f"/staff/polls/{poll.pk}/close/").status_code == 403
    assert c.post(f"/staff/meetings/{poll.meeting.pk}/close/").status_code == 403
    other = make_meeting(world, voters=1, probationary=0)
    assert c.get(f"/staff/meetings/{other.pk}/").status_code == 404  # not their meeting


def test_the_appointed_tellers_enter_on_their_own_accounts(world, client_for, poll):
    t1, t2 = appoint_teller(world, poll.meeting, "t1"), appoint_teller(world, poll.meeting, "t2")
    for user in (t1, t2):
        assert all(r.status_code == 302 for r in _enter(client_for(user), poll, user, ["yes", "no", "yes"]))
    poll.refresh_from_db()
    assert poll.paper_accepted
    accepted = AuditEntry.objects.get(action="paper.accept")
    assert accepted.changes["tellers"] == [None, ["t1", "t2"]]
    assert AuditEntry.objects.filter(action="paper.submit").count() == 2
    assert "device_user" not in AuditEntry.objects.filter(action="paper.submit").first().changes


# ---- a manager alone cannot make both entries -------------------------------------------------


def test_a_manager_alone_cannot_make_an_entry_of_their_own(world, client_for, poll):
    appoint_teller(world, poll.meeting, "t1")
    c = client_for(world.organiser)
    assert c.get(_url(poll)).status_code == 200  # the shared device's page
    refused = c.post(_url(poll), {"step": "start"})  # no teller chosen: the manager is none
    assert refused.status_code == 403 and "请选择本次会议推选的一名计票人" in refused.content.decode()
    assert not PaperEntry.objects.exists()


@pytest.mark.parametrize("password", ["", "wrong-password", "organiser-knows-nothing"])
def test_a_manager_cannot_enter_for_a_teller_without_that_tellers_password(world, client_for, poll, password):
    t1 = appoint_teller(world, poll.meeting, "t1")
    before = AuditEntry.objects.count()
    responses = _enter(client_for(world.organiser), poll, t1, ["yes"], password=password)
    assert {r.status_code for r in responses} == {403}
    assert "的密码不正确" in responses[0].content.decode()
    assert not PaperEntry.objects.exists() and AuditEntry.objects.count() == before


def test_on_a_shared_device_each_teller_confirms_each_step_and_the_audit_names_both(world, client_for, poll):
    t1 = appoint_teller(world, poll.meeting, "t1", password="first-teller-2026")
    t2 = appoint_teller(world, poll.meeting, "t2", password="second-teller-2026")
    device = client_for(world.organiser)
    page = device.get(_url(poll) + f"?teller={_officer(poll, t1).pk}").content.decode()
    assert 'name="password"' in page and "本人输入密码确认" in page
    assert all(
        r.status_code == 302 for r in _enter(device, poll, t1, ["yes", "yes", "no"], password="first-teller-2026")
    )
    # the second teller's password does not open the first teller's entry, nor the other way round
    wrong = device.post(
        _url(poll), {"step": "withdraw", "teller": _officer(poll, t1).pk, "password": "second-teller-2026"}
    )
    assert wrong.status_code == 403
    assert all(
        r.status_code == 302 for r in _enter(device, poll, t2, ["yes", "yes", "no"], password="second-teller-2026")
    )
    poll.refresh_from_db()
    assert poll.paper_accepted
    for entry in AuditEntry.objects.filter(action__in=["paper.start", "paper.submit"]):
        assert entry.actor_id == world.organiser.pk
        assert entry.changes["device_user"] == [None, "organiser"]
        assert entry.changes["teller"][1] in ("t1", "t2")
    assert AuditEntry.objects.get(action="paper.accept").changes["tellers"] == [None, ["t1", "t2"]]


# ---- one person cannot be both tellers --------------------------------------------------------


def test_one_teller_cannot_make_the_second_entry(world, client_for, poll):
    t1 = appoint_teller(world, poll.meeting, "t1", password="first-teller-2026")
    t2 = appoint_teller(world, poll.meeting, "t2")
    c1 = client_for(t1)
    _enter(c1, poll, t1, ["yes"])
    # starting again is the same entry, not the second one
    assert c1.post(_url(poll), {"step": "start"}).status_code == 302
    assert PaperEntry.objects.count() == 1
    # acting for the other teller with one's own password is refused
    refused = _enter(c1, poll, t2, ["yes"], password="first-teller-2026")
    assert {r.status_code for r in refused} == {403}
    assert PaperEntry.objects.count() == 1
    poll.refresh_from_db()
    assert not poll.paper_accepted


def test_the_database_holds_one_entry_per_appointed_teller(world, poll):
    t1 = appoint_teller(world, poll.meeting, "t1")
    paper.do_start_entry(poll=poll, teller=as_teller(poll, t1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperEntry.objects.create(poll=poll, slot=2, teller=_officer(poll, t1))


def test_one_person_cannot_be_appointed_twice(world, poll):
    t1 = appoint_teller(world, poll.meeting, "t1")
    with pytest.raises(MeetingError, match="已担任"):
        actions.do_appoint_officer(
            meeting=poll.meeting, person=t1.person, role=Officer.Role.TELLER, acting_user=world.organiser
        )


def test_a_teller_without_an_active_account_cannot_be_chosen(world, client_for, poll):
    t1 = appoint_teller(world, poll.meeting, "t1", password="first-teller-2026")
    t1.is_active = False
    t1.save(update_fields=["is_active"])
    c = client_for(world.organiser)
    assert f"?teller={_officer(poll, t1).pk}" not in c.get(_url(poll)).content.decode()
    refused = _enter(c, poll, t1, ["yes"], password="first-teller-2026")
    assert refused[0].status_code == 403 and not PaperEntry.objects.exists()


# ---- a failed confirmation counts toward the teller's lockout -----------------------------------


def test_wrong_confirmations_lock_the_tellers_account(world, client, client_for, poll):
    t1 = appoint_teller(world, poll.meeting, "t1", password="first-teller-2026")
    device = client_for(world.organiser)
    who = {"step": "start", "teller": _officer(poll, t1).pk}
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        assert device.post(_url(poll), {**who, "password": "guess"}).status_code == 403
    locked = device.post(_url(poll), {**who, "password": "first-teller-2026"})
    assert locked.status_code == 403 and "暂时锁定" in locked.content.decode()
    assert not PaperEntry.objects.exists()
    # the lockout is the account's: signing in with the right password is refused too
    signin = client.post("/accounts/login/", {"username": "t1", "password": "first-teller-2026"})
    assert signin.status_code == 200 and "尝试次数过多" in signin.content.decode()


# ---- a paper ballot after the tellers' totals were accepted -------------------------------------


def _accept(world, poll):
    for name in ("t1", "t2"):
        user = appoint_teller(world, poll.meeting, name)
        entry = paper.do_start_entry(poll=poll, teller=as_teller(poll, user))
        for _ in range(3):
            paper.do_add_ballot(entry=entry, content={"vote": "yes"}, teller=as_teller(poll, user))
        paper.do_submit_entry(entry=entry, teller=as_teller(poll, user))
    poll.refresh_from_db()
    assert poll.paper_accepted


def test_a_paper_ballot_issued_after_acceptance_is_refused_with_a_sentence(world, client_for, poll):
    _accept(world, poll)
    late = poll.meeting.attendees.order_by("id")[3]
    with pytest.raises(MeetingError, match="不能再发纸质选票"):
        actions.do_issue_paper(poll=poll, attendee=late)
    with pytest.raises(MeetingError, match="不能再发纸质选票"):
        proxies.do_issue_ballots(poll=poll, attendee=late, channel=BallotIssue.Channel.PAPER)
    assert BallotIssue.objects.filter(poll=poll).count() == 3
    # a phone ballot is still possible for whoever has not voted (a slip from a printed batch)
    do_issue_code_batch(poll=poll, size=5, acting_user=world.organiser)
    proxies.do_issue_ballots(poll=poll, attendee=late, channel=BallotIssue.Channel.PHONE)


def test_nothing_is_entered_after_acceptance(world, poll):
    _accept(world, poll)
    third = appoint_teller(world, poll.meeting, "t3")
    with pytest.raises(MeetingError, match="尚未确认纸质选票"):
        paper.do_start_entry(poll=poll, teller=as_teller(poll, third))
    first = PaperEntry.objects.get(slot=1)
    with pytest.raises(MeetingError, match="不能再修改"):
        paper.do_withdraw_entry(entry=first, teller=as_teller(poll, first.teller.person.user))


def test_on_someone_elses_device_an_entry_stays_hidden(world, client_for, poll):
    t1 = appoint_teller(world, poll.meeting, "t1", password="first-teller-2026")
    t2 = appoint_teller(world, poll.meeting, "t2")
    _enter(client_for(t1), poll, t1, ["no", "abstain"])
    client_for(t1).post(_url(poll), {"step": "withdraw"})
    own = client_for(t1).get(_url(poll)).content.decode()
    assert "我已录入的选票" in own and "<li>弃权</li>" in own
    for viewer in (world.organiser, t2):  # the device's user, and the other teller
        page = client_for(viewer).get(_url(poll) + f"?teller={_officer(poll, t1).pk}").content.decode()
        assert "我已录入的选票" not in page and "<li>弃权</li>" not in page
        assert "第 3 张" in page and "不显示这名计票人已录入的内容" in page


def test_withdrawing_an_entry_is_audited_naming_the_teller(world, client_for, poll):
    t1 = appoint_teller(world, poll.meeting, "t1")
    appoint_teller(world, poll.meeting, "t2")
    client = client_for(t1)
    assert all(r.status_code == 302 for r in _enter(client, poll, t1, ["yes", "no", "yes"]))
    assert client.post(_url(poll), {"step": "withdraw", "teller": _officer(poll, t1).pk}).status_code == 302
    withdrawn = AuditEntry.objects.get(action="paper.withdraw")
    assert withdrawn.actor == t1 and withdrawn.object_id == str(poll.pk)
    assert not poll.paper_entries.get().submitted


# ---- the step's fields (TellerStepForm) -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ({"step": "explode"}, "未知的操作。"),
        ({}, "未知的操作。"),
        ({"step": "start", "mode": "sideways"}, "未知的录入方式。"),
        ({"step": "start", "teller": "1" * 5000}, "请选择本次会议推选的一名计票人。"),
    ],
)
def test_a_step_the_page_does_not_offer_is_refused_with_a_sentence(world, client_for, poll, data, sentence):
    teller = appoint_teller(world, poll.meeting, "t1")
    before = AuditEntry.objects.count()
    response = client_for(teller).post(_url(poll), data)
    assert response.status_code == 422 and response.context["error"] == sentence
    assert not PaperEntry.objects.exists() and AuditEntry.objects.count() == before


def test_a_step_is_taken_for_the_teller_chosen_on_a_shared_device(world, client_for, poll):
    teller, desk = appoint_teller(world, poll.meeting, "t1"), world.organiser
    teller.set_password("teller-pass-1")
    teller.save()
    who = {"teller": _officer(poll, teller).pk}
    refused = client_for(desk).post(_url(poll), {"step": "start", **who, "password": "wrong"})
    assert refused.status_code == 403 and not PaperEntry.objects.exists()
    assert refused.context["chosen"] == _officer(poll, teller)  # the page stays on the teller chosen
    taken = client_for(desk).post(_url(poll), {"step": "start", "mode": "ballots", **who, "password": "teller-pass-1"})
    assert taken.status_code == 302 and taken["Location"].endswith(f"?teller={who['teller']}")
    assert PaperEntry.objects.get().teller == _officer(poll, teller)
