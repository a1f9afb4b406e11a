"""Checkpoints of the chain's head: recorded at every publication and by the command, append-only
in the database, and only ever naming the chain as it stands. The log itself accepts an entry
only at its head."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, OperationalError, connection, transaction

from web.audit.checkpoints import do_record_checkpoint
from web.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEntry
from web.org.actions import do_rename_unit


def _rename(world, n: int) -> list[AuditEntry]:
    for i in range(n):
        do_rename_unit(unit=world.community_a, name=f"和平社区{i}", acting_user=world.organiser)
    return list(AuditEntry.objects.order_by("id"))


def test_a_checkpoint_names_the_head_once(world):
    assert do_record_checkpoint(reason="test") is None  # an empty log has no head
    entries = _rename(world, 2)
    first = do_record_checkpoint(reason="test")
    assert (first.entry_id, first.entry_hash) == (entries[-1].pk, entries[-1].hash)
    assert do_record_checkpoint(reason="test") == first  # nothing new: no second row
    assert AuditCheckpoint.objects.count() == 1
    assert AuditEntry.objects.count() == 2  # taking a checkpoint writes no entry of its own


def test_the_command_records_a_checkpoint_for_the_scheduler(world):
    entries = _rename(world, 1)
    out = io.StringIO()
    call_command("record_checkpoint", "--reason", "daily", stdout=out)
    assert f"checkpoint: #{entries[0].pk} {entries[0].hash}" in out.getvalue()
    assert AuditCheckpoint.objects.get().reason == "daily"


def _refused(sql: str, params: list) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditcheckpoint SET entry_hash = 'f'",
        "DELETE FROM audit_auditcheckpoint",
    ],
)
def test_the_database_refuses_changes_to_checkpoints(world, statement):
    _rename(world, 1)
    do_record_checkpoint(reason="test")
    _refused(statement, [])
    assert AuditCheckpoint.objects.filter(entry_hash=AuditEntry.objects.get().hash).count() == 1


def _insert_checkpoint(entry_id: int, digest: str) -> None:
    _refused(
        "INSERT INTO audit_auditcheckpoint (at, entry_id, entry_hash, reason) VALUES (%s, %s, %s, '')",
        [connection.ops.adapt_datetimefield_value(AuditEntry.objects.first().at), entry_id, digest],
    )


@pytest.mark.parametrize("case", ["false hash", "no such entry", "older than the last"])
def test_the_database_refuses_a_checkpoint_that_does_not_name_the_chain(world, case):
    entries = _rename(world, 3)
    do_record_checkpoint(reason="test")
    entry_id, digest = {
        "false hash": (entries[2].pk, "f" * 64),
        "no such entry": (entries[2].pk + 10, "f" * 64),
        "older than the last": (entries[0].pk, entries[0].hash),
    }[case]
    _insert_checkpoint(entry_id, digest)
    assert AuditCheckpoint.objects.count() == 1


@pytest.mark.parametrize("prev", ["genesis", "an older entry", "made up"])
def test_the_database_refuses_an_entry_that_does_not_extend_the_head(world, prev):
    entries = _rename(world, 2)
    prev_hash = {"genesis": GENESIS_HASH, "an older entry": entries[0].hash, "made up": "e" * 64}[prev]
    entry = AuditEntry(
        at=entries[-1].at,
        actor_label="x",
        action="poll.close",
        object_type="meetings.poll",
        object_id="1",
        changes={},
        prev_hash=prev_hash,
        hash="",
    )
    entry.hash = entry.compute_hash()
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save(force_insert=True)
    assert AuditEntry.objects.count() == 2


@pytest.mark.parametrize("publication", ["poll", "finance"])  # disclosures, progress: in their flow tests
def test_every_publication_records_a_checkpoint(world, publication):
    from web.audit.tests import publications

    publications.PUBLISH[publication](world)
    head = AuditEntry.objects.order_by("-id").first()
    latest = AuditCheckpoint.objects.order_by("-id").first()
    assert latest is not None and (latest.entry_id, latest.entry_hash) == (head.pk, head.hash)


WRITERS = 8


def test_writers_at_once_all_extend_the_head_and_checkpoints_follow(transactional_db, world):
    """The head guard refuses no honest append: actions racing each other are serialised by the
    chain lock, each extends the head it finds, and checkpoints taken among them name the chain."""
    from web.meetings.tests.test_concurrency import _run_in_threads
    from web.org.models import Unit

    def work(i: int) -> str:
        try:
            unit = Unit.objects.get(pk=world.community_a.pk)
            do_rename_unit(unit=unit, name=f"和平社区{i}", acting_user=world.organiser)
            do_record_checkpoint(reason=f"writer {i}")
        except OperationalError:
            # SQLite's in-memory test database refuses a concurrent writer outright instead of
            # waiting; the refusal writes nothing. A refusal by the head guard is not this error.
            return "busy"
        return "stored"

    outcomes = _run_in_threads(WRITERS, work)
    assert set(outcomes) <= {"stored", "busy"}, outcomes
    stored = outcomes.count("stored")
    assert stored >= 1 and (connection.vendor == "sqlite" or stored == WRITERS)
    assert AuditEntry.objects.count() == stored
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert f"OK: {stored} entries" in out.getvalue()
