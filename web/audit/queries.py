"""Reading the audit trail of an object the user may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet

from web.audit.models import AuditEntry
from web.org import queries as org_queries

#: object types whose trail can be read, and the access check that guards each
AUDITABLE: dict[str, Callable[[Any, int], Model]] = {
    "unit": org_queries.access_unit,
    "person": org_queries.access_person,
    "household": org_queries.access_household,
    "partyorg": org_queries.access_party_org,
    "body": org_queries.access_body,
}


def trail_for(obj: Model) -> QuerySet[AuditEntry]:
    """Entries about ``obj``, newest first. The caller has checked access to ``obj``."""
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-id")


def chain_head() -> tuple[int, str] | None:
    """The last entry's number and hash (None on an empty log): what a printed document shows, so
    that whoever keeps the paper holds the chain as it stood (``verify_audit --checkpoint N:HASH``)."""
    head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return (head[0], head[1]) if head else None
