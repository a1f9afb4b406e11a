"""Every document Jiceng answers has the shape of the specification's own example: the same
element names, nested the same way, in XML and in JSON (``spec_examples``)."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

import pytest

from web.open311.tests import spec_examples as spec

Shape = dict[str, Any]


def _merge(into: Shape, shape: Shape) -> None:
    for name, children in shape.items():
        _merge(into.setdefault(name, {}), children)


def xml_shape(element: ElementTree.Element) -> Shape:
    """``{tag: shape of its children}``; repeated elements merged into one."""
    shape: Shape = {}
    for child in element:
        _merge(shape, {child.tag: xml_shape(child)})
    return shape


def xml_document_shape(text: str | bytes) -> Shape:
    root = ElementTree.fromstring(text)
    return {root.tag: xml_shape(root)}


def json_shape(value: Any) -> Shape:
    """Objects by their keys; an array as ``[]`` with its items merged; values as leaves."""
    if isinstance(value, dict):
        return {key: json_shape(child) for key, child in value.items()}
    if isinstance(value, list):
        merged: Shape = {}
        for item in value:
            _merge(merged, json_shape(item))
        return {"[]": merged}
    return {}


def within(shape: Shape, larger: Shape) -> bool:
    return all(name in larger and within(children, larger[name]) for name, children in shape.items())


def test_the_shapes_see_nesting_and_names():
    assert xml_document_shape("<a><b><c/></b><b><d/></b></a>") == {"a": {"b": {"c": {}, "d": {}}}}
    assert json_shape([{"a": [1, 2]}, {"b": None}]) == {"[]": {"a": {"[]": {}}, "b": {}}}
    assert not within({"x": {}}, {"y": {}})


@pytest.fixture
def seen(client, cw, post):  # type: ignore[no-untyped-def]
    """Each endpoint's answer in both formats, after one request was posted (with a position)."""
    made = post(lat="30.657401", long="104.065735").json()[0]
    from web.cases.models import Case

    token = Case.objects.get(pk=made["service_request_id"]).token
    urls = {
        "discovery": "/open311/discovery",
        "services": "/open311/v2/services",
        "service_definition": "/open311/v2/services/noise",
        "requests": "/open311/v2/requests",
        "request": f"/open311/v2/requests/{made['service_request_id']}",
        "token": f"/open311/v2/tokens/{token}",
        "errors": "/open311/v2/services/no_such_service",
    }
    answers = {name: {fmt: client.get(f"{url}.{fmt}") for fmt in ("xml", "json")} for name, url in urls.items()}
    answers["created"] = {fmt: post(fmt) for fmt in ("xml", "json")}
    return answers


EXAMPLES = {
    "discovery": (spec.DISCOVERY_XML, spec.DISCOVERY_JSON),
    "services": (spec.SERVICES_XML, spec.SERVICES_JSON),
    "requests": (spec.REQUESTS_XML, spec.REQUESTS_JSON),
    "request": (spec.REQUESTS_XML, spec.REQUESTS_JSON),
    "token": (spec.TOKEN_XML, spec.TOKEN_JSON),
    "created": (spec.POST_RESPONSE_XML, spec.POST_RESPONSE_JSON),
    "errors": (spec.ERRORS_XML, spec.ERRORS_JSON),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_answer_has_the_shape_of_the_spec_example(seen, name):
    xml_example, json_example = EXAMPLES[name]
    xml_answer, json_answer = seen[name]["xml"], seen[name]["json"]
    assert xml_answer["Content-Type"] == "text/xml; charset=utf-8"
    assert json_answer["Content-Type"] == "application/json; charset=utf-8"
    assert xml_answer.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert xml_document_shape(xml_answer.content) == xml_document_shape(xml_example)
    assert json_shape(json.loads(json_answer.content)) == json_shape(json_example)


def test_a_service_without_attributes_is_defined_with_none(seen):
    """The spec's definition lists attributes; a service of Jiceng's catalogue asks for none
    (``metadata`` false), so its definition has the same elements with an empty list."""
    xml_answer, json_answer = seen["service_definition"]["xml"], seen["service_definition"]["json"]
    assert xml_document_shape(xml_answer.content) == {"service_definition": {"service_code": {}, "attributes": {}}}
    assert within(xml_document_shape(xml_answer.content), xml_document_shape(spec.SERVICE_DEFINITION_XML))
    assert json.loads(json_answer.content) == {"service_code": "noise", "attributes": []}
    assert within(json_shape(json.loads(json_answer.content)), json_shape(spec.SERVICE_DEFINITION_JSON))


def test_the_two_formats_say_the_same(seen):
    """One document, two renderings: every value of the JSON is the XML's text."""
    for name, answers in seen.items():
        root = ElementTree.fromstring(answers["xml"].content)
        data = json.loads(answers["json"].content)
        rows = data if isinstance(data, list) else [data]
        elements = list(root) if isinstance(data, list) else [root]
        if name in ("created",):  # two posts: two requests
            continue
        assert len(rows) == len(elements), name
        for row, element in zip(rows, elements, strict=True):
            for key, value in row.items():
                if isinstance(value, list | dict):
                    continue
                text = element.findtext(key)
                words = {True: "true", False: "false"}
                expected = None if value is None else words[value] if isinstance(value, bool) else str(value)
                assert (text or None) == expected, (name, key)
