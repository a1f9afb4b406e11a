"""The reliability suite in one command: the test groups, then ballot casting under load and faults.

    .venv/bin/python bench/reliability.py [--quick] [--only tests|load] [--scenario NAME] [--examples 100]
                                          [--workers 3] [--report docs/reliability.md]

Everything runs on a private PostgreSQL cluster (initdb in a temporary directory, its own port; the
shared server is never touched).

The test groups (``bench/reliability/groups.py``) are ordinary pytest tests, run here as a subprocess
on a fresh database with JUnit XML; each group is a row whose cases are counted from that XML:
concurrency, secrecy, access (every URL and API operation × every persona), hostile input, audit
and ballot tampering, and schemathesis against the served OpenAPI document with ``--examples``
inputs per operation (its requests counted from hypothesis's statistics).

Load and faults: a migrated Jiceng with one open members' meeting and one poll per scenario, served
as scripts/start serves it (web/serve.py); each scenario is reconciled at the end (every ballot a
client was shown a receipt for is stored, nothing else is):

1. load: clients cast over HTTP while others read the public board, a result and the live page;
2. slow clients: the same casting while more connections than the server has application threads
   send their headers or their body a byte a second;
3. SIGKILL: every server worker, then the master, killed in the middle of a run;
4. PostgreSQL restart (``pg_ctl restart -m fast``) in the middle of a run;
5. timeout retry: a cast whose client closed the socket before the answer, sent again;
6. close while casting: the poll's count equals the receipts acknowledged before the close;
7. slow clients and a document in progress: the server started again with its background worker
   beside it (``web.serve --with-worker``, as scripts/start runs it); three slow connections of each
   kind and a 2,000-ballot PDF asked for on the poll's page (made by the worker, its progress
   re-read) while ballots are cast; the asking answers in under 2 s and the document is made
   (2,000 ballots in the quick run too: the worker makes them in a few seconds).

Writes a Markdown report to docs/reliability.md (date, machine, load average, the exact command,
one table per half) and exits non-zero if anything did not hold. ``--only tests`` or ``--only load``
runs one half. ``--quick`` uses small load numbers and skips the test groups, which CI runs in the
normal suite (tests/reliability/test_quick_suite.py runs it). The code is in ``bench/reliability/``;
the meeting and server set-up is shared with bench_voting.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reliability.main import main

if __name__ == "__main__":
    sys.exit(main())
