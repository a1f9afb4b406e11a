"""The audit log: chained, append-only in the database, tamper-evident."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from web.audit.actions import record
from web.audit.models import AuditEntry
from web.audit.names import Action
from web.audit.verify import verify_chain
from web.org.actions import do_rename_unit


def _entries(world, n: int) -> list[AuditEntry]:
    for i in range(n):
        do_rename_unit(unit=world.community_a, name=f"和平社区{i}", acting_user=world.organiser)
    return list(AuditEntry.objects.order_by("id"))


def _without_guard(sql: str, params: list) -> None:
    """Change a row the way someone with database access would: around the triggers."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER audit_entry_no_update")
            cur.execute("DROP TRIGGER audit_entry_no_delete")
        else:
            cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute(sql, params)


def test_each_entry_links_to_the_one_before(world):
    entries = _entries(world, 3)
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    report = verify_chain()
    assert report.ok and report.checked == 3


def test_record_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        record(actor=None, action=Action.UNIT_UPDATE, object_type="t", object_id=1)
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET actor_label = 'someone-else'",
        "DELETE FROM audit_auditentry",
    ],
)
def test_the_database_refuses_changes_to_the_log(world, statement):
    _entries(world, 1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement)
    assert AuditEntry.objects.count() == 1


def test_a_changed_entry_is_named_by_verify(world):
    entries = _entries(world, 4)
    changed = entries[2]
    _without_guard("UPDATE audit_auditentry SET changes = %s WHERE id = %s", ['{"name": ["a", "b"]}', changed.pk])
    report = verify_chain()
    assert report.first_broken_id == changed.pk and report.checked == 2
    with pytest.raises(CommandError, match=f"#{changed.pk}"):
        call_command("verify_audit")


def test_a_deleted_entry_breaks_the_chain_at_its_successor(world):
    entries = _entries(world, 4)
    _without_guard("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    assert verify_chain().first_broken_id == entries[2].pk


def test_verify_command_reports_an_intact_chain(world, capsys):
    _entries(world, 2)
    call_command("verify_audit")
    assert "OK: 2 entries" in capsys.readouterr().out


def test_an_action_that_fails_leaves_no_entry(world):
    from django.core.exceptions import ValidationError

    from web.org.actions import do_create_unit

    with pytest.raises(ValidationError):
        do_create_unit(code="X1", name="错误", kind="building", parent=world.community_a, acting_user=world.organiser)
    assert AuditEntry.objects.count() == 0
    assert not world.community_a.children.filter(code="X1").exists()
