"""Usernames: one spelling per account, and none that looks like another.

``normalise`` (NFKC, case folded, trimmed) is applied when an account is created and when
anyone signs in, so ``ｓｔｒｅｅｔ``, ``street `` and ``STREET`` are all ``street``: one account,
one lockout counter. New usernames must be ASCII letters, digits and ``. _ -`` after that, and
must not share a *skeleton* with an existing one: the skeleton maps the characters people
confuse on a screen or over the phone (``0``/``o``, ``1``/``l``/``i``, ``rn``/``m``,
``vv``/``w``, and the separators) to one, so ``zhang.wei`` cannot be created beside
``zhang_wei``, nor ``admin1`` beside ``adminl``. Non-ASCII lookalikes (Cyrillic ``а``, Greek
``ο``) never get that far: the ASCII rule refuses them outright.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from web.common.errors import RefusedStep

MAX_LENGTH = 150
PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,149}")
#: look-alike pairs, longest first, each mapped to one representative
CONFUSABLE = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"), ("_", "-"), (".", "-"))


class UsernameRefused(RefusedStep):
    code = "username_refused"
    status = 422


def normalise(username: str) -> str:
    """The one spelling of a username: NFKC, case folded (then NFKC again, as folding can
    undo it), surrounding white space removed."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username or "").casefold())
    return folded.strip()


def skeleton(username: str) -> str:
    """What a username looks like: confusable characters mapped to one representative."""
    text = normalise(username)
    for confusable, representative in CONFUSABLE:
        text = text.replace(confusable, representative)
    return re.sub(r"-+", "-", text)


def check_new(username: str, *, existing: Any = None) -> str:
    """The normalised username if a new account may take it; else a refusal with a sentence.
    ``existing`` is the queryset of accounts to compare with (all accounts by default)."""
    from django.contrib.auth import get_user_model

    name = normalise(username)
    if not PATTERN.fullmatch(name):
        raise UsernameRefused(
            _("用户名只能用英文字母、数字和 . _ -，以字母或数字开头，2 至 150 个字符（例如 zhangwei 或 zhang.wei）。")
        )
    users = existing if existing is not None else get_user_model().objects.all()
    if users.filter(username=name).exists():
        raise UsernameRefused(_("用户名 %(u)s 已被使用，请换一个。") % {"u": name})
    mine = skeleton(name)
    for other in users.values_list("username", flat=True).iterator():
        if skeleton(other) == mine:
            raise UsernameRefused(_("用户名 %(u)s 与一个已有的用户名看起来太像，容易混淆，请换一个。") % {"u": name})
    return name
