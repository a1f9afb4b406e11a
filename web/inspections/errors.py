"""Refused steps of the random inspection, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class InspectionError(RefusedStep):
    code = "inspection_error"


def refuse(message: object, code: str = "refused", status: int = 409) -> InspectionError:
    return InspectionError(message, code=code, status=status)
