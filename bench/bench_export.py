"""Exporting a street's roster (about 27,000 people), on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_export.py [--people 27000]

In a child process per database (a temporary SQLite file; a temporary PostgreSQL database when
127.0.0.1:5432 answers) the script migrates and builds a deterministic street straight into the
database: communities of 4,000 people, each with two grids of 2,000 (five buildings a grid),
households of about 2.6 people, about 7.5% party members in each grid's branch. Then it times

- the baseline: the export as it was before (``old_export_xlsx`` below, kept only here, which
  rescanned every cell of a sheet for each row it appended), on one grid (2,000 people) and one
  community (4,000): twice the rows, about four times the time;
- the export now (``web.org.transfer.export.export_roster``) on the same grid and community
  and on the whole street, with its query count and progress reports.

It prints seconds and rows per second for each and the time ratio at N and 2N, and checks that
the two exports hold the same workbook (sheets, values, text cells, widths, pick lists).
Target (issue "Background work"): the whole street under 10 s on each database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from both_databases import run_on_both  # noqa: E402

COMMUNITY = 4000  # people in a community; each of its two grids holds half


# ---- the baseline: the export before it streamed, kept here only to be measured against ----


def old_export_xlsx(unit: Any) -> bytes:
    from django.utils import translation
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    from web.org.models import Household, PartyMembership, PartyOrg, Person, Unit
    from web.org.transfer import layout as L
    from web.org.transfer.export import CHOICES

    def label(mapping: dict[str, str], value: str) -> str:
        return next(k for k, v in mapping.items() if v == value)

    def append(sheet: Any, values: list[Any]) -> None:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:  # max_row looks at every cell: the square
            if isinstance(cell.value, str):
                cell.data_type = "s"

    with translation.override("zh-hans"):
        book = Workbook()
        book.remove(book.active)
        ws = {}
        for sheet in L.SHEETS:
            w = book.create_sheet(sheet.name)
            w.append(list(sheet.headers))
            for column, header in enumerate(sheet.headers, start=1):
                w.column_dimensions[w.cell(1, column).column_letter].width = max(10, 3 * len(header))
                choices = CHOICES.get((sheet.name, header))
                if choices:
                    rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
                    w.add_data_validation(rule)
                    letter = w.cell(1, column).column_letter
                    rule.add(f"{letter}2:{letter}100000")
            ws[sheet.name] = w
        path = unit.path
        for u in (
            Unit.objects.filter(path__startswith=path).exclude(pk=unit.pk).select_related("parent").order_by("path")
        ):
            append(ws["单位"], [u.code, u.name, label(L.UNIT_KINDS, u.kind), u.parent.code if u.parent else ""])
        for o in PartyOrg.objects.filter(unit__path__startswith=path).select_related("unit", "parent").order_by("id"):
            append(
                ws["党组织"],
                [o.code, o.name, label(L.ORG_KINDS, o.kind), o.unit.code, o.parent.code if o.parent else ""],
            )
        for h in Household.objects.filter(unit__path__startswith=path).select_related("unit").order_by("number"):
            append(ws["户"], [h.number, h.unit.code, h.address])
        people = Person.objects.filter(unit_path__startswith=path).select_related("unit", "household").order_by("id")
        for p in people.iterator(chunk_size=2000):
            append(
                ws["人员"],
                [
                    p.name,
                    label(L.GENDERS, p.gender),
                    p.id_number,
                    p.birth_date.isoformat(),
                    p.phone,
                    p.unit.code,
                    p.household.number if p.household else "",
                    p.relation,
                    label(L.PERSON_KINDS, p.kind),
                ],
            )
        members = PartyMembership.objects.filter(person__unit_path__startswith=path).select_related("person", "org")
        for m in members.order_by("id").iterator(chunk_size=2000):
            append(
                ws["党员"],
                [
                    m.person.id_number,
                    m.org.code,
                    label(L.STATUSES, m.status),
                    "是" if m.is_floating else "否",
                    m.joined_on.isoformat() if m.joined_on else "",
                ],
            )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


# ---- the street --------------------------------------------------------------------------


def build_street(people: int) -> tuple[Any, Any, Any, Any]:
    """The street, a user who manages it, its first community and that community's first grid."""
    from django.contrib.auth import get_user_model

    from web.org.actions import place_unit
    from web.org.models import Household, PartyMembership, PartyOrg, Person, Role, Unit

    def unit(code: str, name: str, kind: str, parent: Any) -> Any:
        u = Unit.objects.create(code=code, name=name, kind=kind, parent=parent, path="")
        place_unit(u)
        u.save()
        return u

    rng = random.Random(2026)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
    street = unit("BS", "基准街道", "street", None)
    user = get_user_model().objects.create_user(username="bench", password="bench-password-1")
    Role.objects.create(user=user, unit=street, kind="org_staff")
    grids = []
    for c in range((people + COMMUNITY - 1) // COMMUNITY):
        community = unit(f"BC{c}", f"基准第{c + 1}社区", "community", street)
        committee = PartyOrg.objects.create(code=f"BP{c}", name=f"第{c + 1}社区党委", kind="committee", unit=community)
        for g in range(2):
            grid = unit(f"BC{c}G{g}", f"第{g + 1}网格", "grid", community)
            branch = PartyOrg.objects.create(
                code=f"BP{c}G{g}", name=f"第{g + 1}网格党支部", kind="branch", unit=grid, parent=committee
            )
            grids.append((grid, branch, [unit(f"BC{c}G{g}B{b}", f"{b + 1}栋", "building", grid) for b in range(5)]))
    n, h = 0, 0
    for _grid, branch, buildings in grids:
        households, persons, members = [], [], []
        size = min(COMMUNITY // 2, people - n)
        while size > 0:
            building = rng.choice(buildings)
            household = Household(unit=building, number=f"BH{h:06d}", address=f"基准路 {h} 号")
            households.append(household)
            h += 1
            for member in range(min(size, rng.choice([1, 2, 2, 3, 3, 3, 4, 5]))):
                born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 80 * 365))
                persons.append(
                    Person(
                        # one name typed as a formula: it must stay text in both exports
                        name="=1+1" if n == 7 else rng.choice(surnames) + rng.choice(given),
                        gender=rng.choice("MF"),
                        id_number=f"5101{born:%Y%m%d}{n:06d}",
                        birth_date=born,
                        phone=f"13{rng.randrange(10**9):09d}" if rng.random() < 0.8 else "",
                        unit=building,
                        unit_path=building.path,
                        household=household,
                        relation="户主" if member == 0 else "家庭成员",
                    )
                )
                n += 1
                size -= 1
        Household.objects.bulk_create(households, batch_size=2000)
        for p in persons:
            p.household_id = p.household.pk
        Person.objects.bulk_create(persons, batch_size=2000)
        for p in persons:
            if rng.random() < 0.075:
                members.append(
                    PartyMembership(
                        person=p,
                        org=branch,
                        status=rng.choice(["full", "full", "full", "probationary"]),
                        is_floating=rng.random() < 0.05,
                        joined_on=dt.date(2000, 7, 1) if rng.random() < 0.9 else None,
                    )
                )
        PartyMembership.objects.bulk_create(members, batch_size=2000)
    first_grid = grids[0][0]
    return street, user, first_grid.parent, first_grid


