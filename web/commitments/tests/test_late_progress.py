"""Issue 12, stuck journeys: an overdue item can still be completed, late reports are marked late,
the quarter starts at the current one, and reminders clear when their cause is done."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from web.audit.models import AuditEntry
from web.commitments.models import Progress, Reminder
from web.commitments.tests.helpers import add_item, create_year, messages_of, post_progress
from web.notify.models import Delivery, Notice
from web.notify.queries import unread_count


@pytest.fixture
def adopted(world, client_for, clock, meeting):
    org = client_for(world.organiser)
    year = create_year(org, world.community_a.pk)
    canal = add_item(org, year, item="五组灌溉渠整治", owner=world.person_a2, deadline="2026-10-31")
    square = add_item(org, year, item="建设村文化广场", owner=world.person_a2, deadline="2026-12-31")
    org.post(f"/staff/commitments/years/{year.pk}/adopt", {"meeting": meeting.pk})
    return org, year, canal, square


def _every_quarter(org, clock, item, percents=(20, 45, 60, 75)):
    for quarter, (day, percent) in enumerate(zip(("03-28", "06-28", "09-28", "12-01"), percents, strict=True), 1):
        clock.set(f"2026-{day}")
        assert post_progress(org, item, quarter, percent).status_code == 302


def test_an_overdue_item_whose_four_quarters_are_in_can_still_be_completed(adopted, clock, client_for, world):
    org, _year, canal, _square = adopted
    _every_quarter(org, clock, canal)
    clock.set("2026-12-03")
    r = post_progress(org, canal, 4, 100, "渠道全线贯通，已验收。")
    assert r.status_code == 302, messages_of(r) if r.context else r
    canal.refresh_from_db()
    assert canal.done_on.isoformat() == "2026-12-03" and canal.done_late and canal.state_on(canal.done_on) == "done"
    q4 = list(canal.progress.filter(quarter=4).values_list("percent", "late"))
    assert q4 == [(75, True), (100, True)]  # the quarter's report, then the completion; both after 10-31
    entry = AuditEntry.objects.filter(action="commitments.post_progress").order_by("-id").first()
    assert entry.changes["late"] == [None, True] and entry.changes["percent"] == [None, 100]
    item_page = org.get(f"/staff/commitments/{canal.pk}/").content.decode()
    assert "逾期报送" in item_page and "渠道全线贯通" in item_page and "已完成" in item_page
    board = client_for(None).get(f"/u/{world.community_a.code}/").content.decode()
    assert "逾期报送" in board and "逾期完成" in board
    board_en = client_for(None).get(f"/u/{world.community_a.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reported late" in board_en and "逾期报送" not in board_en


def test_each_quarter_once_still_holds_below_100_percent(adopted, clock):
    org, _year, canal, _square = adopted
    _every_quarter(org, clock, canal)
    clock.set("2026-12-03")
    before = Progress.objects.count()
    r = post_progress(org, canal, 4, 80)
    assert r.status_code == 422
    text = r.content.decode()
    assert "第 4 季度的进展已经报送过，每个季度只报送一次" in text and "可以随时报送完成（100%）" in text
    assert Progress.objects.count() == before
    english = org.post(
        f"/staff/commitments/{canal.pk}/progress",
        {"quarter": 4, "percent": 80, "text": "x"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "only once a quarter" in english and "100%" in english


def test_the_database_keeps_one_report_per_quarter_and_one_completion(adopted, clock, world):
    _org, _year, canal, _square = adopted
    made = {"commitment": canal, "text": "x", "posted_by": world.organiser, "at": clock.now()}
    Progress.objects.create(quarter=1, percent=30, **made)
    Progress.objects.create(quarter=1, percent=100, **made)  # completion after the quarter's report
    with pytest.raises(IntegrityError), transaction.atomic():
        Progress.objects.create(quarter=1, percent=40, **made)
    with pytest.raises(IntegrityError), transaction.atomic():
        Progress.objects.create(quarter=2, percent=100, **made)


def test_late_progress_below_100_on_an_overdue_item_is_accepted_and_marked_late(adopted, clock):
    org, _year, canal, square = adopted
    clock.set("2026-11-05")
    assert post_progress(org, canal, 4, 90, "主体完工，待验收").status_code == 302
    assert post_progress(org, square, 4, 40).status_code == 302
    assert list(Progress.objects.filter(quarter=4).order_by("id").values_list("late", flat=True)) == [True, False]
    page = org.get(f"/staff/commitments/{canal.pk}/").content.decode()
    assert "逾期报送" in page and "报送进展或完成" in page


@pytest.mark.parametrize(
    ("today", "selected"),
    [("2026-01-10", "1"), ("2026-05-20", "2"), ("2026-09-30", "3"), ("2026-12-03", "4")],
)
def test_the_quarter_starts_at_the_current_one(adopted, clock, today, selected):
    org, _year, _canal, square = adopted
    clock.set(today)
    form = org.get(f"/staff/commitments/{square.pk}/progress").context["form"]
    assert str(form["quarter"].value()) == selected


def test_after_the_year_the_quarter_starts_at_the_last_and_reported_quarters_are_marked(adopted, clock):
    org, _year, canal, _square = adopted
    _every_quarter(org, clock, canal)
    clock.set("2027-01-12")  # January: the year is not reviewed yet, the item is still open
    r = org.get(f"/staff/commitments/{canal.pk}/progress")
    page = r.content.decode()
    assert str(r.context["form"]["quarter"].value()) == "4"
    assert page.count("已报送，只能报送完成") == 4
    assert "已过完成时限（2026-10-31）：本次报送将标为逾期报送" in page
    assert post_progress(org, canal, 4, 100).status_code == 302


def test_the_year_page_links_each_open_item_to_its_progress_form(adopted, clock):
    org, year, canal, square = adopted
    clock.set("2026-03-28")
    post_progress(org, square, 1, 100)
    page = org.get(f"/staff/commitments/years/{year.pk}/").content.decode()
    assert f"/staff/commitments/{canal.pk}/progress" in page
    assert f"/staff/commitments/{square.pk}/progress" not in page  # done: nothing more to report


# ---- reminders clear when their cause is done ----------------------------------------------


def _remind(day: str) -> None:
    from web.commitments.actions import run_reminders
    from web.commitments.tests.helpers import at

    with transaction.atomic():
        run_reminders(today=at(day).date())


def test_posting_the_quarter_resolves_its_reminder_and_notice_only(adopted, clock, owner_user, client_for):
    org, _year, canal, square = adopted
    clock.set("2026-03-25")
    _remind("2026-03-25")
    assert unread_count(owner_user) == 2
    clock.set("2026-03-27")
    assert post_progress(org, canal, 1, 20).status_code == 302
    reminder = Reminder.objects.get(commitment=canal)
    assert reminder.resolution == "progress" and reminder.resolved_at is not None
    notice = Notice.objects.get(key=f"{reminder.notice_key}@p{canal.owner_id}")
    assert notice.read_at and notice.resolved_at
    assert Reminder.objects.get(commitment=square).resolved_at is None  # not reported: still asks
    assert unread_count(owner_user) == 1
    entry = AuditEntry.objects.filter(action="commitments.post_progress").order_by("-id").first()
    assert entry.changes["reminders_resolved"] == [None, [reminder.pk]]
    inbox = client_for(owner_user).get("/notifications/").content.decode()
    assert (
        inbox.count('<span class="tag">已办结</span>') == 1
        and inbox.count('<span class="tag probationary">未读</span>') == 1
    )
    mine = client_for(owner_user).get("/staff/commitments/reminders/")
    assert [r.commitment for r in mine.context["open_reminders"]] == [square]
    assert [r.commitment for r in mine.context["resolved_reminders"]] == [canal]
    assert f"/staff/commitments/{square.pk}/progress" in mine.content.decode()


def test_another_quarter_leaves_a_progress_reminder_open(adopted, clock):
    org, _year, canal, _square = adopted
    clock.set("2026-06-25")
    _remind("2026-06-25")
    assert post_progress(org, canal, 1, 20).status_code == 302  # Q1, late: Q2 is still due
    assert Reminder.objects.get(commitment=canal, period="2026-Q2").resolved_at is None


def test_completing_an_overdue_item_resolves_every_reminder_and_skips_the_sms_not_yet_sent(
    adopted, clock, owner_user, settings, tmp_path
):
    from web.notify import jobs

    settings.NOTIFY_SMS_BACKEND, settings.NOTIFY_SMS_FILE = "file", tmp_path / "sms.log"
    org, _year, canal, _square = adopted
    clock.set("2026-11-01")
    _remind("2026-11-01")  # overdue, month 2026-11
    clock.set("2026-12-25")
    _remind("2026-12-25")  # overdue 2026-12 and Q4 progress due; SMS not sent yet (no sweep)
    assert set(Reminder.objects.filter(commitment=canal).values_list("reason", "period")) == {
        ("overdue", "2026-11"),
        ("overdue", "2026-12"),
        ("progress_due", "2026-Q4"),
    }
    assert post_progress(org, canal, 4, 100).status_code == 302
    assert set(Reminder.objects.filter(commitment=canal).values_list("resolution", flat=True)) == {"done"}
    assert unread_count(owner_user) == 1  # the square's Q4 report is still due
    assert Notice.objects.filter(resolved_at__isnull=True).get().context["item"] == "建设村文化广场"
    canal_sms = Delivery.objects.filter(channel="sms", notice__context__item="五组灌溉渠整治")
    jobs.sweep()
    assert set(canal_sms.values_list("state", "last_error")) == {("skipped", "its cause was done before it was sent")}
    assert canal_sms.count() == 3
    assert "五组灌溉渠整治" not in (tmp_path / "sms.log").read_text(encoding="utf-8")  # the square's was sent


def test_late_progress_answers_the_months_overdue_reminder_and_the_job_asks_again_next_month(adopted, clock):
    org, _year, canal, _square = adopted
    clock.set("2026-11-02")
    _remind("2026-11-02")
    assert post_progress(org, canal, 4, 90).status_code == 302
    assert Reminder.objects.get(period="2026-11").resolution == "progress"
    _remind("2026-12-01")
    assert Reminder.objects.get(period="2026-12").resolved_at is None


def test_dropping_an_item_and_reviewing_the_year_resolve_their_reminders(adopted, clock, meeting):
    org, year, canal, square = adopted
    clock.set("2026-11-02")
    _remind("2026-11-02")
    clock.set("2026-12-26")
    _remind("2026-12-26")
    org.post(f"/staff/commitments/{square.pk}/drop", {"reason": "并入上级项目"})
    assert set(Reminder.objects.filter(commitment=square).values_list("resolution", flat=True)) == {"dropped"}
    assert Reminder.objects.filter(commitment=canal, resolved_at__isnull=True).count() == 3
    org.post(f"/staff/commitments/years/{year.pk}/review", {"meeting": meeting.pk, "note": "年终评议"})
    assert set(Reminder.objects.filter(commitment=canal).values_list("resolution", flat=True)) == {"reviewed"}
    assert Notice.objects.filter(resolved_at__isnull=True).count() == 0


def test_reminders_recorded_before_this_version_are_resolved_by_the_migration(adopted, clock, world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("web.commitments.migrations.0002_late_progress_completion_and_resolved_reminders")
    org, _year, canal, square = adopted
    clock.set("2026-03-27")
    post_progress(org, canal, 1, 20)
    old = {"created_at": clock.now()}
    answered = Reminder.objects.create(commitment=canal, reason="progress_due", period="2026-Q1", **old)
    other_quarter = Reminder.objects.create(commitment=canal, reason="progress_due", period="2026-Q2", **old)
    waiting = Reminder.objects.create(commitment=square, reason="progress_due", period="2026-Q1", **old)
    with transaction.atomic():
        from web.notify.outbox import notify

        notice = notify(
            canal.owner, "commitment.overdue", {"unit": "u", "item": "i", "deadline": "d"}, key=answered.notice_key
        )
    migration.resolve_answered(apps, None)
    answered.refresh_from_db()
    notice.refresh_from_db()
    assert answered.resolution == "progress" and answered.resolved_at == canal.progress.get().at
    assert notice.resolved_at == answered.resolved_at and notice.read_at == answered.resolved_at
    assert Reminder.objects.filter(pk__in=[other_quarter.pk, waiting.pk], resolved_at__isnull=True).count() == 2
