"""Refused steps of a deliberation, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class DeliberationError(RefusedStep):
    code = "deliberation_error"
