"""History that cannot be rewritten unnoticed: an insider with the database in hand edits an
entry and re-hashes the chain, cuts the tail, dates an entry back, or rewrites the checkpoint
list too; ``verify_audit`` finds each against the checkpoints (the database's own, a list
downloaded from the board, a head printed on an announcement)."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from web.audit import anchors, testing
from web.audit.actions import record
from web.audit.checkpoints import do_record_checkpoint
from web.audit.models import AuditCheckpoint, AuditEntry
from web.audit.names import Action
from web.org.actions import do_rename_unit


def _rename(world, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        do_rename_unit(unit=world.community_a, name=f"和平社区{i}", acting_user=world.organiser)


@pytest.fixture
def chain(world):
    """Six entries, a checkpoint after the third and one after the sixth."""
    _rename(world, 3)
    do_record_checkpoint(reason="test")
    _rename(world, 3, start=3)
    do_record_checkpoint(reason="test")
    return list(AuditEntry.objects.order_by("id"))


def _verify(*args: str) -> tuple[bool, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue() + err.getvalue() + str(exc)
    return True, out.getvalue()


def _anchor(tmp_path, kind: str) -> list[str]:
    """The board's checkpoint list as someone downloaded it today, or a head printed on paper."""
    kept = list(AuditCheckpoint.objects.order_by("id"))
    if kind == "pair":
        return ["--checkpoint", f"{kept[-1].entry_id}:{kept[-1].entry_hash}"]
    path = tmp_path / f"checkpoints.{kind}"
    path.write_text(anchors.to_json(kept) if kind == "json" else anchors.to_csv(kept), encoding="utf-8")
    return ["--anchor", str(path)]


ANCHORS = ["json", "csv", "pair"]


@pytest.mark.parametrize("kind", ANCHORS)
def test_an_untouched_chain_verifies_against_every_kind_of_anchor(chain, tmp_path, kind):
    ok, text = _verify(*_anchor(tmp_path, kind))
    assert ok, text
    assert f"head: #{chain[-1].pk} {chain[-1].hash}" in text
    assert "OK: 6 entries" in text


def _db_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


