"""The outbox: a notice is written in the action's transaction or not at all, once per key and
person, with a delivery per external channel; the delivery job is enqueued after the commit."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_q.models import OrmQ

from web.notify.models import Delivery, Notice
from web.notify.outbox import notify
from web.notify.tests.conftest import SAMPLE, send


def _states(notice):
    return {d.channel: (d.state, d.last_error) for d in notice.deliveries.all()}


def test_a_rolled_back_action_leaves_no_notice_and_enqueues_nothing(world, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError, match="refused"):
        with transaction.atomic():
            notify(world.person_a2, "commitment.overdue", SAMPLE, key="r1")
            raise RuntimeError("the action is refused after its notice was written")
    assert Notice.objects.count() == 0 and Delivery.objects.count() == 0
    assert callbacks == [] and OrmQ.objects.count() == 0


def test_a_committed_notice_enqueues_its_delivery_after_the_commit(world, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notice = send(world.person_a2)
    assert len(callbacks) == 1 and OrmQ.objects.count() == 1
    assert notice.person == world.person_a2 and notice.user is None
    assert _states(notice) == {"sms": ("pending", ""), "email": ("skipped", "no email address")}


def test_notify_outside_a_transaction_is_refused(transactional_db, world, clock):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        notify(world.person_a2, "commitment.overdue", SAMPLE, key="r1")
    with pytest.raises(KeyError, match="unknown notice kind"), transaction.atomic():
        notify(world.person_a2, "commitment.typo", SAMPLE, key="r1")


def test_the_same_key_for_the_same_person_notifies_once(world, li, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = send(world.person_a2, key="reminder-7")
        again = send(world.person_a2, key="reminder-7")  # the causing job, run again
        as_user = send(li, key="reminder-7")  # the same person, named by their account
        other = send(world.person_a, key="reminder-7")  # the same occasion, another person
    assert first.pk == again.pk == as_user.pk != other.pk
    assert Notice.objects.count() == 2 and Delivery.objects.count() == 4 and len(callbacks) == 2


def test_a_person_with_an_account_gets_it_in_the_inbox_and_by_both_channels(world, li, clock):
    notice = send(world.person_a2)
    assert notice.user == li
    assert _states(notice) == {"sms": ("pending", ""), "email": ("pending", "")}


def test_an_account_without_a_person_reads_it_in_the_inbox_but_gets_no_sms(world, clock):
    world.organiser.email = "org@example.cn"
    world.organiser.save()
    notice = send(world.organiser)
    assert notice.person is None
    assert _states(notice) == {"sms": ("skipped", "no mobile phone number"), "email": ("pending", "")}


def test_a_channel_the_person_turned_off_is_skipped(world, li, clock):
    from web.notify.models import Preferences

    Preferences.objects.create(user=li, channels={"commitment.overdue": ["email"]})
    assert _states(send(li)) == {"sms": ("skipped", "turned off by the person"), "email": ("pending", "")}
    assert _states(send(li, key="k2", kind="commitment.progress_due", context=dict(SAMPLE, quarter=2, due="d"))) == {
        "sms": ("pending", ""),  # another kind keeps its defaults
        "email": ("pending", ""),
    }
