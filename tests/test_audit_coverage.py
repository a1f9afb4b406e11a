"""Every ``do_*`` action writes exactly its audit entries, with the right actor and object.

The actions are found in the code, not listed by hand: every module under ``web`` that defines
a ``do_*`` function is imported and its actions collected. Each needs a line in ``CASES``
saying how to call it in a small world and which entries it must write (action, actor,
object). An action found without a line fails the suite with a sentence naming it, so a new
action cannot land without this proof. An action that writes no entry by design says why in
its line, and the test then checks that it writes none.

The call goes through the action's module attribute, and a spy there checks that the line
really called the action it is filed under.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import web
from web.audit.models import AuditEntry
from web.audit.names import Action
from web.common import clock
from web.common.testing import tiny_pdf

# ----------------------------------------------------------------------------- discovery


def discover_actions() -> dict[str, Callable[..., Any]]:
    """``{"web.app.module.do_verb": function}`` for every ``do_*`` function defined under ``web``
    (outside tests and migrations). Only modules whose source defines one are imported."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(web.__path__, "web."):
        if {"tests", "migrations"} & set(info.name.split(".")):
            continue
        spec = importlib.util.find_spec(info.name)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            continue
        if "def do_" not in Path(spec.origin).read_text(encoding="utf-8"):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("do_") and inspect.isfunction(fn) and fn.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = fn
    return found


ACTIONS = discover_actions()


# ----------------------------------------------------------------------------- the table's shape


@dataclass
class Case:
    """How to call one action, and what it must write: ``expect(result)`` lists
    ``(action, actor, object)``; an empty list needs ``none_because``."""

    call: Callable[[], Any]
    expect: Callable[[Any], list[tuple[str, Any, Any]]]
    none_because: str = ""


@dataclass
class W:
    """The small world (``web.org.testing``) and what the lines build on it."""

    world: Any
    built: dict[str, Any] = field(default_factory=dict)

    @property
    def org(self) -> Any:
        return self.world.organiser


def writes_nothing(call: Callable[[], Any], because: str) -> Case:
    return Case(call=call, expect=lambda _r: [], none_because=because)


# ----------------------------------------------------------------------------- small worlds

