"""Every page of the public board reads in a bounded number of queries: a unit with one election,
matter, disclosure of each kind, commitment year, commitment and published result costs as many
queries as a unit with ten of each (no query per row), and no page costs more than its bound."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from web.commitments import actions as commitment_actions
from web.commitments import public_urls
from web.commitments.models import CommitmentYear
from web.deliberation.models import Disclosure, Matter, MatterStep, StepEvent
from web.elections.models import Election, Nomination, Stage
from web.meetings import actions as meeting_actions
from web.meetings import results
from web.meetings.models import Ballot, Meeting, Poll
from web.org.idnumbers import check_digit
from web.org.models import Body, Person, Unit
from web.portal import urls as portal_urls

#: the most queries each board page may take, whatever the number of rows it shows
BOUNDS = {
    "portal:index": 2,  # the tree's top units, their children
    "portal:tree_children": 3,  # the unit, its children counted, a page of them
    "portal:check": 2,  # a receipt looked up: the ballot with its poll, the poll's candidates
    "portal:checkpoints": 2,
    "portal:checkpoints_json": 1,
    "portal:checkpoints_csv": 1,
    "portal:unit": 23,  # the unit, grids, ancestors, results (counted, then a page), children, each app's part
    "portal:result": 4,
    "portal:result_record": 2,
    "portal:result_file": 2,
    "portal:recount_program": 0,
    "commitments_board:survey_record": 1,
}

NOW = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """The one clock, fixed: states and posting windows do not move with the day the test runs."""
    monkeypatch.setattr("web.common.clock.now", lambda: NOW)


def _board_names() -> set[str]:
    """The board's pages: the portal's URLs and the commitments board's public download."""
    names = {f"portal:{p.name}" for p in portal_urls.urlpatterns if isinstance(p, URLPattern)}
    return names | {f"commitments_board:{p.name}" for p in public_urls.urlpatterns if isinstance(p, URLPattern)}


def _people(unit: Unit, n: int, start: int) -> list[Person]:
    people = []
    for i in range(start, start + n):
        first17 = f"51010419800202{i:03d}"
        people.append(
            Person.objects.create(
                name=f"人员{i}",
                id_number=first17 + check_digit(first17),
                gender="F",
                birth_date=dt.date(1980, 2, 2),
                unit=unit,
                unit_path=unit.path,
            )
        )
    return people


def _published_poll(meeting: Meeting, user: Any, title: str, receipt: str = "") -> Poll:
    """A counted poll published through the meetings app (its audit entry and checkpoint too)."""
    poll = Poll.objects.create(
        meeting=meeting,
        title=title,
        kind=Poll.Kind.MOTION,
        rules={"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"},
        state=Poll.State.CLOSED,
        closed_at=NOW,
        record={"ballots": [{"receipt": receipt}] if receipt else []},
        record_sha256="0" * 64,
        result={"status": "passed", "counts": {"expected": 5, "present": 5}, "checks": []},
    )
    if receipt:
        Ballot.objects.create(poll=poll, receipt=receipt, content={"choice": "yes"})
    return results.do_publish(poll=poll, acting_user=user)


def _steps(matter: Matter, kinds: list[tuple[str, str]], meeting: Meeting, user: Any) -> None:
    """The matter's chain: each passed voting step with a published vote in its history."""
    for position, (kind, state) in enumerate(kinds):
        step = MatterStep.objects.create(matter=matter, position=position, kind=kind, state=state)
        if state == MatterStep.State.PASSED and kind != "decision_disclosure":
            poll = _published_poll(meeting, user, f"{matter.title}：{kind}")
            step.meeting, step.poll = meeting, poll
            step.save(update_fields=["meeting", "poll"])
            StepEvent.objects.create(step=step, kind=StepEvent.Kind.STARTED, at=NOW, by=user)
            StepEvent.objects.create(step=step, kind=StepEvent.Kind.PASSED, at=NOW, by=user, meeting=meeting, poll=poll)


def fill_board(world: Any, unit: Unit, n: int) -> str:
    """``n`` of everything the unit's board shows; the receipt of a ballot in a published result."""
    user, start = world.organiser, 10 * n
    people = _people(unit, 4, start)
    body = Body.objects.create(name=f"{unit.name}党员大会", kind="members_meeting", unit=unit)
    meeting = meeting_actions.do_create_meeting(body=body, title=f"{unit.name}会议", starts_at=NOW, acting_user=user)
    receipt = f"R{n:03d}BOARDTEST"
    for i in range(n):
        _published_poll(meeting, user, f"选举结果{i}", receipt if i == 0 else "")
        election = Election.objects.create(
            body=body, title=f"换届选举{i}", template="village", state="running", created_by=user, created_at=NOW
        )
        Stage.objects.create(
            election=election, position=0, kind="notice", settings={"days": 5}, state="active", started_at=NOW
        )
        for p, formal in ((people[0], False), (people[1], i % 2 == 0), (people[2], i % 2 == 0)):
            Nomination.objects.create(
                election=election,
                person=p,
                channel=Nomination.Channel.SELF,
                status=Nomination.Status.ELIGIBLE,
                formal=formal,
                primary_votes=3 if formal else None,
                created_at=NOW,
            )
        open_matter = Matter.objects.create(
            unit=unit,
            title=f"修建村道{i}",
            kind="project",
            chain="four_deliberations",
            proposed_by=user,
            created_at=NOW,
        )
        _steps(
            open_matter,
            [("proposal", "passed"), ("joint_committees", "active"), ("members_review", "pending")],
            meeting,
            user,
        )
        decided = Matter.objects.create(
            unit=unit,
            title=f"集体收益分配{i}",
            kind="collective_income",
            chain="four_deliberations",
            state=Matter.State.DECIDED,
            proposed_by=user,
            created_at=NOW,
        )
        _steps(
            decided,
            [("proposal", "passed"), ("members_review", "passed"), ("decision_disclosure", "passed")],
            meeting,
            user,
        )
        for kind, matter in (("decision", decided), ("implementation", decided), ("finance", None)):
            Disclosure.objects.create(
                unit=unit,
                matter=matter,
                kind=kind,
                title=f"{kind}{i}",
                text="公开内容",
                posted_at=NOW,
                until=dt.date(2026, 6, 20) if kind == "decision" else None,
                posted_by=user,
            )
        _commitment_year(unit, 2016 + i, n, people, meeting, user)
    return receipt


