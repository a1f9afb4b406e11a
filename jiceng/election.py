"""Candidate elections: party basic-level elections, primaries, villagers' committees.

The rules come from DOMAIN.md §5.1 (中国共产党基层组织选举工作条例, 2020) and §5.2
(村民委员会组织法). Each is a setting of the record with the default named here:

- marks are ``for`` / ``against`` / ``abstain`` per candidate; a missing mark is an
  abstention;
- a write-in (另选他人) is allowed only beside an ``against`` mark and counts as a
  for-vote for the written name; beside any other mark it makes the ballot invalid
  (setting ``write_in_needs_against``, default true; when false such a write-in is
  ignored and the ballot stays valid);
- a ballot is valid when ``for-marks + write-ins <= seats``; spoiled ballots are
  invalid; invalid ballots still count as returned (and so in ``voted``);
- the round is void when ``returned > issued``: nothing is counted, it is held again;
- paper ballots counted by hand in the hall may be given as totals (``hand_count``, see
  ``jiceng.handcount``); they are checked for consistency and added to the ballots;
- the quorum rule must hold before anything is counted;
- a candidate qualifies when the ``elected`` rule (``qualifies`` in a primary) holds
  with its ``for`` votes; qualifiers take the seats in order of for-votes; those tied
  at the cut-off who do not all fit go to a run-off among themselves only (never a
  tie-break by stroke order or by lot); seats nobody qualifies for stay unfilled,
  never filled from below the bar.

Variants set the default rules: ``party`` (quorum ``present >= 4/5 of expected``,
elected ``for > 1/2 of expected``), ``primary`` (the same quorum, ``qualifies``
``for > 1/2 of expected``), ``village`` (``voted > 1/2 of registered``,
``for > 1/2 of voted``) and ``village_supplementary`` (另行选举: plurality with the
one-third floor, ``for >= 1/3 of voted``).

``competitive_margin`` and ``check_proxies`` live in ``jiceng.prechecks`` and are
re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jiceng import sheets
from jiceng.errors import RecordError
from jiceng.handcount import ElectionHandCount, read_election_hand_count
from jiceng.prechecks import Problem, Proxy, check_proxies, competitive_margin
from jiceng.record import check_header, require_bool, require_int, require_list, require_mapping, require_str
from jiceng.rules import Condition, parse_condition, parse_rule
from jiceng.sheets import ELECTION_STATUSES as STATUSES

__all__ = [
    "STATUSES",
    "VARIANTS",
    "Candidate",
    "Election",
    "Problem",
    "Proxy",
    "Selection",
    "check_proxies",
    "competitive_margin",
    "format_text",
    "parse_election",
    "select_winners",
    "tally_record",
]

#: variant → default rules (every one may be replaced in the record's ``rules``).
VARIANTS: Mapping[str, Mapping[str, str]] = {
    "party": {"quorum": "present >= 4/5 of expected", "elected": "for > 1/2 of expected"},
    "primary": {"quorum": "present >= 4/5 of expected", "qualifies": "for > 1/2 of expected"},
    "village": {"quorum": "voted > 1/2 of registered", "elected": "for > 1/2 of voted", "margin": "candidates > seats"},
    "village_supplementary": {"quorum": "voted > 1/2 of registered", "elected": "for >= 1/3 of voted"},
}


ROUND_RULE = "returned <= issued"
_DERIVED = ("issued", "returned", "voted", "valid", "invalid", "seats", "candidates")
_CANDIDATE_NAMES = ("for", "votes", "against", "abstain")


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A candidate on the ballot; ``id`` is what ballots mark."""

    id: str
    name: str


@dataclass(frozen=True, kw_only=True)
class Election:
    """Everything about an election except its ballots, checked and with rules parsed."""

    title: str
    variant: str
    seats: int
    electorate: Mapping[str, int]
    ballots_issued: int
    candidates: tuple[Candidate, ...]
    quorum: Condition
    threshold: Condition
    threshold_key: str
    margin: Condition | None
    write_in_needs_against: bool
    rules: Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class Selection:
    """Who takes the seats: ``elected`` in order, and a run-off if ties at the cut-off do not fit."""

    elected: tuple[str, ...]
    runoff: tuple[str, ...]
    runoff_seats: int
    unfilled_seats: int


