"""What of the organisation model a person finds on their home page (``web.common.attention``):
their own household, when their account is linked to a person on the roster who has one."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.common.attention import Asking, Found, Item, Source, register
from web.org.queries import own_household


def _household(asking: Asking) -> Found | None:
    members = own_household(asking.user)
    if not members:
        return None
    text = gettext("我的家庭：%(names)s，共 %(n)s 人") % {
        "names": gettext("、").join(p.name for p in members),
        "n": len(members),
    }
    return Found(items=[Item(text=text, url=reverse("org:my_household"))], total=1)


HOUSEHOLD = register(Source("household", _("我的家庭"), 60, _household, help=_("您户籍所在户的成员。"), task=False))
