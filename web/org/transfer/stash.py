"""Roster files kept between the dry run and the apply.

An uploaded roster holds ID numbers, birth dates and phone numbers of a whole community. It is
kept only as long as the two steps need: in ``var/imports`` (0700), one file per upload (0600,
created exclusively, never through a symlink), named by the uploader and a random token. It is
deleted when applied, refused and deleted once older than ``MAX_AGE``, and
``manage.py sweep_roster_stashes`` deletes whatever an abandoned dry run left behind.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from django.conf import settings

MAX_AGE = dt.timedelta(hours=24)
SUFFIX = ".stash"


def stash_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def _path(user_id: int, token: str) -> Path | None:
    if not token or len(token) > 40 or not token.replace("-", "").replace("_", "").isalnum() or not token.isascii():
        return None
    return stash_dir() / f"{int(user_id)}-{token}{SUFFIX}"


def put(user_id: int, name: str, data: bytes) -> str:
    """Keep ``data`` (with its file name) for ``user_id``; the token names it."""
    token = secrets.token_urlsafe(16)
    path = _path(user_id, token)
    assert path is not None
    label = " ".join(name.split())[-200:].encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(label + b"\n" + data)
    return token


def get(user_id: int, token: str, *, now: dt.datetime) -> tuple[str, bytes] | None:
    """The name and bytes kept under ``token`` for ``user_id``; None when there is none, or
    it is older than ``MAX_AGE`` (then it is deleted)."""
    path = _path(user_id, token)
    if path is None or not path.is_file():
        return None
    if _is_old(path, now=now):
        path.unlink(missing_ok=True)
        return None
    label, _newline, data = path.read_bytes().partition(b"\n")
    return label.decode("utf-8", "replace"), data


def drop(user_id: int, token: str) -> None:
    path = _path(user_id, token)
    if path is not None:
        path.unlink(missing_ok=True)


def _is_old(path: Path, *, now: dt.datetime) -> bool:
    return path.stat().st_mtime < (now - MAX_AGE).timestamp()


def sweep(*, now: dt.datetime) -> int:
    """Delete every stash older than ``MAX_AGE`` (and any stray file of the old two-file
    layout); return how many files went."""
    gone = 0
    for path in stash_dir().iterdir():
        if path.is_file() and _is_old(path, now=now):
            path.unlink(missing_ok=True)
            gone += 1
    return gone
