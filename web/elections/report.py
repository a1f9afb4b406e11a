"""The nomination report of an open-nomination election (seed 003: "在最终确定的候选人预备人选中，
差额比例达到51.6%，其中接近60%的人选是通过党员联名推荐和个人自荐等方式产生").

Two figures, each with what it is counted over:
- the competitive margin of the candidates' pre-list (候选人预备人选): the names that passed the
  review, beyond the seats, over the seats (``(listed − seats) / seats``; 47 names for 31 seats
  is 16/31, 51.6%);
- the share of those names by nomination channel, and of members' own nominations (joint and
  self) together.

Before the review has passed anyone, the report counts the registrations instead and gives no
margin (there is no pre-list yet). Read in two queries; exact fractions, the percent beside them
only for reading."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from web.common.rates import Rate
from web.elections.models import Election, Nomination

#: the channels members use themselves, beside the organisation's own nominations
MEMBERS_OWN = (Nomination.Channel.JOINT, Nomination.Channel.SELF)


@dataclass(frozen=True)
class ChannelShare:
    label: str
    rate: Rate


@dataclass(frozen=True)
class NominationReport:
    #: True once the review has passed anyone: the counts are of the pre-list, else of registrations
    reviewed: bool
    seats: int
    names: int
    channels: list[ChannelShare]
    members_own: Rate
    #: the names beyond the seats over the seats; None before the review or without seats
    margin: Rate | None

    @property
    def heading(self) -> str:
        return _("候选人预备人选") if self.reviewed else _("报名")


def seats_of(election: Election) -> int:
    """The seats of every post the election fills (its election stage's settings)."""
    stage = election.stages.filter(kind="election").only("settings").first()
    return sum(int(p.get("seats", 0)) for p in (stage.settings.get("posts", []) if stage else []))


def nomination_report(election: Election) -> NominationReport | None:
    """The report, or None for an election without nominations (a village register's first days)."""
    counts: dict[tuple[str, str], int] = {
        (row["status"], row["channel"]): row["n"]
        for row in election.nominations.values("status", "channel").annotate(n=Count("id")).order_by()
    }
    if not counts:
        return None
    eligible = {ch: n for (status, ch), n in counts.items() if status == Nomination.Status.ELIGIBLE}
    if eligible:
        return report_of(eligible, seats_of(election), reviewed=True)
    registered: dict[str, int] = {}
    for (status, channel), n in counts.items():
        if status != Nomination.Status.WITHDRAWN:
            registered[channel] = registered.get(channel, 0) + n
    return report_of(registered, seats_of(election), reviewed=False)


def report_of(by_channel: dict[str, int], seats: int, *, reviewed: bool) -> NominationReport:
    """The report from the names counted per channel (the board counts its prefetched pre-list)."""
    names = sum(by_channel.values())
    return NominationReport(
        reviewed=reviewed,
        seats=seats,
        names=names,
        channels=[
            ChannelShare(str(label), Rate(by_channel[value], names, places=1))
            for value, label in Nomination.Channel.choices
            if by_channel.get(value)
        ],
        members_own=Rate(sum(by_channel.get(ch, 0) for ch in MEMBERS_OWN), names, places=1),
        margin=Rate(names - seats, seats, places=1) if reviewed and seats and names else None,
    )
