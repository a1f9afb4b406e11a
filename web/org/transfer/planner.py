"""Validating an uploaded roster and planning exactly what it would change.

The plan is made without writing anything (the dry run shows it); applying re-makes the plan
from the stored upload and writes it in one transaction, or nothing when any row is wrong.

The unit boundary: a row may change only objects whose *current* unit the user manages (a
unit, party organisation, household, person or membership found by its key, and, for a
membership, its current organisation too), may place them only in units the user manages,
and may refer only to households, organisations and people the user manages. A row that
would cross the boundary is refused with one sentence that says nothing of the other unit's
object: not whether it exists, nor its name, unit or values. The owners of every key a sheet
names are read in a few bulk queries per sheet (``_in_chunks`` with the related unit), never
one query per row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from web.common.text import check_name
from web.org import queries
from web.org.idnumbers import check_id_number
from web.org.models import Household, PartyMembership, PartyOrg, Person, Unit
from web.org.transfer.layout import (
    GENDERS,
    HOUSEHOLDS,
    MEMBERS,
    ORG_KINDS,
    ORGS,
    PEOPLE,
    PERSON_KINDS,
    STATUSES,
    UNIT_KINDS,
    UNITS,
    YES_NO,
    Sheet,
)
from web.org.transfer.reader import Row

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$", re.ASCII)  # ASCII digits only (web.common.numbers)
CHUNK = 900


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    value: str
    message: str


@dataclass
class SheetPlan:
    sheet: Sheet
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Any, dict[str, list[Any]]]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return len(self.creates) + len(self.updates)


@dataclass
class Plan:
    sheets: dict[str, SheetPlan]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> int:
        return sum(s.changed for s in self.sheets.values())


def _in_chunks(
    model: Any, field_name: str, keys: list[str], *, related: tuple[str, ...] = (), **extra: Any
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for i in range(0, len(keys), CHUNK):
        qs = model.objects.filter(**{f"{field_name}__in": keys[i : i + CHUNK]}, **extra).select_related(*related)
        found.update({getattr(o, field_name): o for o in qs})
    return found


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        return None


def _membership_values(membership: PartyMembership) -> dict[str, Any]:
    return {
        "org": membership.org.code,
        "status": membership.status,
        "is_floating": membership.is_floating,
        "joined_on": membership.joined_on.isoformat() if membership.joined_on else "",
    }


class Planner:
    def __init__(self, *, user: Any, found: dict[str, list[Row]]) -> None:
        self.user = user
        self.found = found
        self.problems: list[Problem] = []
        self.managed = queries.managed_paths(user)
        self.plan: dict[str, SheetPlan] = {s.name: SheetPlan(s) for s in (UNITS, ORGS, HOUSEHOLDS, PEOPLE, MEMBERS)}

    def fail(self, sheet: Sheet, row: Row, column: str, message: str) -> None:
        self.problems.append(Problem(sheet.name, row.number, column, row.values.get(column, ""), message))

    def _required(self, sheet: Sheet, row: Row) -> bool:
        ok = True
        for column in sheet.required:
            if not row.values.get(column):
                self.fail(sheet, row, column, _("必填项为空。"))
                ok = False
        return ok

    def _unique(self, sheet: Sheet) -> list[Row]:
        seen: dict[str, int] = {}
        rows = []
        for row in self.found.get(sheet.name, []):
            if not self._required(sheet, row):
                continue
            key = row.values[sheet.key]
            if key in seen:
                self.fail(sheet, row, sheet.key, _("与第 %(r)d 行重复。") % {"r": seen[key]})
                continue
            seen[key] = row.number
            rows.append(row)
        return rows

    def _managed(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.managed)

    def refuse(self, sheet: Sheet, row: Row, column: str) -> None:
        """The row touches or names an object outside the user's units: say so, and nothing more."""
        self.fail(sheet, row, column, _("这一行涉及您不管理的单位的数据，不能导入。"))

    # ---- units ----------------------------------------------------------------------
    def units(self) -> dict[str, str]:
        """Plan the units; returns code → path prefix known so far ("?" for new ones)."""
        sheet, rows = UNITS, self._unique(UNITS)
        existing = _in_chunks(Unit, "code", [r.values["编码"] for r in rows], related=("parent",))
        parents = _in_chunks(Unit, "code", [r.values.get("上级编码", "") for r in rows if r.values.get("上级编码")])
        in_file = {r.values["编码"]: r for r in rows}
        self.new_units: dict[str, tuple[str, str]] = {}  # code → (kind, parent code)
        for row in rows:
            v, code = row.values, row.values["编码"]
            kind = UNIT_KINDS.get(v["类型"])
            if kind is None:
                self.fail(sheet, row, "类型", _("类型应为：%(k)s。") % {"k": "、".join(UNIT_KINDS)})
                continue
            unit = existing.get(code)
            if unit is not None:
                if not self._managed(unit.path):
                    self.refuse(sheet, row, "编码")
                elif unit.kind != kind or (v.get("上级编码") or "") != (unit.parent.code if unit.parent else ""):
                    self.fail(sheet, row, "上级编码", _("导入不能移动单位或改变其类型，请在单位页面调整。"))
                elif unit.name != v["名称"]:
                    self.plan[sheet.name].updates.append((unit, {"name": [unit.name, v["名称"]]}))
                else:
                    self.plan[sheet.name].unchanged += 1
                continue
            parent_code = v.get("上级编码", "")
            parent = parents.get(parent_code)
            ours = parent_code in in_file if parent is None else self._managed(parent.path)
            if not ours:
                self.fail(sheet, row, "上级编码", _("找不到上级单位 %(c)s，或您不管理它。") % {"c": parent_code or "—"})
                continue
            parent_kind = parent.kind if parent else UNIT_KINDS.get(in_file[parent_code].values.get("类型", ""))
            if parent_kind is None or kind not in Unit.CHILD_KINDS[Unit.Kind(parent_kind)]:
                self.fail(sheet, row, "类型", _("%(p)s下不能设立%(k)s。") % {"p": parent_code, "k": v["类型"]})
                continue
            self.new_units[code] = (kind, parent_code)
            self.plan[sheet.name].creates.append(
                {"code": code, "name": v["名称"], "kind": kind, "parent": parent_code, "row": row.number}
            )
        # a new unit under a new unit: its chain must end at an existing unit the user manages
        for create in self.plan[sheet.name].creates:
            seen, code = set(), create["parent"]
            while code in self.new_units and code not in seen:
                seen.add(code)
                code = self.new_units[code][1]
            if code in seen:
                self.problems.append(
                    Problem(sheet.name, create["row"], "上级编码", create["parent"], _("上级编码形成了循环。"))
                )
        return {code: "" for code in self.new_units}

    def unit_is_ours(self, sheet: Sheet, row: Row, cache: dict[str, Unit]) -> bool:
        """Is the row's 所在单位编码 a unit of this file or one the user manages? One sentence
        for "no such unit" and "not yours", so a code of another unit reveals nothing."""
        code = row.values["所在单位编码"]
        unit = cache.get(code)
        if code in self.new_units or (unit is not None and self._managed(unit.path)):
            return True
        self.fail(sheet, row, "所在单位编码", _("找不到单位 %(c)s，或您不管理它。") % {"c": code})
        return False

    # ---- party organisations ---------------------------------------------------------
    def orgs(self, units: dict[str, Unit]) -> set[str]:
        sheet, rows = ORGS, self._unique(ORGS)
        existing = _in_chunks(PartyOrg, "code", [r.values["编码"] for r in rows], related=("unit",))
        parent_codes = [r.values.get("上级组织编码", "") for r in rows if r.values.get("上级组织编码")]
        known_orgs = _in_chunks(PartyOrg, "code", parent_codes, related=("unit",))
        in_file = {r.values["编码"] for r in rows}
        new = set()
        for row in rows:
            v = row.values
            kind = ORG_KINDS.get(v["类型"])
            if kind is None:
                self.fail(sheet, row, "类型", _("类型应为：%(k)s。") % {"k": "、".join(ORG_KINDS)})
                continue
            if not self.unit_is_ours(sheet, row, units):
                continue
            org = existing.get(v["编码"])
            if org is not None and not self._managed(org.unit.path):
                self.refuse(sheet, row, "编码")
                continue
            parent = v.get("上级组织编码", "")
            known = known_orgs.get(parent)
            ours = parent in in_file or (known is not None and self._managed(known.unit.path))
            if org is None and parent and not ours:  # only a new organisation is placed under its parent
                self.fail(sheet, row, "上级组织编码", _("找不到上级党组织 %(c)s，或您不管理它。") % {"c": parent})
                continue
            if org is None:
                new.add(v["编码"])
                self.plan[sheet.name].creates.append(
                    {"code": v["编码"], "name": v["名称"], "kind": kind, "unit": v["所在单位编码"], "parent": parent}
                )
                continue
            changes = {}
            if org.name != v["名称"]:
                changes["name"] = [org.name, v["名称"]]
            if org.kind != kind:
                changes["kind"] = [org.kind, kind]
            if changes:
                self.plan[sheet.name].updates.append((org, changes))
            else:
                self.plan[sheet.name].unchanged += 1
        return new | set(existing)

    # ---- households ----------------------------------------------------------------
    def households(self, units: dict[str, Unit]) -> set[str]:
        sheet, rows = HOUSEHOLDS, self._unique(HOUSEHOLDS)
        existing = _in_chunks(Household, "number", [r.values["户号"] for r in rows], related=("unit",))
        for row in rows:
            v = row.values
            if not self.unit_is_ours(sheet, row, units):
                continue
            household = existing.get(v["户号"])
            if household is not None and not self._managed(household.unit.path):
                self.refuse(sheet, row, "户号")
                continue
            if household is None:
                self.plan[sheet.name].creates.append(
                    {"number": v["户号"], "unit": v["所在单位编码"], "address": v.get("住址", "")}
                )
                continue
            changes = {}
            if household.address != v.get("住址", ""):
                changes["address"] = [household.address, v.get("住址", "")]
            if household.unit.code != v["所在单位编码"]:
                changes["unit"] = [household.unit.code, v["所在单位编码"]]
            if changes:
                self.plan[sheet.name].updates.append((household, changes))
            else:
                self.plan[sheet.name].unchanged += 1
        return {r.values["户号"] for r in rows} | set(existing)

    # ---- people --------------------------------------------------------------------
    def people(self, units: dict[str, Unit], households: set[str]) -> set[str]:
        sheet, rows = PEOPLE, self._unique(PEOPLE)
        existing = _in_chunks(
            Person, "id_number", [r.values["公民身份号码"].upper() for r in rows], related=("unit", "household__unit")
        )
        # households named here and not on the 户 sheet: only those in units the user manages
        others = _in_chunks(
            Household,
            "number",
            [r.values["户号"] for r in rows if r.values.get("户号") and r.values["户号"] not in households],
            related=("unit",),
        )
        known_households = households | {n for n, h in others.items() if self._managed(h.unit.path)}
        for row in rows:
            v = row.values
            idn = v["公民身份号码"].upper()
            problem = check_id_number(idn)
            if problem:
                self.fail(sheet, row, "公民身份号码", problem)
                continue
            gender = GENDERS.get(v["性别"])
            if gender is None:
                self.fail(sheet, row, "性别", _("性别应为“男”或“女”。"))
                continue
            problem = check_name(v["姓名"])  # normalised by the reader, as the person form does
            if problem:
                self.fail(sheet, row, "姓名", problem)
                continue
            born = _date(v["出生日期"])
            if born is None:
                self.fail(sheet, row, "出生日期", _("日期格式应为 YYYY-MM-DD。"))
                continue
            if born.strftime("%Y%m%d") != idn[6:14]:
                self.fail(sheet, row, "出生日期", _("与身份证号中的出生日期不一致。"))
                continue
            phone = v.get("联系电话", "")
            if phone and not PHONE.match(phone):
                self.fail(sheet, row, "联系电话", _("手机号应为以 1 开头的 11 位数字，座机如 028-12345678。"))
                continue
            kind = PERSON_KINDS.get(v.get("类别") or "居民")
            if kind is None:
                self.fail(sheet, row, "类别", _("类别应为“居民”或“村民”。"))
                continue
            if not self.unit_is_ours(sheet, row, units):
                continue
            household = v.get("户号", "")
            person = existing.get(idn)
            stays = person is not None and person.household is not None and person.household.number == household
            if household and household not in known_households and not stays:
                self.fail(sheet, row, "户号", _("找不到户号 %(h)s，或您不管理它。") % {"h": household})
                continue
            wanted = {
                "name": v["姓名"],
                "gender": gender,
                "birth_date": born.isoformat(),
                "phone": phone,
                "unit": v["所在单位编码"],
                "household": household,
                "relation": v.get("与户主关系", ""),
                "kind": kind,
            }
            if person is None:
                self.plan[sheet.name].creates.append({"id_number": idn, **wanted})
                continue
            leaves = person.household if person.household and person.household.number != household else None
            if not self._managed(person.unit_path) or (leaves and not self._managed(leaves.unit.path)):
                self.refuse(sheet, row, "公民身份号码")
                continue
            have = {
                "name": person.name,
                "gender": person.gender,
                "birth_date": person.birth_date.isoformat(),
                "phone": person.phone,
                "unit": person.unit.code,
                "household": person.household.number if person.household else "",
                "relation": person.relation,
                "kind": person.kind,
            }
            changes = {k: [have[k], wanted[k]] for k in wanted if have[k] != wanted[k]}
            if changes:
                self.plan[sheet.name].updates.append((person, changes))
            else:
                self.plan[sheet.name].unchanged += 1
        return {r.values["公民身份号码"].upper() for r in rows} | set(existing)

    # ---- party members ----------------------------------------------------------------
    def members(self, people: set[str], orgs: set[str]) -> None:
        sheet, rows = MEMBERS, self._unique(MEMBERS)
        ids = [r.values["公民身份号码"].upper() for r in rows]
        # people and organisations named here and not on their own sheets: only the user's
        others = _in_chunks(Person, "id_number", [i for i in ids if i not in people])
        known_people = people | {i for i, p in others.items() if self._managed(p.unit_path)}
        codes = [r.values["所属党组织编码"] for r in rows if r.values["所属党组织编码"] not in orgs]
        known_orgs = orgs | {
            c for c, o in _in_chunks(PartyOrg, "code", codes, related=("unit",)).items() if self._managed(o.unit.path)
        }
        existing = {
            m.person.id_number: m
            for i in range(0, len(ids), CHUNK)
            for m in PartyMembership.objects.filter(person__id_number__in=ids[i : i + CHUNK]).select_related(
                "person", "org__unit"
            )
        }
        for row in rows:
            v = row.values
            idn = v["公民身份号码"].upper()
            status = STATUSES.get(v["党员状态"])
            if status is None:
                self.fail(sheet, row, "党员状态", _("党员状态应为：%(k)s。") % {"k": "、".join(STATUSES)})
                continue
            floating = YES_NO.get(v.get("流动党员", ""))
            if floating is None:
                self.fail(sheet, row, "流动党员", _("请填“是”或“否”。"))
                continue
            joined = v.get("入党日期", "")
            joined_on = _date(joined) if joined else None
            if joined and joined_on is None:
                self.fail(sheet, row, "入党日期", _("日期格式应为 YYYY-MM-DD。"))
                continue
            wanted = {
                "org": v["所属党组织编码"],
                "status": status,
                "is_floating": floating,
                "joined_on": joined_on.isoformat() if joined_on else "",
            }
            membership = existing.get(idn)
            have = _membership_values(membership) if membership else {}
            if have == wanted and self._managed(membership.person.unit_path):  # type: ignore[union-attr]
                # one's own member, exported and imported again as they are (even in another
                # unit's organisation): nothing is written, so nothing crosses the boundary
                self.plan[sheet.name].unchanged += 1
                continue
            if idn not in known_people:
                self.fail(sheet, row, "公民身份号码", _("人员表和您管理的名册中都没有此人。"))
                continue
            if wanted["org"] not in known_orgs:
                self.fail(sheet, row, "所属党组织编码", _("找不到党组织 %(c)s，或您不管理它。") % {"c": wanted["org"]})
                continue
            if membership is None:
                self.plan[sheet.name].creates.append({"id_number": idn, **wanted})
                continue
            if not all(map(self._managed, (membership.person.unit_path, membership.org.unit.path))):
                self.refuse(sheet, row, "公民身份号码")
                continue
            changes = {k: [have[k], wanted[k]] for k in wanted if have[k] != wanted[k]}
            self.plan[sheet.name].updates.append((membership, changes))

    def make(self, progress: Progress) -> Plan:
        self.units()
        progress(1, STEPS)
        codes = set()
        for sheet in (ORGS, HOUSEHOLDS, PEOPLE):
            codes |= {r.values.get("所在单位编码", "") for r in self.found.get(sheet.name, [])}
        units = _in_chunks(Unit, "code", sorted(c for c in codes if c))
        orgs = self.orgs(units)
        progress(2, STEPS)
        households = self.households(units)
        progress(3, STEPS)
        people = self.people(units, households)
        progress(4, STEPS)
        self.members(people, orgs)
        progress(5, STEPS)
        return Plan(sheets=self.plan, problems=sorted(self.problems, key=lambda p: (p.sheet, p.row)))


#: ``progress(done, total)``: how far a long piece of work got (``web.jobs.progress.Meter``)
Progress = Callable[[int, int], None]
#: how many times ``make_plan`` reports its progress: once per sheet checked
STEPS = 5


def make_plan(*, user: Any, found: dict[str, list[Row]], progress: Progress | None = None) -> Plan:
    return Planner(user=user, found=found).make(progress or (lambda done, total: None))
