"""The demo street: shape, proportions, valid ID numbers, determinism, idempotence, personas."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.test import override_settings

from web.audit.models import AuditEntry
from web.audit.verify import verify_chain
from web.demo.generator import REFERENCE_DATE, Plan, build_street
from web.demo.loader import database_digest
from web.demo.personas import PASSWORD, PERSONAS, USERNAMES
from web.demo.places import DISTRICT_CODE, OTHER_AREA_CODES
from web.elections.stages import current_polls
from web.meetings.testing import received
from web.org import queries
from web.org.idnumbers import check_id_number
from web.org.models import Body, BodySeat, Household, PartyMembership, PartyOrg, Person, Role, Unit

SMALL = 0.05


@pytest.fixture(scope="module")
def full_plan() -> Plan:
    return build_street(seed=2026, scale=1.0)


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The small street with its meetings and elections, seeded once for the module inside a
    transaction that is rolled back at the end (each test runs in a savepoint within it).
    The township's 497-member vote makes one seed take seconds, too long to repeat per test."""
    sms_log = tmp_path_factory.mktemp("var") / "sms.log"
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, NOTIFY_SMS_FILE=sms_log):
        with transaction.atomic():
            call_command("seed_demo", seed=2026, scale=SMALL, stdout=open(os.devnull, "w"))
            yield sms_log
            transaction.set_rollback(True)


@pytest.fixture
def street(_seeded, db):  # type: ignore[no-untyped-def]
    return Unit.objects.get(kind=Unit.Kind.STREET)


# ---- the full street, as generated (no database) ------------------------------------------


def test_full_street_has_the_shape_of_the_brief(full_plan: Plan) -> None:
    kinds = Counter(u.kind for u in full_plan.units)
    assert (kinds["district"], kinds["street"], kinds["township"]) == (1, 1, 1)
    street_areas = Counter(u.kind for u in full_plan.units if u.parent_code == "JH")
    assert (street_areas["community"], street_areas["village"]) == (6, 2)
    in_street = [p for p in full_plan.people if p.unit_code.startswith("JH-")]
    assert 19_000 <= len(in_street) <= 21_000
    assert 1_400 <= sum(m.org_code.startswith("JH-") for m in full_plan.memberships) <= 1_600
    per_grid = Counter(h.unit_code.rsplit("-", 1)[0] for h in full_plan.households)
    assert kinds["grid"] == len(per_grid)
    assert all(200 <= n <= 450 for n in per_grid.values()), per_grid


def test_households_are_larger_in_villages(full_plan: Plan) -> None:
    sizes = Counter(p.household_number for p in full_plan.people)
    urban = [n for k, n in sizes.items() if "-C" in k]
    rural = [n for k, n in sizes.items() if "-V" in k]
    assert 2.4 <= sum(urban) / len(urban) <= 2.8
    assert 3.2 <= sum(rural) / len(rural) <= 3.8


def test_member_status_mix(full_plan: Plan) -> None:
    street = [m for m in full_plan.memberships if m.org_code.startswith("JH-")]  # quotas per street/township
    n = len(street)
    status = Counter(m.status for m in street)
    floating = sum(m.is_floating for m in street)
    assert 0.025 * n <= status["probationary"] <= 0.035 * n
    assert 5 <= status["discipline"] <= 12
    assert status["suspended"] == 2
    assert 0.04 * n <= floating <= 0.06 * n
    assert status["full"] == n - status["probationary"] - status["discipline"] - status["suspended"]


def test_membership_dates_fit_status_and_age(full_plan: Plan) -> None:
    born = {p.id_number: p.birth_date for p in full_plan.people}
    year_ago = REFERENCE_DATE - dt.timedelta(days=365)
    for m in full_plan.memberships:
        assert m.joined_on >= born[m.id_number].replace(year=born[m.id_number].year + 18, day=1)
        if m.status == "probationary":
            assert year_ago < m.joined_on < REFERENCE_DATE
        else:
            assert m.joined_on <= year_ago


def test_every_id_number_is_valid_and_matches_birth_date_and_gender(full_plan: Plan) -> None:
    allowed_regions = {DISTRICT_CODE, *OTHER_AREA_CODES}
    assert len({p.id_number for p in full_plan.people}) == len(full_plan.people)
    for p in full_plan.people:
        assert check_id_number(p.id_number) is None, p
        assert p.id_number[6:14] == p.birth_date.strftime("%Y%m%d")
        assert int(p.id_number[16]) % 2 == (1 if p.gender == "M" else 0)
        assert p.id_number[:6] in allowed_regions
    local = sum(p.id_number.startswith(DISTRICT_CODE) for p in full_plan.people)
    assert local > 0.75 * len(full_plan.people)