MOTION = {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"}


def _meetings() -> Any:
    from web.meetings import actions

    return actions


def draft_meeting(w: W, voters: int = 3) -> Any:
    from web.meetings.testing import make_meeting

    return make_meeting(w.world, voters=voters, probationary=0)


def open_meeting(w: W, voters: int = 3) -> Any:
    """A meeting of community A's members, open, with every voter checked in."""
    m = draft_meeting(w, voters)
    _meetings().do_open_meeting(meeting=m, acting_user=w.org)
    for a in m.attendees.filter(kind="voter").order_by("id"):
        _meetings().do_check_in(attendee=a, method="search", acting_user=w.org)
    return m


def motion(w: W, meeting: Any, *, opened: bool = True) -> Any:
    poll = _meetings().do_create_poll(meeting=meeting, title="是否同意", kind="motion", rules=MOTION, acting_user=w.org)
    return _meetings().do_open_poll(poll=poll, acting_user=w.org) if opened else poll


def election_poll(w: W, meeting: Any, *, needs_approval: bool = False, opened: bool = True) -> Any:
    people = [a.person for a in meeting.attendees.filter(kind="voter").order_by("id")][:2]
    poll = _meetings().do_create_poll(
        meeting=meeting,
        title="选举",
        kind="election",
        seats=1,
        rules={"elected": "for > 1/2 of present"},
        candidates=[(p.name, p) for p in people],
        needs_approval=needs_approval,
        acting_user=w.org,
    )
    return _meetings().do_open_poll(poll=poll, acting_user=w.org) if opened else poll


def vote(w: W, poll: Any, marks: list[dict[str, str]]) -> None:
    """Each checked-in voter in turn takes a slip and casts the next ballot (``mark-…``/``vote``
    fields as the phone page posts them)."""
    from web.meetings import ballots

    voters = list(poll.meeting.attendees.filter(kind="voter", checked_in_at__isnull=False).order_by("id"))
    codes = _meetings().hand_out_codes(poll, voters[: len(marks)], acting_user=w.org)
    for code, data in zip(codes, marks, strict=False):
        _meetings().cast_ballot(poll_id=poll.pk, code=code, content=ballots.clean_content(poll, data))


def closed(w: W, poll: Any, marks: list[dict[str, str]]) -> Any:
    vote(w, poll, marks)
    return _meetings().do_close_poll(poll=poll, acting_user=w.org)


def teller(w: W, meeting: Any, poll: Any, name: str) -> Any:
    from web.meetings.testing import appoint_teller, as_teller

    return as_teller(poll, appoint_teller(w.world, meeting, name))


def paper_poll(w: W) -> Any:
    """An open motion whose three voters all took paper ballots."""
    from web.meetings.testing import open_motion_with_paper

    return open_motion_with_paper(w.world, voters=3, paper=3, rules=MOTION)


# ----------------------------------------------------------------------------- lines: org


def _org() -> Any:
    from web.org import actions

    return actions


def _person_fields(w: W, n: int) -> dict[str, Any]:
    from web.org.idnumbers import check_digit

    first17 = f"51010419900101{n:03d}"
    return {
        "name": f"新人{n}",
        "id_number": first17 + check_digit(first17),
        "gender": "M",
        "birth_date": dt.date(1990, 1, 1),
        "unit": w.world.grid_a2,
    }


def _new_user(name: str) -> Any:
    return get_user_model().objects.create_user(username=name, password=f"{name}-pw-2026")


def org_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.org.actions."

    def create_unit(w: W) -> Case:
        return Case(
            lambda: _org().do_create_unit(
                code="C1G9", name="第九网格", kind="grid", parent=w.world.community_a, acting_user=w.org
            ),
            lambda unit: [(Action.UNIT_CREATE, w.org, unit)],
        )

    def rename_unit(w: W) -> Case:
        return Case(
            lambda: _org().do_rename_unit(unit=w.world.grid_a1, name="第一网格（新）", acting_user=w.org),
            lambda unit: [(Action.UNIT_UPDATE, w.org, unit)],
        )

    def create_person(w: W) -> Case:
        return Case(
            lambda: _org().do_create_person(acting_user=w.org, **_person_fields(w, 1)),
            lambda p: [(Action.PERSON_CREATE, w.org, p)],
        )

    def update_person(w: W) -> Case:
        # a move between units is written under both: two entries
        return Case(
            lambda: _org().do_update_person(person=w.world.person_a2, unit=w.world.grid_a1, acting_user=w.org),
            lambda p: [(Action.PERSON_UPDATE, w.org, p), (Action.PERSON_UPDATE, w.org, p)],
        )

    def create_household(w: W) -> Case:
        return Case(
            lambda: _org().do_create_household(
                unit=w.world.grid_a1, number="C1-0009", address="和平路9号", acting_user=w.org
            ),
            lambda h: [(Action.HOUSEHOLD_CREATE, w.org, h)],
        )

    def set_membership(w: W) -> Case:
        return Case(
            lambda: _org().do_set_membership(
                person=w.world.person_a2, org=w.world.branch_a, status="full", acting_user=w.org
            ),
            lambda m: [(Action.MEMBERSHIP_SET, w.org, m)],
        )

    def seat_person(w: W) -> Case:
        return Case(
            lambda: _org().do_seat_person(body=w.world.body_a, person=w.world.person_a2, post="", acting_user=w.org),
            lambda seat: [(Action.BODY_SEAT, w.org, seat)],
        )

    def create_body(w: W) -> Case:
        return Case(
            lambda: _org().do_create_body(
                unit=w.world.community_a, name="测评人名单", kind="appraisal_raters", acting_user=w.org
            ),
            lambda body: [(Action.BODY_CREATE, w.org, body)],
        )

    def unseat_person(w: W) -> Case:
        seat = w.world.body_a.seats.get(person=w.world.person_a)
        pk = seat.pk  # gone after the call
        return Case(
            lambda: _org().do_unseat_person(seat=seat, acting_user=w.org, reason="迁出"),
            lambda _r: [(Action.BODY_UNSEAT, w.org, ("org.bodyseat", pk))],
        )

    def grant_role(w: W) -> Case:
        user = _new_user("granted")
        return Case(
            lambda: _org().do_grant_role(user=user, unit=w.world.grid_a1, kind="grid_worker", acting_user=w.org),
            lambda role: [(Action.ROLE_GRANT, w.org, role)],
        )

    def revoke_role(w: W) -> Case:
        role = w.world.observer.roles.get()
        pk = role.pk  # gone after the call
        return Case(
            lambda: _org().do_revoke_role(role=role, acting_user=w.org),
            lambda _r: [(Action.ROLE_REVOKE, w.org, ("org.role", pk))],
        )

    return {
        a + "do_create_unit": create_unit,
        a + "do_rename_unit": rename_unit,
        a + "do_create_person": create_person,
        a + "do_update_person": update_person,
        a + "do_create_household": create_household,
        a + "do_set_membership": set_membership,
        a + "do_seat_person": seat_person,
        a + "do_create_body": create_body,
        a + "do_unseat_person": unseat_person,
        a + "do_grant_role": grant_role,
        a + "do_revoke_role": revoke_role,
    }


# ----------------------------------------------------------------------------- lines: accounts, API, audit


def _accounts() -> Any:
    from web.accounts import actions

    return actions


def _org_accounts() -> Any:
    from web.org import accounts

    return accounts


def _api() -> Any:
    from web.api import actions

    return actions


def account_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.accounts.actions."

    def create_account(w: W) -> Case:
        return Case(
            lambda: _org_accounts().do_create_account(username="wangfang", person=w.world.person_a, acting_user=w.org),
            lambda made: [(Action.ACCOUNT_CREATE, w.org, made[0])],
        )

    def issue_setup_link(w: W) -> Case:
        user, _token = _org_accounts().do_create_account(username="lq", person=w.world.person_a2, acting_user=w.org)
        return Case(
            lambda: _org_accounts().do_issue_setup_link(user=user, acting_user=w.org),
            lambda _token: [(Action.ACCOUNT_SETUP_LINK, w.org, user)],
        )

    def use_setup_link(w: W) -> Case:
        user, token = _org_accounts().do_create_account(username="lq", person=w.world.person_a2, acting_user=w.org)
        return Case(
            lambda: _accounts().do_use_setup_link(token=token, password="a-long-new-password-2026"),
            lambda _u: [(Action.ACCOUNT_SET_PASSWORD, user, user)],
        )

    def change_password(w: W) -> Case:
        user = w.world.member
        return Case(
            lambda: _accounts().do_change_password(user=user, password="another-long-password-2026"),
            lambda _r: [(Action.ACCOUNT_SET_PASSWORD, user, user)],
        )

    b = "web.api.actions."

    def create_token(w: W) -> Case:
        return Case(
            lambda: _api().do_create_api_token(user=w.org, name="报表", acting_user=w.org),
            lambda made: [(Action.API_TOKEN_CREATE, w.org, made[0])],
        )

    def revoke_token(w: W) -> Case:
        token, _secret = _api().do_create_api_token(user=w.org, name="报表", acting_user=w.org)
        pk = token.pk  # gone after the call
        return Case(
            lambda: _api().do_revoke_api_token(token=token, acting_user=w.org),
            lambda _r: [(Action.API_TOKEN_REVOKE, w.org, (token._meta.label_lower, pk))],
        )

    def record_checkpoint(w: W) -> Case:
        from web.audit import checkpoints

        _org().do_rename_unit(unit=w.world.grid_a1, name="有一条记录", acting_user=w.org)
        return writes_nothing(
            lambda: checkpoints.do_record_checkpoint(reason="test", acting_user=w.org),
            "a checkpoint is a statement about the log: an entry for it would move the head past the checkpoint",
        )

    return {
        "web.org.accounts.do_create_account": create_account,
        "web.org.accounts.do_issue_setup_link": issue_setup_link,
        a + "do_use_setup_link": use_setup_link,
        a + "do_change_password": change_password,
        b + "do_create_api_token": create_token,
        b + "do_revoke_api_token": revoke_token,
        "web.audit.checkpoints.do_record_checkpoint": record_checkpoint,
    }


def notify_cases() -> dict[str, Callable[[W], Case]]:
    n = "web.notify.actions."

    def _notify() -> Any:
        from web.notify import actions

        return actions

    def set_preferences(w: W) -> Case:
        user = w.world.member
        return Case(
            lambda: _notify().do_set_preferences(
                user=user,
                channels={"commitment.overdue": ["email"]},
                quiet_hours=True,
                quiet_start=dt.time(21, 0),
                quiet_end=dt.time(8, 0),
                sms_per_hour=2,
                language="en",
                acting_user=user,
            ),
            lambda prefs: [(Action.NOTIFY_PREFERENCES, user, prefs)],
        )

    def mark_read(w: W) -> Case:
        return writes_nothing(
            lambda: _notify().do_mark_read(user=w.world.member),
            "read marks are a person's own and change nothing anyone else sees; an entry per click would bury the log",
        )

    return {n + "do_set_preferences": set_preferences, n + "do_mark_read": mark_read}


# ----------------------------------------------------------------------------- lines: meetings


def meeting_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.meetings.actions."
    m = _meetings

    def create_meeting(w: W) -> Case:
        return Case(
            lambda: m().do_create_meeting(
                body=w.world.body_a, title="党员大会", starts_at=timezone.now(), acting_user=w.org
            ),
            lambda meeting: [(Action.MEETING_CREATE, w.org, meeting)],
        )

    def exclude_attendee(w: W) -> Case:
        meeting = draft_meeting(w)
        attendee = meeting.attendees.filter(kind="voter").first()
        return Case(
            lambda: m().do_exclude_attendee(
                attendee=attendee, reason="长期外出", approval="街道党工委同意", acting_user=w.org
            ),
            lambda _r: [(Action.MEETING_EXCLUDE, w.org, meeting)],
        )

    def add_observer(w: W) -> Case:
        meeting = draft_meeting(w)
        return Case(
            lambda: m().do_add_observer(meeting=meeting, person=w.world.person_a2, acting_user=w.org),
            lambda _r: [(Action.MEETING_OBSERVER, w.org, meeting)],
        )

    def open_(w: W) -> Case:
        meeting = draft_meeting(w)
        return Case(
            lambda: m().do_open_meeting(meeting=meeting, acting_user=w.org),
            lambda _r: [(Action.MEETING_OPEN, w.org, meeting)],
        )

    def check_in(w: W) -> Case:
        meeting = draft_meeting(w)
        m().do_open_meeting(meeting=meeting, acting_user=w.org)
        attendee = meeting.attendees.filter(kind="voter").first()
        return Case(
            lambda: m().do_check_in(attendee=attendee, method="search", acting_user=w.org),
            lambda _r: [(Action.MEETING_CHECK_IN, w.org, meeting)],
        )

    def close_meeting(w: W) -> Case:
        meeting = open_meeting(w)
        return Case(
            lambda: m().do_close_meeting(meeting=meeting, acting_user=w.org),
            lambda _r: [(Action.MEETING_CLOSE, w.org, meeting)],
        )

    def create_poll(w: W) -> Case:
        meeting = draft_meeting(w)
        return Case(
            lambda: m().do_create_poll(
                meeting=meeting, title="是否同意", kind="motion", rules=MOTION, acting_user=w.org
            ),
            lambda poll: [(Action.POLL_CREATE, w.org, poll)],
        )

    def open_poll(w: W) -> Case:
        poll = motion(w, open_meeting(w), opened=False)
        return Case(
            lambda: m().do_open_poll(poll=poll, acting_user=w.org),
            lambda _r: [(Action.POLL_OPEN, w.org, poll)],
        )

    def issue_phone_slip(w: W) -> Case:
        from web.meetings import batches

        poll = motion(w, open_meeting(w))
        batches.do_issue_code_batch(poll=poll, size=batches.min_batch(), acting_user=w.org)
        attendee = poll.meeting.attendees.filter(kind="voter").first()
        return writes_nothing(
            lambda: m().do_issue_phone_slip(poll=poll, attendee=attendee),
            "a hand-over is not logged: a log of who took a slip when could be lined up with the ballots "
            "(secrecy, DOMAIN.md §6); BallotIssue keeps only that the person took one",
        )

    def issue_paper(w: W) -> Case:
        poll = motion(w, open_meeting(w))
        attendee = poll.meeting.attendees.filter(kind="voter").first()
        return writes_nothing(
            lambda: m().do_issue_paper(poll=poll, attendee=attendee),
            "a hand-over is not logged, as for phone slips (secrecy); BallotIssue keeps that it happened",
        )

    def close_poll(w: W) -> Case:
        poll = motion(w, open_meeting(w))
        vote(w, poll, [{"vote": "yes"}] * 3)
        return Case(
            lambda: m().do_close_poll(poll=poll, acting_user=w.org),
            lambda _r: [(Action.POLL_CLOSE, w.org, poll)],
        )

    def appoint_officer(w: W) -> Case:
        meeting = draft_meeting(w)
        return Case(
            lambda: m().do_appoint_officer(
                meeting=meeting, person=w.world.person_a2, role="scrutineer", acting_user=w.org
            ),
            lambda _r: [(Action.MEETING_OFFICER, w.org, meeting)],
        )

    return {
        a + "do_create_meeting": create_meeting,
        a + "do_exclude_attendee": exclude_attendee,
        a + "do_add_observer": add_observer,
        a + "do_open_meeting": open_,
        a + "do_check_in": check_in,
        a + "do_close_meeting": close_meeting,
        a + "do_create_poll": create_poll,
        a + "do_open_poll": open_poll,
        a + "do_issue_phone_slip": issue_phone_slip,
        a + "do_issue_paper": issue_paper,
        a + "do_close_poll": close_poll,
        a + "do_appoint_officer": appoint_officer,
    }


def _mod(name: str) -> Any:
    return importlib.import_module(name)


def inspection_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.inspections.actions."

    def iw(w: W) -> Any:
        if "iw" not in w.built:
            from web.inspections.testing import make_inspection_world

            w.built["iw"] = make_inspection_world(w.world)
        return w.built["iw"]

    def act() -> Any:
        return _mod("web.inspections.actions")

    def enter(x: Any, d: Any) -> Any:
        return act().do_enter_seed(draw=d, seed="1 2 3", source="大会", acting_user=x.staff)

    def commit(x: Any, d: Any) -> Any:
        import hashlib

        commitment = hashlib.sha256(b"9 9 9").hexdigest()
        return act().do_commit_seed(draw=d, commitment=commitment, source="主任", acting_user=x.staff)

    def entered(x: Any) -> Any:
        return enter(x, x.frozen())

    def committed(x: Any) -> Any:
        return commit(x, x.frozen())

    def line(action: Any, call: Callable[[Any, Any], Any], build: Callable[[Any], Any] = lambda x: None,
             made: bool = False) -> Callable[[W], Case]:  # fmt: skip
        def make(w: W) -> Case:
            x = iw(w)
            obj = build(x)
            return Case(lambda: call(x, obj), lambda r: [(action, x.staff, r if made else obj)])

        return make

    numbers = {"min_party_mass": 1, "min_government": 2, "inspectors": 2, "rest_months": 6}
    return {
        a + "do_save_plan": line(
            Action.INSPECTION_PLAN_SAVE,
            lambda x, _o: act().do_save_plan(unit=x.plan.unit, title="新名称", acting_user=x.staff, **numbers),
            made=True,
        ),
        a + "do_add_to_pool": line(
            Action.INSPECTION_POOL_ADD,
            lambda x, _o: act().do_add_to_pool(plan=x.plan, name="钱多", workplace="区财政局", sequence="government",
                                               acting_user=x.staff),
            made=True,
        ),
        a + "do_set_exclusion": line(
            Action.INSPECTION_POOL_EXCLUDE,
            lambda x, c: act().do_set_exclusion(entry=c, reason="病假", acting_user=x.staff),
            build=lambda x: x.plan.cadres.first(),
        ),
        a + "do_open_draw": line(Action.INSPECTION_DRAW_OPEN, lambda x, _o: x.draw(), made=True),
        a + "do_freeze_pool": line(
            Action.INSPECTION_DRAW_FREEZE, lambda x, d: act().do_freeze_pool(draw=d, acting_user=x.staff),
            build=lambda x: x.draw(),
        ),
        a + "do_enter_seed": line(Action.INSPECTION_SEED_ENTER, enter, build=lambda x: x.frozen()),
        a + "do_clear_seed": line(
            Action.INSPECTION_SEED_CLEAR, lambda x, d: act().do_clear_seed(draw=d, reason="录错", acting_user=x.staff),
            build=entered,
        ),
        a + "do_commit_seed": line(Action.INSPECTION_SEED_COMMIT, commit, build=lambda x: x.frozen()),
        a + "do_reveal_seed": line(
            Action.INSPECTION_DRAW, lambda x, d: act().do_reveal_seed(draw=d, seed="9 9 9", acting_user=x.staff),
            build=committed,
        ),
        a + "do_record_finding": line(
            Action.INSPECTION_FINDING,
            lambda x, p: act().do_record_finding(pick=p, text="台账齐全", acting_user=x.staff),
            build=lambda x: x.drawn().picks.first(),
        ),
    }  # fmt: skip


def points_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.points.actions."
    p = "web.points.publishing."

    def pw(w: W) -> Any:
        if "pw" not in w.built:
            from web.points.testing import make_points_world

            w.built["pw"] = make_points_world(w.world)
        return w.built["pw"]

    def act() -> Any:
        return _mod("web.points.actions")

    def pub() -> Any:
        return _mod("web.points.publishing")

    def staff_entry(x: Any, day: dt.date = dt.date(2026, 2, 2)) -> Any:
        return act().do_record_entry(
            seat=x.seat, project=x.project("visit"), difficulty="general", evidence="staff", happened_on=day,
            reason="社区书记证明", acting_user=x.district_staff,
        )  # fmt: skip

    def claim(x: Any) -> Any:
        return act().do_claim_points(
            seat=x.seat, project=x.project("talk"), difficulty="general", evidence="talk",
            happened_on=dt.date(2026, 2, 3), place="和平社区", attendance=20, acting_user=x.rep_user,
        )  # fmt: skip

    def propose(x: Any) -> Any:
        return act().do_propose_self_project(
            seat=x.seat, name="楼栋议事会", description="每月一次", difficulty="general", acting_user=x.rep_user
        )

    def publish_q1(x: Any) -> Any:
        return pub().do_publish_points(congress=x.congress, year=2026, quarter=1, acting_user=x.district_staff)

    def published_entry(x: Any) -> Any:
        entry = staff_entry(x)
        publish_q1(x)
        return entry

    def objection(x: Any) -> Any:
        return pub().do_object_to_entry(entry=published_entry(x), text="走访是五户，不是十户", acting_user=x.rep_user)

    def line(
        action: Any,
        who: Callable[[Any], Any],
        call: Callable[[Any, Any], Any],
        build: Callable[[Any], Any] = lambda x: None,
        made: bool = False,
    ) -> Callable[[W], Case]:
        def make(w: W) -> Case:
            x = pw(w)
            obj = build(x)
            return Case(lambda: call(x, obj), lambda r: [(action, who(x), r if made else obj)])

        return make

    staff = lambda x: x.district_staff  # noqa: E731
    rep = lambda x: x.rep_user  # noqa: E731
    from web.points.standard import DEFAULT_PROJECTS

    def new_standard(x: Any, _o: Any) -> Any:
        return act().do_publish_standard(
            congress=x.congress, projects=DEFAULT_PROJECTS, changes="宣讲上限改为12分", acting_user=x.district_staff
        )

    return {
        a + "do_publish_standard": line(Action.POINTS_STANDARD_PUBLISH, staff, new_standard, made=True),
        a + "do_record_entry": line(Action.POINTS_ENTRY_RECORD, staff, lambda x, _o: staff_entry(x), made=True),
        a + "do_reverse_entry": line(
            Action.POINTS_ENTRY_REVERSE, staff,
            lambda x, e: act().do_reverse_entry(entry=e, reason="重复记入", acting_user=x.district_staff),
            build=lambda x: staff_entry(x, dt.date(2026, 11, 2)), made=True,
        ),
        a + "do_claim_points": line(Action.POINTS_CLAIM, rep, lambda x, _o: claim(x), made=True),
        a + "do_confirm_claim": line(
            Action.POINTS_CLAIM_CONFIRM, staff,
            lambda x, c: act().do_confirm_claim(claim=c, acting_user=x.district_staff), build=claim,
        ),
        a + "do_refuse_claim": line(
            Action.POINTS_CLAIM_REFUSE, staff,
            lambda x, c: act().do_refuse_claim(claim=c, reason="没有听众签到表", acting_user=x.district_staff),
            build=claim,
        ),
        a + "do_propose_self_project": line(Action.POINTS_SELF_PROPOSE, rep, lambda x, _o: propose(x), made=True),
        a + "do_approve_self_project": line(
            Action.POINTS_SELF_APPROVE, staff,
            lambda x, s: act().do_approve_self_project(proposed=s, acting_user=x.district_staff), build=propose,
        ),
        a + "do_refuse_self_project": line(
            Action.POINTS_SELF_REFUSE, staff,
            lambda x, s: act().do_refuse_self_project(proposed=s, reason="与必选重复", acting_user=x.district_staff),
            build=propose,
        ),
        p + "do_publish_points": line(Action.POINTS_PUBLISH, staff, lambda x, _o: publish_q1(x), made=True),
        p + "do_object_to_entry": line(
            Action.POINTS_OBJECT, rep,
            lambda x, e: pub().do_object_to_entry(entry=e, text="不是十户", acting_user=x.rep_user),
            build=published_entry, made=True,
        ),
        p + "do_answer_objection": line(
            Action.POINTS_OBJECTION_ANSWER, staff,
            lambda x, o: pub().do_answer_objection(
                objection=o, upheld=True, answer="核实为五户", difficulty="", acting_user=x.district_staff
            ),
            build=objection,
        ),
    }  # fmt: skip


def meeting_side_cases() -> dict[str, Callable[[W], Case]]:
    def create_appraisal_poll(w: W) -> Case:
        meeting = draft_meeting(w)
        return Case(
            lambda: _mod("web.meetings.appraisal").do_create_appraisal_poll(
                meeting=meeting, title="工作报告测评", subjects=[("区委常委会工作报告", None)], acting_user=w.org
            ),
            lambda poll: [(Action.POLL_CREATE, w.org, poll)],
        )

    def set_proxies(w: W) -> Case:
        meeting = draft_meeting(w, voters=4)
        voters = [a.person for a in meeting.attendees.filter(kind="voter").order_by("id")]
        return Case(
            lambda: _mod("web.meetings.proxies").do_set_proxies(
                meeting=meeting, pairs=[(voters[0], voters[1])], acting_user=w.org
            ),
            lambda _r: [(Action.MEETING_PROXIES, w.org, meeting)],
        )

    def issue_ballots(w: W) -> Case:
        poll = motion(w, open_meeting(w))
        attendee = poll.meeting.attendees.filter(kind="voter").first()
        return writes_nothing(
            lambda: _mod("web.meetings.proxies").do_issue_ballots(poll=poll, attendee=attendee, channel="paper"),
            "a hand-over (with the proxies' ballots) is not logged, for secrecy; BallotIssue keeps that it happened",
        )

    def code_batch(w: W) -> Case:
        batches = _mod("web.meetings.batches")
        poll = motion(w, open_meeting(w))
        return Case(
            lambda: batches.do_issue_code_batch(poll=poll, size=batches.min_batch(), acting_user=w.org),
            lambda _r: [(Action.POLL_CODE_BATCH, w.org, poll)],
        )

    def start_next_round(w: W) -> Case:
        meeting = open_meeting(w)
        poll = election_poll(w, meeting)
        poll = closed(w, poll, [{}] * 3)  # all abstain: nobody elected, a second round follows
        return Case(
            lambda: _mod("web.meetings.results").do_start_next_round(poll=poll, acting_user=w.org),
            lambda new: [(Action.POLL_CREATE, w.org, new)],
        )

    def decide_approval(w: W) -> Case:
        meeting = open_meeting(w)
        poll = election_poll(w, meeting, needs_approval=True)
        first = poll.candidates.order_by("id").first()
        closed(w, poll, [{f"mark-{first.key}": "for"}] * 3)
        return Case(
            lambda: _mod("web.meetings.results").do_decide_approval(
                poll=poll, approve=False, note="程序不符", acting_user=w.org
            ),
            lambda _r: [(Action.POLL_REJECT, w.org, poll)],
        )

    def approve(w: W) -> Case:
        meeting = open_meeting(w)
        poll = election_poll(w, meeting, needs_approval=True)
        first = poll.candidates.order_by("id").first()
        closed(w, poll, [{f"mark-{first.key}": "for"}] * 3)
        return Case(
            lambda: _mod("web.meetings.results").do_decide_approval(
                poll=poll, approve=True, note="", acting_user=w.org
            ),
            lambda _r: [(Action.POLL_APPROVE, w.org, poll)],
        )

    EXTRA["web.meetings.results.do_decide_approval (approved)"] = approve

    def publish(w: W) -> Case:
        poll = motion(w, open_meeting(w))
        closed(w, poll, [{"vote": "yes"}] * 3)
        return Case(
            lambda: _mod("web.meetings.results").do_publish(poll=poll, acting_user=w.org),
            lambda _r: [(Action.POLL_PUBLISH, w.org, poll)],
        )

    def speaking_order(w: W) -> Case:
        poll = election_poll(w, draft_meeting(w), opened=False)
        return Case(
            lambda: _mod("web.meetings.results").do_draw_speaking_order(
                poll=poll, seed="2026-03-02 3 5", acting_user=w.org
            ),
            lambda _r: [(Action.POLL_SPEAKING_ORDER, w.org, poll)],
        )

    def timer(verb: str, action: str, *, before: tuple[str, ...]) -> Callable[[W], Case]:
        """A line for ``do_<verb>_timer`` in an open meeting, after the timer steps ``before``."""

        def step(w: W, meeting: Any, name: str) -> Any:
            speech = {"label": "赵一", "kind": "speech", "minutes": 5} if name == "start" else {}
            return getattr(_mod("web.meetings.timer"), f"do_{name}_timer")(meeting=meeting, acting_user=w.org, **speech)

        def line(w: W) -> Case:
            meeting = open_meeting(w)
            for name in before:
                step(w, meeting, name)
            return Case(lambda: step(w, meeting, verb), lambda _r: [(action, w.org, meeting)])

        return line

    def timer_defaults(w: W) -> Case:
        meeting = draft_meeting(w)
        return Case(
            lambda: _mod("web.meetings.timer").do_set_timer_defaults(
                meeting=meeting, speech_minutes=6, question_minutes=15, acting_user=w.org
            ),
            lambda _r: [(Action.MEETING_TIMER_DEFAULTS, w.org, meeting)],
        )

    t = "web.meetings.timer."
    return {
        "web.meetings.appraisal.do_create_appraisal_poll": create_appraisal_poll,
        "web.meetings.proxies.do_set_proxies": set_proxies,
        "web.meetings.proxies.do_issue_ballots": issue_ballots,
        "web.meetings.batches.do_issue_code_batch": code_batch,
        "web.meetings.results.do_start_next_round": start_next_round,
        "web.meetings.results.do_decide_approval": decide_approval,
        "web.meetings.results.do_publish": publish,
        "web.meetings.results.do_draw_speaking_order": speaking_order,
        t + "do_set_timer_defaults": timer_defaults,
        t + "do_start_timer": timer("start", Action.MEETING_TIMER_START, before=()),
        t + "do_pause_timer": timer("pause", Action.MEETING_TIMER_PAUSE, before=("start",)),
        t + "do_resume_timer": timer("resume", Action.MEETING_TIMER_RESUME, before=("start", "pause")),
        t + "do_reset_timer": timer("reset", Action.MEETING_TIMER_RESET, before=("start",)),
        t + "do_stop_timer": timer("stop", Action.MEETING_TIMER_STOP, before=("start",)),
    }


def paper_cases() -> tuple[dict[str, Callable[[W], Case]], dict[str, Callable[[W], Case]]]:
    p = "web.meetings.paper."

    def paper() -> Any:
        return _mod("web.meetings.paper")

    def start_entry(w: W) -> Case:
        poll = paper_poll(w)
        t1 = teller(w, poll.meeting, poll, "t1")
        return Case(
            lambda: paper().do_start_entry(poll=poll, teller=t1),
            lambda _e: [(Action.PAPER_START, t1.acting_user, poll)],
        )

    def started(w: W, mode: str = "ballots") -> tuple[Any, Any, Any]:
        poll = paper_poll(w)
        t1 = teller(w, poll.meeting, poll, "t1")
        return poll, t1, paper().do_start_entry(poll=poll, teller=t1, mode=mode)

    def add_ballot(w: W) -> Case:
        _poll, t1, entry = started(w)
        return writes_nothing(
            lambda: paper().do_add_ballot(entry=entry, content={"vote": "yes"}, teller=t1),
            "a teller's entry is a draft until submitted; paper.submit records it with its number of ballots",
        )

    def remove_last_ballot(w: W) -> Case:
        _poll, t1, entry = started(w)
        paper().do_add_ballot(entry=entry, content={"vote": "yes"}, teller=t1)
        return writes_nothing(
            lambda: paper().do_remove_last_ballot(entry=entry, teller=t1),
            "a teller's entry is a draft until submitted; paper.submit records it with its number of ballots",
        )

    def submit_entry(w: W) -> Case:
        poll, t1, entry = started(w)
        paper().do_add_ballot(entry=entry, content={"vote": "yes"}, teller=t1)
        return Case(
            lambda: paper().do_submit_entry(entry=entry, teller=t1),
            lambda _r: [(Action.PAPER_SUBMIT, t1.acting_user, poll)],
        )

    def submit_agreeing_entry(w: W) -> Case:
        poll, t1, e1 = started(w)
        t2 = teller(w, poll.meeting, poll, "t2")
        e2 = paper().do_start_entry(poll=poll, teller=t2)
        for entry, t in ((e1, t1), (e2, t2)):
            paper().do_add_ballot(entry=entry, content={"vote": "yes"}, teller=t)
        paper().do_submit_entry(entry=e1, teller=t1)
        return Case(
            lambda: paper().do_submit_entry(entry=e2, teller=t2),
            lambda _r: [(Action.PAPER_SUBMIT, t2.acting_user, poll), (Action.PAPER_ACCEPT, t2.acting_user, poll)],
        )

    def withdraw_entry(w: W) -> Case:
        poll, t1, entry = started(w)
        paper().do_submit_entry(entry=entry, teller=t1)
        return Case(
            lambda: paper().do_withdraw_entry(entry=entry, teller=t1),
            lambda _r: [(Action.PAPER_WITHDRAW, t1.acting_user, poll)],
        )

    def submit_totals(w: W) -> Case:
        poll, t1, entry = started(w, mode="totals")
        totals = {"returned": 3, "invalid": 0, "yes": 3, "no": 0, "abstain": 0}
        return Case(
            lambda: _mod("web.meetings.handcount").do_submit_totals(entry=entry, totals=totals, teller=t1),
            lambda _r: [(Action.PAPER_SUBMIT_TOTALS, t1.acting_user, poll)],
        )

    def submit_agreeing_totals(w: W) -> Case:
        poll, t1, e1 = started(w, mode="totals")
        t2 = teller(w, poll.meeting, poll, "t2")
        e2 = paper().do_start_entry(poll=poll, teller=t2, mode="totals")
        totals = {"returned": 3, "invalid": 0, "yes": 3, "no": 0, "abstain": 0}
        _mod("web.meetings.handcount").do_submit_totals(entry=e1, totals=totals, teller=t1)
        return Case(
            lambda: _mod("web.meetings.handcount").do_submit_totals(entry=e2, totals=totals, teller=t2),
            lambda _r: [
                (Action.PAPER_SUBMIT_TOTALS, t2.acting_user, poll),
                (Action.PAPER_ACCEPT_TOTALS, t2.acting_user, poll),
            ],
        )

    return {
        p + "do_start_entry": start_entry,
        p + "do_add_ballot": add_ballot,
        p + "do_remove_last_ballot": remove_last_ballot,
        p + "do_submit_entry": submit_entry,
        p + "do_withdraw_entry": withdraw_entry,
        "web.meetings.handcount.do_submit_totals": submit_totals,
    }, {
        "web.meetings.paper.do_submit_entry (both entries agree)": submit_agreeing_entry,
        "web.meetings.handcount.do_submit_totals (both totals agree)": submit_agreeing_totals,
    }


# ----------------------------------------------------------------------------- lines: commitments


def commitment_cases() -> dict[str, Callable[[W], Case]]:
    c = "web.commitments.actions."

    def act() -> Any:
        return _mod("web.commitments.actions")

    def year(w: W) -> Any:
        return act().do_create_year(unit=w.world.community_a, year=clock.now().year, acting_user=w.org)

    def item(w: W, y: Any) -> Any:
        return act().do_add_commitment(
            year=y,
            item="修建村道",
            owner=w.world.person_a,
            deadline=dt.date(y.year, 12, 31),
            budget=Decimal("120000"),
            category="infrastructure",
            acting_user=w.org,
        )

    def adopted(w: W) -> tuple[Any, Any]:
        y = year(w)
        commitment = item(w, y)
        return act().do_adopt_year(year=y, meeting=None, acting_user=w.org), commitment

    def create_year(w: W) -> Case:
        return Case(lambda: year(w), lambda y: [(Action.COMMITMENTS_CREATE_YEAR, w.org, y)])

    def record_opinion(w: W) -> Case:
        y = year(w)
        return Case(
            lambda: act().do_record_opinion(year=y, category="hot_issue", text="村道坑洼", acting_user=w.org),
            lambda o: [(Action.COMMITMENTS_RECORD_OPINION, w.org, o)],
        )

    def add_commitment(w: W) -> Case:
        y = year(w)
        return Case(lambda: item(w, y), lambda commitment: [(Action.COMMITMENTS_ADD, w.org, commitment)])

    def adopt_year(w: W) -> Case:
        y = year(w)
        item(w, y)
        return Case(
            lambda: act().do_adopt_year(year=y, meeting=None, acting_user=w.org),
            lambda _r: [(Action.COMMITMENTS_ADOPT, w.org, y)],
        )

    def post_progress(w: W) -> Case:
        _y, commitment = adopted(w)
        return Case(
            lambda: act().do_post_progress(
                commitment=commitment, quarter=1, percent=30, text="开工", acting_user=w.org
            ),
            lambda _r: [(Action.COMMITMENTS_POST_PROGRESS, w.org, commitment)],
        )

    def drop_commitment(w: W) -> Case:
        _y, commitment = adopted(w)
        return Case(
            lambda: act().do_drop_commitment(commitment=commitment, reason="上级统一实施", acting_user=w.org),
            lambda _r: [(Action.COMMITMENTS_DROP, w.org, commitment)],
        )

    def review_year(w: W) -> Case:
        y, _c = adopted(w)
        return Case(
            lambda: act().do_review_year(year=y, meeting=None, note="年终评议", acting_user=w.org),
            lambda _r: [(Action.COMMITMENTS_REVIEW, w.org, y)],
        )

    def enter_survey(w: W) -> Case:
        y, _c = adopted(w)
        act().do_review_year(year=y, meeting=None, note="年终评议", acting_user=w.org)
        return Case(
            lambda: act().do_enter_survey(
                year=y,
                forms={"returned": 10, "blank": 0, "spoiled": 0},
                committees={"satisfied": 6, "basic": 3, "unsatisfied": 1},
                cadres=[],
                acting_user=w.org,
            ),
            lambda survey: [(Action.COMMITMENTS_ENTER_SURVEY, w.org, survey)],
        )

    return {
        c + "do_create_year": create_year,
        c + "do_record_opinion": record_opinion,
        c + "do_add_commitment": add_commitment,
        c + "do_adopt_year": adopt_year,
        c + "do_post_progress": post_progress,
        c + "do_drop_commitment": drop_commitment,
        c + "do_review_year": review_year,
        c + "do_enter_survey": enter_survey,
    }


# ----------------------------------------------------------------------------- lines: downloads


def download_cases() -> dict[str, Callable[[W], Case]]:
    d = "web.downloads.actions."

    def act() -> Any:
        return _mod("web.downloads.actions")

    def asked(w: W) -> Any:
        return act().do_request_download(
            kind="roster", parameters={"unit": w.world.community_a.pk}, subject="名册", acting_user=w.org
        )

    def request_download(w: W) -> Case:
        return writes_nothing(
            lambda: asked(w), "asking changes nothing; the document made is audited once, by do_record_download"
        )

    def record_download(w: W) -> Case:
        download = asked(w)
        return Case(
            lambda: act().do_record_download(download=download, acting_user=w.org),
            lambda made: [(Action.DOWNLOAD_MADE, w.org, made)],
        )

    return {d + "do_request_download": request_download, d + "do_record_download": record_download}


# ----------------------------------------------------------------------------- lines: roster imports


def roster_import_cases() -> dict[str, Callable[[W], Case]]:
    d = "web.org.transfer.imports."

    def act() -> Any:
        return _mod("web.org.transfer.imports")

    def uploaded(w: W) -> Any:
        return act().do_upload_roster(unit=w.world.community_a, file_name="名册.csv", data=b"", acting_user=w.org)

    def checked(w: W) -> Any:
        run = uploaded(w)
        type(run).objects.filter(pk=run.pk).update(state="ready")
        run.refresh_from_db()
        return run

    because = "the roster is unchanged until the apply job writes its entries with the file's digest"
    return {
        d + "do_upload_roster": lambda w: writes_nothing(lambda: uploaded(w), because),
        d + "do_confirm_roster_import": lambda w: writes_nothing(
            lambda: act().do_confirm_roster_import(run=checked(w), acting_user=w.org), because
        ),
        d + "do_discard_roster_import": lambda w: writes_nothing(
            lambda: act().do_discard_roster_import(run=checked(w), acting_user=w.org), "a file given up changes nothing"
        ),
    }


# ----------------------------------------------------------------------------- lines: deliberation


def deliberation_cases() -> dict[str, Callable[[W], Case]]:
    d = "web.deliberation.actions."

    def act() -> Any:
        return _mod("web.deliberation.actions")

    def village(w: W) -> Any:
        from web.deliberation.tests.helpers import make_village

        if "village" not in w.built:
            w.built["village"] = make_village(w.world)
        return w.built["village"]

    def matter(w: W, chain: str = "four_deliberations") -> Any:
        village(w)
        return act().do_propose_matter(
            unit=w.world.community_a, title="修建村道", kind="project", chain=chain, acting_user=w.org
        )

    def held(w: W) -> Any:
        m = matter(w)
        return act().do_hold_step(
            step=m.current_step, body=village(w).committee, starts_at=timezone.now(), acting_user=w.org
        )

    def voted(w: W, step: Any, vote: str = "yes") -> Any:
        meeting = step.meeting
        _meetings().do_open_meeting(meeting=meeting, acting_user=w.org)
        for a in meeting.attendees.filter(kind="voter").order_by("id"):
            _meetings().do_check_in(attendee=a, method="search", acting_user=w.org)
        poll = _meetings().do_open_poll(poll=step.poll, acting_user=w.org)
        return closed(w, poll, [{"vote": vote}] * meeting.attendees.filter(kind="voter").count())

    def propose(w: W) -> Case:
        village(w)
        return Case(
            lambda: act().do_propose_matter(
                unit=w.world.community_a,
                title="修建村道",
                kind="project",
                chain="four_deliberations",
                acting_user=w.org,
            ),
            lambda m: [(Action.MATTER_PROPOSE, w.org, m)],
        )

    def hold(w: W) -> Case:
        m = matter(w)
        step = m.current_step
        return Case(
            lambda: act().do_hold_step(
                step=step, body=village(w).committee, starts_at=timezone.now(), acting_user=w.org
            ),
            lambda s: [
                (Action.MEETING_CREATE, w.org, s.meeting),
                (Action.POLL_CREATE, w.org, s.poll),
                (Action.MATTER_HOLD, w.org, s),
            ],
        )

    def defer(w: W) -> Case:
        step = held(w)
        return Case(
            lambda: act().do_defer_vote(step=step, reason="意见分歧较大", acting_user=w.org),
            lambda _r: [(Action.MATTER_DEFER, w.org, step)],
        )

    def conclude(w: W) -> Case:
        step = held(w)
        poll = voted(w, step)
        return Case(
            lambda: act().do_conclude_step(step=step, acting_user=w.org),
            lambda _r: [(Action.POLL_PUBLISH, w.org, poll), (Action.MATTER_PASS, w.org, step)],
        )

    def minutes(w: W) -> Case:
        step = held(w)
        return Case(
            lambda: act().do_record_minutes(step=step, text="会议讨论了村道修建方案。", acting_user=w.org),
            lambda _r: [(Action.MATTER_MINUTES, w.org, step)],
        )

    def attach(w: W) -> Case:
        step = held(w)
        upload = SimpleUploadedFile("纪要.pdf", tiny_pdf(), content_type="application/pdf")
        return Case(
            lambda: act().do_attach_minutes(step=step, upload=upload, acting_user=w.org),
            lambda _r: [(Action.MATTER_ATTACHMENT, w.org, step)],
        )

    def gate(w: W) -> Case:
        m = matter(w, chain="committee_decision")
        return Case(
            lambda: act().do_record_gate(matter=m, gate="recommendation", note="2026年3月民主推荐", acting_user=w.org),
            lambda _r: [(Action.MATTER_GATE, w.org, m)],
        )

    def disclose(w: W) -> Case:
        m = matter(w, chain="committee_decision")
        m = type(m).objects.get(pk=m.pk)
        step = act().do_hold_step(
            step=m.current_step, body=village(w).committee, starts_at=timezone.now(), acting_user=w.org
        )
        voted(w, step)
        act().do_conclude_step(step=step, acting_user=w.org)
        m = type(m).objects.get(pk=m.pk)
        now = m.current_step
        until = timezone.localdate(clock.now()) + dt.timedelta(days=20)
        return Case(
            lambda: act().do_disclose(
                step=now, title="决议公开", text="同意修建村道。", until=until, acting_user=w.org
            ),
            lambda disclosure: [(Action.MATTER_DISCLOSE, w.org, disclosure)],
        )

    def finance(w: W) -> Case:
        return Case(
            lambda: act().do_post_finance(
                unit=w.world.community_a, title="三月财务公开", text="收入 1 万元", acting_user=w.org
            ),
            lambda disclosure: [(Action.DISCLOSURE_FINANCE, w.org, disclosure)],
        )

    def conclude_rejected(w: W) -> Case:
        step = held(w)
        poll = voted(w, step, vote="no")
        return Case(
            lambda: act().do_conclude_step(step=step, acting_user=w.org),
            lambda _r: [(Action.POLL_PUBLISH, w.org, poll), (Action.MATTER_FAIL, w.org, step)],
        )

    EXTRA[d + "do_conclude_step (the vote fails)"] = conclude_rejected
    return {
        d + "do_propose_matter": propose,
        d + "do_hold_step": hold,
        d + "do_defer_vote": defer,
        d + "do_conclude_step": conclude,
        d + "do_record_minutes": minutes,
        d + "do_attach_minutes": attach,
        d + "do_record_gate": gate,
        d + "do_disclose": disclose,
        d + "do_post_finance": finance,
    }


# ----------------------------------------------------------------------------- lines: elections


def _el(name: str) -> Any:
    return _mod(f"web.elections.actions.{name}")


def new_election(w: W, template: str) -> Any:
    return _el("lifecycle").do_create_election(
        body=w.world.body_a, title="换届选举", template=template, acting_user=w.org
    )


def stage_of(election: Any, kind: str) -> Any:
    return election.stages.get(kind=kind)


def nominees(w: W, n: int) -> list[Any]:
    from web.meetings.testing import add_members

    return add_members(w.world, n)


def running(w: W, template: str, adjust: dict[str, dict[str, Any]] | None = None) -> Any:
    election = new_election(w, template)
    for kind, settings in (adjust or {}).items():
        _el("lifecycle").do_adjust_stage(stage=stage_of(election, kind), settings=settings, acting_user=w.org)
    return _el("lifecycle").do_start_election(election=election, acting_user=w.org)


def advance(w: W, election: Any, kind: str) -> None:
    _el("lifecycle").do_advance_stage(stage=stage_of(election, kind), acting_user=w.org)


def nominated(w: W, election: Any, people: list[Any]) -> list[Any]:
    stage = stage_of(election, "nomination")
    return [
        _el("candidates").do_nominate(stage=stage, person=p, channel=stage.settings["channels"][0], acting_user=w.org)
        for p in people
    ]


def reviewed(w: W, election: Any, noms: list[Any]) -> None:
    stage = stage_of(election, "review")
    for nom in noms:
        for condition in stage.settings["conditions"]:
            _el("candidates").do_check_condition(
                stage=stage, nomination=nom, condition=condition["key"], passed=True, reason="", acting_user=w.org
            )


ONE_SEAT = {"posts": [{"post": "member", "seats": 1, "competitive": True, "needs_approval": False}]}


def village_at_election(w: W) -> tuple[Any, list[Any]]:
    """A village election with one seat and two nominees, at its election stage."""
    election = running(w, "village", {"election": ONE_SEAT})
    register = stage_of(election, "register")
    day = (timezone.localdate(clock.now()) + dt.timedelta(days=30)).isoformat()
    _el("lifecycle").do_adjust_stage(stage=register, settings={"election_day": day}, acting_user=w.org)
    _el("candidates").do_publish_register(stage=register, acting_user=w.org)
    advance(w, election, "register")
    noms = nominated(w, election, nominees(w, 2))
    advance(w, election, "nomination")
    advance(w, election, "proxies")
    return election, noms


def election_cases() -> dict[str, Callable[[W], Case]]:
    lc, ca, po, tb = (
        "web.elections.actions.lifecycle.",
        "web.elections.actions.candidates.",
        "web.elections.actions.polls.",
        "web.elections.actions.three_ballot.",
    )

    def create(w: W) -> Case:
        return Case(lambda: new_election(w, "open_nomination"), lambda e: [(Action.ELECTION_CREATE, w.org, e)])

    def adjust(w: W) -> Case:
        stage = stage_of(new_election(w, "open_nomination"), "notice")
        return Case(
            lambda: _el("lifecycle").do_adjust_stage(stage=stage, settings={"days": 7}, acting_user=w.org),
            lambda _r: [(Action.ELECTION_ADJUST, w.org, stage)],
        )

    def start(w: W) -> Case:
        election = new_election(w, "open_nomination")
        return Case(
            lambda: _el("lifecycle").do_start_election(election=election, acting_user=w.org),
            lambda _r: [(Action.ELECTION_START, w.org, election)],
        )

    def advance_(w: W) -> Case:
        election = running(w, "open_nomination")
        nominated(w, election, nominees(w, 1))
        stage = stage_of(election, "nomination")
        return Case(
            lambda: _el("lifecycle").do_advance_stage(stage=stage, acting_user=w.org),
            lambda _r: [(Action.ELECTION_ADVANCE, w.org, stage)],
        )

    def reopen(w: W) -> Case:
        election = running(w, "open_nomination")
        nominated(w, election, nominees(w, 1))
        advance(w, election, "nomination")
        stage = stage_of(election, "nomination")
        return Case(
            lambda: _el("lifecycle").do_reopen_stage(stage=stage, reason="漏报一人", acting_user=w.org),
            lambda _r: [(Action.ELECTION_REOPEN, w.org, stage)],
        )

    def nominate(w: W) -> Case:
        election = running(w, "open_nomination")
        person = nominees(w, 1)[0]
        stage = stage_of(election, "nomination")
        return Case(
            lambda: _el("candidates").do_nominate(stage=stage, person=person, channel="self", acting_user=w.org),
            lambda nom: [(Action.ELECTION_NOMINATE, w.org, nom)],
        )

    def check_condition(w: W) -> Case:
        election = running(w, "open_nomination")
        nom = nominated(w, election, nominees(w, 1))[0]
        advance(w, election, "nomination")
        stage = stage_of(election, "review")
        return Case(
            lambda: _el("candidates").do_check_condition(
                stage=stage, nomination=nom, condition="age", passed=True, reason="", acting_user=w.org
            ),
            lambda _r: [(Action.ELECTION_REVIEW, w.org, nom)],
        )

    def at_notice(w: W) -> tuple[Any, Any]:
        election = running(w, "open_nomination")
        noms = nominated(w, election, nominees(w, 1))
        advance(w, election, "nomination")
        reviewed(w, election, noms)
        advance(w, election, "review")
        return stage_of(election, "notice"), noms[0]

    def file_objection(w: W) -> Case:
        stage, nom = at_notice(w)
        return Case(
            lambda: _el("candidates").do_file_objection(
                stage=stage, raised_by="党员甲", text="年龄不符", nomination=nom, acting_user=w.org
            ),
            lambda objection: [(Action.ELECTION_OBJECTION, w.org, objection)],
        )

    def answer_objection(w: W) -> Case:
        stage, nom = at_notice(w)
        objection = _el("candidates").do_file_objection(
            stage=stage, raised_by="党员甲", text="年龄不符", nomination=nom, acting_user=w.org
        )
        return Case(
            lambda: _el("candidates").do_answer_objection(
                objection=objection, answer="经核实年龄符合", upheld=False, acting_user=w.org
            ),
            lambda _r: [(Action.ELECTION_ANSWER, w.org, objection)],
        )

    def publish_register(w: W) -> Case:
        stage = stage_of(running(w, "village"), "register")
        return Case(
            lambda: _el("candidates").do_publish_register(stage=stage, acting_user=w.org),
            lambda _r: [(Action.ELECTION_REGISTER, w.org, stage)],
        )

    def add_proxy(w: W) -> Case:
        election = running(w, "village")
        register = stage_of(election, "register")
        day = (timezone.localdate(clock.now()) + dt.timedelta(days=30)).isoformat()
        _el("lifecycle").do_adjust_stage(stage=register, settings={"election_day": day}, acting_user=w.org)
        _el("candidates").do_publish_register(stage=register, acting_user=w.org)
        advance(w, election, "register")
        people = nominees(w, 3)
        nominated(w, election, people[:1])
        advance(w, election, "nomination")
        stage = stage_of(election, "proxies")
        return Case(
            lambda: _el("candidates").do_add_proxy(stage=stage, voter=people[1], holder=people[2], acting_user=w.org),
            lambda _r: [(Action.ELECTION_PROXY, w.org, election)],
        )

    def post_candidates(w: W) -> Case:
        election, noms = village_at_election(w)
        stage = stage_of(election, "election")
        return Case(
            lambda: _el("polls").do_set_post_candidates(
                stage=stage, post="member", nomination_ids=[n.pk for n in noms], acting_user=w.org
            ),
            lambda _r: [(Action.ELECTION_POST_CANDIDATES, w.org, stage)],
        )

    def prepare_meeting(w: W) -> Case:
        election, noms = village_at_election(w)
        stage = stage_of(election, "election")
        _el("polls").do_set_post_candidates(
            stage=stage, post="member", nomination_ids=[n.pk for n in noms], acting_user=w.org
        )
        return Case(
            lambda: _el("polls").do_prepare_meeting(stage=stage, acting_user=w.org),
            lambda s: [
                (Action.MEETING_CREATE, w.org, s.meeting),
                (Action.POLL_CREATE, w.org, s.meeting.polls.get()),
                (Action.MEETING_PROXIES, w.org, s.meeting),  # the proxies stage's (here: none)
                (Action.ELECTION_MEETING, w.org, s),
            ],
        )

    def start_supplementary(w: W) -> Case:
        election, noms = village_at_election(w)
        stage = stage_of(election, "election")
        _el("polls").do_set_post_candidates(
            stage=stage, post="member", nomination_ids=[n.pk for n in noms], acting_user=w.org
        )
        stage = _el("polls").do_prepare_meeting(stage=stage, acting_user=w.org)
        meeting = stage.meeting
        _meetings().do_open_meeting(meeting=meeting, acting_user=w.org)
        for a in meeting.attendees.filter(kind="voter").order_by("id"):
            _meetings().do_check_in(attendee=a, method="search", acting_user=w.org)
        poll = _meetings().do_open_poll(poll=meeting.polls.get(), acting_user=w.org)
        closed(w, poll, [{}] * meeting.attendees.filter(kind="voter").count())  # all abstain: the seat stays empty
        advance(w, election, "election")
        supplementary = stage_of(election, "supplementary")
        return Case(
            lambda: _el("polls").do_start_supplementary(stage=supplementary, post="member", acting_user=w.org),
            lambda new: [(Action.POLL_CREATE, w.org, new), (Action.ELECTION_SUPPLEMENTARY, w.org, supplementary)],
        )

    def three_ballot_at(w: W, kind: str) -> tuple[Any, list[Any]]:
        election = running(w, "three_ballot")
        noms = nominated(w, election, nominees(w, 2))
        advance(w, election, "nomination")
        reviewed(w, election, noms)
        advance(w, election, "review")
        if kind == "trust":
            return election, noms
        for nom in noms:
            _el("three_ballot").do_record_trust(
                stage=stage_of(election, "trust"), nomination=nom, base=10, trust=8, acting_user=w.org
            )
        advance(w, election, "trust")
        if kind == "weighted":
            return election, noms
        stage = stage_of(election, "weighted")
        for layer in stage.settings["layers"]:
            _el("three_ballot").do_record_layer(
                stage=stage, layer=layer["id"], base=10, votes={noms[0].pk: 8, noms[1].pk: 5}, acting_user=w.org
            )
        advance(w, election, "weighted")
        return election, noms

    def record_trust(w: W) -> Case:
        election, noms = three_ballot_at(w, "trust")
        stage = stage_of(election, "trust")
        return Case(
            lambda: _el("three_ballot").do_record_trust(
                stage=stage, nomination=noms[0], base=10, trust=8, acting_user=w.org
            ),
            lambda _r: [(Action.ELECTION_TRUST, w.org, stage)],
        )

    def record_layer(w: W) -> Case:
        election, noms = three_ballot_at(w, "weighted")
        stage = stage_of(election, "weighted")
        return Case(
            lambda: _el("three_ballot").do_record_layer(
                stage=stage, layer="A", base=10, votes={noms[0].pk: 8, noms[1].pk: 5}, acting_user=w.org
            ),
            lambda _r: [(Action.ELECTION_LAYER, w.org, stage)],
        )

    def upload_report(w: W) -> Case:
        election, noms = three_ballot_at(w, "research")
        stage = stage_of(election, "research")
        upload = SimpleUploadedFile("调研报告.pdf", tiny_pdf(), content_type="application/pdf")
        return Case(
            lambda: _el("three_ballot").do_upload_report(
                stage=stage, nomination=noms[0], upload=upload, acting_user=w.org
            ),
            lambda _r: [(Action.ELECTION_REPORT, w.org, stage)],
        )

    return {
        lc + "do_create_election": create,
        lc + "do_adjust_stage": adjust,
        lc + "do_start_election": start,
        lc + "do_advance_stage": advance_,
        lc + "do_reopen_stage": reopen,
        ca + "do_nominate": nominate,
        ca + "do_check_condition": check_condition,
        ca + "do_file_objection": file_objection,
        ca + "do_answer_objection": answer_objection,
        ca + "do_publish_register": publish_register,
        ca + "do_add_proxy": add_proxy,
        po + "do_set_post_candidates": post_candidates,
        po + "do_prepare_meeting": prepare_meeting,
        po + "do_start_supplementary": start_supplementary,
        tb + "do_record_trust": record_trust,
        tb + "do_record_layer": record_layer,
        tb + "do_upload_report": upload_report,
    }


def workday_cases() -> dict[str, Callable[[W], Case]]:
    wd = "web.workdays.actions."

    def act() -> Any:
        return _mod("web.workdays.actions")

    def spring(w: W) -> Any:
        # street staff: the calendar is national, so only staff of a street or above change it
        return act().do_add_overrides(
            first=dt.date(2027, 2, 6),
            last=dt.date(2027, 2, 8),
            kind="holiday",
            name="春节",
            acting_user=w.world.street_staff,
        )

    def add_overrides(w: W) -> Case:
        return Case(
            lambda: spring(w),
            lambda made: [(Action.WORKDAY_OVERRIDE_ADD, w.world.street_staff, o) for o in made],
        )

    def remove_override(w: W) -> Case:
        override = spring(w)[0]
        pk = override.pk  # gone after the call
        return Case(
            lambda: act().do_remove_override(override=override, acting_user=w.world.street_staff),
            lambda _r: [(Action.WORKDAY_OVERRIDE_REMOVE, w.world.street_staff, ("workdays.override", pk))],
        )

    return {wd + "do_add_overrides": add_overrides, wd + "do_remove_override": remove_override}


# ----------------------------------------------------------------------------- lines: residents' requests


def case_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.cases.actions."

    def act() -> Any:
        return _mod("web.cases.actions")

    def cw(w: W) -> Any:
        if "cw" not in w.built:
            from web.cases.testing import make_case_world

            w.built["cw"] = make_case_world(w.world)
        return w.built["cw"]

    def taken(w: W, code: str = "noise") -> Any:
        c = cw(w)
        case, _code = act().do_take_case(
            channel="phone",
            entry=c.entry(code),
            unit=w.world.building_a1,
            description="楼上装修噪音",
            acting_user=c.dispatcher,
            requester_phone="13800000001",
            consent=True,
            representative=c.representative,
        )
        return case

    def dispatched(w: W, code: str = "noise") -> Any:
        return act().do_dispatch_case(case=taken(w, code), acting_user=cw(w).dispatcher)

    def signed(w: W) -> Any:
        return act().do_sign_case(case=dispatched(w), acting_user=cw(w).community_handler)

    def replied(w: W) -> Any:
        return act().do_reply_case(case=signed(w), text="已协调", acting_user=cw(w).community_handler)

    def visited(w: W) -> Any:
        case = replied(w)
        act().do_visit_case(case=case, method="phone", satisfaction=5, solved=True, acting_user=cw(w).dispatcher)
        return case

    def line(action: Any, who: Any, build: Callable[[W], Any], call: Callable[[Any], Any]) -> Callable[[W], Case]:
        def make(w: W) -> Case:
            case = build(w)
            actor = who(w)
            return Case(lambda: call(case), lambda _r: [(action, actor, ("cases.case", case.pk))])

        return make

    def merge(w: W) -> Case:
        first, second = taken(w), taken(w)
        c = cw(w)
        return Case(
            lambda: act().do_merge_case(case=second, into=first, acting_user=c.dispatcher),
            lambda _r: [(Action.CASE_MERGE, c.dispatcher, ("cases.case", second.pk))],
        )

    def _by(username: str) -> Any:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(username=username)

    def d_(_case: Any) -> Any:
        return _by("dispatcher")

    def h_(_case: Any) -> Any:
        return _by("community_handler")

    def rep_(_case: Any) -> Any:
        return _by("rep")

    d = lambda w: cw(w).dispatcher  # noqa: E731
    h = lambda w: cw(w).community_handler  # noqa: E731
    rep = lambda w: cw(w).representative  # noqa: E731

    def take(w: W) -> Case:
        c = cw(w)
        return Case(lambda: taken(w), lambda made: [(Action.CASE_TAKE, c.dispatcher, made)])

    def publish(w: W) -> Case:
        from web.cases.testing import ENTRIES

        cw(w)
        rows = [{**ENTRIES[0], "reply_within": 4}, *ENTRIES[1:]]
        return Case(
            lambda: _mod("web.cases.catalogue").do_publish_catalogue(
                unit=w.world.street, rows=rows, note="放宽时限", acting_user=w.world.street_staff
            ),
            lambda made: [(Action.CATALOGUE_PUBLISH, w.world.street_staff, made)],
        )

    def assist(w: W) -> Case:
        case = dispatched(w)
        c = cw(w)
        return Case(
            lambda: act().do_add_assist(case=case, office=c.grid_a1, acting_user=c.dispatcher),
            lambda _r: [(Action.CASE_ASSIST, c.dispatcher, ("cases.case", case.pk))],
        )

    def rate(w: W) -> Case:
        case = replied(w)
        c = cw(w)
        return Case(
            lambda: act().do_rate_office(
                case=case,
                office=c.community_a,
                attitude=5,
                speed=4,
                style=5,
                satisfaction=4,
                acting_user=c.representative,
            ),
            lambda _r: [(Action.CASE_RATE, c.representative, ("cases.case", case.pk))],
        )

    def issue_open311_key(w: W) -> Case:
        staff = w.world.street_staff
        return Case(
            lambda: _mod("web.open311.actions").do_issue_open311_key(
                jurisdiction=w.world.street, name="小程序", acting_user=staff
            ),
            lambda made: [(Action.OPEN311_KEY_ISSUE, staff, made[0])],
        )

    def revoke_open311_key(w: W) -> Case:
        staff = w.world.street_staff
        o311 = _mod("web.open311.actions")
        key, _secret = o311.do_issue_open311_key(jurisdiction=w.world.street, name="小程序", acting_user=staff)
        return Case(
            lambda: o311.do_revoke_open311_key(key=key, acting_user=staff),
            lambda made: [(Action.OPEN311_KEY_REVOKE, staff, made)],
        )

    def rule(w: W) -> Case:
        cw(w)
        return Case(
            lambda: _mod("web.cases.rules").do_set_escalation_rule(
                unit=w.world.street, trigger="returned", threshold=2, acting_user=w.world.street_staff
            ),
            lambda _r: [(Action.ESCALATION_RULE_SET, w.world.street_staff, ("org.unit", w.world.street.pk))],
        )

    def scorecard(w: W) -> Case:
        cw(w)
        staff = w.world.street_staff
        return Case(
            lambda: _mod("web.cases.scorecards").do_publish_scorecard(
                unit=w.world.street, year=2025, quarter=4, acting_user=staff
            ),
            lambda made: [(Action.SCORECARD_PUBLISH, staff, made)],
        )

    def take_with_photos(w: W) -> Case:
        from web.cases.intake.photos import Prepared

        c = cw(w)
        photo = Prepared(b"\xff\xd8 encoded afresh", "image/jpeg", "jpg", 1, 1, kept_location=False)
        return Case(
            lambda: _mod("web.cases.intake.actions").do_take_request(
                channel="grid",
                entry=c.entry("litter"),
                unit=w.world.grid_a1,
                description="楼道杂物",
                acting_user=c.dispatcher,
                requester_phone="13800000001",
                consent=True,
                photos=[photo],
            ),
            lambda made: [(Action.CASE_TAKE, c.dispatcher, made[0]), (Action.CASE_PHOTOS, c.dispatcher, made[0])],
        )

    def returned(w: W) -> Any:
        return act().do_return_case(case=dispatched(w), reason_code="not_ours", reason="不归社区", acting_user=h(w))

    return {
        a + "do_take_case": take,
        a + "do_dispatch_case": line(
            Action.CASE_DISPATCH, d, taken, lambda c: act().do_dispatch_case(case=c, acting_user=d_(c))
        ),
        a + "do_sign_case": line(
            Action.CASE_SIGN, h, dispatched, lambda c: act().do_sign_case(case=c, acting_user=h_(c))
        ),
        a + "do_return_case": line(
            Action.CASE_RETURN,
            h,
            dispatched,
            lambda c: act().do_return_case(case=c, reason_code="unclear", reason="看不懂", acting_user=h_(c)),
        ),
        a + "do_send_back_case": line(
            Action.CASE_SEND_BACK,
            d,
            returned,
            lambda c: act().do_send_back_case(case=c, reason="归社区", acting_user=d_(c)),
        ),
        a + "do_add_assist": assist,
        a + "do_extend_case": line(
            Action.CASE_EXTEND,
            h,
            signed,
            lambda c: act().do_extend_case(case=c, days=2, reason="等物业", acting_user=h_(c)),
        ),
        a + "do_reply_case": line(
            Action.CASE_REPLY, h, signed, lambda c: act().do_reply_case(case=c, text="已办", acting_user=h_(c))
        ),
        a + "do_visit_case": line(
            Action.CASE_VISIT,
            d,
            replied,
            lambda c: act().do_visit_case(case=c, method="phone", satisfaction=4, solved=True, acting_user=d_(c)),
        ),
        a + "do_close_case": line(
            Action.CASE_CLOSE, d, visited, lambda c: act().do_close_case(case=c, acting_user=d_(c))
        ),
        a + "do_merge_case": merge,
        a + "do_escalate_case": line(
            Action.CASE_ESCALATE,
            d,
            dispatched,
            lambda c: act().do_escalate_case(case=c, acting_user=d_(c), reason="逾期"),
        ),
        a + "do_exclude_case": line(
            Action.CASE_EXCLUDE,
            d,
            dispatched,
            lambda c: act().do_exclude_case(case=c, reason="已转入诉讼程序", acting_user=d_(c)),
        ),
        a + "do_refer_case": line(
            Action.CASE_REFER,
            rep,
            taken,
            lambda c: act().do_refer_case(case=c, to=_by("rep2"), reason="不在我的领域", acting_user=rep_(c)),
        ),
        a + "do_rate_office": rate,
        "web.cases.catalogue.do_publish_catalogue": publish,
        "web.open311.actions.do_issue_open311_key": issue_open311_key,
        "web.open311.actions.do_revoke_open311_key": revoke_open311_key,
        "web.cases.rules.do_set_escalation_rule": rule,
        "web.cases.scorecards.do_publish_scorecard": scorecard,
        "web.cases.intake.actions.do_take_request": take_with_photos,
    }


def reps_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.reps.actions."

    def act() -> Any:
        return _mod("web.reps.actions")

    def congress(w: W) -> Any:
        if "congress" not in w.built:
            from web.reps.testing import make_congress

            w.built["congress"] = make_congress(w.world)
        return w.built["congress"]

    def today() -> dt.date:
        return timezone.localdate()

    def training(w: W) -> Any:
        return act().do_add_training(
            congress=congress(w).body,
            unit=w.world.street,
            title="党代表履职培训班",
            held_on=today(),
            place="区委党校",
            organiser="区委组织部",
            acting_user=w.world.street_staff,
        )

    def save_profile(w: W) -> Case:
        c = congress(w)
        return Case(
            lambda: act().do_save_profile(seat=c.seat_a, fields=["education"], intro="教师", acting_user=c.rep_a),
            lambda made: [(Action.REPS_PROFILE, c.rep_a, made)],
        )

    def link(w: W) -> Case:
        c = congress(w)
        return Case(
            lambda: act().do_link(seat=c.seat_b, unit=w.world.community_a, since=today(), acting_user=w.org),
            lambda made: [(Action.REPS_LINK, w.org, made)],
        )

    def end_link(w: W) -> Case:
        c = congress(w)
        made = act().do_link(seat=c.seat_b, unit=w.world.community_a, since=today(), acting_user=w.org)
        return Case(
            lambda: act().do_end_link(link=made, until=today(), reason="工作调整", acting_user=w.org),
            lambda _r: [(Action.REPS_UNLINK, w.org, made)],
        )

    def add_training(w: W) -> Case:
        return Case(lambda: training(w), lambda made: [(Action.REPS_TRAINING, w.world.street_staff, made)])

    def attendance(w: W) -> Case:
        c, held = congress(w), training(w)
        return Case(
            lambda: act().do_record_attendance(training=held, seats=[c.seat_a], acting_user=w.world.street_staff),
            lambda _r: [(Action.REPS_ATTENDANCE, w.world.street_staff, held)],
        )

    def answer(w: W) -> Case:
        from web.cases.actions import do_refer_case, do_take_case
        from web.cases.models import CaseEvent
        from web.cases.testing import make_case_world

        c = congress(w)
        entry = make_case_world(w.world).entry("noise")
        case, _code = do_take_case(
            channel="representative",
            entry=entry,
            unit=w.world.grid_a2,
            description="楼上深夜噪音",
            acting_user=c.rep_a,
            representative=c.rep_a,
            requester_phone="13800000009",
            consent=True,
        )
        do_refer_case(case=case, to=c.rep_b, reason="需要法律方面的代表", acting_user=c.rep_a)
        event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REFERRED)
        return Case(
            lambda: act().do_answer_referral(event=event, text="已联系双方", acting_user=c.rep_b),
            lambda _r: [(Action.REPS_ANSWER, c.rep_b, case)],
        )

    return {
        a + "do_save_profile": save_profile,
        a + "do_link": link,
        a + "do_end_link": end_link,
        a + "do_add_training": add_training,
        a + "do_record_attendance": attendance,
        a + "do_answer_referral": answer,
    }


