"""Who hears of a case's moves, through the outbox (``web.notify``), in the transaction of the move.

- the office's desks (handlers and dispatchers sitting at it), when the case reaches it:
  dispatched, sent back after a refused return, escalated to it; and, from the jobs
  (``web.cases.jobs``), reminded before a deadline and told when it is overdue (with the
  dispatchers of the place);
- the requester: when it is taken at intake (its number, never its code), dispatched ("being
  handled by …"), extended (with the reason), replied (where to follow it) and, from the jobs,
  asked for the return visit;
- the representative linked to the case, when it is replied; the requesters of duplicates merged
  into it, when it is replied.

A requester is reached as they asked: their account, their roster entry, or only the mobile
number they left (``web.notify.outbox.Phone``: SMS only). No text carries the tracking code, a
token or a link that opens the case: the requester is told where to enter the code they were
given (``FOLLOW``), and the outbox's guard refuses anything else.

Keys name the occasion, so nothing is said twice: an arrival by its history event, a reminder
by its deadline, a reply by its round (``redos``). When a cause is done its notices are
resolved (``web.notify.outbox.resolve``): signing for a case (or returning it) resolves the
arrival and the sign-for reminder; the reply resolves the reply reminder and the overdue notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils import timezone

from web.cases.models import Case, CaseEvent, Desk, Office
from web.notify.outbox import Phone, notify, resolve

#: the public page where a requester enters their tracking code (never the code in a link)
FOLLOW = "/requests/follow/"
#: the history events by which a case reaches an office that must sign for it
ARRIVALS = (CaseEvent.Kind.DISPATCHED, CaseEvent.Kind.SENT_BACK, CaseEvent.Kind.ESCALATED)


# ---- words and keys -----------------------------------------------------------------------------


def due_text(moment: dt.datetime | None, *, urgent: bool) -> str:
    """A deadline as a notice says it: the day (a deadline in working days ends with its day), or
    the day and hour for an urgent case counted in hours."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d %H:%M") if urgent else local.date().isoformat()


def stamp(moment: dt.datetime) -> str:
    """A deadline in a key and in a reminder's history event: local, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def sign_soon_key(case: Case) -> str:
    assert case.sign_by is not None
    return f"cases.{case.pk}.sign_soon.{case.office_id}.{stamp(case.sign_by)}"


def reply_soon_key(case: Case) -> str:
    assert case.reply_by is not None
    return f"cases.{case.pk}.reply_soon.{stamp(case.reply_by)}"


def overdue_key(case: Case) -> str:
    assert case.reply_by is not None
    return f"cases.{case.pk}.overdue.{stamp(case.reply_by)}"


def visit_ask_key(case: Case) -> str:
    return f"cases.{case.pk}.visit_ask.{case.redos}"


def _arrival_key(case: Case, event_id: int) -> str:
    return f"cases.{case.pk}.arrival.{event_id}"


def _last_event_id(case: Case, kinds: Iterable[str]) -> int | None:
    return case.events.filter(kind__in=list(kinds)).order_by("-id").values_list("id", flat=True).first()


def staff_link(case: Case) -> str:
    """The case's staff page (``cases:case``), by the agreed address while the pages are not there."""
    try:
        return case.get_absolute_url()
    except NoReverseMatch:
        return f"/staff/cases/{case.pk}/"


def _context(case: Case, **extra: Any) -> dict[str, Any]:
    return {"number": case.number, "category": case.entry.name, **extra}


# ---- who --------------------------------------------------------------------------------------


def desks_of(office: Office | None) -> list[Any]:
    """The people sitting at ``office`` (handlers and dispatchers), each once."""
    if office is None:
        return []
    return [d.user for d in Desk.objects.filter(office=office).select_related("user__person").order_by("user_id")]


def dispatchers_for(case: Case) -> list[Any]:
    """The dispatchers of the case's place: those of its lead office (首接单位), else those of the
    nearest office above the place that has any."""
    prefixes = _prefixes(case.unit_path)
    desks = list(
        Desk.objects.filter(post=Desk.Post.DISPATCHER)
        .filter(Q(office_id=case.lead_id) | Q(office__unit_path__in=prefixes))
        .select_related("user__person", "office")
    )
    lead = [d for d in desks if d.office_id == case.lead_id]
    if lead:
        return [d.user for d in lead]
    if not desks:
        return []
    nearest = max(len(d.office.unit_path) for d in desks)
    return [d.user for d in desks if len(d.office.unit_path) == nearest]


