"""Never a secret by SMS or email: what a notice may carry.

Voting codes, receipts, setup links and API tokens open a ballot or an account; an SMS or an
email is read by whoever holds the phone or the mailbox and is kept by the carriers, so they
never go that way. A notice's context is names, dates and numbers: a key that names a secret
is refused outright (a mistake in the calling code), and text that looks like one (a link, a
token, a code) is masked (``***``) where it stands, since staff type some of the names a notice repeats.
"""

from __future__ import annotations

import re

#: keys a context may never have
SECRET_KEYS = re.compile(r"token|code|password|secret|link|url|key|receipt", re.IGNORECASE)

#: what looks like a secret in text: a link; a voting code or receipt (the code alphabet, 10 or
#: more, grouped or not); a token (20 or more URL-safe characters, or Jiceng's ``jc_`` API
#: tokens); a path with a setup link or a ``token=`` parameter
SECRET_TEXT = re.compile(
    r"(?i:[a-z][a-z0-9+.-]*://\S*|www\.\S+|/(?:accounts/)?setup/\S*|[?&](?:token|code|key|sig)=\S*)"
    r"|\bjc_[A-Za-z0-9_-]+"
    r"|[A-Za-z0-9_-]{20,}"
    r"|(?<![A-Za-z0-9])(?=[2-9A-HJ-NP-Z-]*[A-Z])(?:[2-9A-HJ-NP-Z]-?){10,}(?![A-Za-z0-9])"
)
MASK = "***"


def secrets_in(text: str) -> list[str]:
    """The parts of ``text`` that look like a secret (empty: none)."""
    return [m.group(0) for m in SECRET_TEXT.finditer(text)]


def masked(text: str) -> str:
    """``text`` with anything that looks like a secret replaced by ``***``."""
    for part in secrets_in(text):
        text = text.replace(part, MASK)
    return text


def clean_context(context: dict[str, object]) -> dict[str, object]:
    """The context a notice may store: plain values, no key naming a secret (ValueError), text
    that looks like one masked."""
    clean: dict[str, object] = {}
    for key, value in context.items():
        if SECRET_KEYS.search(key):
            raise ValueError(f"a notice's context may not carry {key!r}: secrets never go by SMS or email")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"a notice's context holds plain text and numbers, not {type(value).__name__}")
        clean[key] = masked(value) if isinstance(value, str) else value
    return clean