# ----------------------------------------------------------------------------- lines: studios


def studio_cases() -> dict[str, Callable[[W], Case]]:
    """The studios' actions on ``web.studios.testing``'s world, on Tuesday 3 March 2026 at 10:00
    (community A's reception runs 09:00–11:30 that day, 刘洋 on duty)."""
    from web.common.testing import local_at

    a = "web.studios.actions."
    at = local_at("2026-03-03", 10)

    def _act() -> Any:
        from web.studios import actions

        return actions

    def on_tuesday(fn: Callable[[], Any]) -> Any:
        with clock.told_by(lambda: at):
            return fn()

    def world_of(w: W) -> Any:
        from web.cases.testing import make_case_world
        from web.studios.testing import make_studio_world

        return on_tuesday(lambda: make_studio_world(make_case_world(w.world)))

    def first_session(sw: Any) -> Any:
        return sw.studio_a.sessions.order_by("starts_at").first()

    def save_studio(w: W) -> Case:
        world_of(w)
        liaison = w.world.street_staff
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_save_studio(
                    acting_user=liaison,
                    name="教育行业党代表工作室",
                    kind="industry",
                    sector="education",
                    unit=w.world.street,
                )
            ),
            lambda made: [(Action.STUDIO_CREATE, liaison, made)],
        )

    def update_studio(w: W) -> Case:
        sw = world_of(w)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_save_studio(acting_user=sw.secretary_a, studio=sw.studio_a, name="和平工作室")
            ),
            lambda made: [(Action.STUDIO_UPDATE, sw.secretary_a, made)],
        )

    def set_staff(w: W) -> Case:
        sw = world_of(w)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_set_staff(
                    studio=sw.studio_a, person=w.world.person_a2, post="volunteer", acting_user=sw.director_a
                )
            ),
            lambda made: [(Action.STUDIO_STAFF, sw.director_a, made)],
        )

    def remove_staff(w: W) -> Case:
        sw = world_of(w)
        row = sw.studio_a.staff.get(post="volunteer")
        key = ("studios.staff", row.pk)
        return Case(
            lambda: on_tuesday(lambda: _act().do_remove_staff(staff=row, acting_user=sw.secretary_a)),
            lambda _r: [(Action.STUDIO_STAFF_REMOVE, sw.secretary_a, key)],
        )

    def attach(w: W) -> Case:
        sw = world_of(w)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_attach_representative(studio=sw.studio_b, seat=sw.seat_a, acting_user=sw.director_b)
            ),
            lambda made: [(Action.STUDIO_ATTACH, sw.director_b, made)],
        )

    def detach(w: W) -> Case:
        sw = world_of(w)
        member = sw.studio_a.members.get(seat=sw.seat_b)
        key = ("studios.member", member.pk)
        return Case(
            lambda: on_tuesday(lambda: _act().do_detach_representative(member=member, acting_user=sw.director_a)),
            lambda _r: [(Action.STUDIO_DETACH, sw.director_a, key)],
        )

    def save_rule(w: W) -> Case:
        sw = world_of(w)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_save_rule(
                    studio=sw.studio_a,
                    acting_user=sw.director_a,
                    kind="visiting",
                    week=2,
                    weekday=3,
                    starts=dt.time(14),
                    ends=dt.time(17),
                    valid_from=dt.date(2026, 3, 1),
                    seat=sw.seat_b,
                )
            ),
            lambda made: [(Action.STUDIO_RULE, sw.director_a, made)],
        )

    def generate(w: W) -> Case:
        sw = world_of(w)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_generate_sessions(
                    studio=sw.studio_a, acting_user=sw.secretary_a, end=dt.date(2026, 6, 30)
                )
            ),
            lambda _n: [(Action.STUDIO_SESSIONS, sw.secretary_a, sw.studio_a)],
        )

    def generate_nothing(w: W) -> Case:
        sw = world_of(w)
        return writes_nothing(
            lambda: on_tuesday(lambda: _act().do_generate_sessions(studio=sw.studio_a, acting_user=None)),
            "the sessions of the coming weeks exist already: a run with nothing to make leaves no entry",
        )

    def add_session(w: W) -> Case:
        sw = world_of(w)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_add_session(
                    studio=sw.studio_a,
                    acting_user=sw.director_a,
                    kind="visiting",
                    day=dt.date(2026, 3, 5),
                    starts=dt.time(9),
                    ends=dt.time(12),
                    seats=[sw.seat_a],
                )
            ),
            lambda made: [(Action.STUDIO_SESSION_ADD, sw.director_a, made)],
        )

    def cancel(w: W) -> Case:
        sw = world_of(w)
        later = sw.studio_a.sessions.order_by("starts_at")[1]
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_cancel_session(session=later, reason="场地维修", acting_user=sw.director_a)
            ),
            lambda made: [(Action.STUDIO_SESSION_CANCEL, sw.director_a, made)],
        )

    def close(w: W) -> Case:
        sw = world_of(w)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_close_studio(
                    studio=sw.studio_a, reason="并入党群服务中心", acting_user=sw.org.street_staff
                )
            ),
            lambda made: [(Action.STUDIO_CLOSE, sw.org.street_staff, made)],
        )

    def duty(w: W) -> Case:
        sw = world_of(w)
        session = first_session(sw)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_set_duty(session=session, seat=sw.seat_b, on=True, acting_user=sw.secretary_a)
            ),
            lambda made: [(Action.STUDIO_DUTY, sw.secretary_a, made)],
        )

    def check_in(w: W) -> Case:
        sw = world_of(w)
        on_duty = first_session(sw).duties.get()
        return Case(
            lambda: on_tuesday(lambda: _act().do_check_in(duty=on_duty, acting_user=sw.rep_a)),
            lambda made: [(Action.STUDIO_CHECK_IN, sw.rep_a, made)],
        )

    def check_in_by_staff(w: W) -> Case:
        sw = world_of(w)
        on_duty = first_session(sw).duties.get()
        return Case(
            lambda: on_tuesday(lambda: _act().do_check_in(duty=on_duty, acting_user=sw.volunteer_a)),
            lambda made: [(Action.STUDIO_CHECK_IN, sw.volunteer_a, made)],
        )

    def take(w: W) -> Case:
        from web.studios.models import SessionCase

        sw = world_of(w)
        session = first_session(sw)
        return Case(
            lambda: on_tuesday(
                lambda: _act().do_take_at_session(
                    session=session,
                    seat=sw.seat_a,
                    acting_user=sw.rep_a,
                    entry=sw.cw.entry("noise"),
                    unit=w.world.building_a1,
                    description="楼道堆放杂物",
                    requester_name="王芳",
                    requester_phone="13800000001",
                    consent=True,
                )
            ),
            lambda made: [
                (Action.CASE_TAKE, sw.rep_a, made[0]),
                (Action.STUDIO_TAKE, sw.rep_a, SessionCase.objects.get(case=made[0])),
            ],
        )

    EXTRA[a + "do_generate_sessions (nothing to make)"] = generate_nothing
    EXTRA[a + "do_check_in (by the studio's staff)"] = check_in_by_staff
    EXTRA[a + "do_save_studio (an edit)"] = update_studio
    return {
        a + "do_save_studio": save_studio,
        a + "do_set_staff": set_staff,
        a + "do_remove_staff": remove_staff,
        a + "do_attach_representative": attach,
        a + "do_detach_representative": detach,
        a + "do_save_rule": save_rule,
        a + "do_generate_sessions": generate,
        a + "do_add_session": add_session,
        a + "do_cancel_session": cancel,
        a + "do_close_studio": close,
        a + "do_set_duty": duty,
        a + "do_check_in": check_in,
        a + "do_take_at_session": take,
    }


