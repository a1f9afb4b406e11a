"""HTTP clients of the suite: voters casting (and retrying after a lost answer) and readers.

Plain ``http.client`` in threads, as a phone would talk to the server: fetch the ballot page once
for the CSRF cookie, then post each code. A request that gets no answer (refused, reset, closed,
a 5xx page) is retried with the same code until an answer comes or ``retry_for`` seconds pass."""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from reliability.reconcile import CodeLog

RECEIPT = re.compile(r'id="receipt">([A-Z0-9-]+)<')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
USED = ("已经投过票", "already been used")
NOT_OPEN = ("现在没有开放", "not open")
FAILURES = (OSError, http.client.HTTPException)


@dataclass
class Shared:
    """What all clients of one run add to (list appends are atomic in CPython)."""

    cast_latencies: list[float] = field(default_factory=list)
    #: (started, finished, kind) of every cast request, monotonic seconds
    timeline: list[tuple[float, float, str]] = field(default_factory=list)
    acks: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_ack(self) -> None:
        with self.lock:
            self.acks += 1


def classify(status: int, text: str) -> tuple[str, str]:
    found = RECEIPT.search(text)
    if status == 200 and found:
        return "ack", found.group(1).replace("-", "")
    if status >= 500:
        return "error", f"HTTP {status}"
    if status == 409 and any(s in text for s in USED):
        return "used", ""
    if status == 409 and any(s in text for s in NOT_OPEN):
        return "closed", ""
    return "other", f"HTTP {status}"


