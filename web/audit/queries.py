"""Reading the audit trail of an object (the caller has checked the user may see it: the object
types whose trail can be read, each with its access check, are ``web.org.queries.AUDITABLE``)."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from web.audit.models import AuditEntry
from web.audit.names import action_label


def trail_for(obj: Model) -> QuerySet[AuditEntry]:
    """Entries about ``obj``, newest first. The caller has checked access to ``obj``."""
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-id")


def actions_in(entries: QuerySet[AuditEntry]) -> list[tuple[str, str]]:
    """The actions ``entries`` hold, each with its words, in the order of the words (one query):
    the choices of a trail's filter, so it offers nothing that would find no entry."""
    names = entries.order_by().values_list("action", flat=True).distinct()
    return sorted(((name, action_label(name)) for name in names), key=lambda pair: pair[1])


def chain_head() -> tuple[int, str] | None:
    """The last entry's number and hash (None on an empty log): what a printed document shows, so
    that whoever keeps the paper holds the chain as it stood (``verify_audit --checkpoint N:HASH``)."""
    head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return (head[0], head[1]) if head else None