# ----------------------------------------------------------------------------- lines: congress


def congress_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.congress.actions."

    def act() -> Any:
        from web.congress import actions

        return actions

    def meeting(w: W) -> Any:
        from web.congress.testing import congress_meeting

        return congress_meeting(w.world)

    def report(w: W, kind: str = "oral", **kw: Any) -> Any:
        fields = {"reporter": "张明", "title": "述职", **kw}
        return act().do_add_report(meeting=meeting(w), kind=kind, acting_user=w.world.street_staff, **fields)

    def filed(w: W) -> Any:
        from web.congress.testing import representative

        rep = representative(w.world)
        return act().do_file_inquiry(meeting=meeting(w), to="committee", to_name="", text="问", acting_user=rep)

    def add_report(w: W) -> Case:
        from web.congress.testing import pdf_upload

        m, staff = meeting(w), w.world.street_staff
        return Case(
            lambda: act().do_add_report(
                meeting=m,
                kind="written",
                reporter="区教育局",
                title="书面述职",
                document=pdf_upload(),
                acting_user=staff,
            ),
            lambda r: [(Action.CONGRESS_REPORT_ADD, staff, r)],
        )

    def remove_report(w: W) -> Case:
        r, staff = report(w), w.world.street_staff
        return Case(
            lambda: act().do_remove_report(report=r, acting_user=staff),
            lambda _r: [(Action.CONGRESS_REPORT_REMOVE, staff, ("congress.workreport", r.pk))],
        )

    def approval(w: W) -> Case:
        r, staff = report(w, "committee", committee="party"), w.world.street_staff
        return Case(
            lambda: act().do_create_approval(report=r, acting_user=staff),
            lambda poll: [(Action.POLL_CREATE, staff, poll), (Action.CONGRESS_APPROVAL, staff, r)],
        )

    def file_inquiry(w: W) -> Case:
        from web.congress.testing import representative

        m, rep = meeting(w), representative(w.world)
        return Case(
            lambda: act().do_file_inquiry(meeting=m, to="department", to_name="区教育局", text="问", acting_user=rep),
            lambda i: [(Action.INQUIRY_FILE, rep, i)],
        )

    def spot(w: W) -> Case:
        i, staff = filed(w), w.world.street_staff
        return Case(
            lambda: act().do_answer_on_spot(inquiry=i, answer="答", answerer="副区长", acting_user=staff),
            lambda r: [(Action.INQUIRY_ANSWER_SPOT, staff, r)],
        )

    def written(w: W) -> Case:
        i, staff = filed(w), w.world.street_staff
        return Case(
            lambda: act().do_answer_in_writing(inquiry=i, answer="答", answerer="", acting_user=staff),
            lambda r: [(Action.INQUIRY_ANSWER_WRITING, staff, r)],
        )

    def rating(w: W) -> Case:
        m, staff = report(w).meeting, w.world.street_staff
        return Case(
            lambda: act().do_create_rating(meeting=m, acting_user=staff),
            lambda r: [(Action.POLL_CREATE, staff, r.poll), (Action.CONGRESS_RATING, staff, m)],
        )

    return {
        a + "do_create_rating": rating,
        a + "do_add_report": add_report,
        a + "do_remove_report": remove_report,
        a + "do_create_approval": approval,
        a + "do_file_inquiry": file_inquiry,
        a + "do_answer_on_spot": spot,
        a + "do_answer_in_writing": written,
    }


