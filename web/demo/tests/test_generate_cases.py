"""``manage.py generate_cases``: synthetic requests added to the demo street in slices, written by
its own lean writer, read back as the ORM wrote the demo's own (issue 13, item 8)."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from web.audit.models import AuditEntry
from web.audit.verify import verify_chain
from web.cases import actions
from web.cases.access import catalogue_for
from web.cases.models import Case, CaseEvent, Visit
from web.org.models import Unit


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The small demo street, seeded once for the module and rolled back at the end."""
    sms_log = tmp_path_factory.mktemp("var") / "sms.log"
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, NOTIFY_SMS_FILE=sms_log):
        with transaction.atomic():
            call_command("seed_demo", seed=2026, scale=0.05, stdout=open(os.devnull, "w"))
            yield
            transaction.set_rollback(True)


@pytest.fixture
def street(_seeded, db):  # type: ignore[no-untyped-def]
    return Unit.objects.get(kind=Unit.Kind.STREET)


def test_adds_the_count_in_slices_with_their_history_over_the_span(street: Unit) -> None:
    before = set(Case.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("generate_cases", count=250, years=2, chunk=100, stdout=out)
    lines = out.getvalue().splitlines()
    assert sum(" / 250 " in line for line in lines) == 3  # 100, 200, 250
    new = Case.objects.exclude(pk__in=before)
    assert new.count() == 250
    # received over the two years up to now, in every state, each with its history from receipt
    now = timezone.now()
    oldest, newest = min(c.received_at for c in new), max(c.received_at for c in new)
    assert now - dt.timedelta(days=2 * 365 + 2) < oldest < now - dt.timedelta(days=300)
    assert newest < now and newest.tzinfo is not None
    assert {"closed", "signed"} <= set(new.values_list("state", flat=True))
    events = CaseEvent.objects.filter(case__in=new)
    received = set(events.filter(kind="received").values_list("case_id", flat=True))
    assert received == set(new.values_list("pk", flat=True))
    for case in new.filter(state="closed")[:20]:
        assert case.finished_at is not None and case.finished_at >= case.received_at
        assert case.events.order_by("id").first().kind == "received"
        assert case.events.order_by("id").last().kind == "closed"
        assert case.unit_path.startswith(catalogue_for(case.unit).unit.path)  # type: ignore[union-attr]
    assert Visit.objects.filter(case__in=new).exists()
    # one audit entry says what was generated, and the chain verifies
    entry = AuditEntry.objects.filter(action="cases.generated", actor_label="generate_cases").get()
    assert entry.changes["count"] == 250 and entry.changes["cases"] == 250
    assert verify_chain().ok


def test_a_request_taken_afterwards_gets_the_next_number(street: Unit) -> None:
    call_command("generate_cases", count=120, years=1, chunk=100, stdout=io.StringIO())
    top = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
    catalogue = catalogue_for(street)
    assert catalogue is not None
    staff = get_user_model().objects.get(username="street")
    case, _code = actions.do_take_case(
        channel="phone",
        entry=catalogue.entries.order_by("id").first(),
        unit=Unit.objects.filter(kind=Unit.Kind.COMMUNITY, path__startswith=street.path).first(),
        description="生成之后新受理的诉求。",
        acting_user=staff,
        requester_name="测试",
        requester_phone="13900000000",
        consent=True,
    )
    assert top is not None and case.pk > top


def test_refuses_bad_numbers_in_both_languages(street: Unit) -> None:
    for bad in ({"count": 0}, {"count": 10, "years": 0}, {"count": 10, "chunk": 5}):
        with pytest.raises(CommandError, match=r"must be"):
            call_command("generate_cases", **{"years": 1, **bad}, stdout=io.StringIO())


@pytest.mark.parametrize("local_hour", [1, 8, 23])
def test_no_request_is_received_in_the_future_whatever_the_hour(street: Unit, monkeypatch, local_hour: int) -> None:  # type: ignore[no-untyped-def]
    """Each request gets an hour of the day; on the last day that hour may be still to come."""
    at = timezone.localtime().replace(hour=local_hour, minute=5)
    monkeypatch.setattr(timezone, "now", lambda: at)
    before = set(Case.objects.values_list("pk", flat=True))
    call_command("generate_cases", count=200, years=0.02, chunk=200, stdout=io.StringIO())
    newest = Case.objects.exclude(pk__in=before).order_by("-received_at").values_list("received_at", flat=True)[0]
    assert newest < at
