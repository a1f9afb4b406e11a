"""Refused steps of a deliberation, each with a stable code."""

from __future__ import annotations


class DeliberationError(Exception):
    code = "deliberation_error"
    status = 409

    def __init__(self, message: object, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
