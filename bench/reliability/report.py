"""The Markdown report (docs/reliability.md)."""

from __future__ import annotations

from reliability.groups import GroupRow
from reliability.scenarios import Row

HEADER = (
    "| scenario | what was tried | how much | acknowledged | stored | stored, answer lost | differences "
    "| held | figures |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


GROUP_HEADER = "| group | what was tried | how much | passed | failed | held |\n| --- | --- | --- | --- | --- | --- |"


def _groups(groups: list[GroupRow], note: str) -> list[str]:
    lines = ["## Tests: concurrency, secrecy, access, hostile input, tampering", ""]
    if not groups:
        return [*lines, note, ""]
    seconds = sum({round(g.seconds, 3) for g in groups})  # the groups share one pytest run
    lines += [
        f"pytest on a fresh database of the private PostgreSQL cluster, {len(groups) - 1} groups in one run and "
        f"the schemathesis part in another, {seconds:.0f} s in all; every number below is counted from the "
        "runs' JUnit XML (the requests from hypothesis's statistics).",
        "",
        GROUP_HEADER,
    ]
    for g in groups:
        passed = g.cases - len(g.failed) - g.skipped
        failed = f"{len(g.failed)}" + (f" (+{g.skipped} skipped)" if g.skipped else "")
        lines.append(
            f"| {g.name} | {_cell(g.tried)} | {_cell(g.amount)} | {passed} | {failed} "
            f"| {'yes' if g.held else '**NO**'} |"
        )
    return [*lines, ""]


def render(
    rows: list[Row],
    *,
    setup: str,
    command: str,
    header: str = "",
    groups: list[GroupRow] | None = None,
    tests_note: str = "",
    load_note: str = "",
) -> str:
    lines = [
        "# Reliability: concurrency, secrecy, access, hostile input, tampering, load and faults",
        "",
        f"Written by `{command}` — {header or setup}",
        "",
        *_groups(groups or [], tests_note),
        "## Load and faults (HTTP against the server as scripts/start runs it)",
        "",
    ]
    if rows:
        if header:
            lines += [setup, ""]
        lines.append(HEADER)
    else:
        lines.append(load_note or "Not run.")
    for row in rows:
        r = row.result
        lines.append(
            f"| {row.name} | {_cell(row.tried)} | {_cell(row.amount)} | {r.acknowledged} | {r.stored} "
            f"| {r.stored_unacknowledged} | {len(r.differences) + len(row.problems)} "
            f"| {'yes' if row.held else '**NO**'} | {_cell(row.figures)} |"
        )
    lines += [
        "",
        "## How to read it",
        "",
        "- **Tests**: each group is a set of ordinary pytest tests (CI runs them in the normal suite); "
        "**how much** counts their cases (a parametrised test counts once per parameter set), **failed** "
        "counts failures and errors. A group holds when every case passed and none was skipped; the run exits "
        "non-zero otherwise, and a group whose tests cannot be found does not hold.",
        "- **acknowledged**: receipts the clients were shown. **stored**: ballots in the database for the "
        "scenario's poll. **differences**: anything the reconciliation or the scenario's own checks found "
        "wrong (the goal is none); the run exits non-zero if there is one.",
        "- **stored, answer lost**: when a server process is killed or the database restarts, a ballot can be "
        "committed while its answer never reaches the client. Such a ballot is stored but was never "
        "acknowledged. It is counted as held only if its client saw the request fail (connection refused, "
        "reset or closed, or a 5xx page), sent the same code again and was told the code was already "
        "used — so the voter knows the vote was taken, and it counts once. Any other stored ballot "
        "without a receipt is a difference. This is the honest accounting: stored = acknowledged + "
        "stored-with-answer-lost, and nothing else.",
        "- Every scenario also checks that each receipt shown is stored under the code it was shown for, "
        "that no code has two ballots, and that an 'already used' answer is true.",
        "- **slow clients and a document in progress**: the server runs with its background worker beside it, "
        "as scripts/start runs it. Asking for the 2,000-ballot PDF must answer with the download's page in "
        "under 2 s (the PDF is made by the worker, not in the request); the document must then be made within "
        "3 minutes: its row done, its file on disk, and the file downloaded from its page a PDF of 2,000 pages. "
        "The casting latencies are shown beside the load scenario's of the same run (which also has readers); "
        "the worker's time is shown against the casting's (negative: before the casting began).",
        "- **close while casting**: the closed poll's open record must list exactly the receipts acknowledged "
        "(before the close), the result must count them, and every cast sent after the close returned must "
        "be refused.",
        "- Clients and server share the same cores, so throughput and latencies move from run to run.",
        "",
        "## What the suite changed",
        "",
        "- The PostgreSQL scenario first found that after a database restart every gunicorn worker holding "
        "a persistent connection (`JICENG_DB_CONN_MAX_AGE` > 0) answered its next request with a 500 page "
        "(3 of 9 requests after a quiet restart, one per worker); Django then reconnected by itself, so it "
        "was one lost answer per worker, not an outage. `web/settings.py` now turns on `CONN_HEALTH_CHECKS`, "
        "so a dropped connection is noticed and replaced before the request uses it.",
        "- While the database is down, pages and the API answer 503 with `Retry-After` and a sentence saying "
        "so (`web.common.middleware.DatabaseUnavailableMiddleware`), not a 500; the clients here count those "
        "as lost answers and retry.",
        "- The secrecy group found that the stored order of ballots (row position, PostgreSQL row versions) "
        "followed their arrival; closing a poll now rewrites its ballots in random order.",
        "- A hostile review found that SQLite's `-wal` log, read raw after a poll closed, paired voters with "
        "their ballots by commit order (the desk's code issue, then the ballot). Phone codes are now printed in "
        "batches of unnamed slips (the server never learns which code went to whom), SQLite deletes securely "
        "and cuts its log when a poll closes and when a connection closes, and a channel taken by fewer than 5 "
        "voters is merged into one hand count. The WAL forensic group runs a hall of 20 in real files and reads "
        "them raw: after closing no method pairs more than chance (on the design before, the log paired 20 of "
        "20). PostgreSQL's WAL, which no connection can cut, paired all 20 too: phone ballots there now wait "
        "in an UNLOGGED table and enter the WAL only in shuffled sealed batches of 10 "
        "(`web/meetings/sealing.py`), and the same hall read with pg_waldump pairs no better than chance "
        "within batches. What remains, pinned by the group: a copy of SQLite's files taken while the poll is "
        "open (docs/meetings.md).",
        "- The hostile-input group found that an export turned a name typed as `=…` into a live "
        "spreadsheet formula; exports now keep it text.",
        "- A hostile review found that an insider with database access could rewrite a published poll "
        "whole (ballots, record, result, SHA-256, with the public engine), append a correctly chained second "
        "`poll.close`, edit an audit entry after `DROP TRIGGER` and re-hash the chain, or cut the chain's "
        "tail, and both `verify_polls` and `verify_audit` printed OK. Now `verify_polls` believes a poll's "
        "first close and names any second one and any publication naming another SHA-256; `verify_audit` "
        "names entries dated before the one before them and checks the chain against checkpoints of its head,"
        " recorded at every publication and published on the board for anyone to keep (`--anchor FILE`), and "
        "printed on every announcement and meeting record (`--checkpoint N:HASH`). What remains: entries "
        "after the last checkpoint someone kept are protected only by the database's triggers, which the "
        "database's owner can drop; an insider who also rewrites the checkpoint table is found only against a"
        " copy kept outside the database (docs/records.md).",
        "- A hostile review found that a masked ID number (first 6 and last 4 characters) was shown beside "
        "the birth date, which is digits 7–14: together, the whole number. Those who do not manage a person "
        "now see the first character and last two, sex and birth year, on every page, PDF and API answer "
        "(`identity_for`), and find a person by the whole number only (a search by its start or end read a "
        "masked number back digit by digit); the access group asks every page and API read as each such "
        "persona. What remains: someone who already knows a person's region and birth date from elsewhere is "
        "left about ten candidates for the number (100 order digits, the check digit keeping one in eleven).",
        "- ², ２ and ٣ in a number gave a 500 to an anonymous caster and to tellers, and malformed XML in a "
        "roster a 500 too. Every numeric form field (the hostile-input group walks every form), every number "
        "read by hand and every phone number now takes ASCII digits only and refuses others with a sentence; "
        "uploads are opened by a real parser (pypdf, a zip of well-formed XML, Pillow), not four magic bytes; "
        "a roster is read as a stream that stops at its row limit; person and candidate names and write-ins "
        "are normalised (invisible, control and bidi characters, full-width spaces) so `张　三` is `张三`. What "
        "remains: names are compared after NFC, not across scripts, so `张三` and `張三`, or Latin and Cyrillic "
        "look-alikes, stay two names; a PDF a parser opens may still carry scripts (reports and attachments "
        "are only ever downloaded, never shown inline); roster files an abandoned dry run left are deleted "
        "after 24 hours only when `manage.py sweep_roster_stashes` runs (no scheduler yet).",
        "- A hostile review found that the organiser alone entered both supposedly independent paper entries,"
        " which were accepted (any manager or teller role could enter), and that the roles page showed a new "
        "account's password to its creator. Paper entries now belong to the meeting's appointed tellers (one "
        "each), and every step is taken by the teller's own session or own password typed on a shared device "
        "(a wrong one counts toward that account's lockout); a new account gets a one-time setup link instead"
        " of a password, and managers can issue a link, never read or set a password. Usernames are "
        "normalised at creation and sign-in (so `ｓｔｒｅｅｔ`, `street ` and `STREET` share one account and one "
        "lockout), look-alikes are refused, and `X-Forwarded-For` is believed only from "
        "`JICENG_TRUSTED_PROXIES`. A paper ballot issued after the two entries were accepted is refused. What"
        " remains: two tellers who agree to lie, and a manager who keeps a setup link they were shown and has"
        " that person appointed (both visible in the audit trail; docs/meetings.md).",
        "",
        "## Running it",
        "",
        "`.venv/bin/python bench/reliability.py` writes this file: the test groups, then load and faults. "
        "`--only tests` or `--only load` runs one half; `--scenario NAME` one load or fault scenario; "
        "`--examples N` sets the schemathesis inputs per API operation. `--quick` uses small load numbers, "
        "skips the test groups (CI runs them with the rest of the suite) and runs in the test suite "
        "(`tests/reliability/test_quick_suite.py`, which also feeds the reconciliation wrong inputs to show it "
        "catches them). PostgreSQL runs as a private cluster (`initdb` in a temporary directory, its own "
        "port), stopped and deleted at the end.",
    ]
    groups = groups or []
    problems = [(g.name, p) for g in groups for p in [*(f"failed: {n}" for n in g.failed), *g.problems]]
    problems += [(row.name, p) for row in rows for p in [*row.result.differences, *row.problems]]
    if problems:
        lines += ["", "## Differences found", ""]
        lines += [f"- {name}: {_cell(p)}" for name, p in problems[:200]]
    return "\n".join(lines) + "\n"


def parse_rows(markdown: str, header: str = HEADER) -> dict[str, dict[str, str]]:
    """A table of the report back as {first cell: {column: value}} (for the test): the load and faults
    table, or with ``header=GROUP_HEADER`` the test groups' table ({} when it is not in the report)."""
    lines = markdown.splitlines()
    if header.splitlines()[0] not in lines:
        return {}
    start = lines.index(header.splitlines()[0])
    columns = [c.strip() for c in lines[start].strip("|").split("|")]
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        rows[cells[0]] = dict(zip(columns, cells, strict=False))
    return rows
