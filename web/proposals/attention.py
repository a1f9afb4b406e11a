"""What of proposals needs a person on their home page (``web.common.attention``):

- a representative: invitations to second a proposal, their own proposals to send for review,
  answers to their proposals to rate (with the rating deadline);
- the liaison staff: proposals to review, accepted ones to discuss and put to the congress,
  votes counted to read, adopted ones to assign, and answers overdue;
- a unit's desks: the proposals their unit answers, overdue first.

Each source reads its rows in one to three queries, whatever their number (the liaison staff's in
one, since the street's and district's staff already have the most sources)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.cases import access as case_access
from web.common.attention import Asking, Found, Item, Source, register
from web.meetings.models import Poll
from web.proposals import access
from web.proposals.models import Proposal, Signature

S = Proposal.State


def _item(p: Proposal, what: str, *, when: Any = None, late: bool = False, action: str = "") -> Item:
    return Item(
        text=gettext("提案第 %(n)s 号“%(title)s”：%(what)s") % {"n": p.number, "title": p.title, "what": what},
        url=reverse("proposals:proposal", args=[p.pk]),
        where=p.season.title,
        when=when,
        late=late,
        action=action,
    )


def _rows() -> Any:
    return Proposal.objects.select_related("season").only(
        "pk", "number", "title", "state", "answer_by", "reopened", "proposer_id", "season__title", "poll_id"
    )


def _representative(asking: Asking) -> Found | None:
    seats = [s.pk for s in access.seats_of(asking.user)]
    if not seats:
        return None
    today = asking.today
    items: list[Item] = []
    # one query: the proposals inviting them to second, and their own collecting seconds or answered
    rows = (
        _rows()
        .filter(
            Q(state=S.SIGNING, signatures__seat_id__in=seats, signatures__state=Signature.State.INVITED)
            | Q(proposer_id__in=seats, state__in=(S.SIGNING, S.ANSWERED))
        )
        .annotate(rate_by=Max("answers__rate_by", filter=Q(answers__rating="")))
        .distinct()
        .order_by("pk")
    )
    for p in rows:
        if p.proposer_id not in seats:
            items.append(_item(p, gettext("邀请您附议"), action=gettext("附议")))
        elif p.state == S.SIGNING:
            items.append(_item(p, gettext("征集附议中，附议够了就可提交立案审查"), action=gettext("提交")))
        elif p.rate_by is not None and p.rate_by >= today:
            items.append(_item(p, gettext("已答复，请评价"), when=p.rate_by, action=gettext("评价")))
    if not items:
        return None
    return Found.of(items, limit=asking.limit, more=reverse("proposals:index"))


STAFF_WORDS = {
    S.SUBMITTED: (_("待立案审查"), _("审查")),
    S.ACCEPTED: (_("已立案，待代表团讨论和大会表决"), _("记录讨论")),
    S.VOTING: (_("大会表决已计票，待读取结果"), _("读取结果")),
    S.ADOPTED: (_("大会通过，待交办"), _("交办")),
    S.ASSIGNED: (_("已超过答复时限"), _("催办")),
}


def _staff(asking: Asking) -> Found | None:
    paths = access.liaison_paths(asking.user)
    if not paths:
        return None
    where = Q()
    for p in paths:
        where |= Q(unit_path__startswith=p)
    today = asking.today
    counted = Poll.objects.filter(state=Poll.State.CLOSED).values("pk")
    rows = (
        _rows()
        .filter(where)
        .filter(
            Q(state__in=(S.SUBMITTED, S.ACCEPTED, S.ADOPTED))
            | Q(state=S.VOTING, poll_id__in=counted)
            | Q(state=S.ASSIGNED, answer_by__lt=today)
        )
        .order_by("state", "pk")
    )
    # all of them in one query (a season's hundreds at most), counted here: the count is exact
    found = list(rows)
    if not found:
        return None
    items = []
    for p in found[: asking.limit]:
        what, act = STAFF_WORDS[p.state]
        late = p.state == S.ASSIGNED
        items.append(_item(p, str(what), when=p.answer_by if late else None, late=late, action=str(act)))
    more = reverse("proposals:index") if len(found) > len(items) else ""
    return Found(items=items, total=len(found), more=more)


def _handler(asking: Asking) -> Found | None:
    offices = case_access.office_ids(asking.user)
    if not offices:
        return None
    rows = _rows().filter(office_id__in=offices, state__in=sorted(Proposal.HANDLING)).order_by("answer_by", "pk")
    page = list(rows[: asking.limit])
    if not page:
        return None
    today = asking.today
    items = [
        _item(
            p,
            gettext("待答复（第二次）") if p.state == S.ASSIGNED and p.reopened else gettext("待答复"),
            when=p.answer_by,
            late=p.answer_by is not None and p.answer_by < today,
            action=gettext("答复"),
        )
        for p in page
    ]
    total = rows.count() if len(page) == asking.limit else len(page)
    return Found(items=items, total=total, more=reverse("proposals:index") if total > len(items) else "")


register(
    Source(
        key="proposals_mine",
        title=_("提案：待您附议、提交和评价"),
        order=46,
        find=_representative,
        help=_("其他代表邀请您附议的提案，您征集附议中的提案，以及已答复、等您评价的提案。"),
    )
)
register(
    Source(
        key="proposals_liaison",
        title=_("提案工作：待审查、交办和逾期"),
        order=47,
        find=_staff,
        help=_("待立案审查、待讨论表决、待读取表决结果、待交办的提案，以及逾期未答复的提案。"),
    )
)
register(
    Source(
        key="proposals_answer",
        title=_("待您单位答复的提案"),
        order=48,
        find=_handler,
        help=_("交给您单位主办的提案，逾期的在前。"),
    )
)
