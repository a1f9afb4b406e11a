"""What of notifications a person finds on their home page (``web.common.attention``): their
unread notices, the newest first, each linked to the inbox where it is opened and marked read."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from web.common.attention import Asking, Found, Item, Source, register
from web.notify import queries


def _unread(asking: Asking) -> Found | None:
    unread = list(queries.inbox_for(asking.user).filter(read_at__isnull=True)[: asking.limit])
    total = queries.count_unread(asking.user) if len(unread) == asking.limit else len(unread)
    queries.remember_unread(asking.user, total)  # the header's badge: counted once
    if not unread:
        return None
    language = get_language() or "zh-hans"
    inbox = reverse("notify:inbox")
    items = [Item(text=queries.notice_text(n, language), url=inbox, when=n.created_at) for n in unread]
    return Found(items=items, total=total, more=inbox if total > len(items) else "")


UNREAD = register(Source("notices", _("未读通知"), 50, _unread, help=_("发给您的通知，在通知页打开即标为已读。")))
