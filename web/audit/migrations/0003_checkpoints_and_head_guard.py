"""Checkpoints of the chain's head, append-only like the log; and the log accepts only an entry
that extends its head.

- ``audit_auditcheckpoint`` refuses UPDATE and DELETE (SQLite: DELETE only while the test
  harness empties the database, as for the log), and INSERT of a checkpoint that does not name
  an entry with its hash as it stands, or names one older than the latest checkpoint.
- ``audit_auditentry`` refuses an INSERT whose ``prev_hash`` is not the hash of the entry with
  the highest id (the genesis hash on an empty log): an entry can only be appended at the head,
  never slipped into the middle or started as a second chain.

PostgreSQL: the head is read after ``record()`` has taken the chain's advisory lock, so two
appends never both see the same head. Someone with the database's owner role can still drop
the triggers; what they then change is found against the published checkpoints
(``verify_audit --anchor``).
"""

from django.db import migrations, models

GENESIS = "0" * 64

SQLITE = [
    """CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_auditcheckpoint
       BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END""",
    """CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_auditcheckpoint
       WHEN jiceng_audit_delete_allowed() = 0
       BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END""",
    """CREATE TRIGGER audit_checkpoint_names_the_chain BEFORE INSERT ON audit_auditcheckpoint
       WHEN NOT EXISTS (SELECT 1 FROM audit_auditentry WHERE id = NEW.entry_id AND hash = NEW.entry_hash)
         OR NEW.entry_id < COALESCE((SELECT MAX(entry_id) FROM audit_auditcheckpoint), 0)
       BEGIN SELECT RAISE(ABORT, 'a checkpoint must name an entry of the chain, not older than the last'); END""",
    f"""CREATE TRIGGER audit_entry_extends_head BEFORE INSERT ON audit_auditentry
       WHEN NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1), '{GENESIS}')
       BEGIN SELECT RAISE(ABORT, 'an audit entry must extend the head of the chain'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_update",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete",
    "DROP TRIGGER IF EXISTS audit_checkpoint_names_the_chain",
    "DROP TRIGGER IF EXISTS audit_entry_extends_head",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_checkpoint_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit checkpoints are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_checkpoint_no_change BEFORE UPDATE OR DELETE ON audit_auditcheckpoint
       FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_refuse_change()""",
    """CREATE OR REPLACE FUNCTION audit_checkpoint_check_insert() RETURNS trigger AS $$
       BEGIN
         IF NOT EXISTS (SELECT 1 FROM audit_auditentry WHERE id = NEW.entry_id AND hash = NEW.entry_hash)
            OR NEW.entry_id < COALESCE((SELECT MAX(entry_id) FROM audit_auditcheckpoint), 0) THEN
           RAISE EXCEPTION 'a checkpoint must name an entry of the chain, not older than the last';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_checkpoint_names_the_chain BEFORE INSERT ON audit_auditcheckpoint
       FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_check_insert()""",
    f"""CREATE OR REPLACE FUNCTION audit_entry_check_head() RETURNS trigger AS $$
       DECLARE head varchar(64);
       BEGIN
         SELECT hash INTO head FROM audit_auditentry ORDER BY id DESC LIMIT 1;
         IF NEW.prev_hash IS DISTINCT FROM COALESCE(head, '{GENESIS}') THEN
           RAISE EXCEPTION 'an audit entry must extend the head of the chain';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_entry_extends_head BEFORE INSERT ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_check_head()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_change ON audit_auditcheckpoint",
    "DROP TRIGGER IF EXISTS audit_checkpoint_names_the_chain ON audit_auditcheckpoint",
    "DROP TRIGGER IF EXISTS audit_entry_extends_head ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_checkpoint_refuse_change()",
    "DROP FUNCTION IF EXISTS audit_checkpoint_check_insert()",
    "DROP FUNCTION IF EXISTS audit_entry_check_head()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(verbose_name="时间")),
                ("entry_id", models.BigIntegerField(verbose_name="记录编号")),
                ("entry_hash", models.CharField(max_length=64, verbose_name="哈希")),
                ("reason", models.CharField(blank=True, max_length=200, verbose_name="缘由")),
            ],
            options={
                "verbose_name": "审计链检查点",
                "verbose_name_plural": "审计链检查点",
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