class Browser:
    """One client's connection, cookies and CSRF token."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn = self._connect()
        self.token = ""
        self.location = ""

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def reset(self) -> None:
        self.conn.close()
        self.conn = self._connect()

    def headers(self) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, "Referer": f"http://127.0.0.1:{self.port}/"} if cookie else {}

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None, *, extra: dict[str, str] | None = None
    ) -> tuple[int, str]:
        status, content = self.fetch(method, path, data, extra=extra)
        return status, content.decode()

    def fetch(
        self, method: str, path: str, data: dict[str, str] | None = None, *, extra: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """The answer's status and bytes; its ``Location`` is kept in ``self.location``."""
        headers = {**self.headers(), **(extra or {})}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            reply = self.conn.getresponse()
            content = reply.read()
        except FAILURES:
            self.reset()
            raise
        for header, value in reply.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        self.location = reply.getheader("Location", "")
        return reply.status, content

    def fetch_token(self, path: str, deadline: float) -> None:
        while True:
            try:
                status, text = self.request("GET", path)
                found = TOKEN.search(text)
                if status == 200 and found:
                    self.token = found.group(1)
                    return
            except FAILURES:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"no form at {path}")
            time.sleep(0.05)

    def cast_form(self, poll_id: int, code: str) -> dict[str, str]:
        return {"csrfmiddlewaretoken": self.token, "code": code, "vote": "yes", "poll": str(poll_id)}

    def abandon_cast(self, poll_id: int, code: str, wait: float) -> None:
        """Send a cast and close the socket without reading the answer (a client timing out)."""
        body = urllib.parse.urlencode(self.cast_form(poll_id, code)).encode()
        head = (
            f"POST /vote/cast HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nCookie: {self.headers()['Cookie']}\r\n"
            f"Referer: http://127.0.0.1:{self.port}/\r\nConnection: close\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(head + body)
            if wait:
                time.sleep(wait)


class ClientThread(threading.Thread):
    """A client in a thread of its own; what it raised is kept in ``failure`` for the scenario."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            self._run()
        except BaseException as exc:
            self.failure = exc

    def _run(self) -> None:
        raise NotImplementedError


class Caster(ClientThread):
    """Casts one ballot per code; after a lost answer retries the same code."""

    def __init__(
        self,
        port: int,
        poll_id: int,
        logs: list[CodeLog],
        shared: Shared,
        *,
        retry_for: float,
        abandon_first: Callable[[int], float] | None = None,
    ) -> None:
        super().__init__()
        self.port, self.poll_id, self.logs, self.shared = port, poll_id, logs, shared
        self.retry_for = retry_for
        #: for the timeout scenario: how long to wait before closing the socket of the first try
        self.abandon_first = abandon_first

    def _run(self) -> None:
        browser = Browser(self.port)
        browser.fetch_token("/vote/", time.monotonic() + self.retry_for)
        for i, log in enumerate(self.logs):
            if self.abandon_first is not None:
                browser.abandon_cast(self.poll_id, log.code, self.abandon_first(i))
                log.events.append(("error", "socket closed before the answer"))
            deadline = time.monotonic() + self.retry_for
            while True:
                started = time.monotonic()
                try:
                    status, text = browser.request("POST", "/vote/cast", browser.cast_form(self.poll_id, log.code))
                    kind, value = classify(status, text)
                except FAILURES as exc:
                    kind, value = "error", type(exc).__name__
                finished = time.monotonic()
                log.events.append((kind, value))
                self.shared.timeline.append((started, finished, kind))
                if kind == "ack":
                    self.shared.cast_latencies.append(finished - started)
                    self.shared.add_ack()
                if kind != "error" or finished > deadline:
                    break
                time.sleep(0.05)


class Reader(threading.Thread):
    """Reads the given pages in turn until ``stop`` is set; latencies by page."""

    def __init__(
        self, port: int, pages: dict[str, str], stop: threading.Event, cookies: dict[str, str], offset: int
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.pages, self.stop, self.cookies, self.offset = port, pages, stop, cookies, offset
        self.latencies: dict[str, list[float]] = {name: [] for name in pages}
        self.failures: list[str] = []

    def run(self) -> None:
        browser = Browser(self.port, self.cookies)
        names = list(self.pages)
        i = self.offset
        while not self.stop.is_set():
            name = names[i % len(names)]
            i += 1
            started = time.monotonic()
            try:
                status, _text = browser.request("GET", self.pages[name])
            except FAILURES as exc:
                self.failures.append(f"{name}: {type(exc).__name__}")
                continue
            if status == 200:
                self.latencies[name].append(time.monotonic() - started)
            else:
                self.failures.append(f"{name}: HTTP {status}")


#: the ways a client can be slow that the suite tries, each sending a byte a second: its request
#: line and headers (never finished), or, with a valid cookie and CSRF token, a cast form's body
#: (a 100,000-byte form: the CSRF check reads it, so the application waits for every byte)
SLOW_KINDS = ("headers", "body")


class SlowConnections:
    """``per_kind`` connections of each of ``SLOW_KINDS``, trickling from one thread until
    :meth:`stop`. Counts the connections the server closed meanwhile."""

    def __init__(self, port: int, per_kind: int) -> None:
        self.port, self.per_kind = port, per_kind
        self.socks: list[tuple[str, socket.socket]] = []
        self.closed_by_server: dict[str, int] = dict.fromkeys(SLOW_KINDS, 0)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)

    def _heads(self) -> dict[str, bytes]:
        browser = Browser(self.port)
        browser.fetch_token("/vote/", time.monotonic() + 30)
        return {
            "headers": b"GET /vote/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
            "body": (
                f"POST /vote/cast HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n"
                f"Cookie: {browser.headers()['Cookie']}\r\nReferer: http://127.0.0.1:{self.port}/\r\n\r\n"
                f"csrfmiddlewaretoken={browser.token}&vote=yes&code="
            ).encode(),
        }

    def start(self) -> None:
        heads = self._heads()
        for name in SLOW_KINDS:
            for _ in range(self.per_kind):
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                sock.sendall(heads[name])
                self.socks.append((name, sock))
        self.thread.start()

    def _trickle(self) -> None:
        while not self.stopped.wait(1.0):
            for entry in list(self.socks):
                name, sock = entry
                try:
                    sock.sendall(b"1")
                except OSError:
                    self.closed_by_server[name] += 1
                    self.socks.remove(entry)

    def stop(self) -> int:
        """Stop sending and close every connection; how many were still open. Again, nothing more."""
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()
        for _name, sock in self.socks:
            sock.close()
        return len(self.socks)


PROGRESS = re.compile(r'<progress[^>]*value="(\d+)"')


class DocumentWatcher(ClientThread):
    """A member of staff asks for a document from its page (the link answers at once with a
    redirect to the download's page), then watches it as that page does: HTMX re-reads the
    progress every ``every`` seconds until the file is there (or the download failed, or
    ``timeout`` passed); then downloads the file. ``asked`` is set once the asking answered."""

    def __init__(self, port: int, path: str, cookies: dict[str, str], *, timeout: float, every: float = 2.0) -> None:
        super().__init__()
        self.port, self.path, self.cookies, self.timeout, self.every = port, path, cookies, timeout, every
        self.asked = threading.Event()
        #: seconds the asking took, its status and where it sent the browser
        self.ask_seconds = float("nan")
        self.ask_status = 0
        self.page = ""
        #: (seconds the page took, what it showed: "12%", "done" or "failed") per re-read
        self.reads: list[tuple[float, str]] = []
        self.file = b""

    def run(self) -> None:
        try:
            super().run()
        finally:
            self.asked.set()

    def _run(self) -> None:
        browser = Browser(self.port, self.cookies)
        started = time.monotonic()
        self.ask_status, _text = browser.request("GET", self.path)
        self.ask_seconds = time.monotonic() - started
        self.page = urllib.parse.urlsplit(browser.location).path
        self.asked.set()
        if self.ask_status != 302 or not self.page:
            return
        deadline = time.monotonic() + self.timeout
        shown = ""
        while shown not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(self.every if self.reads else 0)
            started = time.monotonic()
            status, text = browser.request("GET", self.page, extra={"HX-Request": "true"})
            shown = self._shown(status, text)
            self.reads.append((time.monotonic() - started, shown))
        if shown == "done":
            status, self.file = browser.fetch("GET", self.page.rstrip("/") + "/file")
            if status != 200:
                self.file = b""

    def _shown(self, status: int, text: str) -> str:
        if status != 200:
            return f"HTTP {status}"
        if "every 2s" in text:
            found = PROGRESS.search(text)
            return f"{found.group(1) if found else '?'}%"
        return "done" if self.page.rstrip("/") + "/file" in text else "failed"