def test_names_and_phones_look_real(full_plan: Plan) -> None:
    assert all(2 <= len(p.name) <= 4 for p in full_plan.people)
    surnames = Counter(p.name[0] for p in full_plan.people if p.unit_code.startswith("JH-"))  # the street
    assert [s for s, _n in surnames.most_common(5)] == ["王", "李", "张", "刘", "陈"]
    phones = [p.phone for p in full_plan.people if p.phone]
    assert len(set(phones)) == len(phones)
    assert all(len(ph) == 11 and ph[0] == "1" and ph[1] in "3456789" and ph.isdigit() for ph in phones)
    assert not any(p.phone for p in full_plan.people if REFERENCE_DATE.year - p.birth_date.year <= 11)


def test_bodies_of_each_community_and_village(full_plan: Plan) -> None:
    areas = [u for u in full_plan.units if u.kind in ("community", "village") and u.parent_code == "JH"]
    bodies = {(b.unit_code, b.kind) for b in full_plan.bodies}
    seats = Counter(s.body_key for s in full_plan.seats)
    households = Counter(h.number.rsplit("-", 1)[0] for h in full_plan.households)
    gender = {p.id_number: p.gender for p in full_plan.people}
    for area in areas:
        village = area.kind == "village"
        expected = {
            "members_meeting",
            "party_committee",
            "two_committees",
            "villagers_committee" if village else "residents_committee",
            "villager_reps" if village else "resident_reps",
        } | ({"villagers_meeting"} if village else set())
        assert {k for u, k in bodies if u == area.code} == expected
        if village:
            reps = [
                s for s in full_plan.seats if s.body_key == f"{area.code}:villager_reps" and s.post == "representative"
            ]
            assert 10 <= households[area.code] / len(reps) <= 15
            assert 3 * sum(gender[s.id_number] == "F" for s in reps) >= len(reps)  # women ≥ 1/3 (law)
        posts = Counter(s.post for s in full_plan.seats if s.body_key == f"{area.code}:party_committee")
        assert posts["secretary"] == 1 and posts["deputy_secretary"] >= 1
        assert seats[f"{area.code}:members_meeting"] == sum(
            1 for m in full_plan.memberships if m.org_code.startswith(area.code + "-P")
        )
    street = next(u.code for u in full_plan.units if u.kind == "street")
    assert seats[f"{street}:full_committee"] == 9 and seats[f"{street}:standing_committee"] == 5


def test_the_township_has_more_voters_than_the_seeds_497_at_any_scale() -> None:
    for scale in (0.02, 1.0):
        plan = build_street(seed=2026, scale=scale)
        status = {m.id_number: m.status for m in plan.memberships}
        roster = [s.id_number for s in plan.seats if s.body_key == "JG:members_meeting"]
        assert len(roster) == sum(m.org_code.startswith("JG-") for m in plan.memberships)
        assert 497 <= sum(status[i] == "full" for i in roster) <= 497 * 5 // 4  # 497 present is a quorum
        committee = [s.id_number for s in plan.seats if s.body_key == "510104:full_committee"]
        assert len(committee) == 31 and all(status[i] == "full" for i in committee)


def test_same_seed_same_street_other_seed_other_street() -> None:
    a = build_street(seed=2026, scale=0.02)
    b = build_street(seed=2026, scale=0.02)
    c = build_street(seed=2027, scale=0.02)
    assert a == b
    assert a.digest() == b.digest() != c.digest()


def test_digest_does_not_depend_on_the_process() -> None:
    code = "from web.demo.generator import build_street; print(build_street(seed=2026, scale=0.02).digest())"
    root = Path(__file__).resolve().parents[3]
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outs == {build_street(seed=2026, scale=0.02).digest()}


# ---- the small street, in the database -----------------------------------------------------


def test_database_holds_exactly_the_plan(street: Unit) -> None:
    plan = build_street(seed=2026, scale=SMALL)
    assert database_digest() == plan.digest()
    assert Person.objects.count() == len(plan.people)
    assert Household.objects.count() == len(plan.households)
    assert PartyMembership.objects.count() == len(plan.memberships)
    from web.demo.loader import LATER_BODIES

    assert BodySeat.objects.exclude(body__in=Body.objects.filter(LATER_BODIES)).count() == len(plan.seats)


def test_paths_depths_and_unit_paths(street: Unit) -> None:
    for unit in Unit.objects.select_related("parent"):
        parent_path = unit.parent.path if unit.parent else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        assert unit.depth == parent_path.count("/") - 1
    assert Person.objects.count() > 0
    assert not Person.objects.exclude(unit_path=F("unit__path")).exists()
    assert not Person.objects.exclude(household__unit=F("unit")).exists()