def proposal_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.proposals.actions."

    def act() -> Any:
        return _mod("web.proposals.actions")

    def t() -> Any:
        return _mod("web.proposals.testing")

    def pw(w: W) -> Any:
        if "pw" not in w.built:
            w.built["pw"] = t().make_proposal_world(w.world)
        return w.built["pw"]

    def line(
        action: Any, who: Callable[[Any], Any], build: Callable[[Any], Any], call: Callable[[Any, Any], Any]
    ) -> Callable[[W], Case]:
        def make(w: W) -> Case:
            p = pw(w)
            proposal = build(p)
            actor = who(p)
            return Case(lambda: call(p, proposal), lambda _r: [(action, actor, ("proposals.proposal", proposal.pk))])

        return make

    def staff(p: Any) -> Any:
        return p.district_staff

    def proposer(p: Any) -> Any:
        return p.reps[0]

    def second(p: Any) -> Any:
        return p.reps[1]

    def handler(p: Any) -> Any:
        return p.traffic_handler

    def open_season(w: W) -> Case:
        p = pw(w)
        return Case(
            lambda: act().do_open_season(
                body=p.congress, year=2031, title="2031 年度提案", themes=["民生"], opens_on=dt.date(2031, 9, 1),
                files_by=dt.date(2031, 10, 31), min_supporters=2, answer_within=40, rate_within=10,
                acting_user=p.district_staff,
            ),
            lambda made: [(Action.PROPOSAL_SEASON_OPEN, p.district_staff, made)],
        )  # fmt: skip

    def delegations(w: W) -> Case:
        p = pw(w)
        return Case(
            lambda: act().do_form_delegations(body=p.congress, acting_user=p.district_staff),
            lambda _r: [(Action.PROPOSAL_DELEGATIONS, p.district_staff, p.congress)],
        )

    def file(w: W) -> Case:
        p = pw(w)
        return Case(lambda: t().file(p), lambda made: [(Action.PROPOSAL_FILE, p.reps[0], made)])

    def merge(w: W) -> Case:
        p = pw(w)
        kept, dup = t().submitted(p), t().file(p, "school", by=3, cosigners=(4, 2))
        return Case(
            lambda: act().do_merge_proposal(proposal=dup, into=kept, acting_user=p.district_staff),
            lambda _r: [(Action.PROPOSAL_MERGE, p.district_staff, ("proposals.proposal", dup.pk))],
        )

    def vote(w: W) -> Case:
        p = pw(w)
        proposal = t().discussed(p)
        return Case(
            lambda: act().do_put_to_vote(
                season=p.season, proposals=[proposal], starts_at=clock.now(), acting_user=p.district_staff
            ),
            lambda made: [
                (Action.MEETING_CREATE, p.district_staff, made),
                (Action.POLL_CREATE, p.district_staff, made.polls.get()),
                (Action.PROPOSAL_VOTE, p.district_staff, ("proposals.proposal", proposal.pk)),
            ],
        )

    def conclude(w: W) -> Case:
        from web.meetings import actions as m
        from web.meetings import ballots

        p = pw(w)
        proposal = t().discussed(p)
        staff = p.district_staff
        meeting = act().do_put_to_vote(season=p.season, proposals=[proposal], starts_at=clock.now(), acting_user=staff)
        m.do_open_meeting(meeting=meeting, acting_user=staff)
        for attendee in meeting.attendees.filter(kind="voter").order_by("id"):
            m.do_check_in(attendee=attendee, method="search", acting_user=staff)
        voters = list(meeting.attendees.filter(kind="voter").order_by("id"))
        poll = m.do_open_poll(poll=meeting.polls.get(), acting_user=staff)
        for code in m.hand_out_codes(poll, voters, acting_user=staff):
            m.cast_ballot(poll_id=poll.pk, code=code, content=ballots.clean_content(poll, {"vote": "yes"}))
        m.do_close_poll(poll=poll, acting_user=staff)
        return Case(
            lambda: act().do_conclude_vote(proposal=proposal, acting_user=staff),
            lambda _r: [(Action.PROPOSAL_CONCLUDE, staff, ("proposals.proposal", proposal.pk))],
        )

    def first_delegation(p: Any) -> Any:
        return p.congress.delegations.order_by("id").first()

    return {
        a + "do_open_season": open_season,
        a + "do_form_delegations": delegations,
        a + "do_file_proposal": file,
        a + "do_edit_proposal": line(
            Action.PROPOSAL_EDIT,
            proposer,
            lambda p: t().file(p),
            lambda p, x: act().do_edit_proposal(
                proposal=x, theme=p.theme(), title="新案由", situation="情况", request="建议", acting_user=p.reps[0]
            ),
        ),
        a + "do_second_proposal": line(
            Action.PROPOSAL_SECOND,
            second,
            lambda p: t().file(p),
            lambda p, x: act().do_second_proposal(proposal=x, acting_user=p.reps[1]),
        ),
        a + "do_decline_second": line(
            Action.PROPOSAL_DECLINE_SECOND,
            second,
            lambda p: t().file(p),
            lambda p, x: act().do_decline_second(proposal=x, acting_user=p.reps[1]),
        ),
        a + "do_submit_proposal": line(
            Action.PROPOSAL_SUBMIT,
            proposer,
            lambda p: t().seconded(p),
            lambda p, x: act().do_submit_proposal(proposal=x, acting_user=p.reps[0]),
        ),
        a + "do_review_proposal": line(
            Action.PROPOSAL_ACCEPT,
            staff,
            lambda p: t().submitted(p),
            lambda p, x: act().do_review_proposal(proposal=x, accept=True, reason="", acting_user=p.district_staff),
        ),
        a + "do_merge_proposal": merge,
        a + "do_record_discussion": line(
            Action.PROPOSAL_DISCUSS,
            staff,
            lambda p: t().accepted(p),
            lambda p, x: act().do_record_discussion(
                proposal=x,
                delegation=first_delegation(p),
                held_on=dt.date(2026, 1, 5),
                summary="赞成",
                acting_user=p.district_staff,
            ),
        ),
        a + "do_put_to_vote": vote,
        a + "do_conclude_vote": conclude,
        a + "do_assign_proposal": line(
            Action.PROPOSAL_ASSIGN,
            staff,
            lambda p: t().voted(p),
            lambda p, x: act().do_assign_proposal(proposal=x, office=p.transport, acting_user=p.district_staff),
        ),
        a + "do_answer_proposal": line(
            Action.PROPOSAL_ANSWER,
            handler,
            lambda p: t().assigned(p),
            lambda p, x: act().do_answer_proposal(proposal=x, text="已办", acting_user=p.traffic_handler),
        ),
        a + "do_rate_answer": line(
            Action.PROPOSAL_RATE,
            proposer,
            lambda p: t().answered(p),
            lambda p, x: act().do_rate_answer(proposal=x, rating="satisfied", acting_user=p.reps[0]),
        ),
    }


