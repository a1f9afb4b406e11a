"""``demo_logins`` on a database without the demo street (kept apart from test_demo.py, whose
module shares one seeded street)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command


def test_demo_logins_on_an_empty_database_says_so(db, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("demo_logins")
    assert "seed_demo" in capsys.readouterr().out
    assert not get_user_model().objects.exists()