def _prefixes(path: str) -> list[str]:
    """``/1/4/17/`` → ``/1/``, ``/1/4/``, ``/1/4/17/``."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def requester_of(case: Case) -> Any:
    """Whom to tell, as they asked: their account; their roster entry when it has the number they
    left (or they left none); else the mobile number they left (SMS only); None when there is no
    way (a landline, nothing)."""
    if case.requester_user_id is not None:
        return case.requester_user
    phone = Phone.of(case.requester_phone)
    person = case.requester
    if person is not None and (phone is None or (person.phone or "").strip() == phone.number):
        return person
    return phone or person


def _each(people: Iterable[Any], kind: str, context: dict[str, Any], *, key: str, link: str = "") -> int:
    sent, seen = 0, set()
    for who in people:
        if who is None or id(who) in seen:
            continue
        seen.add(id(who))
        notify(who, kind, context, key=key, link=link)
        sent += 1
    return sent


def to_requester(case: Case, kind: str, context: dict[str, Any], *, key: str) -> int:
    """Tell the requester as they asked (``requester_of``), linking to the page where they enter
    their code (never the code): 1, or 0 when there is no way to reach them."""
    return _each([requester_of(case)], kind, context, key=key, link=FOLLOW)


def to_office(case: Case, kind: str, *, key: str, due: dt.datetime | None, also: Iterable[Any] = ()) -> int:
    """Tell the desks of the case's office (and ``also``: the dispatchers, for an overdue case)."""
    people = {u.pk: u for u in [*desks_of(case.office), *also]}
    office = case.office.name if case.office is not None else ""
    context = _context(case, office=office, due=due_text(due, urgent=case.entry.urgent))
    return _each(people.values(), kind, context, key=key, link=staff_link(case))


# ---- the moves (called at the end of each action in web.cases.actions) ------------------------------


def _arrived(case: Case, kind: str) -> None:
    event_id = _last_event_id(case, ARRIVALS)
    if event_id is not None:
        to_office(case, kind, key=_arrival_key(case, event_id), due=case.sign_by)


def received(case: Case) -> None:
    """To the requester, at intake: the case's number, and that the tracking code was given to
    them when it was taken (on the screen, or by whoever entered it). Never the code itself: an
    SMS is kept by the carrier and read by whoever holds the phone, and the number typed at intake
    is nobody's checked number (docs/cases.md, "The code, once")."""
    to_requester(case, "case.received", _context(case), key=f"cases.{case.pk}.received")


def dispatched(case: Case) -> None:
    """To the office's desks (sign for it by …) and to the requester (being handled by …)."""
    event_id = _last_event_id(case, ARRIVALS)
    if event_id is None:
        return
    to_office(case, "case.dispatched", key=_arrival_key(case, event_id), due=case.sign_by)
    office = case.office.name if case.office is not None else ""
    context = {"category": case.entry.name, "office": office, "due": due_text(case.reply_by, urgent=case.entry.urgent)}
    to_requester(case, "case.handling", context, key=f"cases.{case.pk}.handling.{event_id}")


def sent_back(case: Case) -> None:
    _arrived(case, "case.sent_back")


def escalated(case: Case) -> None:
    _arrived(case, "case.escalated")


def signed(case: Case) -> None:
    """The office took it: its arrival notice and the sign-for reminder are done with."""
    event_id = _last_event_id(case, ARRIVALS)
    if event_id is not None:
        resolve(_arrival_key(case, event_id))
    if case.sign_by is not None:
        resolve(sign_soon_key(case))


#: a return also answers the arrival (the office acted on it, if not by signing)
returned = signed


def extended(case: Case) -> None:
    """To the requester: the new deadline and the reason (they see it, as the issue asks)."""
    context = {
        "category": case.entry.name,
        "due": due_text(case.reply_by, urgent=case.entry.urgent),
        "reason": case.extension_reason,
    }
    to_requester(case, "case.extended", context, key=f"cases.{case.pk}.extended")


def replied(case: Case) -> None:
    """To the requester (where to follow it), the representative linked to it, and the
    requesters of the duplicates merged into it; the reply reminder and overdue notice are done."""
    office = case.office.name if case.office is not None else ""
    round_ = f"{case.pk}.{case.redos}"
    to_requester(case, "case.replied", {"category": case.entry.name, "office": office}, key=f"cases.{round_}.replied")
    if case.representative_id is not None:
        notify(
            case.representative,
            "case.representative_replied",
            _context(case, office=office),
            key=f"cases.{round_}.representative_replied",
            link=staff_link(case),
        )
    merged = Case.objects.filter(merged_into=case).select_related("requester_user__person", "requester")
    for duplicate in merged.order_by("pk"):
        _each(
            [requester_of(duplicate)],
            "case.merged_replied",
            _context(case),
            key=f"cases.{round_}.merged_replied.{duplicate.pk}",
            link=FOLLOW,
        )
    if case.reply_by is not None:
        resolve(reply_soon_key(case))
        resolve(overdue_key(case))


def visit_ask(case: Case) -> int:
    """Ask the requester to rate the reply (the return visit by SMS): open the follow page and
    enter their tracking code. Sent by the jobs the working day after the reply."""
    context = {"category": case.entry.name}
    return to_requester(case, "case.visit_ask", context, key=visit_ask_key(case))
