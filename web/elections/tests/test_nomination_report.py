"""The nomination report (seed 003): the competitive margin of the candidates' pre-list and the
share of names by channel, each shown with what it is counted over, on the election's page and on
the public board while the pre-list is on notice; and the congress-delegates template."""

from __future__ import annotations

from fractions import Fraction

import pytest

from web.common.rates import Rate, percent_text
from web.elections.models import Nomination
from web.elections.report import nomination_report, report_of
from web.elections.tests.helpers import advance, create, members, messages_of, page, stage, step


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Fraction(16, 31), 1, "51.6"),  # seed 003's margin
        (Fraction(28, 47), 1, "59.6"),
        (Fraction(1, 8), 1, "12.5"),
        (Fraction(1, 400), 1, "0.3"),  # 0.25 rounds half up
        (Fraction(1, 2), 0, "50"),
        (Fraction(1, 200), 0, "1"),  # 0.5 rounds half up
        (Fraction(2, 3), 0, "67"),
        (Fraction(0), 1, "0.0"),
        (Fraction(1), 2, "100.00"),
        (Fraction(-2, 5), 1, "-40.0"),  # fewer names than seats
    ],
)
def test_percent_is_rounded_half_up_from_the_exact_fraction(value, places, text):
    assert percent_text(value, places) == text


def test_the_seed_figures_and_their_denominators():
    report = report_of({"joint": 19, "self": 9, "organisation": 19}, 31, reviewed=True)
    assert (report.names, report.seats) == (47, 31)
    assert report.margin == Rate(16, 31, places=1) and str(report.margin) == "16/31（51.6%）"
    assert str(report.members_own) == "28/47（59.6%）"
    assert [(c.label, str(c.rate)) for c in report.channels] == [
        ("个人自荐", "9/47（19.1%）"),
        ("联名推荐", "19/47（40.4%）"),
        ("组织推荐", "19/47（40.4%）"),
    ]


@pytest.mark.parametrize(
    ("by_channel", "seats", "reviewed", "margin"),
    [
        ({"self": 6}, 5, True, "1/5（20.0%）"),  # the party minimum, exactly
        ({"self": 5}, 5, True, "0/5（0.0%）"),  # no margin at all
        ({"self": 3}, 5, True, "-2/5（-40.0%）"),  # short of the seats: said, not hidden
        ({"self": 6}, 0, True, None),  # no seats set: no margin
        ({"self": 6}, 5, False, None),  # registrations only: there is no pre-list yet
    ],
)
def test_margin_boundaries(by_channel, seats, reviewed, margin):
    report = report_of(by_channel, seats, reviewed=reviewed)
    assert (str(report.margin) if report.margin else None) == margin


def test_channels_absent_are_left_out_and_nobody_is_a_dash():
    report = report_of({"organisation": 4}, 3, reviewed=True)
    assert [c.label for c in report.channels] == ["组织推荐"]
    assert str(report.members_own) == "0/4（0.0%）"
    assert str(Rate(0, 0)) == "—"


@pytest.fixture
def delegates(world, client_for, clock):
    org = client_for(world.organiser)
    election = create(org, world.body_a.pk, "congress_delegates", title="和平社区选举单位选举党代表")
    return org, election


def test_congress_delegates_from_registration_to_the_pre_list_on_the_board(world, client_for, delegates, clock):
    org, election = delegates
    assert org.post(f"/staff/elections/{election.pk}/start").status_code == 302
    people = [world.person_a, *members(world, 11)]
    ids = [p.id_number for p in people]
    assert nomination_report(election) is None  # nothing to report yet
    for i, channel in enumerate(["self", "self", "organisation", "organisation", "self"]):
        extra = {"organisation": "和平社区党支部"} if channel == "organisation" else {}
        r = step(org, election, "nomination", "nominate", {"id_number": ids[i], "channel": channel, **extra})
        assert "报名已登记。" in messages_of(r)
    r = step(
        org,
        election,
        "nomination",
        "nominate",
        {"id_number": ids[5], "channel": "joint", "cosigners": "\n".join(ids[6:11])},
    )
    assert "报名已登记。" in messages_of(r)
    before = nomination_report(election)
    assert before is not None and not before.reviewed and before.margin is None and before.names == 6
    assert "报名" in page(org, election).content.decode()

    advance(org, election, "nomination")
    for nom in election.nominations.all():
        for cond in stage(election, "review").settings["conditions"]:
            bad = nom.person_id == people[4].pk and cond["key"] == "record"
            step(
                org,
                election,
                "review",
                "check",
                {
                    "nomination": nom.pk,
                    "condition": cond["key"],
                    "passed": "no" if bad else "yes",
                    "reason": "近三年受过处分" if bad else "",
                },
            )
    advance(org, election, "review")
    assert election.nominations.filter(status=Nomination.Status.ELIGIBLE).count() == 5

    report = nomination_report(election)
    assert report is not None and report.reviewed and report.seats == 5
    # 5 names for 5 seats: no margin yet, and the page says so in numbers
    assert str(report.margin) == "0/5（0.0%）" and str(report.members_own) == "3/5（60.0%）"
    staff_page = page(org, election).content.decode()
    assert "候选人预备人选" in staff_page and "0/5（0.0%）" in staff_page and "3/5（60.0%）" in staff_page
    board = client_for(None).get(f"/u/{world.community_a.code}/").content.decode()
    assert "候选人预备人选" in board and "3/5（60.0%）" in board and people[4].name not in board
