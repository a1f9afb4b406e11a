"""A paper entry belongs to one of the meeting's appointed tellers (``Officer``), not to any
account: two entries are then two different persons, both appointed.

An existing entry is moved to the appointment of its account's person in that meeting. An
entry made by an account that was not appointed (a manager, say) cannot be one of the two
entries any more: it is removed, with its ballots, if its poll has not accepted the paper
ballots yet (the appointed tellers enter them again); an accepted poll keeps its ballots and
totals, which were copied into the poll when it accepted them, and its audit entries."""

import django.db.models.deletion
from django.db import migrations, models


def to_officers(apps, schema_editor):
    PaperEntry = apps.get_model("meetings", "PaperEntry")
    Officer = apps.get_model("meetings", "Officer")
    User = apps.get_model("accounts", "User")
    for entry in PaperEntry.objects.select_related("poll"):
        person_id = User.objects.filter(pk=entry.teller_id).values_list("person_id", flat=True).first()
        officer = Officer.objects.filter(meeting_id=entry.poll.meeting_id, person_id=person_id, role="teller").first()
        if officer is None:
            entry.delete()
        else:
            entry.officer = officer
            entry.save(update_fields=["officer"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_paper_totals_entry"),
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="paperentry",
            name="officer",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="meetings.officer"
            ),
        ),
        migrations.RunPython(to_officers, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="paperentry", name="one_paper_entry_per_teller"),
        migrations.RemoveField(model_name="paperentry", name="teller"),
        migrations.RenameField(model_name="paperentry", old_name="officer", new_name="teller"),
        migrations.AlterField(
            model_name="paperentry",
            name="teller",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="paper_entries", to="meetings.officer"
            ),
        ),
        migrations.AddConstraint(
            model_name="paperentry",
            constraint=models.UniqueConstraint(fields=("poll", "teller"), name="one_paper_entry_per_teller"),
        ),
    ]