def select_winners(ranked: Sequence[tuple[str, int]], *, seats: int) -> Selection:
    """Give ``seats`` seats to qualifiers ranked by for-votes (highest first, stable order).

    Every entry of ``ranked`` has cleared the bar. If they all fit, all are elected
    and the rest of the seats are unfilled. Otherwise those strictly above the
    cut-off vote are elected; those at the cut-off are elected if they all fit, or
    else go to a run-off for the seats left (条例 2020: 得票相等不能确定当选人时，
    应当就票数相等的被选举人重新投票).
    """
    if len(ranked) <= seats:
        return Selection(
            elected=tuple(i for i, _ in ranked), runoff=(), runoff_seats=0, unfilled_seats=seats - len(ranked)
        )
    cut = ranked[seats - 1][1]
    above = tuple(i for i, v in ranked if v > cut)
    tied = tuple(i for i, v in ranked if v == cut)
    left = seats - len(above)
    if len(tied) <= left:
        return Selection(elected=above + tied, runoff=(), runoff_seats=0, unfilled_seats=0)
    return Selection(elected=above, runoff=tied, runoff_seats=left, unfilled_seats=0)


def parse_election(doc: Mapping[str, Any]) -> Election:
    """Check an election record (all but its ballots) and parse its rules."""
    check_header(doc, kind="election")
    variant = require_str(doc, "variant", "variant", default="party")
    if variant not in VARIANTS:
        raise RecordError("variant", f"unknown variant {variant!r} (known: {', '.join(VARIANTS)}) / 未知的选举类型")
    seats = require_int(doc, "seats", "seats", minimum=1)
    electorate = _read_electorate(require_mapping(doc, "electorate", "electorate"))
    issued = require_int(doc, "ballots_issued", "ballots_issued")
    candidates = _read_candidates(require_list(doc, "candidates", "candidates"))
    raw_rules = require_mapping(doc, "rules", "rules", default={})
    defaults = VARIANTS[variant]
    threshold_key = "qualifies" if variant == "primary" else "elected"
    for key in raw_rules:
        if key not in ("quorum", "elected", "qualifies", "margin"):
            raise RecordError(f"rules.{key}", "unknown rule; use quorum, elected, qualifies or margin / 未知的规则")
    if "qualifies" in raw_rules and "elected" in raw_rules:
        raise RecordError("rules.qualifies", "give either elected or qualifies, not both / 不能同时给出")
    if "qualifies" in raw_rules:
        threshold_key = "qualifies"
    elif "elected" in raw_rules:
        threshold_key = "elected"
    rules: dict[str, Any] = {k: v for k, v in defaults.items() if k not in ("elected", "qualifies")}
    rules[threshold_key] = defaults.get("elected", defaults.get("qualifies"))
    rules.update(raw_rules)
    available = set(electorate) | set(_DERIVED)
    quorum = _rule(rules["quorum"], "quorum", available, "quorum")
    threshold = _rule(rules[threshold_key], threshold_key, available | set(_CANDIDATE_NAMES), threshold_key)
    if not threshold.names & set(_CANDIDATE_NAMES):
        raise RecordError(f"rules.{threshold_key}", "must count the candidate's votes (for) / 规则须含候选人得票")
    margin = _rule(rules["margin"], "margin", available, "margin") if "margin" in rules else None
    settings = require_mapping(doc, "settings", "settings", default={})
    needs_against = require_bool(settings, "write_in_needs_against", "settings.write_in_needs_against", default=True)
    return Election(
        title=require_str(doc, "title", "title", default="", allow_empty=True),
        variant=variant,
        seats=seats,
        electorate=electorate,
        ballots_issued=issued,
        candidates=candidates,
        quorum=quorum,
        threshold=threshold,
        threshold_key=threshold_key,
        margin=margin,
        write_in_needs_against=needs_against,
        rules=rules,
    )


