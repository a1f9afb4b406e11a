"""Names as people write them, made comparable: one form for one name.

A name typed on a phone, read off a paper ballot or pasted from a spreadsheet can carry
invisible differences: a full-width space (U+3000) between surname and given name, a zero-width
space, a bidi mark, a decomposed accent, a different middle dot in a minority name. Two such
spellings of one name would be two people to the counting engine and two rows in a roster, so
every person name, candidate name and write-in goes through ``normalise_name`` before it is
stored or counted.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

#: the longest person or candidate name kept (Person.name and Candidate.name hold 50)
MAX_NAME = 50

#: the separator in transcribed minority and foreign names (艾力·买买提) and its look-alikes
_MIDDLE_DOTS = dict.fromkeys(map(ord, "\u30fb\uff65\u2022\u2027\u2219\u22c5\u0387"), "\u00b7")
_SPACES = re.compile(r"\s+")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK}) (?={_CJK})")


def _visible(ch: str) -> bool:
    """Control (Cc), format (Cf: zero-width, bidi, soft hyphen), private-use and unassigned
    characters are dropped; separators become spaces."""
    category = unicodedata.category(ch)
    return category[0] != "C" or ch in "\t\n\r"


def normalise_name(text: str) -> str:
    """NFC; no control, zero-width or bidi characters; whitespace runs (any kind, U+3000 too)
    collapsed, and dropped between two Chinese characters (``张　三`` is ``张三``); one middle
    dot; trimmed. Not shortened: ``check_name`` refuses a name too long."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch if _visible(ch) else "" for ch in text)
    text = _SPACES.sub(" ", text.translate(_MIDDLE_DOTS)).strip()
    return _SPACE_BETWEEN_CJK.sub("", text)


def check_name(name: str, *, max_length: int = MAX_NAME) -> str | None:
    """None when the (normalised) ``name`` can be kept, else what is wrong (translated)."""
    if not name:
        return _("姓名不能为空（不可见的字符不计）。")
    if len(name) > max_length:
        return _("姓名最多 %(n)d 个字，现为 %(m)d 个字。") % {"n": max_length, "m": len(name)}
    return None