def _commitment_year(unit: Unit, number: int, n: int, people: list[Person], meeting: Meeting, user: Any) -> None:
    """An adopted, reviewed year of ``n`` commitments with progress, and a survey whose committees
    fell under 60% (so the secretary and the director are named)."""
    year = commitment_actions.do_create_year(unit=unit, year=number, acting_user=user)
    items = [
        commitment_actions.do_add_commitment(
            year=year,
            item=f"承诺{number}-{k}",
            owner=people[k % len(people)],
            deadline=dt.date(number, 12, 31),
            budget=Decimal("1000"),
            category="infrastructure",
            acting_user=user,
        )
        for k in range(n)
    ]
    commitment_actions.do_adopt_year(year=year, meeting=meeting, acting_user=user)
    for c in items:
        commitment_actions.do_post_progress(commitment=c, quarter=1, percent=40, text="开工", acting_user=user)
        commitment_actions.do_post_progress(commitment=c, quarter=2, percent=100, text="完工", acting_user=user)
    commitment_actions.do_review_year(year=year, meeting=meeting, note="按期完成", acting_user=user)
    counts = {"satisfied": 15, "basic": 5, "unsatisfied": 15}
    commitment_actions.do_enter_survey(
        year=year,
        forms={"returned": 35, "blank": 0, "spoiled": 0},
        committees=counts,
        cadres=[
            {"person": people[0], "post": "secretary", **counts},
            {"person": people[1], "post": "director", **counts},
        ],
        acting_user=user,
    )


def _pages(unit: Unit, receipt: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Each board page of ``unit``: its URL and, for the receipt check, what is posted."""
    poll = Ballot.objects.select_related("poll").get(receipt=receipt).poll
    year = CommitmentYear.objects.filter(unit=unit).order_by("year").first()
    assert year is not None
    code = unit.code
    return {
        "portal:index": (reverse("portal:index"), {}),
        "portal:tree_children": (reverse("portal:tree_children", args=[unit.parent.code]), {}),
        "portal:check": (reverse("portal:check"), {"receipt": receipt}),
        "portal:checkpoints": (reverse("portal:checkpoints"), {}),
        "portal:checkpoints_json": (reverse("portal:checkpoints_json"), {}),
        "portal:checkpoints_csv": (reverse("portal:checkpoints_csv"), {}),
        "portal:unit": (reverse("portal:unit", args=[code]), {}),
        "portal:result": (reverse("portal:result", args=[code, poll.pk]), {}),
        "portal:result_record": (reverse("portal:result_record", args=[code, poll.pk]), {}),
        "portal:result_file": (reverse("portal:result_file", args=[code, poll.pk]), {}),
        "portal:recount_program": (reverse("portal:recount_program"), {}),
        "commitments_board:survey_record": (
            reverse("commitments_board:survey_record", args=[code, year.year]),
            {},
        ),
    }


def _counts(unit: Unit, receipt: str) -> dict[str, int]:
    client, counts = Client(), {}
    for name, (url, posted) in _pages(unit, receipt).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, posted) if posted else client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries.captured_queries)
    return counts


def test_every_board_page_has_a_bound(world):
    assert _board_names() == set(BOUNDS)


def test_board_pages_cost_the_same_for_one_row_and_for_ten(world, clock):
    few_unit, many_unit = world.community_a, world.community_b
    few = _counts(few_unit, fill_board(world, few_unit, 1))
    many = _counts(many_unit, fill_board(world, many_unit, 10))
    assert set(few) == set(BOUNDS)
    assert many == few
    assert {name: n for name, n in many.items() if n > BOUNDS[name]} == {}


def test_the_filled_board_shows_every_section(world, clock, client):
    """The pages measured above are the full board, not an empty one."""
    unit = world.community_b
    fill_board(world, unit, 10)
    page = client.get(reverse("portal:unit", args=[unit.code])).content.decode()
    for text in ("选举结果9", "换届选举9", "正式候选人", "经资格审查的人选公示", "修建村道9", "当前环节：", "决议公开"):
        assert text in page, text
    for text in ("decision9", "implementation9", "finance9", "2025 年度承诺", "承诺2025-9", "不参加下一年度评先评优"):
        assert text in page, text
    assert page.count("下载表决记录") == 10 + 2 * 10  # each open matter's vote, each decision's two
