"""“Check it yourself” without installing anything: the board offers the open record, the
published result and a one-file recount program (the engine as a zipapp); the system's own
Python 3 runs it on the downloaded files and prints what the board shows, in the engine's words."""

from __future__ import annotations

import ast
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

import jiceng
from web.portal import recount
from web.portal.testing import published_motion

SYSTEM_PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable


def _imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_engine_imports_the_standard_library_only():
    package = Path(jiceng.__file__).parent
    roots = set().union(*(_imported_roots(f.read_text(encoding="utf-8")) for f in package.rglob("*.py")))
    assert roots - set(sys.stdlib_module_names) - {"jiceng", "__future__"} == set()
    assert "importlib" in roots and "django" not in roots  # the walk saw the imports


def _download(client, url: str, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    name = re.search(r'filename="([^"]+)"', response["Content-Disposition"])
    assert name, response["Content-Disposition"]
    path = folder / name.group(1)
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    return path


def _run(*args: Path) -> subprocess.CompletedProcess[str]:
    """The system's Python, isolated and without site-packages: nothing but the standard library."""
    return subprocess.run(
        [SYSTEM_PYTHON, "-I", "-S", *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture
def program_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def test_a_person_downloads_the_files_and_the_program_and_gets_the_boards_result(world, client, tmp_path, program_dir):
    poll = published_motion(world)
    code = poll.meeting.body.unit.code
    page = client.get(reverse("portal:result", args=[code, poll.pk])).content.decode()
    for name in ("result_record", "result_file"):
        assert reverse(f"portal:{name}", args=[code, poll.pk]) in page
    assert reverse("portal:recount_program") in page
    assert f"python3 jiceng-recount.pyz jiceng-record-{poll.pk}.json" in page

    record = _download(client, reverse("portal:result_record", args=[code, poll.pk]), tmp_path)
    result = _download(client, reverse("portal:result_file", args=[code, poll.pk]), tmp_path)
    program = _download(client, reverse("portal:recount_program"), tmp_path)
    assert (record.name, result.name, program.name) == (
        f"jiceng-record-{poll.pk}.json",
        f"jiceng-result-{poll.pk}.json",
        "jiceng-recount.pyz",
    )

    sheet = _run(program, record)
    assert sheet.returncode == 0, sheet.stderr
    status = html.unescape(re.search(r"状态：<b>(.*?)</b>", page).group(1))  # type: ignore[union-attr]
    checks = [html.unescape(c) for c in re.findall(r'<li class="(?:ok|bad)">(.*?)</li>', page)]
    assert status and checks
    for words in (status, *checks):
        assert words in sheet.stdout, words

    compared = _run(program, record, result)
    assert compared.returncode == 0 and "match / 一致" in compared.stdout, compared.stdout + compared.stderr
    result.write_text(result.read_text(encoding="utf-8").replace('"status": "passed"', '"status": "failed"'), "utf-8")
    changed = _run(program, record, result)
    assert changed.returncode == 1 and "mismatch / 不一致" in changed.stdout, changed.stdout


def test_the_program_is_served_as_a_named_zip_built_when_setup_has_not(client, program_dir):
    assert not recount.program_path().exists()
    response = client.get(reverse("portal:recount_program"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="jiceng-recount.pyz"'
    assert b"".join(response.streaming_content).startswith(b"#!/usr/bin/env python3\n")
    assert recount.program_path().exists()


def test_the_program_explains_bad_arguments(tmp_path, program_dir):
    program = recount.build_program(tmp_path / "p.pyz")
    usage = _run(program)
    assert usage.returncode == 2 and "python3 jiceng-recount.pyz RECORD [RESULT]" in usage.stderr
    missing = _run(program, tmp_path / "none.json")
    assert missing.returncode == 2 and missing.stderr.startswith("jiceng:")
