"""The audit trail of an object the user can see."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Router

from web.api import records
from web.api.errors import responses
from web.api.routers.common import IdPath, acting, limit_param, offset_param
from web.api.schemas import AuditPage
from web.audit.queries import trail_for
from web.org.queries import AUDITABLE

router = Router(tags=["audit"])

ObjectType = Literal["unit", "person", "household", "partyorg", "body"]


@router.get(
    "/audit/{object_type}/{object_id}",
    response={200: AuditPage, **responses()},
    summary="The audit trail of an object you can see, newest first",
)
def get_trail(
    request: HttpRequest,
    object_type: Path[ObjectType],
    object_id: IdPath,
    limit: int = limit_param(),
    offset: int = offset_param(),
) -> Any:
    obj = AUDITABLE[object_type](acting(request), object_id)
    return records.page(trail_for(obj), limit=limit, offset=offset, record=records.audit_record)