def test_tree_kinds_are_legal(street: Unit) -> None:
    for unit in Unit.objects.select_related("parent"):
        if unit.parent is None:
            assert unit.kind == Unit.Kind.DISTRICT
        else:
            assert unit.kind in Unit.CHILD_KINDS[Unit.Kind(unit.parent.kind)]
    township = Unit.objects.get(kind=Unit.Kind.TOWNSHIP)
    for org in PartyOrg.objects.select_related("parent", "unit"):
        assert org.unit.path.startswith(org.parent.unit.path) if org.parent else org.unit in (street, township)
    outside = Body.objects.exclude(unit__path__startswith=street.path).exclude(unit__path__startswith=township.path)
    assert list(outside.order_by("id").values_list("kind", "unit__kind")) == [
        ("full_committee", "district"),
        ("congress", "district"),  # the party congress, seated after the stories (web/demo/congress.py)
    ]


def test_if_empty_is_a_no_op_the_second_time(street: Unit) -> None:
    before = (Unit.objects.count(), Person.objects.count(), AuditEntry.objects.count(), database_digest())
    call_command("seed_demo", if_empty=True, stdout=open(os.devnull, "w"))
    assert (Unit.objects.count(), Person.objects.count(), AuditEntry.objects.count(), database_digest()) == before


def test_without_if_empty_a_filled_database_is_refused(street: Unit) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="已有单位"):
        call_command("seed_demo", scale=SMALL, stdout=open(os.devnull, "w"))
    assert AuditEntry.objects.count() == before


def test_one_audit_entry_for_the_whole_seed_and_the_chain_verifies(street: Unit) -> None:
    # the roster load is one entry; the demo meetings after it are made through the staff actions
    entry = AuditEntry.objects.order_by("id").first()
    assert AuditEntry.objects.filter(action="demo.seed").count() == 1
    assert entry.action == "demo.seed"
    assert entry.changes["seed"] == 2026
    assert entry.changes["counts"]["people"] == Person.objects.count()
    assert entry.changes["digest"] == database_digest()
    assert verify_chain().ok
    call_command("verify_audit", stdout=open(os.devnull, "w"))  # time order and checkpoints too


def test_personas_sign_in_with_the_roles_of_the_table(street: Unit, client) -> None:  # type: ignore[no-untyped-def]
    c1, c2 = Unit.objects.filter(kind="community").order_by("code")[:2]
    v1 = Unit.objects.filter(kind="village", parent=street).order_by("code").first()
    grid1 = Unit.objects.filter(parent=c1).order_by("code").first()
    where = {
        "district": street.parent,
        "street": street,
        "community1": c1,
        "community2": c2,
        "village1": v1,
        "grid1": grid1,
    }
    # besides the personas, only the handlers the demo seats at offices nobody else works at, the
    # congress's representatives and the district clerk who makes the inspections' second seed
    # entries (no password)
    others = get_user_model().objects.exclude(username__in=USERNAMES)
    allowed = ("desk-", "congress-", "inspection-")
    assert all(u.username.startswith(allowed) and not u.has_usable_password() for u in others)
    assert set(get_user_model().objects.values_list("username", flat=True)) >= set(USERNAMES)
    for persona in PERSONAS:
        assert client.login(username=persona.username, password=PASSWORD), persona.username
        client.logout()
        roles = Role.objects.select_related("body", "user").exclude(body__kind=Body.Kind.CONGRESS)
        role = roles.get(user__username=persona.username)
        assert (role.kind, role.unit) == (persona.role, where[persona.unit])
        assert (role.body.kind if role.body else None) == persona.body
        assert role.user.display_name
    linked = get_user_model().objects.filter(person__isnull=False, username__in=USERNAMES).select_related("person")
    assert len({u.person_id for u in linked}) == len(linked) == len(PERSONAS) - 2  # all but handler and district
    resident = get_user_model().objects.get(username="resident")
    assert resident.person.unit_path.startswith(c1.path)
    secretary = get_user_model().objects.get(username="secretary")
    assert BodySeat.objects.filter(
        person=secretary.person, post="secretary", body__unit=v1, body__kind="party_committee"
    ).exists()


def test_personas_see_what_their_role_says(street: Unit) -> None:
    users = {u.username: u for u in get_user_model().objects.all()}
    c1 = Unit.objects.filter(kind="community").order_by("code").first()
    assert queries.visible_units(users["street"]).count() == Unit.objects.filter(path__startswith=street.path).count()
    assert queries.visible_units(users["district"]).count() == Unit.objects.count()
    queries.access_unit(users["organiser"], c1.pk, manage=True)
    queries.access_unit(users["member"], c1.pk)
    with pytest.raises(Http404):
        queries.access_unit(users["outsider"], c1.pk)
    with pytest.raises(Http404):
        queries.access_unit(users["observer"], c1.pk)
    with pytest.raises(Http404):
        queries.access_unit(users["resident"], c1.pk)


