"""Motions: yes / no / abstain, one or several quorums, a pass rule (DOMAIN.md §5.3).

A motion record gives the electorate, flat (``{"expected": 40, "present": 31}``) or
in groups (``{"groups": {"members": {...}, "reps": {...}}}``, where ``expected`` and
``present`` are the sums of the groups and each group's counts are named
``members.expected``, ``members.present``), the rules, and either the ballots
(``{"vote": "yes"}``, a missing vote is an abstention, ``{"spoiled": true}``) or,
for a show of hands, the ``counts``. Paper ballots counted by hand in the hall may be given
beside the ballots as ``hand_count`` (``yes``, ``no``, ``abstain``, ``invalid``); they are added
to what the ballots give (``jiceng.handcount``).

Order of judgement: the quorum (a condition, ``{"all": [...]}`` or ``{"any": [...]}``
for meetings with several) must hold, else ``not_quorate``; more ballots returned than
issued makes the vote ``void``; then the pass rule decides ``passed`` or ``rejected``.

Procedures give default rules (each replaceable in ``rules``):

- ``representatives_meeting`` 村民代表会议 (村民委员会组织法 第 25/26 条):
  ``present >= 2/3 of expected``, ``yes > 1/2 of present``;
- ``villagers_meeting`` 村民会议 (村民委员会组织法): ``present > 1/2 of expected`` (or, convened
  by households, give an ``any`` quorum), ``yes > 1/2 of present``;
- ``members_review`` 党员大会审议 in 四议两公开: ``present >= 2/3 of expected``,
  ``yes >= 1/2 of expected``;
- ``joint_meeting`` 两村两会 (seed 001 part 3): more than half of the members and at least
  2/3 of the villager representatives, ``yes > 1/2 of present``;
- ``committee`` 党委票决 (one of the five gates, seed 002): ``present >= 2/3 of expected``,
  ``yes > 1/2 of expected`` (以超过应到会成员半数同意形成决定);
- ``recall`` 罢免村民委员会成员 (村民委员会组织法; DOMAIN.md §5.2): ``voted > 1/2 of registered``,
  ``yes > 1/2 of voted``, with ``{"registered": N}`` as the electorate.

Round validity: ``returned <= issued`` when ``ballots_issued`` is given, else
``returned <= present``, else ``returned <= registered``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jiceng import sheets
from jiceng.errors import RecordError
from jiceng.handcount import read_motion_hand_count
from jiceng.record import check_header, require_int, require_list, require_mapping, require_str
from jiceng.rules import parse_condition, parse_rule
from jiceng.sheets import MOTION_STATUSES as STATUSES

__all__ = ["PROCEDURES", "STATUSES", "electorate_values", "format_text", "tally_record"]

PROCEDURES: Mapping[str, Mapping[str, Any]] = {
    "representatives_meeting": {"quorum": "present >= 2/3 of expected", "passes": "yes > 1/2 of present"},
    "villagers_meeting": {"quorum": "present > 1/2 of expected", "passes": "yes > 1/2 of present"},
    "members_review": {"quorum": "present >= 2/3 of expected", "passes": "yes >= 1/2 of expected"},
    "joint_meeting": {
        "quorum": {"all": ["members.present > 1/2 of members.expected", "reps.present >= 2/3 of reps.expected"]},
        "passes": "yes > 1/2 of present",
    },
    "committee": {"quorum": "present >= 2/3 of expected", "passes": "yes > 1/2 of expected"},
    "recall": {"quorum": "voted > 1/2 of registered", "passes": "yes > 1/2 of voted"},
}


VOTES = ("yes", "no", "abstain")
_DERIVED = ("issued", "returned", "voted", "valid", "invalid", *VOTES)


def electorate_values(raw: Mapping[str, Any], *, path: str = "electorate") -> dict[str, int]:
    """The counts of an electorate, flat or grouped, by the names rules use.

    A grouped electorate gives ``<group>.expected`` and ``<group>.present`` for each
    group and ``expected`` / ``present`` as their sums. Present may not exceed expected.
    """
    values: dict[str, int] = {}
    for key in raw:
        if key == "groups":
            continue
        if key in _DERIVED:
            raise RecordError(f"{path}.{key}", "is counted from the ballots, not given / 此数由选票得出，不应填写")
        values[key] = require_int(raw, key, f"{path}.{key}")
    if "groups" in raw:
        groups = require_mapping(raw, "groups", f"{path}.groups")
        if not groups:
            raise RecordError(f"{path}.groups", "at least one group / 至少要有一个组")
        for key in ("expected", "present"):
            if key in values:
                raise RecordError(f"{path}.{key}", "is the sum of the groups, not given / 此数为各组之和，不应填写")
        values["expected"] = values["present"] = 0
        for name in groups:
            if "." in name or not name.strip():
                raise RecordError(f"{path}.groups.{name}", "a group name has no dots / 组名不能含点号")
            group = require_mapping(groups, name, f"{path}.groups.{name}")
            for key in ("expected", "present"):
                value = require_int(group, key, f"{path}.groups.{name}.{key}")
                values[f"{name}.{key}"] = value
                values[key] += value
            _present_within(values, f"{name}.", f"{path}.groups.{name}.present")
    _present_within(values, "", f"{path}.present")
    return values


def _present_within(values: Mapping[str, int], prefix: str, path: str) -> None:
    present, expected = values.get(prefix + "present"), values.get(prefix + "expected")
    if present is not None and expected is not None and present > expected:
        raise RecordError(path, "more present than expected / 实到人数多于应到人数")


def _count_ballots(ballots: Sequence[Any]) -> dict[str, int]:
    counts = {"yes": 0, "no": 0, "abstain": 0, "invalid": 0}
    for n, ballot in enumerate(ballots):
        if type(ballot) is not dict:
            raise RecordError(f"ballots[{n}]", "a ballot is a JSON object / 选票必须是对象")
        spoiled = ballot.get("spoiled", False)
        if spoiled is True:
            counts["invalid"] += 1
            continue
        if spoiled is not False:
            raise RecordError(f"ballots[{n}].spoiled", "must be true or false / 必须是 true 或 false")
        vote = ballot.get("vote", "abstain")
        if vote not in counts or vote == "invalid":
            raise RecordError(f"ballots[{n}].vote", f"unknown vote {vote!r}; use yes, no or abstain / 未知的表决意见")
        counts[vote] += 1
    return counts


def tally_record(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Count a motion record: quorum, round validity, then the pass rule."""
    check_header(doc, kind="motion")
    procedure = doc.get("procedure")
    if procedure is not None and procedure not in PROCEDURES:
        raise RecordError("procedure", f"unknown procedure {procedure!r} (known: {', '.join(PROCEDURES)}) / 未知的程序")
    raw_rules = require_mapping(doc, "rules", "rules", default={})
    for key in raw_rules:
        if key not in ("quorum", "passes"):
            raise RecordError(f"rules.{key}", "unknown rule; use quorum or passes / 未知的规则")
    rules: dict[str, Any] = dict(PROCEDURES[procedure]) if procedure else {}
    rules.update(raw_rules)
    for key in ("quorum", "passes"):
        if key not in rules:
            raise RecordError(f"rules.{key}", "missing (or name a procedure) / 缺少此规则")
    values = electorate_values(require_mapping(doc, "electorate", "electorate"))
    quorum_rule = parse_condition(rules["quorum"], path="rules.quorum", purpose="quorum")
    passes_rule = parse_condition(rules["passes"], path="rules.passes", purpose="passes")
    if "ballots" in doc and "counts" in doc:
        raise RecordError("counts", "give ballots or counts, not both / 选票与计数只能给出一种")
    if "counts" in doc:
        raw_counts = require_mapping(doc, "counts", "counts")
        for key in raw_counts:
            if key not in ("yes", "no", "abstain", "invalid"):
                raise RecordError(f"counts.{key}", "unknown count; use yes, no, abstain, invalid / 未知的计数")
        counts = {k: require_int(raw_counts, k, f"counts.{k}", default=0) for k in ("yes", "no", "abstain", "invalid")}
    else:
        counts = _count_ballots(require_list(doc, "ballots", "ballots"))
    hand: dict[str, int] | None = None
    if "hand_count" in doc:
        if "counts" in doc:
            raise RecordError(
                "hand_count", "counts are already the whole count; give ballots / 已给出计数，不能再加手工计票"
            )
        hand = read_motion_hand_count(doc)
        counts = {k: counts[k] + hand[k] for k in counts}
    valid = counts["yes"] + counts["no"] + counts["abstain"]
    returned = valid + counts["invalid"]
    has_issued = "ballots_issued" in doc
    issued = require_int(doc, "ballots_issued", "ballots_issued") if has_issued else None
    values.update(yes=counts["yes"], no=counts["no"], abstain=counts["abstain"])
    values.update(valid=valid, invalid=counts["invalid"], returned=returned, voted=returned)
    if issued is not None:
        values["issued"] = issued
    for key, cond in (("quorum", quorum_rule), ("passes", passes_rule)):
        missing = sorted(cond.names - set(values))
        if missing:
            raise RecordError(f"rules.{key}", f"the count '{missing[0]}' is not in this record / 记录中没有这一数目")
    quorum = quorum_rule.evaluate(values)
    round_base = next((k for k in ("issued", "present", "registered") if k in values), None)
    round_check = None
    if round_base is not None:
        round_rule = parse_rule(f"returned <= {round_base}", path="rules.round", purpose="round")
        round_check = round_rule.evaluate(values)
    checks = [quorum.to_json()] + ([round_check.to_json()] if round_check else [])
    result: dict[str, Any] = {
        "kind": "motion",
        "title": require_str(doc, "title", "title", default="", allow_empty=True),
        "procedure": procedure,
        "electorate": {k: v for k, v in values.items() if k not in _DERIVED},
        "rules": rules,
        "ballots": {"issued": issued, "returned": returned, "valid": valid, "invalid": counts["invalid"]},
        "counts": None,
        "checks": checks,
    }
    if hand is not None:
        hand_valid = hand["yes"] + hand["no"] + hand["abstain"]
        result["hand_count"] = {
            "returned": hand_valid + hand["invalid"],
            "valid": hand_valid,
            "invalid": hand["invalid"],
        }
    if not quorum.passed:
        result["status"] = "not_quorate"
    elif round_check is not None and not round_check.passed:
        result["status"] = "void"
    else:
        outcome = passes_rule.evaluate(values)
        checks.append(outcome.to_json())
        result["counts"] = {k: counts[k] for k in VOTES}
        result["status"] = "passed" if outcome.passed else "rejected"
    return result


def format_text(result: Mapping[str, Any]) -> str:
    """A result sheet a person reads: Chinese first, English beside it."""
    return sheets.motion_sheet(result)