#: what an insider might change in the second entry (given the first), as stored column values;
#: the time moves back to the first entry's, which is not yet "backwards"
EDITS = {
    "changes": lambda first: {"changes": json.dumps({"name": ["和平社区", "别的名字"]}, ensure_ascii=False)},
    "actor_label": lambda first: {"actor_label": "someone-else"},
    "action": lambda first: {"action": "unit.create"},
    "at": lambda first: {"at": _db_datetime(first.at)},
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edited_entry_without_rehashing_is_named(chain, edit):
    testing.edit_entry(chain[1].pk, rehash=False, **EDITS[edit](chain[0]))
    ok, text = _verify()
    assert not ok and f"#{chain[1].pk}" in text and "content does not match its hash" in text


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edited_entry_with_the_chain_rehashed_is_found_by_the_databases_checkpoints(chain, edit):
    testing.edit_entry(chain[1].pk, rehash=True, **EDITS[edit](chain[0]))
    ok, text = _verify()
    assert not ok
    assert f"entry #{chain[2].pk} now has another hash" in text and "(database)" in text


@pytest.mark.parametrize("kind", ANCHORS)
@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edited_entry_with_chain_and_checkpoints_rewritten_is_found_by_the_anchor(chain, tmp_path, edit, kind):
    anchor = _anchor(tmp_path, kind)
    testing.edit_entry(chain[1].pk, rehash=True, **EDITS[edit](chain[0]))
    testing.rewrite_checkpoints()
    assert _verify()[0]  # inside the database alone, nothing shows: this is what the anchor is for
    ok, text = _verify(*anchor)
    assert not ok and f"entry #{chain[-1].pk} now has another hash" in text
    if kind != "pair":
        assert "is not in the database's checkpoint list" in text


def test_an_edit_after_the_last_checkpoint_is_found_at_the_next_one(chain, world, tmp_path):
    _rename(world, 2, start=10)
    testing.edit_entry(chain[-1].pk + 1, rehash=True, actor_label="someone-else")
    assert _verify()[0]  # nobody has seen these entries yet
    do_record_checkpoint(reason="test")
    anchor = _anchor(tmp_path, "json")
    testing.edit_entry(chain[-1].pk + 1, rehash=True, actor_label="a third person")
    testing.rewrite_checkpoints()
    ok, text = _verify(*anchor)
    assert not ok and f"entry #{chain[-1].pk + 2} now has another hash" in text


@pytest.mark.parametrize("kind", ["database", *ANCHORS])
def test_a_cut_tail_is_found(chain, tmp_path, kind):
    anchor = [] if kind == "database" else _anchor(tmp_path, kind)
    testing.cut_tail(chain[4].pk)
    if kind != "database":
        with testing.triggers_off() as cur:  # the insider cuts the checkpoint list too
            cur.execute("DELETE FROM audit_auditcheckpoint WHERE entry_id >= %s", [chain[4].pk])
    ok, text = _verify(*anchor)
    assert not ok and f"the chain ends at #{chain[3].pk}" in text and "tail was cut" in text


def test_a_cut_tail_re_grown_to_the_same_length_is_found(chain, world, tmp_path):
    anchor = _anchor(tmp_path, "csv")
    testing.cut_tail(chain[4].pk)
    with testing.triggers_off() as cur:
        cur.execute("DELETE FROM audit_auditcheckpoint WHERE entry_id >= %s", [chain[4].pk])
    _rename(world, 2, start=20)  # new entries take the place (SQLite reuses the ids) or follow it
    ok, text = _verify(*anchor)
    assert not ok and ("now has another hash" in text or "is missing from the chain" in text)


def test_a_removed_checkpoint_row_is_found_by_the_anchor(chain, tmp_path):
    anchor = _anchor(tmp_path, "json")
    with testing.triggers_off() as cur:
        cur.execute("DELETE FROM audit_auditcheckpoint WHERE entry_id = %s", [chain[2].pk])
    ok, text = _verify(*anchor)
    assert not ok and f"checkpoint #{chain[2].pk}" in text and "is not in the database's checkpoint list" in text


def test_a_checkpoint_row_rewritten_to_a_false_hash_is_named(chain):
    with testing.triggers_off() as cur:
        cur.execute("UPDATE audit_auditcheckpoint SET entry_hash = %s WHERE entry_id = %s", ["f" * 64, chain[2].pk])
    ok, text = _verify()
    assert not ok and f"entry #{chain[2].pk} now has another hash" in text


def _record_at(world, at, action: str = Action.UNIT_UPDATE) -> AuditEntry:
    from django.db import transaction

    with transaction.atomic():
        return record(actor=world.organiser, action=action, obj=world.community_a, at=at)


def test_an_entry_dated_before_the_one_before_it_is_named(chain, world):
    back = _record_at(world, chain[-1].at - timedelta(minutes=5))
    ok, text = _verify()
    assert not ok and f"entry #{back.pk} is dated" in text and "time runs backwards" in text


def test_an_entry_dated_back_with_the_chain_rehashed_is_named(chain):
    testing.edit_entry(chain[3].pk, rehash=True, at=_db_datetime(chain[0].at - timedelta(days=1)))
    testing.rewrite_checkpoints()
    ok, text = _verify()
    assert not ok and f"entry #{chain[3].pk} is dated" in text


def test_the_demos_stories_are_a_note_and_time_is_checked_after_them(world):
    from django.utils import timezone

    from web.audit.verify import DEMO_SEED

    now = timezone.now()
    _record_at(world, now, action=DEMO_SEED)
    _record_at(world, now - timedelta(days=200))
    story_end = _record_at(world, now - timedelta(days=300))
    do_record_checkpoint(reason=DEMO_SEED)
    ok, text = _verify()
    assert ok and f"note: entries up to #{story_end.pk} are the demo's stories" in text
    _record_at(world, now + timedelta(minutes=1))
    late = _record_at(world, now)
    ok, text = _verify()
    assert not ok and f"entry #{late.pk} is dated" in text and f"entry #{story_end.pk} is dated" not in text


def test_a_story_is_excused_only_in_a_log_that_begins_with_the_demo_seed(chain, world):
    from web.audit.verify import DEMO_SEED

    _record_at(world, chain[-1].at, action=DEMO_SEED)
    do_record_checkpoint(reason=DEMO_SEED)
    back = _record_at(world, chain[0].at)
    ok, text = _verify()
    assert not ok and f"entry #{back.pk} is dated" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("{not json", "not valid JSON"),
        ('{"checkpoints": 3}', "expected a list of checkpoints"),
        ("when,what\n1,2\n", "the CSV needs the columns"),
        ("at,entry,hash\n2026-01-01,x,ab\n", "is not an entry number"),
        ("at,entry,hash\n2026-01-01,3,abc\n", "needs a 64-digit SHA-256"),
        ('[{"entry": 0, "hash": "' + "a" * 64 + '"}]', "needs a 64-digit SHA-256"),
    ],
)
def test_an_anchor_file_that_cannot_be_read_gets_a_sentence(chain, tmp_path, content, message):
    path = tmp_path / "anchor"
    path.write_text(content, encoding="utf-8")
    ok, text = _verify("--anchor", str(path))
    assert not ok and message in text


@pytest.mark.parametrize("pair", ["12", "x:" + "a" * 64, "3:short"])
def test_a_checkpoint_pair_that_cannot_be_read_gets_a_sentence(chain, pair):
    ok, text = _verify("--checkpoint", pair)
    assert not ok and ("ENTRY:HASH" in text or "entry number" in text or "64-digit" in text)


def test_a_missing_anchor_file_gets_a_sentence(chain, tmp_path):
    ok, text = _verify("--anchor", str(tmp_path / "nowhere.json"))
    assert not ok and "cannot be read" in text
