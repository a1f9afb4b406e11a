"""SMS: one interface, ``SmsGateway.send(phone, template_id, params, text)``, and its backends.

Chinese SMS platforms send only texts from a template approved in advance, under a registered
signature (``【基层】``): so a send names the template and its parameters, and gives the whole
text too, for a platform or a relay that takes content. ``NOTIFY_SMS_BACKEND`` chooses:

- ``http``: POST JSON to the provider's endpoint (``NOTIFY_SMS_URL``), with a key as a bearer
  token if set; a non-2xx answer, an answer whose ``code`` is not OK, a timeout or a refused
  connection is a failed attempt (the delivery is tried again later);
- ``file``: one line per message appended to ``var/sms.log`` (the demo's);
- ``console``: one line per message on standard output.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from web.common import clock


class SendFailed(Exception):
    """The message did not go; ``str()`` says why, for the delivery's last error."""


class SmsGateway(Protocol):
    def send(self, phone: str, template_id: str, params: dict[str, str], text: str, *, out_id: str) -> None:
        """Send one message or raise ``SendFailed``. ``out_id`` names the delivery: a provider
        that deduplicates by it sends a retried message once."""


def _line(phone: str, template_id: str, text: str, out_id: str) -> str:
    at = timezone.localtime(clock.now()).isoformat(timespec="seconds")
    return f"{at}\t{out_id}\t{phone}\t{template_id or '-'}\t{signed(text)}\n"


def signed(text: str) -> str:
    """``text`` after the signature, as the phone shows it (``【基层】…``)."""
    return str(settings.NOTIFY_SMS_SIGNED).format(settings.NOTIFY_SMS_SIGNATURE) + text


class FileSmsGateway:
    """Appends each message to a file (``var/sms.log``, readable by Jiceng's account only)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path or settings.NOTIFY_SMS_FILE)

    def send(self, phone: str, template_id: str, params: dict[str, str], text: str, *, out_id: str) -> None:
        try:
            with self.path.open("a", encoding="utf-8") as f:
                f.write(_line(phone, template_id, text, out_id))
        except OSError as exc:
            raise SendFailed(f"{self.path}: {exc.strerror}") from None


class ConsoleSmsGateway:
    def send(self, phone: str, template_id: str, params: dict[str, str], text: str, *, out_id: str) -> None:
        sys.stdout.write("SMS " + _line(phone, template_id, text, out_id))
        sys.stdout.flush()


class HttpSmsGateway:
    """POSTs ``{"phone", "sign_name", "template_id", "params", "text", "out_id"}`` as JSON."""

    def __init__(self, url: str | None = None, *, key: str | None = None, timeout: float | None = None) -> None:
        self.url = url if url is not None else settings.NOTIFY_SMS_URL
        self.key = key if key is not None else settings.NOTIFY_SMS_KEY
        self.timeout = timeout if timeout is not None else settings.NOTIFY_SMS_TIMEOUT

    def send(self, phone: str, template_id: str, params: dict[str, str], text: str, *, out_id: str) -> None:
        if not self.url:
            raise SendFailed("NOTIFY_SMS_URL is not set")
        body = json.dumps(
            {
                "phone": phone,
                "sign_name": settings.NOTIFY_SMS_SIGNATURE,
                "template_id": template_id,
                "params": params,
                "text": signed(text),
                "out_id": out_id,
            },
            ensure_ascii=False,
        ).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read(64 * 1024)
        except urllib.error.HTTPError as exc:
            raise SendFailed(f"HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SendFailed(f"{type(reason).__name__}: {reason}"[:300]) from None
        _check_answer(answer)


def _check_answer(answer: bytes) -> None:
    """A 2xx answer may still refuse (platforms answer 200 with an error code): a JSON object
    with ``code`` (any case) other than OK or 0 is a failure."""
    try:
        data = json.loads(answer or b"{}")
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    code = next((v for k, v in data.items() if k.lower() == "code"), None)
    if code is not None and str(code).lower() not in ("ok", "0", "success"):
        message = next((v for k, v in data.items() if k.lower() in ("message", "msg")), "")
        raise SendFailed(f"provider: {code} {message}"[:300])


BACKENDS: dict[str, type[FileSmsGateway] | type[ConsoleSmsGateway] | type[HttpSmsGateway]] = {
    "file": FileSmsGateway,
    "console": ConsoleSmsGateway,
    "http": HttpSmsGateway,
}


def gateway() -> SmsGateway:
    """The configured backend (``NOTIFY_SMS_BACKEND``)."""
    return BACKENDS[settings.NOTIFY_SMS_BACKEND]()


def template_for(kind: str) -> str:
    """The provider's template id for ``kind``: its own (``NOTIFY_SMS_TEMPLATES``) or the default."""
    return str(settings.NOTIFY_SMS_TEMPLATES.get(kind, settings.NOTIFY_SMS_TEMPLATE))