# ---- measuring -----------------------------------------------------------------------------


def same_workbook(old: bytes, new: bytes) -> None:
    """Fail unless both files hold the same sheets, rows, values, text cells, widths and pick lists."""
    from openpyxl import load_workbook

    a, b = load_workbook(io.BytesIO(old)), load_workbook(io.BytesIO(new))
    assert a.sheetnames == b.sheetnames
    for x, y in zip(a.worksheets, b.worksheets, strict=True):
        assert [[(c.value, c.data_type) for c in r] for r in x.iter_rows()] == [
            [(c.value, c.data_type) for c in r] for r in y.iter_rows()
        ], x.title
        assert {k: d.width for k, d in x.column_dimensions.items()} == {
            k: d.width for k, d in y.column_dimensions.items()
        }, x.title
        assert [(str(v.sqref), v.formula1) for v in x.data_validations.dataValidation] == [
            (str(v.sqref), v.formula1) for v in y.data_validations.dataValidation
        ], x.title


def child() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from web.org import queries
    from web.org.transfer.export import export_roster

    call_command("migrate", verbosity=0)
    people = int(os.environ["BENCH_PEOPLE"])
    t = time.perf_counter()
    street, user, community, grid = build_street(people)
    print(f"  street of {people} people built in {time.perf_counter() - t:.1f} s")
    queries.viewable_paths(user), queries.managed_paths(user)  # read once per user, not per export

    def new(unit: Any) -> tuple[float, int, bytes, int, int]:
        """The best of three runs (the machine may be busy), with its query count and reports."""
        times = []
        for _ in range(3):
            out, reports = io.BytesIO(), []
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                rows = export_roster(unit, user, out, progress=lambda *report, into=reports: into.append(report))
                times.append(time.perf_counter() - t)
            assert reports[-1] == (rows, rows), reports[-1]
        return min(times), rows, out.getvalue(), len(queries), len(reports)

    def old(unit: Any) -> tuple[float, bytes]:
        t = time.perf_counter()
        data = old_export_xlsx(unit)
        return time.perf_counter() - t, data

    def line(label: str, took: float, rows: int, extra: str = "") -> None:
        print(f"    {label:34}{took:8.2f} s {rows:8d} rows {rows / took:9.0f} rows/s   {extra}")

    new_grid, grid_rows, new_grid_data, grid_queries, _ = new(grid)
    new_comm, comm_rows, new_comm_data, comm_queries, _ = new(community)
    new_street, street_rows, street_data, street_queries, street_reports = new(street)
    old_grid, old_grid_data = old(grid)
    old_comm, old_comm_data = old(community)
    same_workbook(old_grid_data, new_grid_data)
    same_workbook(old_comm_data, new_comm_data)
    growth = comm_rows / grid_rows
    print("  baseline: the export before (rescans every cell for each row), run once")
    line(f"one grid, N = {COMMUNITY // 2} people", old_grid, grid_rows)
    line("one community, 2N", old_comm, comm_rows, f"time x{old_comm / old_grid:.2f} for rows x{growth:.2f}")
    guess = old_comm * (street_rows / comm_rows) ** 2
    print(f"    whole street: not run; as the square of the community's time, about {guess:.0f} s")
    print("  the export now (export_roster), best of 3")
    line("one grid, N", new_grid, grid_rows, f"{grid_queries} queries")
    line("one community, 2N", new_comm, comm_rows, f"time x{new_comm / new_grid:.2f} for rows x{growth:.2f}")
    line(
        f"whole street, {people} people",
        new_street,
        street_rows,
        f"time x{new_street / new_comm:.2f} for rows x{street_rows / comm_rows:.2f} (from the community); "
        f"{comm_queries} and {street_queries} queries; {street_reports} progress reports; "
        f"{len(street_data) // 1024} KiB",
    )
    print(f"  one community {old_comm / new_comm:.0f}x faster; both exports hold the same workbook (checked)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=27_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    assert args.people >= COMMUNITY, f"--people must be at least {COMMUNITY} (one whole community)"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "JICENG_VAR_DIR": tmp,
            "JICENG_DEBUG": "0",
            "BENCH_PEOPLE": str(args.people),
        }
        env.pop("JICENG_PRODUCTION", None)
        command = [sys.executable, __file__, "--child"]
        run_on_both(command, env=env, tmp=tmp, cwd=ROOT, label="export")


if __name__ == "__main__":
    main()
