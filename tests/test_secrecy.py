"""The link hunter: after a secret poll, look everywhere in the database and the logs for
anything that ties a voter to a ballot (DOMAIN.md §6), and fail if something does.

The voters are issued their codes and cast their ballots one by one, each in its own
committed transaction, in the same order — the worst case for secrecy, because arrival order
then equals check-in order. Whatever the database kept of that order (row order, row
versions, sequences, timestamps, audit entries, log lines) must not let anyone pair the
ballot rows with the people.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from django.db import connection
from django.test import Client

from web.common import clock
from web.meetings import actions
from web.meetings.actions import hand_out_codes
from web.meetings.appraisal import do_create_appraisal_poll
from web.meetings.models import Ballot, BallotIssue, Poll
from web.meetings.testing import make_meeting

VOTERS = 12
RULES = {"elected": "for > 1/2 of voted"}
GRADES = ("优秀", "称职", "基本称职", "不称职")


@pytest.fixture(params=["election", "appraisal", "recommendation"])
def voted(request, transactional_db, world, caplog, monkeypatch):
    """A closed secret election, or appraisal (many subjects graded on each form: its forms are
    stored as ballots are): who got a ballot, in what order, and the receipts each was shown."""
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    minute = {"n": 0}

    def ticking() -> dt.datetime:  # every step happens a minute later than the one before
        minute["n"] += 1
        return start + dt.timedelta(minutes=minute["n"])

    monkeypatch.setattr(clock, "now", ticking)
    caplog.set_level(logging.DEBUG)
    meeting = make_meeting(world, voters=VOTERS, probationary=0)
    actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)
    if request.param == "recommendation":
        from web.meetings.recommendation import do_create_recommendation_poll

        poll = do_create_recommendation_poll(
            meeting=meeting,
            title="民主推荐 · A类",
            post="社区党委书记",
            places=2,
            class_id="A",
            class_name="班子成员",
            names=[("候选甲", None), ("候选乙", None), ("候选丙", None)],
            acting_user=world.organiser,
        )
    elif request.param == "appraisal":
        poll = do_create_appraisal_poll(
            meeting=meeting,
            title="民主测评",
            subjects=[("候选甲", None), ("候选乙", None), ("候选丙", None)],
            acting_user=world.organiser,
        )
    else:
        poll = actions.do_create_poll(
            meeting=meeting,
            title="委员选举",
            kind="election",
            seats=2,
            rules=RULES,
            candidates=[("候选甲", None), ("候选乙", None), ("候选丙", None)],
            acting_user=world.organiser,
        )
    poll = actions.do_open_poll(poll=poll, acting_user=world.organiser)
    keys = list(poll.candidates.values_list("key", flat=True))
    voters, receipts, codes = [], [], []
    phone = Client()
    for i, attendee in enumerate(meeting.attendees.filter(kind="voter").order_by("id")):
        attendee = actions.do_check_in(attendee=attendee, method="search", acting_user=world.organiser)
        code = hand_out_codes(poll, [attendee])[0]
        marks = {f"mark-{k}": ("for" if (i >> n) & 1 else "against") for n, k in enumerate(keys)}
        if sum(v == "for" for v in marks.values()) > 2:
            marks[f"mark-{keys[0]}"] = "abstain"
        if request.param == "appraisal":  # every form grades every subject: no question asked
            marks = {f"grade-{k}": GRADES[(i >> n) % len(GRADES)] for n, k in enumerate(keys)}
        if request.param == "recommendation":  # one or two names on every form: no question asked
            marks = {"pick": [keys[i % len(keys)], *([keys[(i + 1) % len(keys)]] if i % 2 else [])]}
        response = phone.post("/vote/cast", {"code": code, "poll": poll.pk, **marks})
        assert response.status_code == 200, response.content.decode()[:300]
        receipt = response.content.decode().split('id="receipt">')[1].split("<")[0].replace("-", "")
        voters.append(attendee)
        receipts.append(receipt)
        codes.append(code)
    poll = actions.do_close_poll(poll=poll, acting_user=world.organiser)
    return {"poll": poll, "voters": voters, "receipts": receipts, "codes": codes, "log": caplog.text}


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def _differs_from_arrival(order: list[str], receipts: list[str]) -> bool:
    """Stored order tells nothing: it is neither the order of arrival nor its reverse."""
    return order != receipts and order != receipts[::-1]


def test_the_ballot_table_holds_marks_only(voted):
    assert {f.column for f in Ballot._meta.concrete_fields} == {"id", "poll_id", "spent_hash", "receipt", "content"}
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"  # no sequence counts the casts
    assert Ballot.objects.filter(poll=voted["poll"]).count() == VOTERS


def test_no_table_holds_a_receipt_or_a_spent_hash_beside_anything_else(voted):
    """Search every column of every table for the receipts and the spent hashes."""
    poll = voted["poll"]
    spent = set(Ballot.objects.filter(poll=poll).values_list("spent_hash", flat=True))
    needles = set(voted["receipts"]) | spent | set(voted["codes"])
    found: dict[str, int] = {}
    for table in connection.introspection.table_names():
        quoted = connection.ops.quote_name(table)
        for row in _rows(f"SELECT * FROM {quoted}"):
            text = " ".join(str(v) for v in row)
            if any(n in text for n in needles):
                found[table] = found.get(table, 0) + 1
    # the ballots themselves, and the poll whose open record lists them (no voter in it)
    assert set(found) <= {"meetings_ballot", "meetings_poll"}
    assert not any(code in json.dumps(poll.record) for code in voted["codes"])  # codes are never stored
    people = {a.person.name for a in voted["voters"]} | {a.person.id_number for a in voted["voters"]}
    record_text = json.dumps(poll.record, ensure_ascii=False)
    assert not any(p in record_text for p in people)


def test_stored_order_of_ballots_is_not_the_order_of_arrival(voted):
    receipts = voted["receipts"]
    plain = [r[0] for r in _rows("SELECT receipt FROM meetings_ballot")]
    assert sorted(plain) == sorted(receipts)
    assert _differs_from_arrival(plain, receipts)
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    by_row = [r[0] for r in _rows(f"SELECT receipt FROM meetings_ballot ORDER BY {physical}")]
    assert _differs_from_arrival(by_row, receipts)
    by_key = [r[0] for r in _rows("SELECT receipt FROM meetings_ballot ORDER BY id")]
    assert _differs_from_arrival(by_key, receipts)
    record = voted["poll"].record
    in_record = [
        b["receipt"] for b in record["forms" if record["kind"] in ("appraisal", "recommendation") else "ballots"]
    ]
    assert _differs_from_arrival(in_record, receipts)
    if connection.vendor == "postgresql":
        # PostgreSQL stamps every row with the transaction that wrote it (``xmin``): after
        # closing, every ballot of the poll carries the same one, which no issue carries
        stamps = {r[0] for r in _rows("SELECT xmin::text FROM meetings_ballot")}
        assert len(stamps) == 1
        assert not stamps & {r[0] for r in _rows("SELECT xmin::text FROM meetings_ballotissue")}


def test_audit_and_logs_say_nothing_about_any_ballot(voted):
    from web.audit.models import AuditEntry

    needles = set(voted["receipts"]) | set(voted["codes"])
    for entry in AuditEntry.objects.all():
        text = json.dumps(entry.changes, ensure_ascii=False) + entry.action + entry.reason
        assert not any(n in text for n in needles), entry.action
    assert not AuditEntry.objects.filter(action__startswith="ballot").exists()
    assert not any(n in voted["log"] for n in needles)


def test_who_received_a_ballot_is_all_the_issue_table_says(voted):
    assert {f.column for f in BallotIssue._meta.concrete_fields} <= {
        "id",
        "poll_id",
        "attendee_id",
        "channel",
        "proxy_holder_id",
        "group",  # the poll's group (one recommendation's classes), copied for the constraint
    }
    assert voted["poll"].state == Poll.State.CLOSED
