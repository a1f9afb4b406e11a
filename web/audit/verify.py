"""Walking the audit chain, and holding it against checkpoints kept outside the database.

Inside one database the chain proves little against someone who can write to it: they can
edit an entry with the triggers off and re-hash every entry after it, or cut the tail, and
the chain is still whole. What they cannot follow is a copy of the head kept elsewhere: the
checkpoint list on the public board that anyone downloaded, a head printed on an
announcement. :func:`verify_chain` checks every such checkpoint: the entry it names must
still be in the chain with the same hash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from web.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEntry
from web.audit.names import Action

#: the demo's first entry (written at the real time before its stories, told on earlier days) and
#: the reason of the checkpoint it records when the stories are told
DEMO_SEED = Action.DEMO_SEED.value


@dataclass(frozen=True)
class Checkpoint:
    """An entry's hash as someone saw it: ``source`` says where it was kept."""

    entry_id: int
    entry_hash: str
    at: str = ""
    source: str = "checkpoint"


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str
    head_id: int | None = None
    head_hash: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)  # the chain is whole, but its history is not
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.problems


def stored_checkpoints() -> list[Checkpoint]:
    return [
        Checkpoint(c.entry_id, c.entry_hash, c.at.isoformat(timespec="seconds"), "database")
        for c in AuditCheckpoint.objects.order_by("id")
    ]


class _Walk:
    """State of one pass over the chain in id order."""

    def __init__(self, wanted: set[int]) -> None:
        self.prev_hash = GENESIS_HASH
        self.prev: AuditEntry | None = None
        self.story_until = _demo_story_end()
        self.story_steps = 0  # steps back in time inside the demo's stories
        self.checked = 0
        self.wanted = wanted
        self.seen: dict[int, str] = {}
        self.problems: list[str] = []
        self.notes: list[str] = []

    def broken(self, entry: AuditEntry) -> str:
        if entry.prev_hash != self.prev_hash:
            return "prev_hash does not match the entry before it"
        if entry.compute_hash() != entry.hash:
            return "content does not match its hash"
        return ""

    def check_time(self, entry: AuditEntry) -> None:
        if self.prev is None or entry.at >= self.prev.at:
            return
        if self.story_until is not None and entry.pk <= self.story_until:
            self.story_steps += 1
            return
        self.problems.append(
            f"entry #{entry.pk} is dated {entry.at.isoformat(timespec='seconds')}, before the entry before it "
            f"(#{self.prev.pk}, {self.prev.at.isoformat(timespec='seconds')}): time runs backwards / "
            f"第 {entry.pk} 条记录的时间早于它前一条"
        )

    def take(self, entry: AuditEntry) -> None:
        self.check_time(entry)
        if entry.pk in self.wanted:
            self.seen[entry.pk] = entry.hash
        self.prev_hash, self.prev = entry.hash, entry
        self.checked += 1


def _demo_story_end() -> int | None:
    """The last entry of the demo's stories, when the log begins with the demo's seed: the demo
    writes its seed at the real time, then tells a year of stories on clocks set to earlier days,
    and ends with a checkpoint whose reason is ``demo.seed``. Time order is checked after it."""
    first = AuditEntry.objects.order_by("id").values_list("action", flat=True).first()
    if first != DEMO_SEED:
        return None
    end = AuditCheckpoint.objects.filter(reason=DEMO_SEED).order_by("id").values_list("entry_id", flat=True).first()
    return end if end is not None else AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()


def _check_against(walk: _Walk, checkpoints: Iterable[Checkpoint], head_id: int | None) -> None:
    for cp in checkpoints:
        where = f"checkpoint #{cp.entry_id}" + (f" of {cp.at}" if cp.at else "") + f" ({cp.source})"
        if head_id is None or cp.entry_id > head_id:
            walk.problems.append(
                f"{where}: the chain ends at #{head_id or 0}, before the entry the checkpoint names; "
                f"its tail was cut / 审计链在第 {head_id or 0} 条处结束，"
                f"检查点所记的第 {cp.entry_id} 条已不在：尾部被截去"
            )
        elif cp.entry_id not in walk.seen:
            walk.problems.append(
                f"{where}: entry #{cp.entry_id} is missing from the chain / "
                f"检查点所记的第 {cp.entry_id} 条已不在审计链中"
            )
        elif walk.seen[cp.entry_id] != cp.entry_hash:
            walk.problems.append(
                f"{where}: entry #{cp.entry_id} now has another hash ({walk.seen[cp.entry_id]}, the checkpoint "
                f"says {cp.entry_hash}); the history up to it was rewritten / "
                f"第 {cp.entry_id} 条的哈希与检查点不符：此前的记录被改写过"
            )


def missing_from_database(anchor: Iterable[Checkpoint], stored: Iterable[Checkpoint]) -> list[str]:
    """Checkpoints of a kept copy that the database's own list no longer has as they were."""
    kept = {(c.entry_id, c.entry_hash) for c in stored}
    return [
        f"checkpoint #{cp.entry_id} {cp.entry_hash}"
        + (f" of {cp.at}" if cp.at else "")
        + f" ({cp.source}) is not in the database's checkpoint list: the list was changed / "
        f"数据库的检查点列表中已没有第 {cp.entry_id} 条的检查点：列表被改动过"
        for cp in anchor
        if (cp.entry_id, cp.entry_hash) not in kept
    ]


def verify_chain(*, checkpoints: Iterable[Checkpoint] = (), batch: int = 2000) -> ChainReport:
    """Recompute every hash in id order; stop at the first entry that does not fit.

    A changed row fails its own hash; a deleted row makes its successor's ``prev_hash``
    point at nothing it follows; an inserted row does the same to the row after it. A whole
    chain is then held against ``checkpoints``: an entry edited and the chain re-hashed after
    it changes the hash a checkpoint names, and a cut tail loses the entry it names. An entry
    dated before one that precedes it is named too (the demo's first ``demo.seed`` entry,
    written at the real time before stories told on earlier days, and those stories up to the
    ``demo.seed`` checkpoint are only noted).
    """
    checkpoints = list(checkpoints)
    walk = _Walk({c.entry_id for c in checkpoints})
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for entry in rows:
            problem = walk.broken(entry)
            if problem:
                return ChainReport(walk.checked, entry.pk, problem, problems=walk.problems, notes=walk.notes)
            walk.take(entry)
            last_id = entry.pk
    head_id = walk.prev.pk if walk.prev is not None else None
    if walk.story_until is not None:
        walk.notes.append(
            f"entries up to #{walk.story_until} are the demo's stories, told on clocks set to earlier days "
            f"({walk.story_steps} steps back in time, not checked) / 演示数据的故事按设定的日期记录，时间顺序不核对"
        )
    _check_against(walk, checkpoints, head_id)
    return ChainReport(
        walk.checked, None, "", head_id=head_id, head_hash=walk.prev_hash, problems=walk.problems, notes=walk.notes
    )
