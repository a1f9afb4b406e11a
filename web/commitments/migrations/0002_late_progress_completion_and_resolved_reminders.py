"""Late progress and completion after the quarter's report; reminders resolved when their cause
is done. Reminders recorded before this version whose cause is already done are resolved here,
with their notices, at the time of what answered them."""

from django.conf import settings
from django.db import migrations, models


def _answered_at(reminder, year_of):
    """(when, resolution) of what answered ``reminder``, or None while its cause is open."""
    item = reminder.commitment
    done = [p.at for p in item.progress.all() if p.percent == 100]
    if done:
        return done[0], "done"
    if item.dropped_at is not None:
        return item.dropped_at, "dropped"
    if reminder.reason == "progress_due":
        _year, quarter = reminder.period.split("-Q")
        posted = [p.at for p in item.progress.all() if p.quarter == int(quarter)]
        if posted:
            return posted[0], "progress"
    year = year_of[item.year_id]
    if year.state == "reviewed" and year.reviewed_at is not None:
        return year.reviewed_at, "reviewed"
    return None


def resolve_answered(apps, schema_editor):
    Reminder = apps.get_model("commitments", "Reminder")
    CommitmentYear = apps.get_model("commitments", "CommitmentYear")
    Notice = apps.get_model("notify", "Notice")
    year_of = {y.pk: y for y in CommitmentYear.objects.all()}
    for reminder in Reminder.objects.filter(resolved_at__isnull=True).select_related("commitment"):
        answered = _answered_at(reminder, year_of)
        if answered is None:
            continue
        at, resolution = answered
        reminder.resolved_at, reminder.resolution = at, resolution
        reminder.save(update_fields=["resolved_at", "resolution"])
        notices = Notice.objects.filter(key__startswith=f"commitments.reminder.{reminder.pk}@")
        notices.filter(read_at__isnull=True).update(read_at=at)
        notices.filter(resolved_at__isnull=True).update(resolved_at=at)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_commitment_years_progress_surveys_reminders"),
        ("notify", "0002_notice_resolved_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="progress",
            options={
                "ordering": ["quarter", "at", "id"],
                "verbose_name": "季度进展",
                "verbose_name_plural": "季度进展",
            },
        ),
        migrations.RemoveConstraint(
            model_name="progress",
            name="one_progress_per_quarter",
        ),
        migrations.AddField(
            model_name="progress",
            name="late",
            field=models.BooleanField(default=False, verbose_name="逾期报送"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="resolution",
            field=models.CharField(
                blank=True,
                choices=[
                    ("progress", "已报送进展"),
                    ("done", "事项已完成"),
                    ("dropped", "事项已撤销"),
                    ("reviewed", "年度已评议"),
                ],
                max_length=10,
                verbose_name="处理结果",
            ),
        ),
        migrations.AddField(
            model_name="reminder",
            name="resolved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="处理时间"),
        ),
        migrations.AddConstraint(
            model_name="progress",
            constraint=models.UniqueConstraint(
                condition=models.Q(("percent__lt", 100)),
                fields=("commitment", "quarter"),
                name="one_progress_per_quarter",
            ),
        ),
        migrations.AddConstraint(
            model_name="progress",
            constraint=models.UniqueConstraint(
                condition=models.Q(("percent", 100)), fields=("commitment",), name="one_completion_per_commitment"
            ),
        ),
        migrations.RunPython(resolve_answered, migrations.RunPython.noop),
    ]