def _rule(obj: Any, key: str, available: set[str], purpose: str) -> Condition:
    cond = parse_condition(obj, path=f"rules.{key}", purpose=purpose)
    missing = sorted(cond.names - available)
    if missing:
        raise RecordError(
            f"rules.{key}", f"the count '{missing[0]}' is not in this record / 记录中没有“{missing[0]}”这一数目"
        )
    return cond


def _read_electorate(raw: Mapping[str, Any]) -> dict[str, int]:
    electorate: dict[str, int] = {}
    for key in raw:
        if key in _DERIVED or key in _CANDIDATE_NAMES:
            raise RecordError(f"electorate.{key}", "is counted from the ballots, not given / 此数由选票得出，不应填写")
        electorate[key] = require_int(raw, key, f"electorate.{key}")
    if "present" in electorate and "expected" in electorate and electorate["present"] > electorate["expected"]:
        raise RecordError("electorate.present", "more present than expected / 实到人数多于应到人数")
    return electorate


def _read_candidates(raw: Sequence[Any]) -> tuple[Candidate, ...]:
    if not raw:
        raise RecordError("candidates", "at least one candidate / 至少要有一名候选人")
    out: list[Candidate] = []
    seen: set[str] = set()
    for n, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise RecordError(f"candidates[{n}]", "a candidate is an object with id and name / 候选人须有编号和姓名")
        cid = require_str(item, "id", f"candidates[{n}].id")
        if cid in seen:
            raise RecordError(f"candidates[{n}].id", f"the id {cid!r} appears twice / 候选人编号重复")
        if cid.startswith("write-in:"):
            raise RecordError(f"candidates[{n}].id", "ids starting with write-in: are reserved / 此前缀保留给另选他人")
        seen.add(cid)
        out.append(Candidate(id=cid, name=require_str(item, "name", f"candidates[{n}].name")))
    return tuple(out)


@dataclass(frozen=True, kw_only=True)
class _Count:
    returned: int
    valid: int
    invalid: int
    for_votes: list[int]
    against: list[int]
    write_ins: dict[str, int]
    reasons: dict[str, int]


def _count(election: Election, ballots: Sequence[Any]) -> _Count:
    """One pass over the ballots. Candidate ids are resolved to indices once."""
    index = {c.id: i for i, c in enumerate(election.candidates)}
    n_cand = len(index)
    fors = [0] * n_cand
    againsts = [0] * n_cand
    write_ins: dict[str, int] = {}
    reasons: dict[str, int] = {}
    seats = election.seats
    needs_against = election.write_in_needs_against
    valid = 0
    empty: dict[str, Any] = {}
    for n, ballot in enumerate(ballots):
        if type(ballot) is not dict:
            raise RecordError(f"ballots[{n}]", "a ballot is a JSON object / 选票必须是对象")
        spoiled = ballot.get("spoiled", False)
        if spoiled is True:
            reasons["spoiled"] = reasons.get("spoiled", 0) + 1
            continue
        if spoiled is not False:
            raise RecordError(f"ballots[{n}].spoiled", "must be true or false / 必须是 true 或 false")
        marks = ballot.get("marks", empty)
        if type(marks) is not dict:
            raise RecordError(f"ballots[{n}].marks", "must be an object of candidate id → mark / 必须是对象")
        f_idx: list[int] = []
        a_idx: list[int] = []
        for cid, mark in marks.items():
            i = index.get(cid)
            if i is None:
                raise RecordError(f"ballots[{n}].marks.{cid}", "unknown candidate id / 未知的候选人编号")
            if mark == "for":
                f_idx.append(i)
            elif mark == "against":
                a_idx.append(i)
            elif mark != "abstain":
                raise RecordError(
                    f"ballots[{n}].marks.{cid}", f"unknown mark {mark!r}; use for, against or abstain / 未知的标记"
                )
        names: tuple[str, ...] = ()
        reason: str | None = None
        raw_write_ins = ballot.get("write_ins")
        if raw_write_ins is not None:
            names, reason = _read_write_ins(raw_write_ins, marks, index, n, needs_against)
        if reason is None and len(f_idx) + len(names) > seats:
            reason = "too_many"
        if reason is not None:
            reasons[reason] = reasons.get(reason, 0) + 1
            continue
        valid += 1
        for i in f_idx:
            fors[i] += 1
        for i in a_idx:
            againsts[i] += 1
        for name in names:
            write_ins[name] = write_ins.get(name, 0) + 1
    returned = len(ballots)
    return _Count(
        returned=returned,
        valid=valid,
        invalid=returned - valid,
        for_votes=fors,
        against=againsts,
        write_ins=write_ins,
        reasons=reasons,
    )


