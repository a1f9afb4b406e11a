"""A real worker (``manage.py run_worker``) killed with SIGKILL while the provider holds its SMS
request: nothing is lost and the delivery is recorded sent once. The killed job is delivered
again (``JICENG_JOB_RETRY``), the claim's lease has run out by then, and the second request
carries the same ``out_id`` as the first, for a provider that deduplicates by it."""

from __future__ import annotations

import json
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from web.jobs.tests.test_worker_processes import _env, _manage, _stop, _until, _worker

MAKE_NOTICE = """
import datetime as dt
from django.contrib.auth import get_user_model
from django.db import transaction
from web.notify.models import Preferences
from web.notify.outbox import notify
from web.org.testing import make_world
with transaction.atomic():
    w = make_world()
    user = get_user_model().objects.create_user(username="li", password="x", person=w.person_a2)
    Preferences.objects.create(user=user, quiet_hours=False)  # whatever the hour the test runs at
    context = {"unit": "和平社区", "item": "硬化村口道路", "deadline": "2026-06-30"}
    notify(w.person_a2, "commitment.overdue", context, key="k")
"""

STATE = """
from web.notify.models import Delivery
d = Delivery.objects.get(channel="sms")
print(d.state, d.attempts)
"""


def _state(env: dict[str, str]) -> list[str]:
    """The SMS delivery's state and attempts, as another process reads them."""
    return _manage(env, "shell", "-v", "0", "-c", STATE).strip().splitlines()[-1].split()


def test_a_worker_killed_while_sending_an_sms_loses_nothing_and_records_it_sent_once(tmp_path):
    received: list[dict[str, Any]] = []
    release = threading.Event()

    class Provider(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            if len(received) == 1:
                release.wait(60)  # holds the first request: its worker is killed meanwhile
                return
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"code": "OK"}')

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = _env(tmp_path / "var") | {
        "JICENG_SMS_BACKEND": "http",
        "JICENG_SMS_URL": f"http://127.0.0.1:{server.server_address[1]}/sms",
        "JICENG_SMS_TIMEOUT": "60",
        "JICENG_NOTIFY_LEASE": "5",
    }
    try:
        _manage(env, "migrate", "-v0")
        _manage(env, "shell", "-c", MAKE_NOTICE)
        first = _worker(env, tmp_path / "worker.log")
        _until(lambda: len(received) == 1)
        _stop(first, signal.SIGKILL)  # the whole worker, mid-send
        assert _state(env) == ["pending", "1"]  # claimed, not recorded
        second = _worker(env, tmp_path / "worker.log")
        try:
            _until(lambda: len(received) == 2)
            _until(lambda: _state(env) == ["sent", "2"], seconds=30)
        finally:
            _stop(second, signal.SIGKILL)  # its work is recorded; a graceful stop takes the cluster seconds
    finally:
        release.set()
        server.shutdown()
        server.server_close()
    assert len(received) == 2 and received[0]["out_id"] == received[1]["out_id"]
    assert received[1]["text"] == "【基层】和平社区承诺“硬化村口道路”已过完成时限2026-06-30，请尽快推进并报送进展。"
