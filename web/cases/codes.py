"""The tracking code a requester follows their case with, and the public token of Open311.

The code is shown once, at intake (and sent by SMS to the phone number given); only its keyed
hash is kept, so a copy of the database does not open anyone's case. Twelve characters from an
alphabet without look-alikes (no 0/O, 1/I/L) are easy to read over the phone."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    """What a person typed: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")


def code_hash(code: str) -> str:
    key = hashlib.sha256(b"jiceng-case-code:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def new_token() -> str:
    return secrets.token_hex(16)


def pretty(code: str) -> str:
    """The code in groups of four, as it is shown and printed: ``ABCD-EFGH-JKMN``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
