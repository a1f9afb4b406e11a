"""The reliability suite's test groups (bench/reliability/groups.py): every test they name exists,
cases are read from JUnit XML and given to the right group, and the report shows what failed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from reliability.groups import GROUPS, SCHEMATHESIS, Case, GroupRow, _rows, matches, read_junit  # noqa: E402
from reliability.report import GROUP_HEADER, parse_rows, render  # noqa: E402

SELECTORS = sorted({s for g in (*GROUPS, SCHEMATHESIS) for p in g.parts for s in p.selectors})


@pytest.mark.parametrize("selector", SELECTORS)
def test_every_selector_names_a_test_that_exists(selector):
    path, _, function = selector.partition("::")
    assert (ROOT / path).is_file(), path
    if function:
        names = {n.name for n in ast.parse((ROOT / path).read_text()).body if isinstance(n, ast.FunctionDef)}
        assert function in names, selector


def test_a_case_belongs_to_its_file_and_function_with_any_parameters():
    assert matches("tests/test_secrecy.py::test_x[a-b]", "tests/test_secrecy.py")
    assert matches("tests/test_secrecy.py::test_x[a-b]", "tests/test_secrecy.py::test_x")
    assert not matches("tests/test_secrecy.py::test_x_more", "tests/test_secrecy.py::test_x")
    assert not matches("tests/test_secrecy_two.py::test_x", "tests/test_secrecy.py")


JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="tests.test_secrecy" name="test_a" time="0.1"/>
<testcase classname="tests.test_secrecy" name="test_b" time="0.1"><failure message="no">x</failure></testcase>
<testcase classname="web.audit.tests.test_chain" name="test_a_changed_entry_is_named_by_verify" time="0.1">
<error message="teardown">x</error></testcase>
<testcase classname="web.meetings.tests.test_verify_polls" name="test_c[p-q]" time="0.1"><skipped/></testcase>
<testcase classname="" name="tests.test_url_access" time="0"><error message="collection failure">x</error></testcase>
</testsuite></testsuites>"""


def test_junit_cases_go_to_their_groups_and_nothing_fails_unseen(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT)
    cases = read_junit(path)
    assert Case("tests/test_secrecy.py::test_b", "failed") in cases
    assert Case("web/meetings/tests/test_verify_polls.py::test_c[p-q]", "skipped") in cases
    done = subprocess.CompletedProcess(["pytest"], 1, "1 failed", "")
    rows = {r.name: r for r in _rows(GROUPS, cases, done, 1.0)}
    assert (rows["secrecy"].cases, rows["secrecy"].failed) == (2, ["tests/test_secrecy.py::test_b"])
    tampering = rows["tampering"]
    assert (tampering.cases, len(tampering.failed), tampering.skipped) == (2, 1, 1)
    assert not rows["secrecy"].held and not tampering.held
    assert any("no test found" in p for p in rows["access"].problems)  # nothing ran: it cannot hold
    assert any("tests.test_url_access: failed outside every group" in p for p in rows["concurrency"].problems)


def test_a_pytest_that_did_not_run_its_tests_holds_nothing():
    done = subprocess.CompletedProcess(["pytest"], 4, "ERROR: not found", "")
    cases = [Case("tests/test_secrecy.py::test_a", "passed")]
    (row,) = [r for r in _rows(GROUPS, cases, done, 1.0) if r.name == "secrecy"]
    assert not row.held and "pytest exited with status 4" in row.problems[0]


def test_the_report_lists_each_group_and_what_failed():
    good = GroupRow("secrecy", "hunted", "5 cases", 5, [], 0, 3.0)
    bad = GroupRow("access", "every page", "9 cases", 9, ["tests/test_url_access.py::test_get_by_persona[x]"], 0, 3.0)
    text = render([], setup="", command="cmd", header="now", groups=[good, bad], load_note="Not run: `--only tests`.")
    rows = parse_rows(text, GROUP_HEADER)
    assert rows["secrecy"]["held"] == "yes" and rows["secrecy"]["passed"] == "5"
    assert (rows["access"]["passed"], rows["access"]["failed"], rows["access"]["held"]) == ("8", "1", "**NO**")
    assert "- access: failed: tests/test_url_access.py::test_get_by_persona[x]" in text
    assert "Not run: `--only tests`." in text
    assert parse_rows(text) == {}  # no load table
