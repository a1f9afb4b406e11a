"""The database itself refuses to change the ledger, the published standards and the
publications: no UPDATE of an entry, a standard's version or its projects, or a publication,
and no DELETE of them.

A correction is a new entry reversing the wrong one; a new standard is a new version; a
corrected quarter is the next revision. SQLite's DELETE guard asks the same per-connection
function as the audit log's (``web.audit.guard``: only the test harness turns it on, to empty
the database between tests); PostgreSQL empties tables with TRUNCATE, which no trigger sees.
"""

from django.db import migrations

TABLES = ("points_entry", "points_standard", "points_project", "points_publication")


def _sqlite(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
           BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
           WHEN jiceng_audit_delete_allowed() = 0
           BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
    ]


def _postgres(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
           FOR EACH ROW EXECUTE FUNCTION points_refuse_change()""",
    ]


SQLITE = [sql for table in TABLES for sql in _sqlite(table)]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {t}_{what}" for t in TABLES for what in ("no_update", "no_delete")]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION points_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; END; $$ LANGUAGE plpgsql""",
    *[sql for table in TABLES for sql in _postgres(table)],
]
POSTGRES_DROP = [
    *[f"DROP TRIGGER IF EXISTS {t}_no_change ON {t}" for t in TABLES],
    "DROP FUNCTION IF EXISTS points_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("points", "0001_ledger"), ("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
