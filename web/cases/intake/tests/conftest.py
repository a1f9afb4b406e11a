from __future__ import annotations

import pytest

from web.cases.tests.conftest import clock, cw, take  # noqa: F401  (the cases' fixtures)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Photos are kept in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