def test_demo_logins_prints_the_table_and_creates_nothing(street: Unit, capsys) -> None:  # type: ignore[no-untyped-def]
    users = get_user_model().objects.count()
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert all(name in out for name in USERNAMES)
    assert PASSWORD in out and "http://127.0.0.1:8000/" in out
    assert get_user_model().objects.count() == users


def test_demo_meetings_are_in_every_state(street: Unit) -> None:
    from web.appraisals.models import Session
    from web.deliberation.models import StepEvent
    from web.demo.meetings import saved_codes
    from web.elections.models import Stage
    from web.meetings.models import Meeting, Poll

    plain = (
        Meeting.objects.exclude(pk__in=Stage.objects.filter(meeting__isnull=False).values("meeting"))
        .exclude(pk__in=StepEvent.objects.filter(meeting__isnull=False).values("meeting"))
        .exclude(body__kind="congress")  # the congress's meeting has its own story (web/demo/congress_meeting.py)
        .exclude(pk__in=Session.objects.values("meeting"))  # and the appraisals' (web/demo/appraisals.py)
    )
    assert set(plain.values_list("state", flat=True)) == {"draft", "open", "closed"}
    published = Poll.objects.get(meeting__in=plain, published_at__isnull=False)
    assert published.approval == "approved" and published.result["status"] in {"complete", "seats_unfilled"}
    assert Poll.objects.filter(meeting__in=plain, state="open").count() == 2  # the motion, the paper election
    assert len(saved_codes()) == 5  # three for the motion, two for the election meeting's open poll


def test_demo_representative_reads_their_bodys_meeting_and_changes_nothing(street: Unit, client) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: the representative got 404 on their own body's meetings."""
    from web.appraisals.models import Session
    from web.meetings.models import Meeting

    rep = get_user_model().objects.get(username="representative")
    held, coming = (
        Meeting.objects.filter(body__kind="resident_reps", body__seats__person=rep.person)
        .exclude(pk__in=Session.objects.values("meeting"))  # the appraisals' meetings (web/demo/appraisals.py)
        .order_by("starts_at")
    )
    meeting = held
    assert (held.state, coming.state, held.polls.get().state) == ("closed", "draft", "closed")
    client.login(username="representative", password=PASSWORD)
    assert coming.get_absolute_url() in client.get("/staff/").content.decode()  # one click from home
    page = client.get(f"/staff/bodies/{meeting.body_id}/meetings/").content.decode()
    assert held.title in page and coming.title in page
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(meeting.polls.get().get_absolute_url()).status_code == 200
    assert client.post(f"/staff/meetings/{meeting.pk}/open/").status_code == 403
    elsewhere = (
        Meeting.objects.exclude(body__seats__person=rep.person).exclude(joint_body__seats__person=rep.person).first()
    )
    assert client.get(elsewhere.get_absolute_url()).status_code == 404  # not a body they sit on


def test_demo_paper_election_waits_for_its_two_appointed_tellers(street: Unit, client) -> None:  # type: ignore[no-untyped-def]
    from web.demo.meetings import TELLER_PERSONAS
    from web.meetings.models import BallotIssue, Poll
    from web.meetings.tellers import appointed_tellers

    poll = Poll.objects.get(title="补选社区党委委员", state="open")
    tellers = appointed_tellers(poll.meeting)
    assert sorted(o.person.user.username for o in tellers) == sorted(TELLER_PERSONAS)
    assert poll.issues.filter(channel=BallotIssue.Channel.PAPER).count() == 8
    assert not poll.paper_entries.exists() and not poll.paper_accepted
    for username in TELLER_PERSONAS:
        client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        page = client.get(f"/staff/polls/{poll.pk}/paper")
        assert page.status_code == 200 and "开始录入" in page.content.decode()
        client.post("/accounts/logout/")


# ---- the demo elections ------------------------------------------------------------------------


def _elections() -> dict[str, object]:
    from web.elections.models import Election

    by_stage = {}
    for election in Election.objects.select_related("body__unit"):
        stage = election.current_stage
        by_stage[(election.template, stage.kind if stage else "done")] = election
    return by_stage


