"""The dispatch catalogue (派单目录) as data: publishing a version, and the version a place uses.

A published version is never changed: cases point at its entries, so a case keeps the deadlines
and the office in charge it was dispatched under. An edit by street staff publishes the next
version, the whole list with the change, audited with what changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.cases.access import refuse
from web.cases.models import Catalogue, Entry, Office
from web.common import clock
from web.org.models import Unit
from web.org.queries import can_manage_path

#: the units that keep a catalogue
CATALOGUE_KINDS = frozenset({Unit.Kind.STREET, Unit.Kind.TOWNSHIP, Unit.Kind.DISTRICT})
#: the fields of an entry, as a version copies them
FIELDS = (
    "service_code",
    "name",
    "group",
    "description",
    "keywords",
    "level",
    "duty",
    "grid_ok",
    "urgent",
    "sign_within",
    "reply_within",
)


def current(unit: Unit) -> Catalogue | None:
    return Catalogue.objects.filter(unit=unit).order_by("-version").first()


def entry_rows(catalogue: Catalogue | None) -> list[dict[str, Any]]:
    if catalogue is None:
        return []
    return [dict(zip(FIELDS, row, strict=True)) for row in catalogue.entries.order_by("id").values_list(*FIELDS)]


def _check(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    cleaned = []
    for n, row in enumerate(rows, start=1):
        code = str(row.get("service_code", "")).strip()
        name = str(row.get("name", "")).strip()
        if not code or not name:
            raise refuse(_("第 %(n)s 条缺少服务编码或类别名称。") % {"n": n}, "entry_incomplete", 422)
        if code in seen:
            raise refuse(_("服务编码 %(code)s 重复。") % {"code": code}, "entry_duplicate", 422)
        seen.add(code)
        if row.get("group") not in Entry.Group.values:
            raise refuse(_("“%(name)s”的分类不对。") % {"name": name}, "entry_group", 422)
        if row.get("level") not in Office.Level.values:
            raise refuse(_("“%(name)s”的主管层级不对。") % {"name": name}, "entry_level", 422)
        sign, reply = int(row.get("sign_within", 0)), int(row.get("reply_within", 0))
        if not (1 <= sign <= reply <= 365):
            raise refuse(
                _("“%(name)s”的时限不对：签收时限至少 1，办理时限不少于签收时限。") % {"name": name},
                "entry_deadlines",
                422,
            )
        cleaned.append({**{f: row.get(f, "") for f in FIELDS}, "service_code": code, "name": name})
    if not cleaned:
        raise refuse(_("派单目录至少要有一条。"), "catalogue_empty", 422)
    return cleaned


@transaction.atomic
def do_publish_catalogue(*, unit: Unit, rows: Iterable[Mapping[str, Any]], note: str, acting_user: Actor) -> Catalogue:
    """Publish the next version of ``unit``'s catalogue with ``rows`` (each an entry's fields)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.kind not in CATALOGUE_KINDS:
        raise refuse(_("派单目录由街道、乡镇或区制定。"), "wrong_unit", 422)
    if not can_manage_path(acting_user, unit.path):
        raise refuse(_("只有本单位的工作人员可以修改派单目录。"), "not_staff", 403)
    cleaned = _check(list(rows))
    before = current(unit)
    old = {row["service_code"]: row for row in entry_rows(before)}
    new = {row["service_code"]: row for row in cleaned}
    if before is not None and old == new:
        raise refuse(_("派单目录没有变化，不必发布新版本。"), "unchanged", 409)
    catalogue = Catalogue.objects.create(
        unit=unit,
        version=(before.version + 1) if before is not None else 1,
        published_at=clock.now(),
        published_by=acting_user,
        note=note.strip()[:300],
    )
    Entry.objects.bulk_create(Entry(catalogue=catalogue, **row) for row in cleaned)
    changes = {
        "version": [before.version if before else None, catalogue.version],
        "added": sorted(set(new) - set(old)),
        "removed": sorted(set(old) - set(new)),
        "changed": sorted(code for code in set(new) & set(old) if new[code] != old[code]),
    }
    record(
        actor=acting_user, action=Action.CATALOGUE_PUBLISH, obj=catalogue, changes=changes, reason=note.strip()[:300]
    )
    return catalogue
