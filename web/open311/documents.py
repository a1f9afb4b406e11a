"""One document, two renderings: GeoReport v2's XML and its JSON (the Spark convention of
wiki.open311.org/JSON_and_XML_Conversion), made from one Python structure.

A document is a root element's name and its content:

- a ``dict`` is an element's children, in order (``{"service_code": "litter", …}``);
- ``Items(item, rows)`` is a container of repeated elements: in XML ``<services><service>…``,
  in JSON an array, even of one row (what Spark adds to Parker);
- a ``str``, ``int``, ``float`` or ``bool`` is an element's text (``true``/``false`` in XML);
  ``None`` an empty element in XML and ``null`` in JSON.

JSON drops the root element's name, as the spec's examples do: ``<services>`` of services is a
JSON array, ``<service_definition>`` a JSON object. XML is built with ``xml.etree.ElementTree``
(never by joining strings): names and text are escaped by the library, and characters XML 1.0
cannot carry (control characters a resident's text may hold) are dropped from the text."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
FORMATS = ("xml", "json")

#: what XML 1.0 may not carry in text: C0 controls other than tab, newline and return; lone
#: surrogates; U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Items:
    """A container of repeated elements named ``item`` (a JSON array)."""

    item: str
    rows: Sequence[Any]


Content = Mapping[str, Any] | Items


@dataclass(frozen=True)
class Document:
    root: str
    content: Content


def plain(value: Any) -> Any:
    """The JSON form of a value."""
    if isinstance(value, Items):
        return [plain(row) for row in value.rows]
    if isinstance(value, Mapping):
        return {key: plain(child) for key, child in value.items()}
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, Items):
        for row in value.rows:
            _fill(ElementTree.SubElement(element, value.item), row)
    elif isinstance(value, Mapping):
        for key, child in value.items():
            _fill(ElementTree.SubElement(element, key), child)
    else:
        element.text = _text(value)


def to_xml(document: Document) -> bytes:
    root = ElementTree.Element(document.root)
    _fill(root, document.content)
    return ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)


def to_json(document: Document) -> bytes:
    return json.dumps(plain(document.content), ensure_ascii=False).encode("utf-8", "replace")


def render(document: Document, fmt: str) -> tuple[bytes, str]:
    """The document's bytes and content type in ``fmt`` (``xml`` or ``json``)."""
    if fmt == "json":
        return to_json(document), JSON_TYPE
    return to_xml(document), XML_TYPE