def test_demo_elections_stand_in_every_stage(street: Unit) -> None:
    from web.elections.models import Nomination, ResearchReport
    from web.meetings.models import Ballot
    from web.meetings.queries import open_poll_for_code

    elections = _elections()
    assert set(elections) == {
        ("open_nomination", "nomination"),
        ("open_nomination", "notice"),
        ("open_nomination", "election"),
        ("open_nomination", "done"),
        ("village", "proxies"),
        ("three_ballot", "done"),
        ("congress_delegates", "notice"),
    }
    # seed 003's proportions: the pre-list 51.6% over the seats, nearly 60% from members' own nominations
    from web.elections.report import nomination_report

    report = nomination_report(elections[("congress_delegates", "notice")])
    assert report is not None and (str(report.margin), str(report.members_own)) == ("16/31（51.6%）", "28/47（59.6%）")
    assert elections[("open_nomination", "nomination")].nominations.exists()
    notice = elections[("open_nomination", "notice")].current_stage
    assert notice.objections.filter(answered_at__isnull=False).count() == 1 == notice.objections.count()
    live = elections[("open_nomination", "election")].current_stage
    assert live.meeting.state == "open"
    assert live.meeting.attendees.filter(checked_in_at__isnull=False).count() > 0
    assert sorted(live.meeting.officers.values_list("role", flat=True)) == ["scrutineer"] * 2 + ["teller"] * 2
    secretary = current_polls(live)["secretary"]
    assert secretary.state == "open" and received(secretary)
    from web.demo.meetings import saved_codes

    assert [open_poll_for_code(c) for c in saved_codes()[3:]] == [secretary, secretary]
    done = elections[("open_nomination", "done")]
    for poll in current_polls(done.stages.get(kind="election")).values():
        assert poll.published_at is not None and poll.approval in ("approved", "not_needed")
    assert elections[("village", "proxies")].proxies.count() == 3

    township = elections[("three_ballot", "done")]
    trust = township.stages.get(kind="trust").data["entries"].values()
    assert {"base": 33, "trust": 32} in trust and {"base": 19, "trust": 19} in trust
    weighted = township.stages.get(kind="weighted").data["result"]
    assert any(w["code"] == "incomparable_bases" for w in weighted["warnings"])
    assert ResearchReport.objects.filter(nomination__election=township).count() == 5
    assert township.nominations.count() == 18
    assert township.nominations.filter(status=Nomination.Status.INELIGIBLE).count() == 2
    primary = current_polls(township.stages.get(kind="primary"))[""]
    assert primary.meeting.body.kind == "full_committee" and len(primary.result["elected"]) == 2
    final = current_polls(township.stages.get(kind="election"))["secretary"]
    assert final.result["ballots"]["returned"] == 497 == Ballot.objects.filter(poll=final).count()
    assert final.approval == "approved" and final.published_at is not None
    assert final.meeting.officers.count() == 4
    assert final.result["status"] == "complete" and len(final.result["elected"]) == 1
    assert verify_chain().ok


def test_demo_election_pages_open_for_the_staff_who_run_them(street: Unit, client) -> None:  # type: ignore[no-untyped-def]
    from web.elections.models import Election

    runs = {
        "滨江社区": "organiser",
        "河滨社区": "outsider",
        "水井坊社区": "street",
        "总府路社区": "street",
        "红砂村": "secretary",
        "锦桂镇": "district",
    }
    for election in Election.objects.select_related("body__unit"):
        client.login(username=runs[election.body.unit.name], password=PASSWORD)
        body_page = client.get(f"/staff/bodies/{election.body_id}/")
        assert f'href="/staff/bodies/{election.body_id}/elections/"' in body_page.content.decode()
        assert client.get(f"/staff/bodies/{election.body_id}/elections/").status_code == 200
        assert client.get(f"/staff/elections/{election.pk}/").status_code == 200
        assert client.get(f"/u/{election.body.unit.code}/").status_code == 200
        client.logout()
    mine = Election.objects.get(body__unit__name="滨江社区")
    client.login(username="organiser", password=PASSWORD)
    board = client.get(f"/u/{mine.body.unit.code}/")
    assert board.status_code == 200
    assert client.get(f"/staff/elections/{Election.objects.get(template='three_ballot').pk}/").status_code == 404
    township = Election.objects.get(template="three_ballot")
    report = township.nominations.filter(report__isnull=False).first()
    client.logout()
    client.login(username="district", password=PASSWORD)
    download = client.get(f"/staff/elections/{township.pk}/reports/{report.pk}")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    public = client.get(f"/u/{township.body.unit.code}/").content.decode()
    assert township.title in public or "书记选举" in public


# ---- the village's year: matters and commitments (web/demo/deliberation.py, web/demo/commitments.py) ----


def _village() -> Unit:
    return Role.objects.get(user__username="secretary").unit


def _matters() -> dict[str, object]:
    from web.deliberation.models import Matter

    return {m.title: m for m in Matter.objects.filter(unit=_village())}