def recommendation_cases() -> dict[str, Callable[[W], Case]]:
    """Democratic recommendation: set up (one poll per class, each its own entry), counted,
    published, a second round (which sets up the next recommendation)."""
    m = "web.meetings.recommendation."
    a = "web.recommendations.actions."

    def act() -> Any:
        return _mod("web.recommendations.actions")

    def t() -> Any:
        return _mod("web.recommendations.testing")

    def create(w: W) -> Case:
        meeting = draft_meeting(w)
        return Case(
            lambda: t().create(w.world, meeting),
            lambda rec: [
                (Action.RECOMMENDATION_CREATE, w.org, rec),
                *[(Action.POLL_CREATE, w.org, c.poll) for c in rec.classes.all()],
            ],
        )

    def create_poll(w: W) -> Case:
        meeting = draft_meeting(w)
        return Case(
            lambda: _mod("web.meetings.recommendation").do_create_recommendation_poll(
                meeting=meeting, title="A类推荐表", post="书记", places=1, class_id="A", class_name="班子成员",
                names=[("王芳", None), ("李强", None)], acting_user=w.org,
            ),
            lambda poll: [(Action.POLL_CREATE, w.org, poll)],
        )  # fmt: skip

    def counted_world(w: W, forms: dict[str, list[list[str]]]) -> Any:
        from django.test import Client

        meeting, present = t().open_meeting(w.world, voters=10)
        names = ["王芳", "李强", "张伟", "刘洋", "赵敏", "陈静", "黄磊", "周杰"]
        rec = t().create(w.world, meeting, names=names)
        t().hold(w.world, Client(), rec, forms, present)
        return rec

    def count(w: W) -> Case:
        rec = counted_world(w, {"A": [["王芳"]], "B": [["王芳"]]})
        return Case(
            lambda: act().do_count_recommendation(recommendation=rec, acting_user=w.org),
            lambda _r: [(Action.RECOMMENDATION_COUNT, w.org, rec)],
        )

    def publish(w: W) -> Case:
        rec = act().do_count_recommendation(
            recommendation=counted_world(w, {"A": [["王芳"]], "B": [["王芳"]]}), acting_user=w.org
        )
        return Case(
            lambda: act().do_publish_recommendation(recommendation=rec, acting_user=w.org),
            lambda _r: [(Action.RECOMMENDATION_PUBLISH, w.org, rec)],
        )

    def second(w: W) -> Case:
        scattered = {
            "A": [["王芳"], ["李强"], ["张伟"]],
            "B": [["王芳"], ["李强"], ["刘洋"], ["赵敏"], ["陈静"], ["黄磊"], ["周杰"]],
        }
        rec = act().do_count_recommendation(recommendation=counted_world(w, scattered), acting_user=w.org)
        return Case(
            lambda: act().do_start_second_round(recommendation=rec, meeting=rec.meeting, acting_user=w.org),
            lambda made: [
                (Action.RECOMMENDATION_SECOND_ROUND, w.org, rec),
                (Action.RECOMMENDATION_CREATE, w.org, made),
                *[(Action.POLL_CREATE, w.org, c.poll) for c in made.classes.all()],
            ],
        )

    return {
        m + "do_create_recommendation_poll": create_poll,
        a + "do_create_recommendation": create,
        a + "do_count_recommendation": count,
        a + "do_publish_recommendation": publish,
        a + "do_start_second_round": second,
    }


