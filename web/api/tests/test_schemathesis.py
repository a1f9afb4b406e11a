"""Property-based run of every operation from the served OpenAPI document (schemathesis):
generated input, valid and not, as the organiser; never a 500, every status declared,
every body matching its schema. A short run here (25 inputs per operation); the reliability suite
(bench/reliability.py) runs it longer through JICENG_SCHEMATHESIS_EXAMPLES."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from web.api.actions import do_create_api_token

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def organiser_token(world):
    """As Django's test client does: keep the test's connection (and its transaction) open
    across requests served through the WSGI handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield do_create_api_token(user=world.organiser, name="fuzz", acting_user=world.organiser)[1]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("JICENG_SCHEMATHESIS_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_input_gives_a_server_error(case, organiser_token):
    response = case.call(headers={"Authorization": f"Bearer {organiser_token}"})
    case.validate_response(response, checks=CHECKS)