def test_demo_matters_stand_in_every_state(street: Unit) -> None:
    from django.utils import timezone

    from web.deliberation.kinds.committee_decision import missing_gates
    from web.deliberation.models import Disclosure, Matter, StepEvent
    from web.meetings.models import Ballot

    today = timezone.localdate()
    matters = _matters()
    assert len(matters) == 9 and all(m.proposed_by.username == "secretary" for m in matters.values())

    def where(title: str) -> tuple[str, str | None]:
        m = matters[title]
        return m.state, m.current_step.kind if m.current_step else None

    assert where("五组灌溉渠维修改造") == ("in_progress", "proposal")
    assert matters["五组灌溉渠维修改造"].current_step.meeting is None
    assert where("村级光伏电站收益分配方案") == ("in_progress", "members_review")
    assert matters["村级光伏电站收益分配方案"].current_step.meeting.state == "draft"
    # not quorate, held again and passed; the representatives' meeting convened
    assert where("红砂村文化广场建设") == ("in_progress", "villagers_decision")
    review = matters["红砂村文化广场建设"].steps.get(kind="members_review")
    assert [e.kind for e in review.events.exclude(kind="started")] == ["held", "failed", "held", "passed"]
    assert review.events.get(kind="failed").reason.startswith("到会人数不足，不能表决")
    # rejected by the party members and sent back to the two committees
    assert where("闲置村小学校舍对外租赁") == ("in_progress", "joint_committees")
    leased = matters["闲置村小学校舍对外租赁"]
    assert leased.steps.get(kind="members_review").reason.startswith("未通过：")
    assert StepEvent.objects.filter(step__matter=leased, kind="returned").exists()
    # decided, the decision on the board for at least 15 days around today
    assert where("二组至四组村道硬化工程") == ("decided", "implementation_disclosure")
    decision = matters["二组至四组村道硬化工程"].disclosures.get(kind=Disclosure.Kind.DECISION)
    posted = timezone.localdate(decision.posted_at)
    assert posted <= today <= decision.until and (decision.until - posted).days >= 15
    # the whole chain: four votes by phone, both disclosures, a minutes scan
    clinic = matters["村卫生室改扩建"]
    assert clinic.state == Matter.State.IMPLEMENTED
    assert sorted(clinic.disclosures.values_list("kind", flat=True)) == ["decision", "implementation"]
    assert clinic.steps.get(kind="villagers_decision").attachments.count() == 1
    for step in clinic.steps.exclude(poll=None):
        poll = step.poll
        present = poll.meeting.attendees.filter(kind="voter", checked_in_at__isnull=False).count()
        assert poll.result["status"] == "passed" and poll.published_at is not None
        assert Ballot.objects.filter(poll=poll).count() == present > 0
    # the villager representatives rejected it: the matter ends
    forest = matters["集体林地流转给外来企业经营"]
    assert forest.state == Matter.State.REJECTED
    assert list(forest.steps.values_list("state", flat=True)[3:]) == ["failed", "never", "never"]
    # the joint meeting of party members and villager representatives
    joint = next(m for m in matters.values() if m.chain == "joint_members_representatives")
    meeting = joint.steps.get(kind="joint_meeting").meeting
    assert joint.state == Matter.State.DECIDED and meeting.joint_body.kind == "villager_reps"
    assert {a.group for a in meeting.attendees.all()} == {"members", "reps"}
    # a cadre appointment waiting for two of the five gates
    appointment = next(m for m in matters.values() if m.kind == Matter.Kind.APPOINTMENT)
    assert appointment.state == "in_progress" and appointment.gates.count() == 2
    assert len(missing_gates(appointment)) == 2
    assert Disclosure.objects.filter(unit=_village(), kind=Disclosure.Kind.FINANCE).count() >= 3


def test_demo_commitments_in_every_state_with_reminders_and_surveys(street: Unit) -> None:
    from django.utils import timezone

    from web.commitments.models import CommitmentYear, Opinion, Reminder

    today = timezone.localdate()
    village = _village()
    this, last = CommitmentYear.objects.filter(unit=village).order_by("-year")
    assert (this.state, last.state, last.year) == ("adopted", "reviewed", this.year - 1)
    joint = next(m for m in _matters().values() if m.chain == "joint_members_representatives")
    assert this.adopted_meeting == joint.steps.get(kind="joint_meeting").meeting == last.review_meeting
    assert {c.state_on(today) for c in this.commitments.all()} == {"on_track", "overdue", "done", "dropped"}
    groups = Unit.objects.filter(path__startswith=village.path, kind=Unit.Kind.BUILDING).count()
    for category in Opinion.Category.values:
        assert this.opinions.filter(category=category).values("group_name").distinct().count() == groups
    assert this.commitments.filter(progress__quarter=1).count() == this.commitments.count()
    overdue = next(c for c in this.commitments.all() if c.state_on(today) == "overdue")
    assert Reminder.objects.filter(commitment=overdue, reason="overdue").exists()
    assert overdue.owner == get_user_model().objects.get(username="secretary").person
    rate = last.survey.result["subjects"][0]["summary"][0]["rate"]
    assert not last.survey.committees_below_60 and float(rate["percent"]) > 60
    other = CommitmentYear.objects.exclude(unit=village).get()
    assert other.unit.kind == "village" and other.survey.committees_below_60


