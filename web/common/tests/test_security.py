"""Security headers, no external assets, and the deployment check under production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_pages_send_a_strict_content_security_policy(db, client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_or_stylesheet_loads_anything_from_the_internet():
    pattern = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.I)
    offenders = []
    for folder in ("templates", "static/jiceng", "web"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".css", ".js"} and pattern.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path))
    assert offenders == []


def test_no_inline_script_or_style_in_templates():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=\"|\son[a-z]+=\"", re.I)
    offenders = [str(p) for p in (ROOT / "templates").rglob("*.html") if inline.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_check_deploy_passes_under_production_settings(tmp_path):
    env = dict(
        os.environ,
        JICENG_ENV="production",
        JICENG_SECRET_KEY="x" * 30 + "-production-key-for-check-only-!",
        JICENG_ALLOWED_HOSTS="jiceng.example",
        JICENG_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="web.settings",
    )
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests in this process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_healthz(db, client):
    assert client.get("/healthz").content == b"ok"


def test_error_pages_are_friendly_and_not_500(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "找不到" in response.content.decode()
    response = client.get("/api/v1/no-such-endpoint")  # the JSON API answers in JSON
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
