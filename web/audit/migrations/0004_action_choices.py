"""``AuditEntry.action`` takes its choices from ``web.audit.names.Action`` (read through a
callable, so a new action name needs no migration). Choices live only in Django's state: no SQL."""

import web.audit.names
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_checkpoints_and_head_guard"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(choices=web.audit.names.action_choices, max_length=80, verbose_name="操作"),
        ),
    ]