def test_demo_village_pages_open_for_the_secretary_and_the_public(street: Unit, client) -> None:  # type: ignore[no-untyped-def]
    from web.commitments.models import CommitmentYear

    village = _village()
    board = client.get(f"/u/{village.code}/")
    text = board.content.decode()
    assert board.status_code == 200
    for shown in (
        "村务议事与公开",
        "红砂村文化广场建设",
        "二组至四组村道硬化工程决议",
        "村卫生室改扩建实施结果",
        "财务收支公开",
        "五组灌溉渠及三组山坪塘整治",
    ):
        assert shown in text, shown
    client.login(username="secretary", password=PASSWORD)
    assert client.get(f"/staff/units/{village.pk}/matters/").status_code == 200
    for matter in _matters().values():
        assert client.get(f"/staff/matters/{matter.pk}/").status_code == 200
    appointment = next(m for m in _matters().values() if m.kind == "appointment")
    assert "未记录：程序符合规定，材料齐全。" in client.get(f"/staff/matters/{appointment.pk}/").content.decode()
    assert client.get(f"/staff/units/{village.pk}/commitments/").status_code == 200
    for year in CommitmentYear.objects.filter(unit=village):
        assert client.get(f"/staff/commitments/years/{year.pk}/").status_code == 200
    mine = client.get("/staff/commitments/reminders/").content.decode()
    assert "五组灌溉渠及三组山坪塘整治" in mine
    client.logout()
    other = CommitmentYear.objects.exclude(unit=village).get()
    client.login(username="street", password=PASSWORD)
    assert client.get(f"/staff/commitments/years/{other.pk}/").status_code == 200
    client.logout()
    flagged = client.get(f"/u/{other.unit.code}/").content.decode()
    assert "党组织书记、村（居）委会主任不参加下一年度评先评优" in flagged


def test_demo_reminders_answered_are_resolved_and_the_overdue_item_can_be_completed(street: Unit, client) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: last year's reminders and this year's answered quarters no longer ask; the
    overdue item whose four quarters are in is completed from the secretary's reminders page."""
    from django.utils import timezone

    from web.commitments import periods
    from web.commitments.models import Commitment, Reminder

    today = timezone.localdate()
    secretary = get_user_model().objects.get(username="secretary")
    still_open = Reminder.objects.filter(commitment__owner=secretary.person, resolved_at__isnull=True)
    resolved = Reminder.objects.filter(commitment__owner=secretary.person, resolved_at__isnull=False)
    assert {period[:4] for period in resolved.values_list("period", flat=True)} == {
        str(today.year - 1),
        str(today.year),
    }
    current = {f"{today.year}-{today.month:02d}", periods.quarter_label(today.year, periods.quarter_of(today))}
    assert still_open.exists() and set(still_open.values_list("period", flat=True)) <= current
    overdue = Commitment.objects.get(item="五组灌溉渠及三组山坪塘整治", year__year=today.year)
    client.login(username="secretary", password=PASSWORD)
    mine = client.get("/staff/commitments/reminders/")
    form_url = f"/staff/commitments/{overdue.pk}/progress"
    assert form_url in mine.content.decode()
    form = client.get(form_url).context["form"]
    assert form["quarter"].value() == periods.quarter_of(today)
    done = client.post(form_url, {"quarter": periods.quarter_of(today), "percent": 100, "text": "已全部完成。"})
    assert done.status_code == 302
    overdue.refresh_from_db()
    assert overdue.done_on == today and overdue.done_late
    assert not Reminder.objects.filter(commitment=overdue, resolved_at__isnull=True).exists()


def test_demo_reminders_reach_the_secretary_in_the_inbox_and_by_sms(street: Unit, _seeded, client) -> None:  # type: ignore[no-untyped-def]
    from web.notify.models import Delivery, Notice

    secretary = get_user_model().objects.get(username="secretary")
    assert secretary.person is not None and secretary.person.phone
    client.login(username="secretary", password=PASSWORD)
    home = client.get("/staff/").content.decode()
    unread = Notice.objects.filter(person=secretary.person, read_at__isnull=True).count()
    assert unread > 0 and f'<span class="badge">{unread}<' in home  # one click from home: the badge
    inbox = client.get("/notifications/").content.decode()
    assert "五组灌溉渠及三组山坪塘整治" in inbox and "进展待报送" in inbox
    sent = Delivery.objects.filter(notice__person=secretary.person, channel="sms", state="sent")
    assert sent.exists()
    lines = [line for line in _seeded.read_text(encoding="utf-8").splitlines() if secretary.person.phone in line]
    assert len(lines) == sent.count() and all("【基层】红砂村承诺" in line for line in lines)


