"""Reads: a person's inbox, its unread count (the header's badge), their preferences."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from web.notify.kinds import KINDS, render
from web.notify.models import Notice, Preferences


def _mine(user: Any) -> Q:
    """The notices addressed to the account, or to the roster person it is linked to (also those
    written before the account was made)."""
    mine = Q(user_id=user.pk)
    if getattr(user, "person_id", None):
        mine |= Q(person_id=user.person_id)
    return mine


def inbox_for(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(_mine(user)).order_by("-created_at", "-id")


#: where a notice stands in the inbox: unread, read, or its cause done (``outbox.resolve``, which
#: also marks it read)
STATE_CHOICES = [("unread", gettext_lazy("未读")), ("read", gettext_lazy("已读")), ("resolved", gettext_lazy("已办结"))]


def in_state(notices: QuerySet[Notice], state: str) -> QuerySet[Notice]:
    if state == "unread":
        return notices.filter(read_at__isnull=True)
    if state == "resolved":
        return notices.filter(resolved_at__isnull=False)
    return notices.filter(read_at__isnull=False, resolved_at__isnull=True)


def naming(notices: QuerySet[Notice], text: str) -> QuerySet[Notice]:
    """Notices whose names (the matter, the unit: every kind's ``names``) contain ``text``."""
    keys = sorted({name for kind in KINDS.values() for name in kind.names})
    found = Q()
    for key in keys:
        found |= Q(**{f"context__{key}__icontains": text})
    return notices.filter(found)


def unread_count(user: Any) -> int:
    """One query (the indexes on recipient and read time), or none when this request has counted
    them already (``remember_unread``: the home page's list of them, for the header's badge)."""
    known = getattr(user, "_jiceng_unread", None)
    return int(known) if known is not None else count_unread(user)


def count_unread(user: Any) -> int:
    """How many unread notices ``user`` has, counted now (one query)."""
    return Notice.objects.filter(_mine(user), read_at__isnull=True).count()


def remember_unread(user: Any, count: int) -> None:
    """``count`` is how many unread notices ``user`` has now, found while reading them: this
    request's badge (``unread_count``) shows it without counting again. Only where nothing is
    marked read later in the request (the home page)."""
    user._jiceng_unread = count


def notice_for(user: Any, notice_id: int) -> Notice | None:
    return Notice.objects.filter(_mine(user), pk=notice_id).first()


def preferences_for(user: Any) -> Preferences:
    """The account's saved preferences, or the defaults (unsaved) when it has none or there is no
    account (a person on the roster without one)."""
    if user is None or user.pk is None:
        return Preferences()
    return Preferences.objects.filter(user_id=user.pk).first() or Preferences(user=user)


def notice_text(notice: Notice, language: str) -> str:
    """The notice's sentence, whole; a kind this version no longer knows shows its stored values."""
    if notice.kind not in KINDS:
        return " · ".join(str(v) for v in notice.context.values())
    return render(notice.kind, notice.context, language=language)[0]
