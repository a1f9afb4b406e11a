"""The HTTP SMS backend against a provider endpoint the test starts (http.server in a thread):
what it posts, and a 500, a refusal in a 200 answer, a timeout and a refused connection, each a
failed attempt that is retried later."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from web.notify import jobs
from web.notify.models import Delivery
from web.notify.tests.conftest import send


class Provider:
    """A provider endpoint: answers each POST with ``status`` and ``body``, or never (``hang``)."""

    def __init__(self) -> None:
        self.status, self.body, self.hang = 200, b'{"code": "OK"}', False
        self.received: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.release = threading.Event()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                provider.received.append((dict(self.headers), data))
                if provider.hang:
                    provider.release.wait(30)  # the client gives up first (its timeout)
                    return
                self.send_response(provider.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(provider.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"


@pytest.fixture
def provider(settings) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    p = Provider()
    thread = threading.Thread(target=p.server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_SMS_BACKEND, settings.NOTIFY_SMS_URL, settings.NOTIFY_SMS_KEY = "http", p.url, "provider-key"
    settings.NOTIFY_SMS_SIGNATURE, settings.NOTIFY_SMS_TEMPLATE = "基层", "SMS_100"
    settings.NOTIFY_SMS_TEMPLATES = {"commitment.overdue": "SMS_200"}
    settings.NOTIFY_SMS_TIMEOUT = 0.5
    yield p
    p.release.set()
    p.server.shutdown()
    p.server.server_close()


def _sms(world: Any) -> Delivery:
    return send(world.person_a2).deliveries.get(channel="sms")


def test_a_message_is_posted_with_its_template_signature_and_values(world, clock, provider):
    d = _sms(world)
    assert jobs.sweep() == {"sent": 1}
    [(headers, data)] = provider.received
    assert headers["Authorization"] == "Bearer provider-key"
    assert headers["Content-Type"].startswith("application/json")
    assert data == {
        "phone": "13800000002",
        "sign_name": "基层",
        "template_id": "SMS_200",
        "params": {"unit": "和平社区", "item": "硬化村口道路", "deadline": "2026-06-30"},
        "text": "【基层】和平社区承诺“硬化村口道路”已过完成时限2026-06-30，请尽快推进并报送进展。",
        "out_id": f"jiceng-{d.pk}",
    }
    d.refresh_from_db()
    assert (d.state, d.attempts, d.address) == ("sent", 1, "13800000002")


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (500, b"oops", "HTTP 500"),
        (503, b"", "HTTP 503"),
        (200, b'{"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "too many"}', "isv.BUSINESS_LIMIT_CONTROL"),
    ],
)
def test_an_error_answer_is_a_failed_attempt_retried_after_a_backoff(
    world, clock, provider, settings, status, body, error
):
    settings.NOTIFY_RETRY_BASE = 60
    provider.status, provider.body = status, body
    d = _sms(world)
    assert jobs.sweep() == {"failed": 1}
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("pending", 1) and error in d.last_error
    assert (d.next_attempt_at - clock.now()).total_seconds() == 60
    provider.status, provider.body = 200, b'{"code": 0}'
    clock.at = d.next_attempt_at
    assert jobs.sweep() == {"sent": 1}
    assert len(provider.received) == 2 and {r[1]["out_id"] for r in provider.received} == {f"jiceng-{d.pk}"}


def test_a_provider_that_does_not_answer_in_time_is_a_failed_attempt(world, clock, provider):
    provider.hang = True
    d = _sms(world)
    assert jobs.sweep() == {"failed": 1}
    d.refresh_from_db()
    assert d.state == "pending" and d.attempts == 1 and "timed out" in d.last_error.lower()


def test_a_refused_connection_is_a_failed_attempt(world, clock, settings):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.NOTIFY_SMS_BACKEND, settings.NOTIFY_SMS_URL = "http", f"http://127.0.0.1:{port}/sms"
    d = _sms(world)
    assert jobs.sweep() == {"failed": 1}
    d.refresh_from_db()
    assert d.attempts == 1 and "refused" in d.last_error.lower()
