"""Helpers the routers share: paging parameters, the acting user, and running an action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest
from ninja import Path, Query
from pydantic import Field

from web.api.errors import ApiError, conflict_code, detail, details_from_django
from web.api.records import DEFAULT_LIMIT, MAX_LIMIT
from web.api.schemas import MAX_ID, Text

T = TypeVar("T")

IdPath = Path[Annotated[int, Field(ge=1, le=MAX_ID)]]


# Query parameters with a default are made per operation (ninja sets the default on the
# parameter object, so one object shared between operations would be shared state).
def limit_param() -> Any:
    return Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")


def offset_param() -> Any:
    return Query(0, ge=0, le=10**9)


def search_param() -> Any:
    return Query(
        "",
        max_length=50,
        pattern=r"^[^\x00]*$",
        description="part of a name, an ID number (start or end) or a phone number",
    )


__all__ = ["IdPath", "Text", "acting", "limit_param", "offset_param", "referenced", "run_action", "search_param"]


def acting(request: HttpRequest) -> Any:
    """The user the token or session authenticated."""
    return request.auth  # type: ignore[attr-defined]


def referenced(field: str, access: Callable[[], T]) -> T:
    """An object named in the request body: one the user may not use is a field error (422)."""
    try:
        return access()
    except (Http404, PermissionDenied):
        raise ApiError(
            "validation_failed",
            [detail(["body", field], "not_allowed", f"no such object that you may use here: {field}")],
        ) from None


def run_action(action: Callable[..., T], *, rename: dict[str, str] | None = None, **kwargs: Any) -> T:
    """Call a ``do_*`` action; its validation errors become 409 (a uniqueness clash) or 422."""
    try:
        return action(**kwargs)
    except DjangoValidationError as exc:
        raise ApiError(conflict_code(exc) or "validation_failed", details_from_django(exc, rename=rename)) from exc
    except IntegrityError as exc:
        raise ApiError("conflict") from exc
