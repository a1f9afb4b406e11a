"""The reconciliation: what the clients were told against what the database holds.

Pure functions over plain data, so a test can feed it a wrong input and see it complain.

Every voting code a client used has a log: the answers it got, in order —

- ``("ack", receipt)``: the receipt page was shown (the ballot was accepted);
- ``("error", what)``: no answer (connection refused or reset, the socket closed before the
  answer, a 5xx page): the client does not know whether the ballot was stored, and retries;
- ``("used", "")``: the "code already used" answer;
- ``("closed", "")``: the "poll not open" answer;
- ``("other", status)``: anything else (never expected).

The database side is every stored ballot of the poll as ``(spent_hash, receipt)``; the suite knows
each code, so it computes the code's spent hash the way the server does and finds its ballot.

What must hold:

1. every receipt shown is stored, under the code it was shown for;
2. no code is acknowledged twice, no code has two ballots;
3. a ballot stored without a receipt shown ("stored but unacknowledged") is allowed only where its
   client lost an answer (``error``) and the retry was told the code was used — the voter's ballot
   counts once and the voter was told so; these are reported separately;
4. a "used" answer is true (the code's ballot is stored) and follows a lost answer of the same
   client — a code that nobody used before is never "used";
5. nothing else is stored: no ballot under a code no client sent, no unexpected answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

Event = tuple[str, str]


@dataclass
class CodeLog:
    code: str
    spent_hash: str
    events: list[Event] = field(default_factory=list)

    @property
    def receipts(self) -> list[str]:
        return [value for kind, value in self.events if kind == "ack"]

    def used_after_error(self) -> bool:
        seen_error = False
        for kind, _value in self.events:
            if kind == "error":
                seen_error = True
            elif kind == "used" and seen_error:
                return True
        return False


@dataclass
class Reconciliation:
    acknowledged: int
    stored: int
    stored_unacknowledged: int
    lost_answers: int
    differences: list[str]

    @property
    def held(self) -> bool:
        return not self.differences


def reconcile(logs: list[CodeLog], stored: list[tuple[str, str]]) -> Reconciliation:
    differences: list[str] = []
    by_hash: dict[str, str] = {}
    for spent_hash, receipt in stored:
        if spent_hash in by_hash:
            differences.append(f"two ballots stored under one code ({spent_hash[:12]}…)")
        by_hash[spent_hash] = receipt
    for receipt, n in Counter(r for _h, r in stored).items():
        if n > 1:
            differences.append(f"receipt {receipt} stored {n} times")
    known = {log.spent_hash for log in logs}
    acknowledged = unacknowledged = lost = 0
    for log in logs:
        receipts = log.receipts
        lost += sum(1 for kind, _v in log.events if kind == "error")
        ballot = by_hash.get(log.spent_hash)
        if len(receipts) > 1:
            differences.append(f"code {log.code[:4]}… acknowledged {len(receipts)} times")
        for receipt in receipts:
            acknowledged += 1
            if ballot is None:
                differences.append(f"receipt {receipt} acknowledged but not stored")
            elif ballot != receipt:
                differences.append(f"receipt {receipt} acknowledged but the code's stored ballot is {ballot}")
        for kind, value in log.events:
            if kind == "other":
                differences.append(f"code {log.code[:4]}…: unexpected answer {value}")
            if kind == "used" and ballot is None:
                differences.append(f"code {log.code[:4]}… told 'already used' but no ballot is stored")
        if any(kind == "used" for kind, _v in log.events) and not receipts and not log.used_after_error():
            differences.append(f"code {log.code[:4]}… told 'already used' though its client never lost an answer")
        if ballot is not None and not receipts:
            if log.used_after_error():
                unacknowledged += 1
            else:
                differences.append(f"ballot {ballot} stored but never acknowledged, and no retry was told 'used'")
    for spent_hash, receipt in stored:
        if spent_hash not in known:
            differences.append(f"ballot {receipt} stored under a code no client sent")
    return Reconciliation(
        acknowledged=acknowledged,
        stored=len(stored),
        stored_unacknowledged=unacknowledged,
        lost_answers=lost,
        differences=differences,
    )
