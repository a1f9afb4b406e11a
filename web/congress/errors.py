"""Refused steps of a congress meeting's work reports and inquiries, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class CongressError(RefusedStep):
    code = "congress_error"
