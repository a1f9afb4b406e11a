"""The Markdown report (docs/reliability.md)."""

from __future__ import annotations

from reliability.scenarios import Row

HEADER = (
    "| scenario | what was tried | how much | acknowledged | stored | stored, answer lost | differences "
    "| held | figures |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(rows: list[Row], *, setup: str, command: str) -> str:
    lines = [
        "# Reliability: load and faults",
        "",
        f"Written by `{command}` — {setup}",
        "",
        HEADER,
    ]
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
        "",
        "## Running it",
        "",
        "`.venv/bin/python bench/reliability.py` writes this file (about two minutes here); `--quick` uses "
        "small numbers and runs in the test suite (`tests/reliability/test_quick_suite.py`, which also feeds "
        "the reconciliation wrong inputs to show it catches them). PostgreSQL runs as a private cluster "
        "(`initdb` in a temporary directory, its own port), stopped and deleted at the end.",
    ]
    problems = [(row.name, p) for row in rows for p in [*row.result.differences, *row.problems]]
    if problems:
        lines += ["", "## Differences found", ""]
        lines += [f"- {name}: {_cell(p)}" for name, p in problems[:200]]
    return "\n".join(lines) + "\n"


def parse_rows(markdown: str) -> dict[str, dict[str, str]]:
    """The report's table back as {scenario: {column: value}} (for the test)."""
    lines = markdown.splitlines()
    start = lines.index(HEADER.splitlines()[0])
    columns = [c.strip() for c in lines[start].strip("|").split("|")]
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        rows[cells[0]] = dict(zip(columns, cells, strict=False))
    return rows
