"""Delivering the outbox: states, attempts and backoff, a claim that two workers cannot both
win, a worker that dies mid-send, quiet hours, the hourly SMS limit and the person's choices
read when the message goes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from web.notify import jobs, sms
from web.notify.delivery import attempt
from web.notify.models import Delivery, Notice, Preferences
from web.notify.tests.conftest import local, send


def _sms(notice) -> Delivery:
    return notice.deliveries.get(channel="sms")


def test_the_job_sends_sms_and_email_once_and_records_them(world, li, clock, sms_log):
    notice = send(li)
    assert jobs.deliver(notice.pk) == {"sent": 2}
    assert jobs.deliver(notice.pk) == {}  # delivered again after a worker died: nothing twice
    assert jobs.sweep() == {}
    lines = sms_log.read_text(encoding="utf-8").splitlines()
    assert (
        len(lines) == 1 and "13800000002" in lines[0] and "【基层】和平社区承诺“硬化村口道路”已过完成时限" in lines[0]
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["li@example.cn"]
    assert "硬化村口道路" in mail.outbox[0].body and "承诺事项已逾期" in mail.outbox[0].subject
    for d in notice.deliveries.all():
        assert (d.state, d.attempts, d.sent_at, d.next_attempt_at) == ("sent", 1, clock.now(), None)
    assert _sms(notice).address == "13800000002"


def test_the_person_chooses_the_language_of_sms_and_email(world, li, clock, sms_log):
    Preferences.objects.create(user=li, language="en")
    jobs.deliver(send(li).pk)
    assert "【基层】和平社区: “硬化村口道路” passed its deadline 2026-06-30." in sms_log.read_text(encoding="utf-8")
    assert mail.outbox[0].subject == "【基层】Commitment overdue"


def test_a_failed_attempt_waits_longer_each_time_then_fails_for_good(world, clock, settings, tmp_path):
    settings.NOTIFY_SMS_BACKEND, settings.NOTIFY_SMS_FILE = "file", tmp_path / "missing" / "sms.log"
    settings.NOTIFY_RETRY_BASE, settings.NOTIFY_RETRY_CAP, settings.NOTIFY_MAX_ATTEMPTS = 60, 600, 6
    d = _sms(send(world.person_a2))
    waits = []
    for n in range(1, 7):
        assert attempt(d.pk) == "failed"
        d.refresh_from_db()
        assert d.attempts == n and "sms.log" in d.last_error
        if n < 6:
            assert d.state == "pending"
            waits.append((d.next_attempt_at - clock.now()).total_seconds())
            assert attempt(d.pk) == "taken"  # not due yet
            clock.at = d.next_attempt_at
    assert waits == [60, 120, 240, 480, 600]
    assert (d.state, d.next_attempt_at, d.sent_at) == ("failed", None, None)
    assert jobs.sweep() == {}


def test_a_retry_after_a_failure_sends_once(world, clock, settings, tmp_path):
    settings.NOTIFY_SMS_BACKEND, settings.NOTIFY_SMS_FILE = "file", tmp_path / "later" / "sms.log"
    d = _sms(send(world.person_a2))
    assert jobs.sweep() == {"failed": 1}
    (tmp_path / "later").mkdir()
    clock.advance(seconds=59)
    assert jobs.sweep() == {}
    clock.advance(seconds=1)
    assert jobs.sweep() == {"sent": 1}
    d.refresh_from_db()
    assert (d.state, d.attempts, d.last_error) == ("sent", 2, "")
    assert len((tmp_path / "later" / "sms.log").read_text().splitlines()) == 1


class _RacingGateway:
    """A gateway during whose send a second worker tries the same delivery."""

    results: list[str] = []
    sent: list[str] = []

    def send(self, phone, template_id, params, text, *, out_id):
        delivery_id = int(out_id.removeprefix("jiceng-"))
        _RacingGateway.results.append(attempt(delivery_id))
        _RacingGateway.sent.append(out_id)


def test_two_workers_racing_for_a_delivery_send_it_once(world, clock, settings, monkeypatch):
    monkeypatch.setitem(sms.BACKENDS, "racing", _RacingGateway)
    settings.NOTIFY_SMS_BACKEND = "racing"
    _RacingGateway.results, _RacingGateway.sent = [], []
    d = _sms(send(world.person_a2))
    assert attempt(d.pk) == "sent"
    assert _RacingGateway.results == ["taken"] and _RacingGateway.sent == [f"jiceng-{d.pk}"]
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("sent", 1)


def test_the_claim_is_a_compare_and_set_on_the_attempt_count(world, clock, sms_log):
    """Two workers read the delivery at the same attempt count: the second claim changes nothing."""
    from web.notify.delivery import _update

    d = _sms(send(world.person_a2))
    assert _update(d, 0, attempts=1) is True
    assert _update(d, 0, attempts=1) is False
    d.refresh_from_db()
    assert d.attempts == 1


def test_a_worker_killed_mid_send_leaves_it_to_be_sent_after_the_lease(world, clock, settings, sms_log):
    from web.notify.delivery import _update

    settings.NOTIFY_LEASE = 300
    d = _sms(send(world.person_a2))
    # a worker claimed it and died before it sent anything or recorded the outcome
    assert _update(d, 0, attempts=1, next_attempt_at=clock.now() + dt.timedelta(seconds=300))
    clock.advance(seconds=299)
    assert jobs.sweep() == {}
    clock.advance(seconds=1)
    assert jobs.sweep() == {"sent": 1}
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("sent", 2) and len(sms_log.read_text().splitlines()) == 1


@pytest.mark.parametrize(
    ("now", "waits_until"),
    [
        ("2026-07-01 21:59", None),
        ("2026-07-01 22:00", "2026-07-02 07:00"),
        ("2026-07-01 23:30", "2026-07-02 07:00"),
        ("2026-07-02 03:00", "2026-07-02 07:00"),
        ("2026-07-02 06:59", "2026-07-02 07:00"),
        ("2026-07-02 07:00", None),
    ],
)
def test_sms_and_email_wait_for_the_end_of_quiet_hours_and_the_inbox_does_not(
    world, li, clock, sms_log, client_for, now, waits_until
):
    clock.set(now)
    notice = send(li)
    assert client_for(li).get("/notifications/").context["unread_notices"] == 1  # in-app: at once
    outcome = jobs.deliver(notice.pk)
    if waits_until is None:
        assert outcome == {"sent": 2}
        return
    assert outcome == {"waiting": 2} and mail.outbox == [] and not sms_log.exists()
    assert {d.next_attempt_at for d in notice.deliveries.all()} == {local(waits_until)}
    assert {d.attempts for d in notice.deliveries.all()} == {0}  # waiting is not an attempt
    clock.at = local(waits_until)
    assert jobs.sweep() == {"sent": 2}


def test_quiet_hours_are_the_persons_own_or_none(world, li, clock, sms_log):
    Preferences.objects.create(user=li, quiet_start=dt.time(12, 0), quiet_end=dt.time(14, 0))
    clock.set("2026-07-01 23:00")
    assert jobs.deliver(send(li).pk) == {"sent": 2}
    clock.set("2026-07-02 12:30")
    assert jobs.deliver(send(li, key="k2").pk) == {"waiting": 2}
    Preferences.objects.filter(user=li).update(quiet_hours=False)
    assert jobs.deliver(send(li, key="k3").pk) == {"sent": 2}


def test_past_the_hourly_limit_sms_wait_for_the_next_hour(world, li, clock, sms_log):
    Preferences.objects.create(user=li, sms_per_hour=3, channels={"commitment.overdue": ["sms"]})
    first = clock.now()
    notices = []
    for n in range(5):
        notices.append(send(li, key=f"k{n}"))
        jobs.deliver(notices[-1].pk)
        clock.advance(minutes=10)
    states = [_sms(n) for n in notices]
    assert [d.state for d in states] == ["sent", "sent", "sent", "pending", "pending"]
    assert {d.next_attempt_at for d in states[3:]} == {first + dt.timedelta(hours=1)}
    clock.at = first + dt.timedelta(hours=1)
    assert jobs.sweep() == {"sent": 1, "waiting": 1}  # the window holds two of the three again
    clock.at = first + dt.timedelta(hours=1, minutes=10)
    assert jobs.sweep() == {"sent": 1}
    assert len(sms_log.read_text().splitlines()) == 5


def test_a_channel_turned_off_after_the_notice_is_not_used(world, li, clock, sms_log):
    notice = send(li)
    Preferences.objects.create(user=li, channels={"commitment.overdue": []})
    assert jobs.deliver(notice.pk) == {"skipped": 2}
    assert {d.last_error for d in notice.deliveries.all()} == {"turned off by the person"}


@pytest.mark.parametrize("phone", ["", "028-86612345", "1３８００００００２", "1380000000"])
def test_a_roster_without_a_mobile_number_skips_the_sms(world, clock, sms_log, phone):
    notice = send(world.person_a2)
    world.person_a2.phone = phone  # removed, or a landline or a mistyped number from an import
    world.person_a2.save()
    assert jobs.deliver(notice.pk) == {"skipped": 1}
    assert _sms(notice).last_error == "no mobile phone number" and not sms_log.exists()


@pytest.mark.django_db(transaction=True)
def test_eight_workers_released_together_send_a_delivery_once(world, clock, sms_log):
    """Real threads, each with its own database connection, all trying the same delivery at once."""
    import threading
    from collections import Counter

    from django.db import OperationalError, connection

    d = _sms(send(world.person_a2))
    start, results = threading.Barrier(8), []

    def worker() -> None:
        try:
            start.wait()
            results.append(attempt(d.pk))
        except OperationalError:
            # SQLite's in-memory test database refuses a concurrent writer outright instead of
            # waiting as Jiceng's file database does; a refused worker sends nothing
            results.append("busy")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = Counter(results)
    assert sum(outcomes.values()) == 8 and set(outcomes) <= {"sent", "taken", "busy"}
    assert outcomes["sent"] <= 1 and len(sms_log.read_text().splitlines() if sms_log.exists() else []) <= 1
    if connection.vendor == "postgresql":  # no refusals there: exactly one worker sends
        assert outcomes == {"sent": 1, "taken": 7}
        d.refresh_from_db()
        assert (d.state, d.attempts) == ("sent", 1)


def test_an_unexpected_error_is_a_failed_attempt_not_a_stuck_claim(world, clock, sms_log, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    d = _sms(send(world.person_a2))
    Notice.objects.filter(pk=d.notice_id).update(context={"unit": "和平社区"})  # its sentence cannot be made
    assert jobs.sweep() == {"failed": 1}
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("pending", 1) and d.last_error.startswith("KeyError")
    clock.at = d.next_attempt_at
    assert jobs.sweep() == {"failed": 1}
    d.refresh_from_db()
    assert (d.state, d.attempts, d.next_attempt_at) == ("failed", 2, None)
