"""Importing a 20,000-person roster, on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_import.py [--people 20000]

Writes a deterministic workbook (a community with grids and buildings, households of about
2.6 people, about 7.5% party members), then, in a child process per database (a temporary
SQLite file; a temporary PostgreSQL database when 127.0.0.1:5432 answers), migrates, makes the
street and a staff user, and times the import as its pages and worker run it: the page's part
(keep the file, write the import's row, queue the check: what a web request waits for), the
check job, and the apply job; beside reading the file alone (baseline 1) and a plain
``bulk_create`` of the same Person rows without any checking (baseline 2, into a second
community). Targets: the whole import under 60 s on each database (issue 2); the page's part
within a second or two (issue 11).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from both_databases import run_on_both  # noqa: E402


def build_workbook(people: int, path: Path) -> None:
    from openpyxl import Workbook

    sys.path.insert(0, str(ROOT))
    rng = random.Random(2026)
    book = Workbook(write_only=True)
    units, orgs, households, persons, members = (book.create_sheet(n) for n in ("单位", "党组织", "户", "人员", "党员"))
    units.append(["编码", "名称", "类型", "上级编码"])
    orgs.append(["编码", "名称", "类型", "所在单位编码", "上级组织编码"])
    households.append(["户号", "所在单位编码", "住址"])
    persons.append(
        ["姓名", "性别", "公民身份号码", "出生日期", "联系电话", "所在单位编码", "户号", "与户主关系", "类别"]
    )
    members.append(["公民身份号码", "所属党组织编码", "党员状态", "流动党员", "入党日期"])
    orgs.append(["BP", "基准社区党委", "党委", "BC", ""])
    grids = max(1, people // 800)
    for g in range(grids):
        units.append([f"BG{g:02d}", f"第{g + 1}网格", "网格", "BC"])
        for b in range(10):
            units.append([f"BG{g:02d}B{b}", f"{b + 1}栋", "楼栋", f"BG{g:02d}"])
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
    check = "10X98765432"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    n, h, used = 0, 0, set()
    while n < people:
        building = f"BG{rng.randrange(grids):02d}B{rng.randrange(10)}"
        number = f"BH{h:06d}"
        households.append([number, building, f"基准路 {h} 号"])
        h += 1
        for member in range(min(people - n, rng.choice([1, 2, 2, 3, 3, 3, 4, 5]))):
            while True:
                born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 80 * 365))
                first17 = f"510104{born:%Y%m%d}{rng.randrange(1000):03d}"
                if first17 not in used:
                    used.add(first17)
                    break
            idn = first17 + check[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]
            persons.append(
                [
                    rng.choice(surnames) + rng.choice(given) + rng.choice(["", rng.choice(given)]),
                    rng.choice(["男", "女"]),
                    idn,
                    born.isoformat(),
                    f"13{rng.randrange(10**9):09d}",
                    building,
                    number,
                    "户主" if member == 0 else "家庭成员",
                    "居民",
                ]
            )
            if rng.random() < 0.075:
                members.append([idn, "BP", "正式党员", "否", "2000-07-01"])
            n += 1
    book.save(path)


def child(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from web.org.actions import place_unit
    from web.org.models import Person, Role, Unit
    from web.org.transfer import jobs
    from web.org.transfer.imports import do_confirm_roster_import, do_upload_roster
    from web.org.transfer.reader import read_upload

    call_command("migrate", verbosity=0)
    street = Unit.objects.create(code="BS", name="基准街道", kind="street", path="")
    place_unit(street)
    street.save()
    community = Unit.objects.create(code="BC", name="基准社区", kind="community", parent=street, path="")
    place_unit(community)
    community.save()
    user = get_user_model().objects.create_user(username="bench", password="bench-password-1")
    Role.objects.create(user=user, unit=street, kind="org_staff")
    data = Path(path).read_bytes()
    t0 = time.perf_counter()
    found = read_upload("roster.xlsx", data)
    t1 = time.perf_counter()
    run = do_upload_roster(unit=street, file_name="roster.xlsx", data=data, acting_user=user)
    t2 = time.perf_counter()
    assert jobs.check(run.pk) == "ready", run.report
    t3 = time.perf_counter()
    do_confirm_roster_import(run=run, acting_user=user)
    assert jobs.apply(run.pk) == "applied"
    t4 = time.perf_counter()
    run.refresh_from_db()
    counts = run.report["counts"]
    other = Unit.objects.create(code="BC2", name="对照社区", kind="community", parent=street, path="")
    place_unit(other)
    other.save()
    rows = found["人员"]
    t5 = time.perf_counter()
    Person.objects.bulk_create(
        [
            Person(
                name=r.values["姓名"],
                gender="M",
                id_number=f"X{i:017d}",
                birth_date=dt.date(1980, 1, 1),
                unit=other,
                unit_path=other.path,
            )
            for i, r in enumerate(rows)
        ],
        batch_size=2000,
    )
    t6 = time.perf_counter()
    people = counts["人员"]
    print(f"  {people} people, {sum(counts.values())} rows changed")
    print(f"  {'read the file (baseline 1)':36}{t1 - t0:8.2f} s")
    print(f"  {'the page: keep the file, queue':36}{t2 - t1:8.2f} s")
    print(f"  {'check job (read + dry run)':36}{t3 - t2:8.2f} s")
    print(f"  {'apply job (read + check + write)':36}{t4 - t3:8.2f} s")
    print(f"  {'whole import (page+check+apply)':36}{t4 - t1:8.2f} s   {people / (t4 - t1):8.0f} people/s")
    print(f"  {'plain bulk_create (baseline 2)':36}{t6 - t5:8.2f} s   {len(rows) / (t6 - t5):8.0f} people/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "roster.xlsx"
        started = time.perf_counter()
        build_workbook(args.people, book)
        print(
            f"workbook of {args.people} people written in {time.perf_counter() - started:.1f} s "
            f"({book.stat().st_size // 1024} KiB)"
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT), "JICENG_VAR_DIR": tmp, "JICENG_DEBUG": "0"}
        run_on_both([sys.executable, __file__, "--child", str(book)], env=env, tmp=tmp, cwd=ROOT, label="import")


if __name__ == "__main__":
    main()
