"""Ballot casting under load and faults, reconciled — the load-and-faults part of the reliability suite.

    .venv/bin/python bench/reliability.py [--quick] [--workers 3] [--report docs/reliability.md]

A private PostgreSQL cluster (initdb in a temporary directory, its own port; the shared server is
never touched) holds a migrated Jiceng with one open members' meeting and one poll per scenario;
gunicorn serves it. The scenarios, each reconciled at the end (every ballot a client was shown a
receipt for is stored, nothing else is):

1. load: clients cast over HTTP while others read the public board, a result and the live page;
2. SIGKILL: every gunicorn worker, then the master, killed in the middle of a run;
3. PostgreSQL restart (``pg_ctl restart -m fast``) in the middle of a run;
4. timeout retry: a cast whose client closed the socket before the answer, sent again;
5. close while casting: the poll's count equals the receipts acknowledged before the close.

Writes a Markdown table to docs/reliability.md and exits non-zero if anything did not hold.
``--quick`` uses small numbers (tests/reliability/test_quick_suite.py runs it). The code is in
``bench/reliability/``; the meeting and gunicorn set-up is shared with bench_voting.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reliability.main import main

if __name__ == "__main__":
    sys.exit(main())