# ----------------------------------------------------------------------------- the table


def appraisal_cases() -> dict[str, Callable[[W], Case]]:
    a = "web.appraisals.actions."

    def act() -> Any:
        return _mod("web.appraisals.actions")

    def t() -> Any:
        return _mod("web.appraisals.testing")

    def session(w: W, state: str = "draft") -> Any:
        s = t().meeting_session(w.world, names=["钱主任"])
        if state in ("open", "counted"):
            act().do_open_session(session=s, acting_user=w.org)
            key = s.poll.candidates.get().key
            t().cast(s, t().hand_out(s), [{"grades": {key: "不称职"}}] * 5)
        if state == "counted":
            s = act().do_count_session(session=s, acting_user=w.org)
        return s

    def create(w: W) -> Case:
        from web.meetings.testing import make_meeting

        meeting = make_meeting(w.world, voters=3, probationary=0)

        def call() -> Any:
            return act().do_create_session(
                unit=w.world.community_a,
                title="民主测评",
                year=2026,
                mode="phone",
                raters="body",
                scale="individual",
                subjects=[act().SubjectIn(name="钱主任")],
                visibility="public",
                meeting=meeting,
                acting_user=w.org,
            )

        return Case(
            call,
            lambda s: [(Action.POLL_CREATE, w.org, s.poll), (Action.APPRAISAL_CREATE, w.org, s)],
        )

    def open_(w: W) -> Case:
        s = session(w)
        return Case(
            lambda: act().do_open_session(session=s, acting_user=w.org),
            lambda _r: [(Action.POLL_OPEN, w.org, s.poll), (Action.APPRAISAL_OPEN, w.org, s)],
        )

    def count(w: W) -> Case:
        s = session(w, "open")
        return Case(
            lambda: act().do_count_session(session=s, acting_user=w.org),
            lambda _r: [(Action.POLL_CLOSE, w.org, s.poll), (Action.APPRAISAL_COUNT, w.org, s)],
        )

    def publish(w: W) -> Case:
        s = session(w, "counted")
        return Case(
            lambda: act().do_publish_session(session=s, acting_user=w.org),
            lambda _r: [(Action.POLL_PUBLISH, w.org, s.poll), (Action.APPRAISAL_PUBLISH, w.org, s)],
        )

    def decide(w: W) -> Case:
        review = session(w, "counted").reviews.first()
        return Case(
            lambda: act().do_decide_review(review=review, decision="已研究，谈话提醒。", acting_user=w.org),
            lambda _r: [(Action.APPRAISAL_REVIEW, w.org, review)],
        )

    def to_commitments(w: W) -> Case:
        from web.appraisals.tests.test_commitments import _reviewed_year, _survey

        _reviewed_year(w.world)
        s = _survey(w.world)
        return Case(
            lambda: _mod("web.appraisals.commitments").do_take_into_commitments(session=s, acting_user=w.org),
            lambda _r: [(Action.APPRAISAL_TO_COMMITMENTS, w.org, s)],
        )

    def departments(w: W) -> Case:
        """A department evaluation is a survey session: its meeting, its poll and the session."""
        from web.appraisals import department_testing

        staff = w.world.street_staff
        department_testing.make_departments(w.world)
        department_testing.street_body(w.world)
        return Case(
            lambda: department_testing.department_session(w.world),
            lambda s: [
                (Action.MEETING_CREATE, staff, s.meeting),
                (Action.POLL_CREATE, staff, s.poll),
                (Action.APPRAISAL_CREATE, staff, s),
            ],
        )

    def rater_list(w: W) -> Case:
        """The list's body, a seat for each rater, and the meeting the session is held in."""
        people = [w.world.person_a, w.world.person_a2]
        return Case(
            lambda: _mod("web.appraisals.raters").do_make_rater_list(
                unit=w.world.community_a, title="测评人名单", lines=[p.id_number for p in people], acting_user=w.org
            ),
            lambda m: [
                (Action.BODY_CREATE, w.org, m.body),
                *[(Action.BODY_SEAT, w.org, seat) for seat in m.body.seats.order_by("id")],
                (Action.MEETING_CREATE, w.org, m),
            ],
        )

    def two_way(w: W) -> Case:
        tw = _mod("web.appraisals.two_way_testing")
        found = tw.setting(w.world)
        staff = w.world.street_staff

        def call() -> Any:
            return _mod("web.appraisals.two_way").do_create_two_way(
                township=w.world.street, given=tw.given(w.world, found), acting_user=staff
            )

        return Case(
            call,
            lambda pair: [
                (Action.POLL_CREATE, staff, pair[0].poll),
                (Action.APPRAISAL_CREATE, staff, pair[0]),
                (Action.POLL_CREATE, staff, pair[1].poll),
                (Action.APPRAISAL_CREATE, staff, pair[1]),
                (Action.APPRAISAL_TWO_WAY, staff, pair[0]),
            ],
        )

    return {
        "web.appraisals.raters.do_make_rater_list": rater_list,
        "web.appraisals.departments.do_create_department_evaluation": departments,
        "web.appraisals.commitments.do_take_into_commitments": to_commitments,
        "web.appraisals.two_way.do_create_two_way": two_way,
        a + "do_create_session": create,
        a + "do_open_session": open_,
        a + "do_count_session": count,
        a + "do_publish_session": publish,
        a + "do_decide_review": decide,
    }


