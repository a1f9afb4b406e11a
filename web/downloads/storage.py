"""Where the files are: ``JICENG_VAR_DIR/downloads/``, a folder only Jiceng's account may open
(0700), each file 0600, named by the download's id and a random token (the person's name for it is sent with it,
never used on disk)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from web.downloads.models import Download

FOLDER = "downloads"


def folder() -> Path:
    path = Path(settings.VAR_DIR) / FOLDER
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _name(download: Download) -> str:
    return f"{download.pk}-{download.token}{download.kind_info.suffix}"


def relative(download: Download) -> str:
    return f"{FOLDER}/{_name(download)}"


def final_path(download: Download) -> Path:
    return folder() / _name(download)


def part_path(download: Download) -> Path:
    """Where the job writes, always the same for one download: a second delivery after a kill
    writes over what the first left, so there is never more than one unfinished file."""
    return folder() / f"{_name(download)}.part"


def fresh_part(download: Download) -> Path:
    """The unfinished file, empty and 0600 (whatever the umask), ready for the renderer."""
    path = part_path(download)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    path.chmod(0o600)
    return path


def stored_path(download: Download) -> Path | None:
    """The finished file, if it is still there."""
    if not download.stored:
        return None
    path = Path(settings.VAR_DIR) / download.stored
    return path if path.is_file() else None


def remove(download: Download) -> None:
    """The file and any unfinished one; gone already is fine."""
    for path in (final_path(download), part_path(download)):
        path.unlink(missing_ok=True)


def remove_unowned(owners: Iterable[tuple[int, str]], *, older_than: float = 3600) -> int:
    """Delete every file in the folder not named for one of ``owners`` (id, token) and untouched
    for ``older_than`` seconds: what a download's row left behind when it was deleted with its
    requester. (The age spares a file whose row was made after ``owners`` was read.) Returns
    how many."""
    prefixes = {f"{pk}-{token}." for pk, token in owners}
    before = time.time() - older_than
    removed = 0
    for path in folder().iterdir():
        head, dot, _rest = path.name.partition(".")
        if path.is_file() and head + dot not in prefixes and path.stat().st_mtime < before:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
