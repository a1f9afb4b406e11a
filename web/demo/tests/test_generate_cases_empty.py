"""``manage.py generate_cases`` on a database without the demo street (its own module: the other
module's street is seeded once for all its tests)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_refuses_without_the_demo_street() -> None:
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("generate_cases", count=10, stdout=io.StringIO())
