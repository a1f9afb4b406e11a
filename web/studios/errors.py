"""Refused steps of the studios, each with a stable code."""

from __future__ import annotations

from web.common.errors import RefusedStep


class StudioError(RefusedStep):
    code = "studio_error"


def refuse(message: object, code: str = "refused", status: int = 409) -> StudioError:
    return StudioError(message, code=code, status=status)
