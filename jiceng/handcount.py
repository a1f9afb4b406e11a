"""Totals of paper ballots counted by hand in the hall (``hand_count`` in a record).

A meeting may count its paper ballots by hand and publish only their totals, while the
phone ballots are kept one by one. The record then carries, beside ``ballots``, a
``hand_count`` object, and the engine adds the two:

- election: ``{"returned": 12, "invalid": 1, "candidates": {"c1": {"for": 7, "against": 3,
  "abstain": 1}, …}, "write_ins": {"赵六": 2}}``;
- motion: ``{"yes": 7, "no": 3, "abstain": 1, "invalid": 1}``.

What can be checked from totals is checked, and an inconsistency is an error naming the
place (never a silent correction): no negative numbers; ``invalid <= returned``; for every
candidate ``for + against + abstain`` equals the valid hand-counted ballots (every valid
ballot marks every candidate once, a blank mark being an abstention); a written-in name
has at most one vote per valid ballot; every write-in stands beside an "against" mark, so
all write-ins together are at most all against-votes; and for-votes plus write-ins are at
most ``seats`` per valid ballot, summed over the valid ballots.

What totals cannot show is whether one ballot had more for-marks and write-ins than seats
(``for-marks + write-ins <= seats``, DOMAIN.md §5.1) or a write-in beside an abstention:
that judgement was made ballot by ballot by the tellers and scrutineers in the hall, and
the ballots they judged invalid are given as ``invalid``. The record trusts it, as the
meeting's minutes do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jiceng.errors import RecordError
from jiceng.record import require_int, require_mapping

__all__ = ["ElectionHandCount", "read_election_hand_count", "read_motion_hand_count"]

MARKS = ("for", "against", "abstain")
MOTION_COUNTS = ("yes", "no", "abstain", "invalid")


@dataclass(frozen=True, kw_only=True)
class ElectionHandCount:
    """Checked hand-counted totals of an election; per-candidate lists follow ballot order."""

    returned: int
    invalid: int
    for_votes: tuple[int, ...]
    against: tuple[int, ...]
    write_ins: Mapping[str, int]

    @property
    def valid(self) -> int:
        return self.returned - self.invalid


def read_election_hand_count(
    doc: Mapping[str, Any], *, candidates: Sequence[tuple[str, str]], seats: int
) -> ElectionHandCount:
    """Read and check ``doc["hand_count"]``; ``candidates`` are ``(id, name)`` in ballot order."""
    raw = require_mapping(doc, "hand_count", "hand_count")
    for key in raw:
        if key not in ("returned", "invalid", "candidates", "write_ins"):
            raise RecordError(
                f"hand_count.{key}", "unknown field; use returned, invalid, candidates, write_ins / 未知的字段"
            )
    returned = require_int(raw, "returned", "hand_count.returned")
    invalid = require_int(raw, "invalid", "hand_count.invalid", default=0)
    if invalid > returned:
        raise RecordError(
            "hand_count.invalid",
            f"{invalid} invalid of {returned} returned / 无效票 {invalid} 张多于收回的 {returned} 张",
        )
    valid = returned - invalid
    per_candidate = require_mapping(raw, "candidates", "hand_count.candidates")
    known = {cid for cid, _ in candidates}
    for cid in per_candidate:
        if cid not in known:
            raise RecordError(f"hand_count.candidates.{cid}", "unknown candidate id / 未知的候选人编号")
    fors: list[int] = []
    againsts: list[int] = []
    for cid, name in candidates:
        path = f"hand_count.candidates.{cid}"
        if cid not in per_candidate:
            raise RecordError(path, f"missing the totals of {name} / 缺少候选人{name}的票数")
        marks = require_mapping(per_candidate, cid, path)
        for key in marks:
            if key not in MARKS:
                raise RecordError(f"{path}.{key}", "unknown mark; use for, against, abstain / 未知的标记")
        f, a, ab = (require_int(marks, key, f"{path}.{key}", default=0) for key in MARKS)
        if f + a + ab != valid:
            raise RecordError(
                path,
                f"{name}: for {f} + against {a} + abstain {ab} = {f + a + ab}, "
                f"but {valid} valid hand-counted ballots / 候选人{name}：赞成 {f} + 不赞成 {a} + 弃权 {ab} "
                f"= {f + a + ab}，不等于手工计票的有效票 {valid} 张",
            )
        fors.append(f)
        againsts.append(a)
    write_ins = _read_write_ins(raw, valid=valid)
    written = sum(write_ins.values())
    if written > sum(againsts):
        raise RecordError(
            "hand_count.write_ins",
            f"{written} write-ins but only {sum(againsts)} against-votes; a write-in stands beside an "
            f"against mark / 另选他人 {written} 票多于不赞成票 {sum(againsts)} 票（另选他人只能写在不赞成旁）",
        )
    if sum(fors) + written > seats * valid:
        raise RecordError(
            "hand_count",
            f"for-votes {sum(fors)} + write-ins {written} exceed {seats} seats × {valid} valid ballots / "
            f"赞成票 {sum(fors)} + 另选他人 {written} 多于应选名额 {seats} × 有效票 {valid}",
        )
    return ElectionHandCount(
        returned=returned, invalid=invalid, for_votes=tuple(fors), against=tuple(againsts), write_ins=write_ins
    )


def _read_write_ins(raw: Mapping[str, Any], *, valid: int) -> dict[str, int]:
    """Written-in names with their votes; names are compared with runs of spaces made one,
    as on a ballot. A name with no votes is left out."""
    given = require_mapping(raw, "write_ins", "hand_count.write_ins", default={})
    out: dict[str, int] = {}
    for key in given:
        path = f"hand_count.write_ins.{key}"
        name = " ".join(key.split())
        if not name:
            raise RecordError(path, "a written-in name cannot be empty / 另选他人的姓名不能为空")
        if name in out:
            raise RecordError(path, f"the name {name} is given twice / 姓名“{name}”重复")
        votes = require_int(given, key, path)
        if votes > valid:
            raise RecordError(
                path, f"{name}: {votes} votes but {valid} valid ballots / {name} 得 {votes} 票，多于有效票 {valid} 张"
            )
        out[name] = votes
    return {name: votes for name, votes in out.items() if votes}


def read_motion_hand_count(doc: Mapping[str, Any]) -> dict[str, int]:
    """Read and check ``doc["hand_count"]`` of a motion: ``yes``, ``no``, ``abstain``, ``invalid``."""
    raw = require_mapping(doc, "hand_count", "hand_count")
    for key in raw:
        if key not in MOTION_COUNTS:
            raise RecordError(f"hand_count.{key}", "unknown count; use yes, no, abstain, invalid / 未知的计数")
    return {key: require_int(raw, key, f"hand_count.{key}", default=0) for key in MOTION_COUNTS}
