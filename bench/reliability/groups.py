"""The test groups of the reliability suite: concurrency, secrecy, access, hostile input, audit and
ballot tampering, and the schemathesis run against the served OpenAPI document.

They are ordinary pytest tests (CI runs them in the normal suite). Here pytest runs them as a
subprocess on a fresh database of the private PostgreSQL cluster, writes JUnit XML into a temporary
directory, and the report counts the cases of each group from that XML — nothing is counted by hand.
The few numbers said in words (threads, voters, personas) are read from the tests' own source."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from voting_setup import ROOT

#: generated inputs per API operation in the schemathesis part (the normal suite runs 25)
SCHEMATHESIS_EXAMPLES = 100


@dataclass(frozen=True)
class Part:
    """Some tests of a group: ``label`` names them in the 'how much' column."""

    label: str
    selectors: tuple[str, ...]  # pytest node ids: a file, or file::test_function


@dataclass(frozen=True)
class Group:
    name: str
    tried: Callable[[dict[str, list[Case]]], str]  # words, from the cases of each part
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Case:
    nodeid: str
    outcome: str  # passed, failed, skipped


@dataclass
class GroupRow:
    name: str
    tried: str
    amount: str
    cases: int
    failed: list[str]
    skipped: int
    seconds: float
    problems: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.cases > 0 and not self.failed and not self.skipped and not self.problems

    @property
    def outcome(self) -> str:
        text = f"{self.cases - len(self.failed) - self.skipped} passed, {len(self.failed)} failed"
        return text + (f", {self.skipped} skipped" if self.skipped else "")


def constant(path: str, name: str) -> object:
    """A module-level constant of a test file, read from its source (the file is not imported)."""
    tree = ast.parse((ROOT / path).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"{name} not in {path}")


def _n(cases: dict[str, list[Case]], label: str) -> int:
    return len(cases[label])


def _params(cases: list[Case], position: int) -> set[str]:
    """The distinct values of one of two parameters in the cases' ids (``test[a-b]``: 0 is a, 1 is b;
    the last one may not contain a dash)."""
    return {c.nodeid.rsplit("[", 1)[1].rstrip("]").rsplit("-", 1)[position] for c in cases if "[" in c.nodeid}


CONCURRENCY = "web/meetings/tests/test_concurrency.py"
URL_ACCESS = "tests/test_url_access.py"


def _concurrency(cases: dict[str, list[Case]]) -> str:
    threads, attempts = constant(CONCURRENCY, "THREADS"), constant(CONCURRENCY, "ATTEMPTS_PER_THREAD")
    assert isinstance(threads, int) and isinstance(attempts, int)
    return (
        f"{threads * attempts} simultaneous submissions of one voting code ({threads} threads × {attempts}) "
        "store exactly one ballot; one voter issued a phone code and a paper ballot at once gets one; "
        "two tellers starting at once never get the same entry slot; closing a poll while ballots arrive "
        "counts exactly what was acknowledged before the close"
    )


def _secrecy(cases: dict[str, list[Case]]) -> str:
    voters = constant("tests/test_secrecy.py", "VOTERS")
    return (
        f"a secret election of {voters} voters, issued and cast one by one in check-in order (the worst case), "
        "then the database searched for any voter–ballot link: columns, row order, sequences, timestamps, "
        "audit entries, log lines"
    )


def _wal_forensic(cases: dict[str, list[Case]]) -> str:
    voters = constant("tests/forensic/hall.py", "VOTERS")
    limit = constant("tests/forensic/pairing.py", "CHANCE_LIMIT")
    return (
        f"a hall of {voters} voters on SQLite in real files (check-in, slips handed out and cast interleaved, "
        "close), the database file and its -wal read raw: frame order, rowid order, check-in times, receipts "
        f"in the page images; after closing no method may pair more than {limit} (chance: 1); while open the "
        "log still pairs all (stated residual); the same hall on a private PostgreSQL cluster read with "
        "pg_waldump and raw, before and after closing: ballots enter its WAL only in shuffled sealed batches "
        "of 10, so no method may pair more than chance within batches allows; no code beside a person; the "
        "sealing rules (batches, one code once while waiting, a crash leaves codes unspent)"
    )


def _access(cases: dict[str, list[Case]]) -> str:
    personas = constant(URL_ACCESS, "PERSONAS")
    assert isinstance(personas, list)
    api_operations = len(_params(cases["API operation × persona"], 0))
    api_personas = len(_params(cases["API operation × persona"], 1))
    pages = _n(cases, "page × every persona")
    return (
        f"every page ({pages} URLs, the list generated from the URL configuration) × {len(personas)} personas "
        f"(organiser of this unit, of another unit, member, observer, teller, no role, street staff, anonymous): "
        f"{pages * len(personas)} GETs, each with its expected status; every POST endpoint by each persona who "
        f"may not write (refused, nothing written); every API operation ({api_operations}) × {api_personas} "
        "personas; the unit boundary: every importable sheet and column, every org action, page and API write "
        f"with another unit's object as the target, the referent and the current owner ("
        f"{sum(_n(cases, p) for p in BOUNDARY_WRITES)} cases: refused, nothing written, nothing of it shown), and "
        "the org pages with another unit's person among a household's and an organisation's members; every "
        f"page and API read as each persona who does not manage ({_n(cases, 'ID numbers × every page and API read')} "
        "cases): no ID number, birth date or mask from which a whole number could be rebuilt; paper entry "
        f"({_n(cases, 'two tellers are two appointed persons')} cases): only the meeting's appointed tellers, one "
        "entry each, every step by the teller's own session or password, so no manager alone makes both; "
        f"sign-in ({_n(cases, 'sign-in and setup links')} cases): every spelling of a username one account and one "
        "lockout, look-alikes refused, the address behind trusted proxies only, setup links once, expiring, "
        "no-store"
    )


BOUNDARY_WRITES = ("unit boundary: import", "unit boundary: actions and pages", "unit boundary: API")


def _hostile(cases: dict[str, list[Case]]) -> str:
    return (
        "bodies that are not UTF-8, too large, broken multipart or not a form, sent to every page that takes "
        "a POST (no 500); script, SQL and spreadsheet formulas in every free-text field, read back from every "
        "page, PDF and export (inert); malformed, non-UTF-8, oversized and wrongly shaped JSON to the API "
        "(clear 4xx, nothing written); broken spreadsheets imported (clear error, nothing written); damaged "
        "zips, malformed XML and row-limit-busting rosters (a sentence; reading stops at the limit); PDFs, "
        "DOCX and images broken past their magic bytes (refused by a real parser); ², ２ and ٣ in every "
        "numeric form field and hand-read number (a sentence, never a 500); names with invisible, bidi or "
        "full-width spacing (one name, duplicate candidates refused); the "
        "counting CLI fed broken records (one line, status 2, no traceback)"
    )


def _tampering(cases: dict[str, list[Case]]) -> str:
    return (
        "audit rows changed or deleted (the database refuses; with its guard off, verify_audit names the "
        "broken entry); an entry edited after DROP TRIGGER with the chain re-hashed, the tail cut, an entry "
        "dated back, the checkpoint list rewritten too (verify_audit finds each against the database's "
        "checkpoints, a list downloaded from the board, a head printed on paper); an entry not extending the "
        "head and a false checkpoint (the database refuses); stored ballots changed, removed or added, the "
        "open record or the result edited, a published poll rewritten whole with the engine and a second "
        "close appended (verify_polls names each)"
    )


NOTIFY = "web/notify/tests/"


def _notifications(cases: dict[str, list[Case]]) -> str:
    return (
        "a notice is written in its action's transaction or not at all, once per key and person; eight "
        "threads released together on one SMS delivery send it once (the claim is a compare-and-set); a real "
        "worker killed with SIGKILL while the provider holds its request loses nothing and the delivery is "
        "recorded sent once; every kind's SMS and email text, in Chinese and English, carries no link, "
        "token or code, and the guard finds every kind of secret Jiceng makes"
    )


def _schemathesis(cases: dict[str, list[Case]]) -> str:
    return (
        "schemathesis: generated input, valid and not, to every operation of the served OpenAPI document as "
        "the organiser — no 5xx, every status declared, every body and content type matching the schema"
    )


GROUPS = (
    Group(
        "concurrency",
        _concurrency,
        (
            Part("one code at once", (f"{CONCURRENCY}::test_200_submissions_of_one_code_store_exactly_one_ballot",)),
            Part("issued twice at once", (f"{CONCURRENCY}::test_one_voter_issued_twice_at_once_gets_one_ballot",)),
            Part(
                "two tellers",
                ("web/meetings/tests/test_paper.py::test_two_tellers_starting_at_once_get_different_slots",),
            ),
            Part(
                "close while casting",
                (f"{CONCURRENCY}::test_closing_while_ballots_arrive_counts_exactly_what_was_acknowledged",),
            ),
        ),
    ),
    Group("secrecy", _secrecy, (Part("link hunts", ("tests/test_secrecy.py",)),)),
    Group(
        "WAL forensic",
        _wal_forensic,
        (
            Part("channel sizes", ("web/meetings/tests/test_channels.py",)),
            Part("raw files", ("tests/test_storage_secrecy.py",)),
            Part("sealed batches", ("web/meetings/tests/test_sealing.py",)),
        ),
    ),
    Group(
        "access",
        _access,
        (
            Part("URL table complete", (f"{URL_ACCESS}::test_every_url_is_in_the_table",)),
            Part("page × every persona", (f"{URL_ACCESS}::test_get_by_persona",)),
            Part(
                "POST endpoint × refused personas",
                (f"{URL_ACCESS}::test_post_by_a_persona_who_may_not_change_writes_nothing",),
            ),
            Part("API table complete", ("web/api/tests/test_endpoints.py::test_every_operation_is_in_the_table",)),
            Part("API operation × persona", ("web/api/tests/test_endpoints.py::test_operation_by_persona",)),
            Part("unit boundary: import", ("tests/test_boundary_import.py",)),
            Part("unit boundary: actions and pages", ("tests/test_boundary_writes.py",)),
            Part("unit boundary: API", ("web/api/tests/test_boundary.py",)),
            Part("unit boundary: member lists", ("tests/test_boundary_reads.py",)),
            Part("ID numbers × every page and API read", ("tests/test_identity_disclosure.py",)),
            Part("two tellers are two appointed persons", ("web/meetings/tests/test_tellers.py",)),
            Part(
                "sign-in and setup links",
                ("web/accounts/tests/test_usernames.py", "web/accounts/tests/test_setup_links.py"),
            ),
        ),
    ),
    Group(
        "hostile input",
        _hostile,
        (
            Part("page × bad body", ("tests/test_hostile_input.py::test_a_bad_body_never_gets_a_500",)),
            Part(
                "typed-in script/SQL/formula checks",
                (
                    "tests/test_hostile_input.py::test_script_typed_anywhere_comes_back_as_text",
                    "tests/test_hostile_input.py::test_pdfs_print_what_was_typed_as_text",
                    "tests/test_hostile_input.py::test_an_export_never_turns_typed_text_into_a_formula",
                    "tests/test_hostile_input.py::test_sql_typed_in_is_only_text",
                ),
            ),
            Part("bad API bodies", ("web/api/tests/test_errors.py",)),
            Part("broken spreadsheets", ("web/org/tests/test_import.py::test_broken_files_get_a_clear_error",)),
            Part("damaged, huge and long rosters", ("web/org/tests/test_import_files.py",)),
            Part("broken uploads × every kind", ("web/common/tests/test_uploads.py",)),
            Part("other digits × every numeric field", ("web/common/tests/test_numbers.py",)),
            Part("one name in many spellings", ("web/common/tests/test_text.py",)),
            Part(
                "broken CLI input",
                (
                    "tests/engine/test_cli.py::test_bad_input_is_one_line_and_status_2",
                    "tests/engine/test_cli.py::test_bad_input_in_a_process_has_no_traceback",
                    "tests/engine/test_cli.py::test_unknown_command_is_a_usage_error",
                    "tests/engine/test_cli.py::test_order_refuses_non_utf8",
                ),
            ),
        ),
    ),
    Group(
        "tampering",
        _tampering,
        (
            Part(
                "audit log",
                (
                    "web/audit/tests/test_chain.py::test_the_database_refuses_changes_to_the_log",
                    "web/audit/tests/test_chain.py::test_a_changed_entry_is_named_by_verify",
                    "web/audit/tests/test_chain.py::test_a_deleted_entry_breaks_the_chain_at_its_successor",
                ),
            ),
            Part("history rewritten, anchored", ("web/audit/tests/test_tampering.py",)),
            Part("checkpoints and head guard", ("web/audit/tests/test_checkpoints.py",)),
            Part("board's checkpoint list", ("web/portal/tests/test_checkpoints.py",)),
            Part("ballots, record, result", ("web/meetings/tests/test_verify_polls.py",)),
        ),
    ),
    Group(
        "notifications",
        _notifications,
        (
            Part("outbox in the action's transaction, once per key", (f"{NOTIFY}test_outbox.py",)),
            Part(
                "eight workers, one send",
                (f"{NOTIFY}test_delivery.py::test_eight_workers_released_together_send_a_delivery_once",),
            ),
            Part("worker killed mid-send", (f"{NOTIFY}test_worker_kill.py",)),
            Part(
                "no secret by SMS or email",
                (
                    f"{NOTIFY}test_texts.py::test_no_sms_or_email_text_carries_a_link_a_token_or_a_code",
                    f"{NOTIFY}test_texts.py::test_the_guard_finds_every_kind_of_secret_jiceng_makes",
                    f"{NOTIFY}test_texts.py::test_the_notice_context_never_carries_a_secret",
                ),
            ),
        ),
    ),
)

SCHEMATHESIS = Group("API fuzzing", _schemathesis, (Part("operations", ("web/api/tests/test_schemathesis.py",)),))


def read_junit(path: Path) -> list[Case]:
    """Every test case in a JUnit XML file, as a pytest node id with its outcome."""
    cases = []
    for tc in ET.parse(path).iter("testcase"):
        module, name = tc.get("classname", ""), tc.get("name", "")
        if not module:  # a collection error: pytest names the file in ``name``
            nodeid = name
        else:
            nodeid = module.replace(".", "/") + ".py::" + name
        if tc.find("failure") is not None or tc.find("error") is not None:
            outcome = "failed"
        elif tc.find("skipped") is not None:
            outcome = "skipped"
        else:
            outcome = "passed"
        cases.append(Case(nodeid, outcome))
    return cases


def matches(nodeid: str, selector: str) -> bool:
    path, _, function = selector.partition("::")
    case_path, _, case_name = nodeid.partition("::")
    return case_path == path and (not function or case_name.split("[", 1)[0] == function)


def _pytest(selectors: list[str], env: dict[str, str], junit: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *extra, *selectors],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _rows(
    groups: tuple[Group, ...], cases: list[Case], done: subprocess.CompletedProcess[str], seconds: float
) -> list[GroupRow]:
    rows = []
    claimed: set[str] = set()
    for group in groups:
        by_part = {p.label: [c for c in cases if any(matches(c.nodeid, s) for s in p.selectors)] for p in group.parts}
        mine = [c for part in by_part.values() for c in part]
        claimed.update(c.nodeid for c in mine)
        problems = [
            f"no test found for {p.label} ({', '.join(p.selectors)})" for p in group.parts if not by_part[p.label]
        ]
        if done.returncode not in (0, 1):
            problems.append(f"pytest exited with status {done.returncode}: {done.stdout.strip().splitlines()[-1:]}")
        amount = f"{len(mine)} cases (" + "; ".join(f"{label}: {len(c)}" for label, c in by_part.items()) + ")"
        rows.append(
            GroupRow(
                name=group.name,
                tried=group.tried(by_part) if not problems else group.name,
                amount=amount,
                cases=len(mine),
                failed=[c.nodeid for c in mine if c.outcome == "failed"],
                skipped=sum(c.outcome == "skipped" for c in mine),
                seconds=seconds,
                problems=problems,
            )
        )
    stray = [c for c in cases if c.nodeid not in claimed and c.outcome != "passed"]
    if stray and rows:  # e.g. a file that could not be collected: nothing may fail unseen
        rows[0].problems += [f"{c.nodeid or 'pytest'}: {c.outcome} outside every group" for c in stray]
    return rows


def run_groups(database_url: str, tmp: Path, *, examples: int = SCHEMATHESIS_EXAMPLES) -> list[GroupRow]:
    """pytest on the groups (one run, so one fresh test database), then the schemathesis part."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JICENG_", "DJANGO_"))}
    env.update({"DATABASE_URL": database_url, "JICENG_VAR_DIR": str(tmp / "var"), "PYTHONPATH": str(ROOT)})
    selectors = sorted({s for g in GROUPS for p in g.parts for s in p.selectors})
    junit = tmp / "groups.xml"
    started = time.monotonic()
    done = _pytest(selectors, env, junit)
    rows = _rows(GROUPS, read_junit(junit) if junit.exists() else [], done, time.monotonic() - started)
    print(f"test groups: pytest exited {done.returncode} in {time.monotonic() - started:.0f} s", flush=True)
    _show_if_failed(rows, done)

    junit = tmp / "schemathesis.xml"
    started = time.monotonic()
    done = _pytest(
        list(SCHEMATHESIS.parts[0].selectors),
        {**env, "JICENG_SCHEMATHESIS_EXAMPLES": str(examples)},
        junit,
        "--hypothesis-show-statistics",
    )
    (row,) = _rows((SCHEMATHESIS,), read_junit(junit) if junit.exists() else [], done, time.monotonic() - started)
    sent = [int(a) + int(b) for a, b in re.findall(r"(\d+) passing, (\d+) failing, and \d+ invalid", done.stdout)]
    row.amount = (
        f"{row.cases} operations, {sum(sent)} requests (up to {examples} generated inputs per operation, "
        "counted by hypothesis)"
    )
    if not sent:
        row.problems.append("hypothesis printed no statistics")
    rows.append(row)
    print(f"schemathesis: pytest exited {done.returncode} in {time.monotonic() - started:.0f} s", flush=True)
    _show_if_failed([row], done)
    return rows


def _show_if_failed(rows: list[GroupRow], done: subprocess.CompletedProcess[str]) -> None:
    if not all(r.held for r in rows):
        print(f"--- pytest output (end) ---\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}", file=sys.stderr)
