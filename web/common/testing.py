"""For tests: small real files for uploads (each opens in the parser ``web.common.uploads`` uses),
and what the home page found for a person."""

from __future__ import annotations

import io
import zipfile
from typing import Any

DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
    ),
    "word/document.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>report</w:t></w:r></w:p></w:body></w:document>'
    ),
}


def tiny_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def tiny_docx(parts: dict[str, str | bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (parts or DOCX_PARTS).items():
            archive.writestr(name, content)
    return out.getvalue()


def tiny_image(kind: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def home_sections(client: Any) -> tuple[dict[str, Any], str]:
    """The signed-in ``client``'s home page (工作台): each section's ``Found`` by its source's key,
    and the page's text."""
    response = client.get("/staff/")
    assert response.status_code == 200
    return {s.source.key: s.found for s in response.context["sections"]}, response.content.decode()


def local_at(day: str, hour: int = 9, minute: int = 0) -> Any:
    """A moment of ``day`` (``YYYY-MM-DD``) in the local time zone."""
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute)))


class FrozenClock:
    """The one clock (``web.common.clock.now``) frozen at a moment and moved by hand; a test's
    fixture installs it with ``monkeypatch.setattr("web.common.clock.now", clock.now)``."""

    def __init__(self, day: str, hour: int = 9) -> None:
        self.now_at = local_at(day, hour)

    def now(self) -> Any:
        return self.now_at

    def set(self, day: str, hour: int = 9) -> None:
        self.now_at = local_at(day, hour)

    def advance(self, **delta: float) -> None:
        import datetime as dt

        self.now_at += dt.timedelta(**delta)
