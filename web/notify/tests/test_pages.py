"""The notifications page, the badge in every signed-in page's header, read marks, paging,
and the settings page (its changes audited)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from web.audit.models import AuditEntry
from web.notify.models import Notice, Preferences
from web.notify.tests.conftest import send


def _badge(page: str) -> str | None:
    marker = '<span class="badge">'
    return page.split(marker, 1)[1].split("<", 1)[0] if marker in page else None


def test_the_badge_counts_unread_on_every_page_and_leads_to_the_inbox(world, li, clock, client_for):
    c = client_for(li)
    assert _badge(c.get("/staff/").content.decode()) is None
    send(world.person_a2, key="k1")
    send(li, key="k2")
    for url in ("/staff/", "/", "/accounts/password/", "/staff/commitments/reminders/"):
        page = c.get(url).content.decode()
        assert _badge(page) == "2" and 'href="/notifications/"' in page, url
    assert _badge(client_for(world.organiser).get("/staff/").content.decode()) is None  # another's count
    assert "badge" not in client_for(None).get("/").content.decode()


def test_the_badge_costs_one_query(world, li, clock, client_for):
    from web.notify.context import unread

    class Request:
        user = li

    send(li)
    context = unread(Request())  # type: ignore[arg-type]
    with CaptureQueriesContext(connection) as queries:
        assert int(str(context["unread_notices"])) == 1
        assert int(str(context["unread_notices"])) == 1
    assert len(queries.captured_queries) == 1


def test_the_inbox_shows_the_text_in_the_pages_language_and_opening_marks_read(world, li, clock, client_for):
    notice = send(li)
    other = send(world.person_a, key="theirs")
    c = client_for(li)
    page = c.get("/notifications/").content.decode()
    assert "和平社区承诺“硬化村口道路”已过完成时限2026-06-30" in page and "未读" in page
    english = client_for(li)
    english.cookies["django_language"] = "en"
    assert (
        "passed its deadline 2026-06-30" in english.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    r = c.post(f"/notifications/{notice.pk}/open")
    assert r.status_code == 302 and r["Location"] == "/staff/commitments/1/"
    notice.refresh_from_db()
    assert notice.read_at == clock.now()
    assert c.post(f"/notifications/{other.pk}/open").status_code == 404  # someone else's
    assert c.get(f"/notifications/{notice.pk}/open").status_code == 405
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read_and_the_badge_goes(world, li, clock, client_for):
    for n in range(3):
        send(li, key=f"k{n}")
    c = client_for(li)
    r = c.post("/notifications/read-all", follow=True)
    assert "已将 3 条通知标为已读" in r.content.decode() and _badge(r.content.decode()) is None
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    assert AuditEntry.objects.count() == 0  # read marks are the person's own: not in the log


def test_the_inbox_is_paged(world, li, clock, client_for):
    for n in range(45):
        clock.advance(minutes=1)
        send(li, key=f"k{n}", context={"unit": "和平社区", "item": f"事项{n:02d}", "deadline": "2026-06-30"})
    c = client_for(li)
    first, third = c.get("/notifications/").content.decode(), c.get("/notifications/?page=3").content.decode()
    assert "事项44" in first and "事项25" in first and "事项24" not in first and "第 1 / 3 页" in first
    assert "事项04" in third and "事项00" in third and "事项05" not in third
    assert c.get("/notifications/?page=abc").status_code == 200
    assert "事项04" in c.get("/notifications/?page=999").content.decode()  # past the end: the last page


def test_a_notice_written_before_the_account_was_made_is_in_its_inbox(world, clock, client_for):
    from django.contrib.auth import get_user_model

    send(world.person_a2)
    late = get_user_model().objects.create_user(username="late", password="x", person=world.person_a2)
    assert "硬化村口道路" in client_for(late).get("/notifications/").content.decode()


def test_the_settings_page_saves_the_persons_choices_and_audits_them(world, li, clock, client_for):
    c = client_for(li)
    page = c.get("/notifications/settings/").content.decode()
    assert "13800000002" in page and "li@example.cn" in page and 'value="22:00"' in page
    r = c.post(
        "/notifications/settings/",
        {
            "commitment__overdue--email": "on",
            "commitment__progress_due--sms": "on",
            "quiet_hours": "on",
            "quiet_start": "21:30",
            "quiet_end": "08:00",
            "sms_per_hour": "3",
            "language": "en",
        },
    )
    assert r.status_code == 302
    prefs = Preferences.objects.get(user=li)
    assert prefs.wants("commitment.overdue", "email") and not prefs.wants("commitment.overdue", "sms")
    assert prefs.wants("commitment.progress_due", "sms") and not prefs.wants("commitment.progress_due", "email")
    assert (str(prefs.quiet_start), prefs.sms_per_hour, prefs.language) == ("21:30:00", 3, "en")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id, entry.object_id) == ("notify.preferences", li.pk, str(prefs.pk))
    assert entry.changes["quiet_start"] == ["22:00", "21:30"] and entry.changes["language"] == ["zh-hans", "en"]
    assert "commitment.overdue" in str(entry.changes["channels"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("sms_per_hour", "99"), ("sms_per_hour", "0"), ("sms_per_hour", "many"), ("quiet_start", "25:00")],
)
def test_bad_settings_are_refused_with_a_sentence(world, li, clock, client_for, field, value):
    data = {"quiet_start": "22:00", "quiet_end": "07:00", "sms_per_hour": "5", "language": "zh-hans", field: value}
    r = client_for(li).post("/notifications/settings/", data)
    assert r.status_code == 422 and 'class="field-error"' in r.content.decode()
    assert not Preferences.objects.exists() and AuditEntry.objects.count() == 0


def test_nobody_sets_anothers_preferences(world, li):
    import datetime as dt

    from django.core.exceptions import PermissionDenied

    from web.notify.actions import do_set_preferences

    with pytest.raises(PermissionDenied):
        do_set_preferences(
            user=li,
            channels={},
            quiet_hours=False,
            quiet_start=dt.time(22),
            quiet_end=dt.time(7),
            sms_per_hour=5,
            language="zh-hans",
            acting_user=world.organiser,
        )
    assert not Preferences.objects.exists()


def test_a_notice_of_a_kind_no_longer_known_still_shows(world, li, clock, client_for):
    notice = send(li)
    Notice.objects.filter(pk=notice.pk).update(kind="commitment.retired")
    page = client_for(li).get("/notifications/")
    assert page.status_code == 200 and "硬化村口道路" in page.content.decode()


def test_the_inbox_is_searched_by_the_names_in_its_notices_and_filtered(world, li, clock, client_for):
    for n in range(30):
        clock.advance(minutes=1)
        unit = "红星社区" if n % 3 == 0 else "和平社区"
        send(li, key=f"k{n}", context={"unit": unit, "item": f"事项{n:02d}", "deadline": "2026-06-30"})
    clock.advance(minutes=1)
    due = {"unit": "和平社区", "item": "路灯维修", "quarter": "3", "due": "2026-10-15"}
    send(li, key="due", kind="commitment.progress_due", context=due)
    c = client_for(li)
    c.post(f"/notifications/{Notice.objects.get(context__item='事项03').pk}/open")  # one read
    assert _items(c.get("/notifications/", {"q": "事项07"})) == ["事项07"]
    assert len(_items(c.get("/notifications/", {"q": "红星"}))) == 10  # by the unit's name
    assert _items(c.get("/notifications/", {"q": "路灯"})) == ["路灯维修"]
    assert _items(c.get("/notifications/", {"state": "read"})) == ["事项03"]
    unread = [_items(c.get("/notifications/", {"state": "unread", "page": n})) for n in ("1", "2")]
    assert len(unread[0]) == 20 and len(unread[1]) == 10 and "事项03" not in unread[0] + unread[1]
    assert _items(c.get("/notifications/", {"kind": "commitment.progress_due"})) == ["路灯维修"]
    assert "q=%E5%92%8C%E5%B9%B3&amp;page=2" in c.get("/notifications/", {"q": "和平"}).content.decode()  # 21: paged
    assert "没有符合条件的通知" in c.get("/notifications/", {"q": "不存在"}).content.decode()


def _items(response) -> list[str]:  # type: ignore[no-untyped-def]
    import re

    return re.findall(r"承诺“([^”]+)”", response.content.decode().split('id="notices"')[1])
