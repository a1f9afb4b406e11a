"""The one clock. Actions take ``now`` from here; tests freeze it by patching ``now``, and the
demo tells its stories on it with ``told_by``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


@contextmanager
def told_by(source: Callable[[], datetime]) -> Iterator[None]:
    """Until the block ends, ``now()`` is whatever ``source`` says (the demo's story clocks)."""
    global now
    saved = now
    now = source
    try:
        yield
    finally:
        now = saved
