"""web/serve.py: the one command that serves Jiceng (scripts/start, benchmarks, reliability suite)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from web import serve


def test_the_start_script_serves_through_web_serve():
    assert "-m web.serve" in (Path(settings.BASE_DIR) / "scripts" / "start").read_text()


@pytest.mark.parametrize("server", serve.SERVERS)
def test_each_server_serves_jiceng(monkeypatch, server):
    monkeypatch.setenv("JICENG_SERVER", server)
    argv = serve.command(port=8123, workers=2)
    assert argv[1:3] == ["-m", server.split("-")[0]]
    assert any("8123" in a for a in argv)
    assert argv[-1].startswith("web.") or "web.wsgi:application" in argv


def test_the_server_keeps_its_connections_a_minute_unless_told(monkeypatch):
    monkeypatch.delenv("JICENG_DB_CONN_MAX_AGE", raising=False)
    assert serve.environment()["JICENG_DB_CONN_MAX_AGE"] == "60"
    monkeypatch.setenv("JICENG_DB_CONN_MAX_AGE", "0")
    assert serve.environment()["JICENG_DB_CONN_MAX_AGE"] == "0"


def test_an_unknown_server_is_refused(monkeypatch):
    monkeypatch.setenv("JICENG_SERVER", "nginx")
    with pytest.raises(SystemExit):
        serve.command(port=8123, workers=2)
