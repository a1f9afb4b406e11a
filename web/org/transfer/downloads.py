"""The roster export as a document made in the background (web.downloads.kinds.ROSTER)."""

from __future__ import annotations

from pathlib import Path

from web.downloads.models import Download
from web.org import queries
from web.org.transfer import export


def roster(download: Download, out: Path, progress: export.Progress) -> None:
    """The roster of the unit ``parameters["unit"]``, if the requester manages it now."""
    unit = queries.access_unit(download.requester, download.id_parameter("unit"), manage=True)
    export.export_roster(unit, download.requester, out, progress=progress)
