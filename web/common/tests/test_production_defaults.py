"""The demo runs as a deployment does: DEBUG off unless asked for, a secret key made once and
kept private, files only the account can read, Jiceng's own error pages, bodies over the limit
refused unread, and ``check --deploy`` clean apart from what only HTTPS can settle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation

ROOT = Path(settings.BASE_DIR)

#: what only serving over HTTPS settles (HSTS, redirect to HTTPS, secure-only cookies); turned on
#: by JICENG_ENV=production behind TLS, see docs/architecture.md
HTTPS_ONLY = {"security.W004", "security.W008", "security.W012", "security.W016"}


def _run(code: str, var: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Python in a fresh process with the demo's environment (no JICENG_ENV) and ``var`` as var/."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JICENG_", "DJANGO_", "DATABASE_URL"))}
    clean.update({"JICENG_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "web.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_of_the_demo_warns_only_about_https(tmp_path):
    done = _run(
        "from django.core.management import execute_from_command_line as run; run(['manage.py', 'check', '--deploy'])",
        tmp_path / "var",
    )
    assert done.returncode == 0, done.stderr
    warned = set(__import__("re").findall(r"\((security\.W\d+)\)", done.stderr + done.stdout))
    assert warned <= HTTPS_ONLY, done.stderr
    assert "security.W018" not in warned  # DEBUG


@pytest.mark.parametrize(("value", "debug"), [(None, False), ("0", False), ("1", True), ("yes", False)])
def test_debug_is_off_unless_jiceng_debug_is_1(tmp_path, value, debug):
    env = {"JICENG_DEBUG": value} if value is not None else {}
    done = _run(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        tmp_path / "var",
        **env,
    )
    assert done.stdout.strip() == str(debug), done.stderr


def test_var_the_database_its_wal_uploads_and_the_key_are_private(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    (var / "jiceng.sqlite3").touch(mode=0o644)  # as an older version left them
    (var / "old-notes").mkdir(mode=0o755)
    # the modes are read while the connection is open: SQLite removes the WAL at the last close
    code = (
        "import os, json, stat; os.umask(0o022); import django; django.setup(); "
        "from django.db import connection; from django.conf import settings; "
        "from django.core.files.base import ContentFile; from django.core.files.storage import default_storage; "
        "c = connection.cursor(); c.execute('CREATE TABLE t (x)'); c.execute('INSERT INTO t VALUES (1)'); "
        "name = default_storage.save('uploads/a/scan.pdf', ContentFile(b'%PDF-1.4')); "
        "v = settings.VAR_DIR; m = v / 'media'; "
        "paths = [v / 'jiceng.sqlite3', v / 'jiceng.sqlite3-wal', v / 'secret_key', m / name, "
        "v, v / 'old-notes', m, m / 'uploads', (m / name).parent]; "
        "print(json.dumps({p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in paths}))"
    )
    done = _run(code, var)
    assert done.returncode == 0, done.stderr
    assert __import__("json").loads(done.stdout) == {
        "jiceng.sqlite3": "0o600",
        "jiceng.sqlite3-wal": "0o600",
        "secret_key": "0o600",
        "scan.pdf": "0o600",
        "var": "0o700",
        "old-notes": "0o700",
        "media": "0o700",
        "uploads": "0o700",
        "a": "0o700",
    }


def test_the_secret_key_is_made_once(tmp_path):
    show = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    first, second = (_run(show, tmp_path / "var").stdout.strip() for _ in range(2))
    assert len(first) >= 50 and first == second
    assert (tmp_path / "var" / "secret_key").read_text().strip() == first


def test_the_start_script_serves_without_debug_and_with_umask_077():
    start = (ROOT / "scripts" / "start").read_text()
    assert "umask 077" in start
    assert "JICENG_DEBUG" not in start.replace("JICENG_DEBUG=1", "")  # never turned on by the script


ERRORS = [400, 403, 404, 413, 500, 503]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("status", ERRORS)
def test_error_pages_are_jicengs_own_in_both_languages_without_the_database(language, status):
    """No ``db`` fixture: pytest-django makes any database access fail the test."""
    from web.common import views
    from web.common.middleware import DatabaseUnavailableMiddleware

    request = RequestFactory().get("/staff/somewhere/")
    handlers = {
        400: lambda: views.bad_request(request),
        403: lambda: views.permission_denied(request),
        404: lambda: views.page_not_found(request),
        413: lambda: views.request_too_large(request),
        500: lambda: views.server_error(request),
        503: lambda: DatabaseUnavailableMiddleware(lambda r: None).process_exception(  # type: ignore[arg-type,return-value]
            request, __import__("django.db").db.OperationalError("gone")
        ),
    }
    with translation.override(language):
        response = handlers[status]()
    html = response.content.decode()
    assert response.status_code == status
    assert f'lang="{"zh-Hans" if language == "zh-hans" else "en"}"' in html
    assert "Traceback" not in html and "Django" not in html
    words = {"zh-hans": "基层", "en": "Back to the home page"}[language]
    assert words in html
    # the sentence is in the page's language: English has no Chinese characters in the main part
    main = html.split('<main id="main">', 1)[1]
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in main)
    assert has_chinese == (language == "zh-hans"), main


OVER = {
    "a form with files": ("multipart/form-data; boundary=zz", "JICENG_MAX_UPLOAD_REQUEST_BYTES"),
    "a form": ("application/x-www-form-urlencoded", "DATA_UPLOAD_MAX_MEMORY_SIZE"),
    "JSON": ("application/json", "DATA_UPLOAD_MAX_MEMORY_SIZE"),
}


@pytest.mark.parametrize("kind", sorted(OVER))
@pytest.mark.parametrize(
    "path", ["/staff/units/1/import/", "/vote/cast", "/accounts/login/", "/api/v1/people", "/no-such-page/"]
)
def test_a_body_over_the_limit_is_refused_before_it_is_read(world, client_for, path, kind):
    """The claimed length is one byte over the limit and the body sent is a few bytes: any read of
    the body would fail the test client's payload (it refuses to read past what was sent), so a
    413 here means nothing read it, not the session, the CSRF check, the view or the API."""
    content_type, limit = OVER[kind]
    over = str(getattr(settings, limit) + 1)
    response = client_for(world.organiser).generic(
        "POST", path, b"--zz", content_type=content_type, CONTENT_LENGTH=over
    )
    assert response.status_code == 413
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "body_too_large"
    else:
        assert "提交的内容过大" in response.content.decode()


def test_a_body_at_the_limit_goes_through(world, client_for):
    body = b"a=" + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 2)
    response = client_for(world.organiser).generic(
        "POST", "/vote/cast", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code != 413
