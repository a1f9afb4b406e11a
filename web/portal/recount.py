"""The one-file recount program the board offers: the counting engine packed as a zipapp.

The ``jiceng`` package imports the standard library only (a test walks its imports), so the
archive runs on any Python 3.11 or newer with nothing installed and without a network. Setup
builds it (``manage.py build_recount_program``); the board serves it from ``var/`` and builds it
first if it is missing, so a fresh checkout offers it too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipapp
from pathlib import Path

from django.conf import settings

import jiceng

#: the name the person saves and runs (``python3 jiceng-recount.pyz RECORD``)
FILE_NAME = "jiceng-recount.pyz"

_MAIN = "from jiceng.recount import main\n\nraise SystemExit(main())\n"


def program_path() -> Path:
    return Path(settings.VAR_DIR) / "recount" / FILE_NAME


def build_program(target: Path | None = None) -> Path:
    """Pack the engine's sources and data (no caches) with a ``__main__`` calling
    ``jiceng.recount.main``; the archive replaces ``target`` in one rename, so a download never
    reads a half-written file."""
    target = target or program_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    package = Path(jiceng.__file__).parent
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        source = Path(scratch) / "src"
        shutil.copytree(package, source / "jiceng", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        (source / "__main__.py").write_text(_MAIN, encoding="utf-8")
        built = Path(scratch) / FILE_NAME
        zipapp.create_archive(source, built, interpreter="/usr/bin/env python3", compressed=True)
        os.replace(built, target)
    return target


def ready_program() -> Path:
    """The built program, building it when setup has not."""
    path = program_path()
    return path if path.exists() else build_program(path)
