# A joint meeting of two bodies: the second body, and each attendee's group (hand-written so it
# holds only these two fields).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0007_proxy_ballots"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="joint_body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="joint_meetings",
                to="org.body",
                verbose_name="联席机构",
            ),
        ),
        migrations.AddField(
            model_name="attendee",
            name="group",
            field=models.CharField(blank=True, max_length=16, verbose_name="组别"),
        ),
    ]
