"""Sending one delivery, and recording what happened.

A delivery is sent at most once. A worker first *claims* it: one conditional UPDATE that
succeeds only while it is pending, due and still at the attempt count the worker read; it
counts the attempt and pushes ``next_attempt_at`` a lease ahead (``NOTIFY_LEASE``). Of two
workers that race, one claims and the other's update changes no row, so it leaves the delivery
alone. The send happens outside any transaction (an HTTP call holds no lock); then the outcome
is written, again only if the attempt is still the claimed one:

- sent: ``state=sent``, ``sent_at``, the address it went to;
- failed: ``last_error``, and ``next_attempt_at`` after an exponential backoff; after
  ``NOTIFY_MAX_ATTEMPTS`` the delivery is ``failed`` for good;
- the worker died mid-send: the lease runs out and the sweep tries again. The request names
  the delivery (``out_id``), so a provider that deduplicates by it sends that message once.

Before claiming, the person's wishes are read as they are now: a channel turned off is
``skipped``; in quiet hours, or past the hourly SMS limit, the delivery waits (its
``next_attempt_at`` moves on, no attempt is counted).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation

from web.common import clock
from web.notify import rules, sms
from web.notify.kinds import KINDS, SMS_LIMIT, Channel, render
from web.notify.models import Delivery, Notice, Preferences
from web.notify.outbox import NO_ADDRESS, RESOLVED, TURNED_OFF, address_of
from web.notify.queries import preferences_for

log = logging.getLogger(__name__)


def due(now: dt.datetime) -> Any:
    """The pending deliveries whose time has come, oldest first."""
    return Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "id"
    )


def attempt(delivery_id: int, *, now: dt.datetime | None = None) -> str:
    """Try one delivery now; returns what became of it: ``sent``, ``failed`` (this attempt; it
    may be retried), ``waiting``, ``skipped`` or ``taken`` (not due, or another worker has it)."""
    now = now or clock.now()
    d = Delivery.objects.select_related("notice__user", "notice__person").filter(pk=delivery_id).first()
    if d is None or d.state != Delivery.State.PENDING or d.next_attempt_at is None or d.next_attempt_at > now:
        return "taken"
    notice = d.notice
    prefs = preferences_for(notice.user)
    address = address_of(d.channel, notice.user, notice.person, notice.phone)
    if notice.resolved_at is not None or not prefs.wants(notice.kind, d.channel) or not address:
        reason = RESOLVED if notice.resolved_at else TURNED_OFF if address else NO_ADDRESS[Channel(d.channel)]
        _update(d, d.attempts, state=Delivery.State.SKIPPED, next_attempt_at=None, last_error=reason)
        return "skipped"
    later = _not_before(d, prefs, address, now)
    if later is not None:
        _update(d, d.attempts, next_attempt_at=later)
        return "waiting"
    claimed = d.attempts + 1
    if not _update(d, d.attempts, attempts=claimed, next_attempt_at=now + dt.timedelta(seconds=settings.NOTIFY_LEASE)):
        return "taken"
    try:
        _send(d, notice, prefs, address)
    except Exception as exc:  # any error is a failed attempt: recorded, retried, never a stuck claim
        if not isinstance(exc, sms.SendFailed):
            log.exception("delivery %s failed", d.pk)
        error = (str(exc) if isinstance(exc, sms.SendFailed) else f"{type(exc).__name__}: {exc}")[:300]
        if claimed >= settings.NOTIFY_MAX_ATTEMPTS:
            _update(d, claimed, state=Delivery.State.FAILED, next_attempt_at=None, last_error=error)
        else:
            _update(d, claimed, next_attempt_at=now + retry_after(claimed), last_error=error)
        return "failed"
    _update(d, claimed, state=Delivery.State.SENT, sent_at=now, address=address, next_attempt_at=None, last_error="")
    return "sent"


def retry_after(attempts: int) -> dt.timedelta:
    return rules.backoff(attempts, base_seconds=settings.NOTIFY_RETRY_BASE, cap_seconds=settings.NOTIFY_RETRY_CAP)


def _update(d: Delivery, at_attempt: int, /, **values: Any) -> bool:
    """Write ``values`` if the delivery is still pending at attempt ``at_attempt``: the compare-and-set
    that makes a claim, and keeps a slow worker from overwriting what a faster one recorded."""
    return bool(Delivery.objects.filter(pk=d.pk, state=Delivery.State.PENDING, attempts=at_attempt).update(**values))


def _not_before(d: Delivery, prefs: Preferences, address: str, now: dt.datetime) -> dt.datetime | None:
    """When the delivery may go, if not now: the end of quiet hours, or (SMS) when the oldest
    message of the past hour leaves the hourly window."""
    if prefs.quiet_hours:
        end = rules.quiet_until(timezone.localtime(now), prefs.quiet_start, prefs.quiet_end)
        if end is not None:
            return end
    if d.channel == Channel.SMS:
        hour_ago = now - dt.timedelta(hours=1)
        sent = list(
            Delivery.objects.filter(channel=Channel.SMS, address=address, sent_at__gt=hour_ago)
            .order_by("sent_at")
            .values_list("sent_at", flat=True)[: max(1, prefs.sms_per_hour)]
        )
        if len(sent) >= max(1, prefs.sms_per_hour) and sent[0] is not None:
            return sent[0] + dt.timedelta(hours=1)
    return None


def sms_text(notice: Notice, language: str) -> tuple[str, dict[str, str]]:
    """The notice's SMS text (one message with the signature) and its template's values."""
    limit = SMS_LIMIT - len(sms.signed(""))
    return render(notice.kind, notice.context, language=language, limit=limit)


def email_text(notice: Notice, language: str) -> tuple[str, str]:
    """(subject, body): the sentence, and where to read more, without any link that signs in."""
    text, _params = render(notice.kind, notice.context, language=language)
    with translation.override(language):
        subject = sms.signed(str(KINDS[notice.kind].name))
        more = translation.gettext("详情请登录基层查看。")
    site = settings.JICENG_SITE_URL.rstrip("/")
    return subject, f"{text}\n\n{more}" + (f"\n{site}{notice.link or '/'}" if site else "") + "\n"


def _send(d: Delivery, notice: Notice, prefs: Preferences, address: str) -> None:
    out_id = f"jiceng-{d.pk}"
    if d.channel == Channel.SMS:
        text, params = sms_text(notice, prefs.language)
        sms.gateway().send(address, sms.template_for(notice.kind), params, text, out_id=out_id)
        return
    subject, body = email_text(notice, prefs.language)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address], headers={"X-Jiceng-Id": out_id})
    try:
        message.send()
    except Exception as exc:  # SMTP errors are many kinds; each is a failed attempt, retried
        raise sms.SendFailed(f"{type(exc).__name__}: {exc}") from None