def _read_write_ins(
    raw: Any, marks: Mapping[str, Any], index: Mapping[str, int], n: int, needs_against: bool
) -> tuple[tuple[str, ...], str | None]:
    if type(raw) is not list:
        raise RecordError(f"ballots[{n}].write_ins", "must be a list / 必须是列表")
    names: list[str] = []
    places: set[str] = set()
    reason: str | None = None
    for k, item in enumerate(raw):
        path = f"ballots[{n}].write_ins[{k}]"
        if not isinstance(item, Mapping):
            raise RecordError(path, "a write-in is an object with replaces and name / 另选他人须有 replaces 和 name")
        replaces = require_str(item, "replaces", f"{path}.replaces")
        if replaces not in index:
            raise RecordError(f"{path}.replaces", "unknown candidate id / 未知的候选人编号")
        name = " ".join(require_str(item, "name", f"{path}.name").split())
        if marks.get(replaces, "abstain") != "against":
            if needs_against:
                reason = reason or "write_in_not_against"
            continue
        if replaces in places:
            reason = reason or "two_write_ins_one_place"
        elif name in names:
            reason = reason or "same_name_twice"
        places.add(replaces)
        names.append(name)
    return tuple(names), reason


def tally_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Count an election record and explain the result (see the module docstring for the rules)."""
    election = parse_election(doc)
    ballots = require_list(doc, "ballots", "ballots")
    count = _count(election, ballots)
    hand: ElectionHandCount | None = None
    if "hand_count" in doc:
        hand = read_election_hand_count(
            doc, candidates=[(c.id, c.name) for c in election.candidates], seats=election.seats
        )
        count = _with_hand_count(count, hand)
    values: dict[str, int] = dict(election.electorate)
    values.update(
        issued=election.ballots_issued,
        returned=count.returned,
        voted=count.returned,
        valid=count.valid,
        invalid=count.invalid,
        seats=election.seats,
        candidates=len(election.candidates),
    )
    quorum = election.quorum.evaluate(values, purpose="quorum")
    round_check = parse_rule(ROUND_RULE, path="rules.round", purpose="round").evaluate(values)
    checks = [quorum.to_json(), round_check.to_json()]
    warnings: list[str] = []
    if election.margin is not None:
        margin = election.margin.evaluate(values, purpose="margin")
        checks.append(margin.to_json())
        if not margin.passed:
            warnings.append(f"候选人差额不足：{margin.sentence_zh} / The list is not competitive: {margin.sentence_en}")
    result: dict[str, Any] = {
        "kind": "election",
        "title": election.title,
        "variant": election.variant,
        "seats": election.seats,
        "electorate": dict(election.electorate),
        "rules": dict(election.rules),
        "settings": {"write_in_needs_against": election.write_in_needs_against},
        "ballots": {
            "issued": election.ballots_issued,
            "returned": count.returned,
            "valid": count.valid,
            "invalid": count.invalid,
        },
        "invalid_reasons": dict(sorted(count.reasons.items())),
        "tally": [],
        "elected": [],
        "runoff": None,
        "unfilled_seats": election.seats,
        "checks": checks,
        "warnings": warnings,
    }
    if hand is not None:
        result["hand_count"] = {"returned": hand.returned, "valid": hand.valid, "invalid": hand.invalid}
    if not quorum.passed:
        result["status"] = "not_quorate"
        return result
    if not round_check.passed:
        result["status"] = "void"
        return result
    entries = _entries(election, count)
    ranked: list[tuple[str, int]] = []
    qualified: set[str] = set()
    for entry in entries:
        values.update({"for": entry["for"], "votes": entry["for"], "against": entry["against"]})
        values["abstain"] = entry["abstain"]
        check = election.threshold.evaluate(values, purpose=election.threshold_key)
        label = f"{entry['name']}（{entry['id']}）" if not entry["write_in"] else f"另选 {entry['name']}"
        label_en = f"write-in {entry['name']}" if entry["write_in"] else f"{entry['name']} ({entry['id']})"
        explained = {"zh": f"{label}：{check.sentence_zh}", "en": f"{label_en}: {check.sentence_en}"}
        checks.append(check.to_json() | {"subject": entry["id"]} | explained)
        if check.passed:
            qualified.add(entry["id"])
            ranked.append((entry["id"], entry["for"]))
    position = {e["id"]: n for n, e in enumerate(entries)}
    ranked.sort(key=lambda item: (-item[1], position[item[0]]))
    selection = select_winners(ranked, seats=election.seats)
    winners = set(selection.elected)
    for entry in entries:
        entry["qualified"] = entry["id"] in qualified
        entry["elected"] = entry["id"] in winners
    result["tally"] = entries
    result["elected"] = list(selection.elected)
    result["unfilled_seats"] = selection.unfilled_seats
    if selection.runoff:
        result["runoff"] = {"candidates": list(selection.runoff), "seats": selection.runoff_seats}
        result["status"] = "runoff_needed"
    elif selection.unfilled_seats:
        result["status"] = "seats_unfilled"
    else:
        result["status"] = "complete"
    return result


def _with_hand_count(count: _Count, hand: ElectionHandCount) -> _Count:
    """The ballots counted one by one plus the totals counted by hand in the hall; ballots
    the tellers judged invalid are given the reason ``hand_count``."""
    write_ins = dict(count.write_ins)
    for name, votes in hand.write_ins.items():
        write_ins[name] = write_ins.get(name, 0) + votes
    reasons = dict(count.reasons)
    if hand.invalid:
        reasons["hand_count"] = reasons.get("hand_count", 0) + hand.invalid
    return _Count(
        returned=count.returned + hand.returned,
        valid=count.valid + hand.valid,
        invalid=count.invalid + hand.invalid,
        for_votes=[a + b for a, b in zip(count.for_votes, hand.for_votes, strict=True)],
        against=[a + b for a, b in zip(count.against, hand.against, strict=True)],
        write_ins=write_ins,
        reasons=reasons,
    )


def _entries(election: Election, count: _Count) -> list[dict[str, Any]]:
    """One tally line per candidate (ballot order), then per write-in name (by votes, then name)."""
    entries: list[dict[str, Any]] = []
    for i, cand in enumerate(election.candidates):
        f, a = count.for_votes[i], count.against[i]
        entries.append(
            {
                "id": cand.id,
                "name": cand.name,
                "for": f,
                "against": a,
                "abstain": count.valid - f - a,
                "write_in": False,
            }
        )
    for name, votes in sorted(count.write_ins.items(), key=lambda kv: (-kv[1], kv[0])):
        entries.append(
            {"id": f"write-in:{name}", "name": name, "for": votes, "against": 0, "abstain": 0, "write_in": True}
        )
    return entries


def format_text(result: Mapping[str, Any]) -> str:
    """A result sheet a person reads: Chinese first, English beside it."""
    return sheets.election_sheet(result)
