"""The one clock. Actions take ``now`` from here; tests freeze it by patching ``now``."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
