"""The English catalogue is complete: ``makemessages`` run on a copy of the tree finds no
message that ``locale/en`` lacks, leaves empty, or marks fuzzy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """The catalogue ``makemessages`` would write now, made in a copy of the tree."""
    copy = tmp_path_factory.mktemp("i18n")
    for name in ("web", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {
        "PATH": "/usr/bin:/bin",
        "JICENG_VAR_DIR": str(copy / "var"),
        "DJANGO_SETTINGS_MODULE": "web.settings",
        # the engine the copied web imports: this tree's, whatever copy the environment installed
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v0"],
        cwd=copy,
        env=env,
        check=True,
        timeout=300,
    )
    return polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))


def test_the_english_catalogue_is_complete(extracted):
    committed = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    done = {(e.msgctxt, e.msgid): e for e in committed if not e.obsolete}
    missing = []
    for entry in extracted:
        have = done.get((entry.msgctxt, entry.msgid))
        if (
            have is None
            or "fuzzy" in have.flags
            or not (have.msgstr or (have.msgstr_plural and all(have.msgstr_plural.values())))
        ):
            missing.append(entry.msgid[:60])
    assert missing == [], f"{len(missing)} messages lack an English translation"
