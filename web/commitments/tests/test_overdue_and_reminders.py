"""Overdue marking at a frozen date, and the reminders job run twice sends once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from web.audit.models import AuditCheckpoint, AuditEntry
from web.commitments.models import Reminder
from web.commitments.tests.helpers import add_item, create_year, post_progress


@pytest.fixture
def adopted(world, client_for, clock, meeting):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    road = add_item(org, year, item="硬化村口道路", owner=world.person_a2, deadline="2026-06-30")
    lights = add_item(org, year, item="安装路灯 40 盏", owner=world.person_a, deadline="2026-11-30", budget="36000")
    org.post(f"/staff/commitments/years/{year.pk}/adopt", {"meeting": meeting.pk})
    return org, year, road, lights


def test_an_item_is_overdue_the_day_after_its_deadline_unless_done(adopted, clock, client_for, world):
    org, year, road, lights = adopted
    clock.set("2026-06-30")
    page = org.get(f"/staff/commitments/years/{year.pk}/").content.decode()
    assert "已逾期" not in page
    clock.set("2026-07-01")
    page = org.get(f"/staff/commitments/years/{year.pk}/").content.decode()
    assert "⚠ 已逾期" in page
    assert "⚠ 已逾期" in client_for(None).get(f"/u/{world.community_a.code}/").content.decode()
    post_progress(org, lights, 3, 100, "全部安装完毕")
    post_progress(org, road, 3, 100, "道路已通车")
    road.refresh_from_db()
    head = AuditEntry.objects.order_by("-id").first()  # progress posted: its head is a checkpoint on the board
    assert AuditCheckpoint.objects.filter(entry_id=head.pk, reason="commitments.post_progress").exists()
    assert road.state_on(road.deadline) == "done" and road.done_late
    assert "逾期完成" in org.get(f"/staff/commitments/years/{year.pk}/").content.decode()


def _run(day: str | None = None) -> str:
    out = StringIO()
    call_command("commitment_reminders", *(["--date", day] if day else []), stdout=out)
    return out.getvalue()


def test_the_reminders_job_run_twice_sends_once(adopted, clock, owner_user, client_for):
    org, _year, road, lights = adopted
    clock.set("2026-03-24")  # 7 days before the end of Q1 counts from the 25th
    assert "0 new reminders" in _run()
    clock.set("2026-03-25")
    out = _run()
    assert "2 new reminders" in out and "progress due 2" in out and "硬化村口道路" in out
    assert "0 new reminders" in _run()
    assert Reminder.objects.count() == 2
    # progress posted: the next quarter's window reminds only the one not posted
    clock.set("2026-06-25")
    post_progress(org, lights, 2, 50)
    out = _run()
    assert "1 new reminders" in out and Reminder.objects.filter(commitment=road, period="2026-Q2").exists()
    # past its deadline and not done: overdue, once a month
    out = _run("2026-07-02")
    assert "overdue 1" in out
    assert "0 new reminders" in _run("2026-07-20")
    assert "overdue 1" in _run("2026-08-01")
    assert list(Reminder.objects.filter(commitment=road, reason="overdue").values_list("period", flat=True)) == [
        "2026-08",
        "2026-07",
    ]
    # the owner sees their reminders on the staff pages
    page = client_for(owner_user).get("/staff/commitments/reminders/").content.decode()
    assert "硬化村口道路" in page and "已过完成时限" in page and "安装路灯" not in page


def test_the_reminders_job_skips_done_and_dropped_items_and_refuses_a_bad_date(adopted, clock):
    org, _year, road, lights = adopted
    clock.set("2026-03-26")
    post_progress(org, road, 1, 100)
    org.post(f"/staff/commitments/{lights.pk}/drop", {"reason": "上级项目统一实施"})
    assert "0 new reminders" in _run()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        _run("2026-13-01")


def test_the_scheduled_job_records_the_due_reminders_once(adopted, clock):
    from web.commitments import jobs

    clock.set("2026-03-24")
    assert jobs.record_reminders() == 0
    clock.set("2026-03-25")
    assert jobs.record_reminders() == 2
    assert jobs.record_reminders() == 0  # delivered again after a worker died: nothing twice
    assert Reminder.objects.count() == 2


def test_each_new_reminder_notifies_the_owner_once_in_the_inbox_and_by_sms(
    adopted, clock, owner_user, client_for, settings, tmp_path
):
    from web.notify import jobs
    from web.notify.models import Delivery, Notice

    settings.NOTIFY_SMS_BACKEND, settings.NOTIFY_SMS_FILE = "file", tmp_path / "sms.log"
    _org, _year, road, _lights = adopted
    clock.set("2026-07-02")
    _run()
    notices = Notice.objects.filter(person=road.owner)
    assert [(n.kind, n.user, n.context["item"], n.link) for n in notices] == [
        ("commitment.overdue", owner_user, "硬化村口道路", road.get_absolute_url())
    ]
    assert notices[0].context["deadline"] == "2026-06-30" and notices[0].context["unit"] == "和平社区"
    _run()  # the job again: no reminder and no notice twice
    assert Notice.objects.count() == 1
    assert jobs.sweep() == {"sent": 1}  # the SMS; no email address: that delivery was skipped
    sms = Delivery.objects.get(notice=notices[0], channel="sms")
    assert sms.state == "sent" and sms.address == road.owner.phone
    assert "“硬化村口道路”已过完成时限2026-06-30" in (tmp_path / "sms.log").read_text(encoding="utf-8")
    assert "硬化村口道路" in client_for(owner_user).get("/notifications/").content.decode()


def test_a_reminder_rolled_back_leaves_no_notice(adopted, clock, monkeypatch):
    from web.commitments import actions
    from web.notify.models import Notice

    clock.set("2026-07-02")
    real = actions._notify_owner

    def notify_then_fail(reminder, **kwargs):
        real(reminder, **kwargs)
        raise RuntimeError("the database went away after the notice was written")

    monkeypatch.setattr(actions, "_notify_owner", notify_then_fail)
    with pytest.raises(RuntimeError):
        actions.run_reminders(today=actions.queries.today())
    assert Notice.objects.count() == 0 and Reminder.objects.count() == 0