def test_demo_requests_a_year_in_every_state_with_work_for_the_personas(street: Unit) -> None:
    """Issue 13: the demo street has a year of requests from every channel and in every state,
    returns, escalations, extensions, redone visits, a weak department, and the personas' own."""
    from django.db.models import Count

    from web.cases import access
    from web.cases.models import Case, CaseEvent, Office

    cases = Case.objects.all()
    assert cases.count() >= 60
    assert set(Case.State.values) == set(cases.values_list("state", flat=True))
    assert set(Case.Channel.values) == set(cases.values_list("channel", flat=True))
    assert cases.filter(returns__gt=0).exists() and cases.filter(escalated__gt=0).exists()
    assert cases.filter(extended=True).exists() and cases.filter(redos__gt=0).exists()
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.RETURNED).exists()
    # every case points at the catalogue of its own street, and its office covers its place
    for case in cases.select_related("entry__catalogue", "office").iterator():
        assert case.unit_path.startswith(Unit.objects.get(pk=case.entry.catalogue.unit_id).path)
        if case.office is not None:
            assert case.unit_path.startswith(case.office.unit_path)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["handler", "street", "resident"])}
    mine = access.readable(users["resident"])
    assert {"replied", "signed", "closed"} <= set(mine.values_list("state", flat=True))
    queue = Case.objects.filter(office__desks__user=users["handler"], state__in=["dispatched", "signed"])
    assert queue.filter(state="dispatched").exists() and queue.filter(state="signed").exists()
    assert Case.objects.filter(state="returned").exists() and Case.objects.filter(state="received").exists()
    departments = Office.objects.filter(duty__gt="").annotate(n=Count("cases")).filter(n__gt=0)
    assert departments.count() >= 5
    # the quarters that ended in the last year are published for the street, the township and the district
    from web.cases.models import Scorecard

    cards = Scorecard.objects.all()
    assert cards.count() >= 9 and {c.unit.kind for c in cards} == {"street", "township", "district"}
    for card in cards:
        assert card.result["units"] and card.record_sha256 == card.result["record_sha256"]


def test_demo_told_requests_happen_over_the_working_day(street: Unit) -> None:
    """The personas' requests, told through the real actions over the last two weeks, are taken at
    moments spread over the office's working hours (by a sequence of their own: the same each
    seeding), not all at 09:00."""
    import random

    from django.utils import timezone

    from web.audit.models import AuditEntry
    from web.cases.models import Case
    from web.demo.cases import TOLD_TIMES_SEED, WORKING_HOURS, told_time

    told = [int(i) for i in AuditEntry.objects.filter(action="case.take").values_list("object_id", flat=True)]
    taken = [timezone.localtime(at) for at in Case.objects.filter(pk__in=told).values_list("received_at", flat=True)]
    assert len(taken) >= 15
    moments = {(at.hour, at.minute) for at in taken}
    assert len(moments) >= len(taken) - 3 and (9, 0) not in moments
    in_hours = [at for at in taken if any(s <= at.hour * 60 + at.minute < e + 60 for s, e in WORKING_HOURS)]
    assert len(in_hours) >= len(taken) - 5  # the evening's card scan, and today's clamped to now
    drawn = [told_time(random.Random(TOLD_TIMES_SEED)) for _ in range(2)]
    assert drawn[0] == drawn[1]  # the same sequence every time
    assert all(any(s <= h * 60 + m <= e - 90 for s, e in WORKING_HOURS) for h, m in drawn)


def test_demo_department_evaluation_names_its_bottom_five_with_a_tie(street: Unit, client) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 item 3: the district's public evaluation of its departments, published with its
    bottom five (four, and two tied at the fifth place), each a review on the district staff's home."""
    from jiceng.record import tally
    from web.appraisals.departments import is_department_evaluation
    from web.appraisals.models import Session

    session = next(s for s in Session.objects.filter(state="published") if is_department_evaluation(s))
    result = session.poll.result
    assert len(result["bottom"]["subjects"]) == 4 and result["bottom"]["tie"]["places"] == 1
    assert len(result["bottom"]["tie"]["subjects"]) == 2
    assert tally(session.poll.record)["bottom"] == result["bottom"]
    assert session.reviews.count() == 6
    page = client.get(f"/board/appraisals/{session.pk}/").content.decode()
    assert "区水务局" in page and "如实报告，不作取舍" in page and "不计入评议结果" in page
    client.login(username="district", password=PASSWORD)
    assert "列入末位，问责" in client.get("/staff/").content.decode()
