"""The studios' scheduled job: the sessions of the coming weeks made from every open studio's
rules (``do_generate_sessions`` by the scheduler; one session per rule and day, so a run finds
nothing to make until a new day comes within the horizon, and two workers at once make nothing
twice: each studio is locked while its sessions are made)."""

from __future__ import annotations

import logging

from web.studios.actions import do_generate_sessions
from web.studios.models import Studio

log = logging.getLogger(__name__)


def generate() -> int:
    """Make the missing sessions of every open studio with rules; returns how many were made."""
    made = 0
    for studio in Studio.objects.filter(closed_at__isnull=True, rules__isnull=False).distinct().order_by("pk"):
        made += do_generate_sessions(studio=studio, acting_user=None)
    if made:
        log.info("studio sessions made: %s", made)
    return made
