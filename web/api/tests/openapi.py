"""Check a response against the served OpenAPI document: the status must be declared for
the operation, and the body must validate against its schema (``$ref``s resolved)."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from django.test import Client
from jsonschema import Draft202012Validator


@cache
def document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _operation(method: str, path: str) -> tuple[dict[str, Any] | None, bool]:
    """(operation, path_known): the operation for ``method`` at ``path``, if any."""
    for template, item in document()["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return item.get(method.lower()), True
    return None, False


def _validate(schema: dict[str, Any], body: Any) -> None:
    root = {"allOf": [schema], "components": document()["components"]}
    errors = sorted(Draft202012Validator(root).iter_errors(body), key=str)
    assert not errors, f"{[e.message for e in errors][:5]} in {body!r:.500}"


def check(response: Any, method: str) -> None:
    """Assert ``response`` (to ``method`` on its request path) is what the document promises."""
    path = response.request["PATH_INFO"]
    operation, known = _operation(method, path)
    body = json.loads(response.content) if response.content else None
    error_schema = {"$ref": "#/components/schemas/ErrorOut"}
    if operation is None:  # no such address, or not this method: our JSON 404/405
        assert response.status_code == (405 if known else 404), (method, path, response.status_code)
        _validate(error_schema, body)
        return
    declared = operation["responses"]
    assert str(response.status_code) in declared, f"{method} {path}: {response.status_code} not declared"
    content = declared[str(response.status_code)].get("content")
    if content is None:
        assert body is None
        return
    _validate(content["application/json"]["schema"], body)
