from __future__ import annotations

import pytest

from web.cases.tests.conftest import clock, cw  # noqa: F401  (the cases' fixtures: Monday 2 March 2026, 09:00)


@pytest.fixture
def sw(cw):  # type: ignore[no-untyped-def]  # noqa: F811
    from web.studios.testing import make_studio_world

    return make_studio_world(cw)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
