"""What the voting benchmarks share: a members' meeting with voting codes, the server, percentiles.

Used by ``bench_voting.py`` and the reliability suite (``reliability.py``). The Django parts run
in the calling process against ``DATABASE_URL`` (set it before the first call)."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def pct(values: list[float], p: float) -> float:
    """The p-th percentile of ``values`` (seconds) in milliseconds, nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def start_server(port: int, workers: int, *, log: Any = None) -> subprocess.Popen[bytes]:
    """Jiceng served as ``scripts/start`` serves it (``web/serve.py``: granian, or what
    ``JICENG_SERVER`` names), with its database connections. ``log``: an open file for its
    output (default: this process's)."""
    from web.serve import command, environment

    env = {**environment(), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command(port=port, workers=workers), cwd=ROOT, env=env, stdout=log, stderr=log)


def make_meeting(voters: int, *, code: str = "B1") -> tuple[Any, Any]:
    """Migrate, then an open members' meeting of ``voters`` full members, everyone checked in.
    Returns the meeting and a staff user of its community."""
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from web.meetings import actions
    from web.meetings.models import Attendee
    from web.org.actions import place_unit
    from web.org.idnumbers import check_digit
    from web.org.models import Body, BodySeat, PartyMembership, PartyOrg, Person, Role, Unit

    call_command("migrate", verbosity=0)
    street = Unit.objects.create(code=code, name="基准街道", kind="street", path="")
    place_unit(street)
    street.save()
    unit = Unit.objects.create(code=f"{code}C1", name="基准社区", kind="community", parent=street, path="")
    place_unit(unit)
    unit.save()
    org = PartyOrg.objects.create(code=f"P{code}", name="基准社区党委", kind="committee", unit=unit)
    body = Body.objects.create(name="基准社区党员大会", kind="members_meeting", unit=unit, party_org=org)
    people = []
    for i in range(voters):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=i)
        first17 = f"510104{born:%Y%m%d}001"
        people.append(
            Person(
                name=f"党员{i}",
                id_number=first17 + check_digit(first17),
                gender="M",
                birth_date=born,
                unit=unit,
                unit_path=unit.path,
            )
        )
    people = Person.objects.bulk_create(people)
    PartyMembership.objects.bulk_create([PartyMembership(person=p, org=org, status="full") for p in people])
    BodySeat.objects.bulk_create([BodySeat(body=body, person=p) for p in people])
    staff = get_user_model().objects.create_user(username="bench", password="bench-password-1")
    Role.objects.create(user=staff, unit=unit, kind="org_staff")
    meeting = actions.do_create_meeting(body=body, title="基准会议", starts_at=timezone.now(), acting_user=staff)
    actions.do_open_meeting(meeting=meeting, acting_user=staff)
    Attendee.objects.filter(meeting=meeting).update(checked_in_at=timezone.now(), check_in_method="search")
    return meeting, staff


def open_poll_with_codes(meeting: Any, staff: Any, title: str, voters: int | None = None) -> tuple[int, list[str]]:
    """A motion opened in ``meeting`` and one voting code for each of the first ``voters`` attendees."""
    from web.meetings import actions
    from web.meetings.actions import hand_out_codes

    poll = actions.do_create_poll(
        meeting=meeting, title=title, kind="motion", rules={"passes": "yes > 1/2 of present"}, acting_user=staff
    )
    actions.do_open_poll(poll=poll, acting_user=staff)
    attendees = meeting.attendees.order_by("pk")
    if voters is not None:
        attendees = attendees[:voters]
    return poll.pk, hand_out_codes(poll, list(attendees), acting_user=staff)


def prepare(voters: int) -> tuple[int, list[str]]:
    """The meeting, the poll and one code per voter (bench_voting)."""
    meeting, staff = make_meeting(voters)
    return open_poll_with_codes(meeting, staff, "基准表决")
