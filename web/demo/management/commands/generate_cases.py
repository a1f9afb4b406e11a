"""``manage.py generate_cases --count 1000000 [--years 3] [--seed 2026] [--chunk 20000]``: add
synthetic residents' requests to a seeded demo street, for measuring at a district's size.

The cases are drawn by the demo's own generator (``web.demo.cases.synthesise``: each case's whole
life at once, cut at now, written in bulk with its history, visits, assisting offices and
ratings) over the given number of years up to three hours ago, spread over every building of the
district. The span is cut into consecutive slices of ``--chunk`` cases, each drawn and written in
its own transaction, so memory stays the same whatever ``--count`` is and an interrupted run
keeps what it finished. Progress is printed after each slice; the tables are ``ANALYZE``d at the
end (the planners choose the indexes by these statistics), and one audit entry says what was
generated. ``bench/bench_cases.py`` measures the pages on the result."""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max, Model
from django.db.models.constants import OnConflict
from django.utils import timezone

from web.audit.actions import record
from web.audit.names import Action
from web.cases.access import catalogue_for
from web.cases.models import Assist, Case, CaseEvent, Entry, Rating, Visit
from web.demo.cases import make_offices, places_of, synthesise
from web.org.models import Role, Unit

#: cases drawn and written in one transaction
CHUNK = 20_000
TABLES = (Case, CaseEvent, Visit, Assist, Rating)


class Command(BaseCommand):
    help = (
        "在已生成的演示街道上批量添加诉求（用于规模测试）。"
        "Add synthetic requests to the seeded demo street (for measuring at scale)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="诉求件数，如 1000000")
        parser.add_argument("--years", type=float, default=3.0, help="受理时间跨越的年数（默认 3）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）")
        parser.add_argument("--chunk", type=int, default=CHUNK, help=f"每个事务写入的件数（默认 {CHUNK}）")

    def handle(self, *args: Any, count: int, years: float, seed: int, chunk: int, **options: Any) -> None:
        if not 0 < count <= 20_000_000:
            raise CommandError("--count 应在 1 到 20000000 之间。--count must be between 1 and 20,000,000.")
        if not 0 < years <= 20:
            raise CommandError("--years 应在 0 到 20 之间（不含 0）。--years must be in (0, 20].")
        if not 100 <= chunk <= 200_000:
            raise CommandError("--chunk 应在 100 到 200000 之间。--chunk must be between 100 and 200,000.")
        district = Unit.objects.filter(kind=Unit.Kind.DISTRICT, parent=None).first()
        streets = list(Unit.objects.filter(kind__in=(Unit.Kind.STREET, Unit.Kind.TOWNSHIP)).order_by("path"))
        entries: dict[int, list[Entry]] = {}
        for street in streets:
            catalogue = catalogue_for(street)
            if catalogue is not None:
                entries[street.pk] = list(catalogue.entries.order_by("id"))
        if district is None or not entries:
            raise CommandError(
                "没有演示街道或派单目录：请先运行 manage.py seed_demo（如 --scale 0.1）。"
                "No demo street or dispatch catalogue: run manage.py seed_demo first (e.g. --scale 0.1)."
            )
        places = [p for p in places_of(district, make_offices(district)) if p.catalogue_unit in entries]
        representative = get_user_model().objects.filter(username="representative").first()
        rep_path = (
            Role.objects.filter(user=representative, kind=Role.Kind.REPRESENTATIVE)
            .values_list("unit__path", flat=True)
            .first()
        )
        rng = random.Random(seed * 31 + 7)
        now = timezone.now()
        end = now - dt.timedelta(hours=3)
        start = end - dt.timedelta(days=365 * years)
        slices = math.ceil(count / chunk)
        step = (end - start) / slices
        self.stdout.write(
            f"生成 {count} 件诉求，{slices} 批，{len(places)} 栋楼。"
            f"Generating {count} requests in {slices} slices over {len(places)} buildings."
        )
        started = time.perf_counter()
        writer = Writer()
        written = {"cases": 0, "events": 0, "visits": 0, "ratings": 0}
        for n in range(slices):
            size = min(chunk, count - n * chunk)
            with transaction.atomic():
                got = synthesise(
                    rng=rng,
                    places=places,
                    entries=entries,
                    count=size,
                    start=start + step * n,
                    end=start + step * (n + 1),
                    now=now - dt.timedelta(hours=2),
                    representative=representative,
                    representative_path=rep_path or "/none/",
                    write=writer.write,
                )
            for key in written:
                written[key] += got[key]
            elapsed = time.perf_counter() - started
            rate = written["cases"] / elapsed
            left = (count - written["cases"]) / rate
            self.stdout.write(
                f"{written['cases']:>9} / {count}  {elapsed:7.0f} s  {rate:6.0f} 件/s  还需约 {left:5.0f} s  "
                f"({written['events']} events, {written['visits']} visits)"
            )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(TABLES)):
                cursor.execute(sql)  # PostgreSQL: the sequences after the ids given here
            for model in TABLES:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        with transaction.atomic():
            record(
                actor="generate_cases",
                action=Action.CASES_GENERATED,
                obj=streets[0],
                changes={"seed": seed, "count": count, "years": years, **written},
                reason="规模测试：批量生成的诉求（确定性生成）",
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"完成：{written['cases']} 件诉求、{written['events']} 条办理记录、{written['visits']} 次回访、"
            f"{written['ratings']} 条代表评价，用时 {elapsed:.0f} 秒。"
            f"Done: {written['cases']} requests in {elapsed:.0f} s ({written['cases'] / elapsed:.0f}/s)."
        )


class Writer:
    """Writes a batch of new rows with one ``executemany`` each, giving the ids itself (from the
    table's largest on): ``bulk_create`` spends most of its time compiling the statement field
    by field, which at a million cases is most of the run. The values are those ``bulk_create``
    would write (dates adapted by the database's own operations)."""

    def __init__(self) -> None:
        self.next: dict[type[Model], int] = {}

    def write(self, model: type[Model], rows: list[Model], *, ignore_conflicts: bool = False) -> None:
        if not rows:
            return
        meta = model._meta
        if model not in self.next:
            self.next[model] = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        for row in rows:
            row.pk, self.next[model] = self.next[model], self.next[model] + 1
        fields = list(meta.concrete_fields)
        ops, quote = connection.ops, connection.ops.quote_name
        adapt: dict[str, Callable[[Any], Any]] = {
            f.attname: ops.adapt_datetimefield_value for f in fields if isinstance(f, models.DateTimeField)
        }
        adapt |= {
            f.attname: partial(f.get_db_prep_save, connection=connection)
            for f in fields
            if isinstance(f, models.DecimalField)
        }
        names = [f.attname for f in fields]
        conflict = OnConflict.IGNORE if ignore_conflicts else None
        sql = (
            f"{ops.insert_statement(on_conflict=conflict)} {quote(meta.db_table)} "
            f"({', '.join(quote(f.column or f.attname) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))}) "
            f"{ops.on_conflict_suffix_sql(fields, conflict, None, None) or ''}"
        )
        values = [
            tuple(adapt[n](v) if n in adapt and v is not None else v for n, v in ((n, getattr(r, n)) for n in names))
            for r in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
