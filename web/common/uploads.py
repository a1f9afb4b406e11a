"""Uploaded files are opened by a real parser before they are kept.

Four magic bytes say nothing about the rest of a file: ``%PDF`` followed by garbage, a zip
whose ``word/document.xml`` is not XML, or a PNG header on a truncated image all passed, and
would have been handed to the next person who downloads them. Each kind is opened the way its
reader would open it — a PDF by pypdf (every page), a DOCX as a zip of well-formed XML with a
main document, an image by Pillow (decoded in full, within a pixel budget) — and anything that
does not open is refused with a sentence. XML is parsed without a DOCTYPE (no entity
expansion), and a zip is refused before reading when it would unpack to far more than it holds.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _

#: a zip may unpack to this many bytes at most, and to at most this many times its own size
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
#: an image may have at most this many pixels (a decompression bomb is a small file)
MAX_PIXELS = 60_000_000


class Unreadable(Exception):
    """The file does not open as what it claims to be."""


def check_xml(data: bytes) -> None:
    """Well-formed XML without a document type declaration (entity definitions live there)."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise Unreadable("doctype")
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise Unreadable("xml") from exc


def check_zip(data: bytes, *, xml_without_doctype: bool = False) -> zipfile.ZipFile:
    """A zip that opens and is not a bomb; with ``xml_without_doctype``, none of its XML parts
    declares a document type (read only as far as one could: it must precede the root)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1):
            raise Unreadable("zip bomb")
        for member in members if xml_without_doctype else []:
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as part:
                    if b"<!DOCTYPE" in part.read(4096).upper():
                        raise Unreadable("doctype")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise Unreadable("zip") from exc
    return archive


def _check_docx(data: bytes) -> None:
    archive = check_zip(data)
    names = set(archive.namelist())
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        raise Unreadable("not a docx")
    try:
        for name in sorted(names):
            content = archive.read(name)  # checks each member's CRC
            if name.endswith((".xml", ".rels")):
                check_xml(content)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise Unreadable("zip member") from exc


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) == 0:
            raise Unreadable("no pages")
        for page in reader.pages:
            page.get_contents()
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file; any of them means "does not open"
        raise Unreadable("pdf") from exc


def _image_checker(expected: str) -> Callable[[bytes], None]:
    def check(data: bytes) -> None:
        from PIL import Image

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:
                    if image.format != expected or image.width * image.height > MAX_PIXELS:
                        raise Unreadable("format")
                    image.load()
        except Unreadable:
            raise
        except Exception as exc:  # Pillow: OSError, SyntaxError, ValueError, DecompressionBomb*…
            raise Unreadable("image") from exc

    return check


#: extension → (what people call it, how to open it)
KINDS: dict[str, tuple[str, Callable[[bytes], None]]] = {
    "pdf": ("PDF", _check_pdf),
    "docx": ("DOCX", _check_docx),
    "jpg": ("JPG", _image_checker("JPEG")),
    "jpeg": ("JPG", _image_checker("JPEG")),
    "png": ("PNG", _image_checker("PNG")),
}


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def problem_with(upload: Any, *, allowed: tuple[str, ...]) -> str | None:
    """None when ``upload`` (a Django ``UploadedFile``) opens as the kind its name says and
    that kind is ``allowed``; else a sentence saying what is wrong (translated)."""
    ext = extension_of(upload.name or "")
    if ext not in allowed or ext not in KINDS:
        return _("只接受以下类型的文件：%(kinds)s。") % {
            "kinds": _("、").join(dict.fromkeys(KINDS[k][0] for k in allowed if k in KINDS))
        }
    label, check = KINDS[ext]
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        check(data)
    except Unreadable:
        return _("文件“%(name)s”无法作为 %(kind)s 打开：文件已损坏，或并不是 %(kind)s 文件。") % {
            "name": (upload.name or "")[-80:],
            "kind": label,
        }
    return None
