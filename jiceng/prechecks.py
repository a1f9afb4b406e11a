"""Checks made on a candidate list and on proxies before a vote.

- The competitive margin (差额比例) of a candidate list: party committees and delegates
  (中国共产党基层组织选举工作条例 2020, DOMAIN.md §5.1) need ``5*(candidates − seats) >= seats``;
  villagers' committees (村民委员会组织法, §5.2) need more candidates than seats.
- Written proxies in village elections (村民委员会组织法, §5.2): at most three per holder,
  none held by a candidate.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from jiceng.rules import Check, parse_rule

__all__ = ["Problem", "Proxy", "check_proxies", "competitive_margin"]


def competitive_margin(*, candidates: int, seats: int, village: bool = False) -> Check:
    """Whether a candidate list is competitive enough.

    Party committees and delegates (条例 2020; DOMAIN.md §5.1): ``5*(candidates − seats) >= seats``,
    that is ``candidates >= 6/5 of seats`` (3 seats need 4 candidates, 5 need 6,
    7 need 9). Villagers' committees (村民委员会组织法; DOMAIN.md §5.2): ``candidates > seats``.
    """
    text = "candidates > seats" if village else "candidates >= 6/5 of seats"
    return parse_rule(text, path="margin", purpose="margin").evaluate({"candidates": candidates, "seats": seats})


@dataclass(frozen=True, kw_only=True)
class Proxy:
    """A written proxy (委托投票) in a village election: ``voter`` lets ``holder`` vote."""

    voter: str
    holder: str


@dataclass(frozen=True, kw_only=True)
class Problem:
    """A problem with the proxies, with a stable ``code`` and the person ``who`` it concerns."""

    code: str
    who: str
    zh: str
    en: str


def check_proxies(proxies: Sequence[Proxy], *, candidates: Collection[str], limit: int = 3) -> list[Problem]:
    """Problems with village-election proxies (村民委员会组织法; DOMAIN.md §5.2).

    A holder may hold at most ``limit`` (3) proxies; a candidate may hold none; a voter
    may not appoint themself nor appoint two holders. An empty list means all is well.
    """
    problems: list[Problem] = []
    held: dict[str, list[str]] = {}
    appointed: dict[str, str] = {}
    for proxy in proxies:
        if proxy.voter == proxy.holder:
            problems.append(
                Problem(code="self", who=proxy.voter, zh=f"{proxy.voter} 委托了自己", en=f"{proxy.voter} names self")
            )
            continue
        if proxy.voter in appointed:
            problems.append(
                Problem(
                    code="twice",
                    who=proxy.voter,
                    zh=f"{proxy.voter} 委托了两人（{appointed[proxy.voter]}、{proxy.holder}）",
                    en=f"{proxy.voter} appoints two holders ({appointed[proxy.voter]}, {proxy.holder})",
                )
            )
            continue
        appointed[proxy.voter] = proxy.holder
        held.setdefault(proxy.holder, []).append(proxy.voter)
    for holder, voters in held.items():
        if holder in candidates:
            problems.append(
                Problem(
                    code="candidate_holds",
                    who=holder,
                    zh=f"候选人 {holder} 不得接受委托（受托 {len(voters)} 人）",
                    en=f"candidate {holder} may not hold proxies (holds {len(voters)})",
                )
            )
        if len(voters) > limit:
            problems.append(
                Problem(
                    code="too_many",
                    who=holder,
                    zh=f"{holder} 受托 {len(voters)} 人，超过 {limit} 人",
                    en=f"{holder} holds {len(voters)} proxies, more than {limit}",
                )
            )
    return problems
