"""An appraisal poll at a congress's size: counting 500 forms × 30 subjects, and the phone form.

    .venv/bin/python bench/bench_appraisal_poll.py [--forms 500] [--subjects 30] [--requests 100]

In a child process on a temporary SQLite database (migrated), a meeting of ``--forms`` voters
is opened, everyone checked in, an appraisal poll of ``--subjects`` subjects (individual scale)
opened, one phone slip handed to each voter and every form cast with random grades (a tenth of
the subjects left ungraded, a few forms blank). Printed, each beside a baseline from the same run:

- counting: ``jiceng.record.tally`` of the poll's open record (the engine alone, best and median
  of five), and closing the poll (``do_close_poll``: seal, shuffle the forms' rows, build the
  record, count it, write the result), beside the engine counting a motion record of as many
  ballots. Target: under 1 s.
- the phone form: posting a code to ``/vote/`` (the code checked and the form of every subject
  with its grades rendered), p50 / p95 / max over ``--requests`` requests through Django's
  test client, beside the same for a motion's one-question ballot and the code page itself
  (``GET /vote/``). Target: under 100 ms.

Figures of 2026-12-03 (2 cores shared with other sessions' test runs, load 9-10): see
docs/meetings.md, "Appraisal polls".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import child_env, ms, setup_django  # noqa: E402

GRADES = ("优秀", "称职", "基本称职", "不称职")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forms", type=int, default=500)
    parser.add_argument("--subjects", type=int, default=30)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args.forms, args.subjects, args.requests)
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = child_env(ROOT) | {"DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
        child = [sys.executable, __file__, "--child", "--forms", str(args.forms)]
        child += ["--subjects", str(args.subjects), "--requests", str(args.requests)]
        subprocess.run(child, env=env, cwd=ROOT, check=True)


def _timed(run, times: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best and median wall time of ``run()`` in seconds."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return min(samples), statistics.median(samples)


def _measure(forms: int, subjects: int, requests: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.test import Client
    from django.test.utils import setup_test_environment

    from jiceng.record import tally
    from web.meetings import actions
    from web.meetings.appraisal import do_create_appraisal_poll
    from web.meetings.testing import make_meeting
    from web.org.testing import make_world

    setup_test_environment()
    rng = random.Random(2026)
    started = time.perf_counter()
    world = make_world()
    staff = world.organiser
    meeting = make_meeting(world, voters=forms + 1, probationary=0)  # one more: the form is asked for
    actions.do_open_meeting(meeting=meeting, acting_user=staff)
    present = [
        actions.do_check_in(attendee=a, method="search", acting_user=staff)
        for a in meeting.attendees.filter(kind="voter").order_by("id")
    ]
    poll = do_create_appraisal_poll(
        meeting=meeting,
        title="民主测评",
        subjects=[(f"测评对象{n:02d}", None) for n in range(1, subjects + 1)],
        acting_user=staff,
    )
    poll = actions.do_open_poll(poll=poll, acting_user=staff)
    codes = actions.hand_out_codes(poll, present)
    keys = list(poll.candidates.values_list("key", flat=True))
    spare = codes.pop()  # kept unused: the phone form is asked for with it below
    for code in codes:
        grades = {} if rng.random() < 0.02 else {k: rng.choice(GRADES) for k in keys if rng.random() < 0.9}
        actions.cast_ballot(poll_id=poll.pk, code=code, content={"grades": grades} if grades else {"blank": True})
    motion = actions.do_open_poll(
        poll=actions.do_create_poll(
            meeting=meeting, title="表决", kind="motion", rules={"passes": "yes > 1/2 of present"}, acting_user=staff
        ),
        acting_user=staff,
    )
    motion_code = actions.hand_out_codes(motion, present[:1])[0]
    took = time.perf_counter() - started
    print(f"set up: {forms + 1} voters, {len(codes)} forms cast × {subjects} subjects in {took:.1f} s")

    # the phone form, before the poll closes
    client = Client()
    client.get("/vote/")

    def pages(data: dict[str, str] | None) -> list[float]:
        samples = []
        for _ in range(requests):
            t = time.perf_counter()
            response = client.post("/vote/", data) if data else client.get("/vote/")
            samples.append(time.perf_counter() - t)
            assert response.status_code == 200, response.status_code
        return samples

    form = pages({"code": spare})
    page = client.post("/vote/", {"code": spare}).content.decode()
    assert page.count('class="grade-input"') == subjects * len(GRADES)
    one_question = pages({"code": motion_code})
    code_page = pages(None)
    print(f"phone form, {subjects} subjects × {len(GRADES)} grades ({len(page) // 1024} KB):")
    for label, samples in (
        (f"  appraisal form ({subjects} subjects)", form),
        ("  baseline: a motion's ballot", one_question),
        ("  baseline: the code page", code_page),
    ):
        p50, p95, top = ms(samples)
        print(f"{label:<40} p50 {p50:6.1f}  p95 {p95:6.1f}  max {top:6.1f} ms")

    # counting
    from web.meetings.counting import build_record

    record = build_record(poll)
    best, median = _timed(lambda: tally(record))
    print(f"counting {len(record['forms'])} forms × {subjects} subjects:")
    print(f"  engine alone (jiceng tally)              best {best * 1000:6.1f}  median {median * 1000:6.1f} ms")
    ballots = [{"receipt": f"R{i:015d}", "vote": rng.choice(["yes", "no", "abstain"])} for i in range(len(codes))]
    motion_record = {**build_record(motion), "ballots": ballots, "ballots_issued": len(ballots)}
    best, median = _timed(lambda: tally(motion_record))
    print(f"  baseline: a motion of as many ballots     best {best * 1000:6.1f}  median {median * 1000:6.1f} ms")
    t = time.perf_counter()
    poll = actions.do_close_poll(poll=poll, acting_user=staff)
    closing = time.perf_counter() - t
    print(f"  closing the poll (seal, shuffle, record, count, save)  {closing * 1000:6.1f} ms")
    assert poll.result["forms"]["returned"] == len(codes)
    print("target: counting under 1 s, the phone form under 100 ms")


if __name__ == "__main__":
    main()
