"""A notice to a bare mobile number (``Phone``): someone with neither an account nor a roster
entry gets it by SMS only, under the outbox's guarantees: the action's transaction, once per
key, quiet hours, the hourly limit."""

from __future__ import annotations

import pytest
from django.db import transaction

from web.notify import jobs
from web.notify.models import Delivery, Notice
from web.notify.outbox import Phone, notify
from web.notify.queries import inbox_for
from web.notify.tests.conftest import SAMPLE, local

NUMBER = "13900000009"


def send_to(number: str = NUMBER, key: str = "k1") -> Notice:
    with transaction.atomic():
        return notify(Phone(number), "commitment.overdue", SAMPLE, key=key)


def test_a_bare_number_gets_the_sms_and_nothing_else(world, li, clock, sms_log):
    notice = send_to()
    assert (notice.user, notice.person, notice.phone) == (None, None, NUMBER)
    states = {d.channel: (d.state, d.last_error) for d in notice.deliveries.all()}
    assert states == {"sms": ("pending", ""), "email": ("skipped", "no email address")}
    assert jobs.deliver(notice.pk) == {"sent": 1}
    lines = sms_log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and f"\t{NUMBER}\t" in lines[0] and "【基层】和平社区承诺" in lines[0]
    assert notice.deliveries.get(channel="sms").address == NUMBER
    assert not inbox_for(li).exists()  # nobody's inbox


def test_the_same_key_to_the_same_number_notifies_once(world, clock, sms_log):
    first = send_to()
    assert send_to().pk == first.pk  # the causing job, run again
    assert send_to("13900000008").pk != first.pk  # the same occasion, another number
    assert Notice.objects.count() == 2 and Delivery.objects.filter(channel="sms").count() == 2


def test_a_rolled_back_action_leaves_nothing_for_the_number(world, clock, sms_log):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_to()
        raise RuntimeError("the action is refused after its notice was written")
    assert Notice.objects.count() == 0 and jobs.sweep() == {} and not sms_log.exists()


def test_quiet_hours_hold_the_sms_to_a_bare_number(world, clock, sms_log):
    clock.set("2026-07-01 23:30")
    notice = send_to()
    assert jobs.deliver(notice.pk) == {"waiting": 1} and not sms_log.exists()
    assert notice.deliveries.get(channel="sms").next_attempt_at == local("2026-07-02 07:00")
    clock.set("2026-07-02 07:00")
    assert jobs.sweep() == {"sent": 1}


def test_the_hourly_limit_counts_what_the_number_was_sent(world, clock, sms_log):
    for n in range(6):  # the default limit is 5 an hour
        jobs.deliver(send_to(key=f"k{n}").pk)
        clock.advance(minutes=5)
    states = list(Delivery.objects.filter(channel="sms").order_by("id").values_list("state", flat=True))
    assert states == ["sent"] * 5 + ["pending"]
    assert len(sms_log.read_text().splitlines()) == 5


@pytest.mark.parametrize("number", ["", "028-86612345", "1380000000", "1３８００００００２"])
def test_only_a_mobile_number_can_be_a_recipient(number):
    assert Phone.of(number) is None
    with pytest.raises(ValueError, match="mobile number"):
        Phone(number)


def test_a_database_row_needs_some_recipient(world, clock):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(key="x@", kind="commitment.overdue", created_at=clock.now())
