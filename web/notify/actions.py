"""A person's own writes: their notification settings (audited), and read marks (not audited:
they change nothing anyone else sees, and an entry per click would bury the log)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from web.accounts.actors import Actor
from web.audit.actions import diff, record
from web.audit.names import Action
from web.common import clock
from web.notify.kinds import EXTERNAL, KINDS
from web.notify.models import Notice, Preferences
from web.notify.queries import inbox_for


def _snapshot(p: Preferences) -> dict[str, Any]:
    return {
        "channels": {k: sorted(c for c in EXTERNAL if p.wants(k, c)) for k in KINDS},
        "quiet_hours": p.quiet_hours,
        "quiet_start": p.quiet_start.strftime("%H:%M"),
        "quiet_end": p.quiet_end.strftime("%H:%M"),
        "sms_per_hour": p.sms_per_hour,
        "language": p.language,
    }


@transaction.atomic
def do_set_preferences(
    *,
    user: Actor,
    channels: dict[str, list[str]],
    quiet_hours: bool,
    quiet_start: dt.time,
    quiet_end: dt.time,
    sms_per_hour: int,
    language: str,
    acting_user: Actor,
) -> Preferences:
    """Set the account's own preferences; nobody sets another's."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    prefs, _created = Preferences.objects.select_for_update().get_or_create(user=user)
    before = _snapshot(prefs)
    prefs.channels = {k: sorted(c for c in channels.get(k, []) if c in EXTERNAL) for k in KINDS}
    prefs.quiet_hours, prefs.quiet_start, prefs.quiet_end = quiet_hours, quiet_start, quiet_end
    prefs.sms_per_hour, prefs.language, prefs.updated_at = sms_per_hour, language, clock.now()
    prefs.save()
    record(actor=acting_user, action=Action.NOTIFY_PREFERENCES, obj=prefs, changes=diff(before, _snapshot(prefs)))
    return prefs


def do_mark_read(*, user: Actor, notice_id: int | None = None) -> int:
    """Mark one of the person's notices read, or (``None``) all of them; returns how many."""
    notices = inbox_for(user).filter(read_at__isnull=True)
    if notice_id is not None:
        notices = notices.filter(pk=notice_id)
    return Notice.objects.filter(pk__in=notices.values("pk")).update(read_at=clock.now())