def _survey_open(w: W) -> Case:
    """A survey's meeting opens with the session and ends with its count."""
    from web.appraisals import actions, testing

    s = testing.survey_session(w.world)
    return Case(
        lambda: actions.do_open_session(session=s, acting_user=w.org),
        lambda _r: [
            (Action.MEETING_OPEN, w.org, s.meeting),
            (Action.POLL_OPEN, w.org, s.poll),
            (Action.APPRAISAL_OPEN, w.org, s),
        ],
    )


#: further lines for actions that write other entries in another situation ("name (situation)")
EXTRA: dict[str, Callable[[W], Case]] = {}

PAPER, PAPER_EXTRA = paper_cases()
EXTRA.update(PAPER_EXTRA)


def _decline(w: W) -> Case:
    from web.proposals import actions, testing

    if "pw" not in w.built:
        w.built["pw"] = testing.make_proposal_world(w.world)
    p = w.built["pw"]
    proposal = testing.submitted(p)
    return Case(
        lambda: actions.do_review_proposal(
            proposal=proposal, accept=False, reason="属于人大建议范围", acting_user=p.district_staff
        ),
        lambda _r: [(Action.PROPOSAL_DECLINE, p.district_staff, ("proposals.proposal", proposal.pk))],
    )


EXTRA["web.proposals.actions.do_review_proposal (not accepted)"] = _decline
EXTRA["web.appraisals.actions.do_open_session (survey)"] = _survey_open

CASES: dict[str, Callable[[W], Case]] = {
    **org_cases(),
    **account_cases(),
    **notify_cases(),
    **meeting_cases(),
    **meeting_side_cases(),
    **PAPER,
    **commitment_cases(),
    **download_cases(),
    **roster_import_cases(),
    **deliberation_cases(),
    **election_cases(),
    **workday_cases(),
    **case_cases(),
    **points_cases(),
    **reps_cases(),
    **studio_cases(),
    **congress_cases(),
    **proposal_cases(),
    **appraisal_cases(),
    **recommendation_cases(),
    **inspection_cases(),
}


# ----------------------------------------------------------------------------- the tests


def test_every_action_found_in_the_code_has_a_line():
    missing = sorted(set(ACTIONS) - set(CASES))
    stale = sorted(set(CASES) - set(ACTIONS))
    assert not missing, (
        f"{', '.join(missing)}: an action with no line in tests/test_audit_coverage.py; add how to call it "
        "and the audit entries it must write (or why it writes none)"
    )
    assert not stale, f"{', '.join(stale)}: a line for an action that no longer exists; remove or rename it"


def test_the_discovery_finds_actions_in_every_app_that_has_them():
    apps = {name.split(".")[1] for name in ACTIONS}
    writing = {"org", "accounts", "api", "audit", "notify", "meetings", "elections", "deliberation", "commitments"}
    writing |= {"workdays", "cases", "points", "reps", "studios"}
    writing |= {"congress"}
    writing |= {"proposals"}
    writing |= {"appraisals"}
    writing |= {"recommendations"}
    writing |= {"inspections"}
    assert writing <= apps


def _run(name: str, fn: Callable[..., Any], line: Callable[[W], Case], world: Any, monkeypatch: Any) -> None:
    case = line(W(world))
    calls: list[str] = []
    module = importlib.import_module(fn.__module__)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return fn(*args, **kwargs)

    monkeypatch.setattr(module, fn.__name__, spy)
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result = case.call()
    monkeypatch.undo()
    assert calls, f"the line for {name} does not call it through {fn.__module__}"
    written = list(AuditEntry.objects.filter(id__gt=start).order_by("id"))
    expected = case.expect(result)
    if not expected:
        assert case.none_because, f"{name} expects no entry: say why in its line"
    assert sorted(e.action for e in written) == sorted(str(action) for action, _a, _o in expected), (
        f"{name} wrote {[e.action for e in written]}"
    )
    for action, actor, obj in expected:
        object_type, object_id = (obj[0], obj[1]) if isinstance(obj, tuple) else (obj._meta.label_lower, obj.pk)
        match = [
            e
            for e in written
            if e.action == action
            and e.actor_id == actor.pk
            and e.object_type == object_type
            and e.object_id == str(object_id)
        ]
        assert match, f"{name}: no {action} entry by {actor} on {object_type}:{object_id}; wrote {written}"
        written.remove(match[0])


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_the_action_writes_exactly_its_audit_entries(name, world, monkeypatch):
    if name not in CASES:
        pytest.fail(
            f"{name} is a do_* action with no line in tests/test_audit_coverage.py: add how to call it and "
            "the audit entries it must write (or why it writes none)"
        )
    _run(name, ACTIONS[name], CASES[name], world, monkeypatch)


@pytest.mark.parametrize("label", sorted(EXTRA))
def test_the_action_writes_exactly_its_audit_entries_in_another_situation(label, world, monkeypatch):
    name = label.split(" ")[0]
    _run(name, ACTIONS[name], EXTRA[label], world, monkeypatch)
