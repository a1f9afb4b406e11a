"""Who hears of a case's moves: the office's desks when it reaches them; the requester (an account,
or only the mobile number they left, by SMS) when it is dispatched, extended and replied; the
representative and the requesters of merged duplicates when it is replied. Never the tracking
code in a text; reminders resolved when their cause is done."""

from __future__ import annotations

import pytest

from web.cases import actions, jobs, notices
from web.cases.models import Case
from web.notify import jobs as delivery
from web.notify.models import Notice

PHONE = "13800000001"  # the take fixture's requester: no account, no roster entry


@pytest.fixture
def sms_log(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.NOTIFY_SMS_BACKEND = "file"
    settings.NOTIFY_SMS_FILE = tmp_path / "sms.log"
    return tmp_path / "sms.log"


def sent_sms(sms_log) -> list[str]:  # type: ignore[no-untyped-def]
    delivery.sweep()
    return sms_log.read_text(encoding="utf-8").splitlines() if sms_log.exists() else []


def kinds_for(who) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Notice.objects.filter(user=who).values_list("kind", flat=True))


def to_phone(number: str = PHONE) -> list[str]:
    return list(Notice.objects.filter(phone=number).order_by("id").values_list("kind", flat=True))


def online(cw, phone: str = PHONE, **extra) -> tuple[Case, str]:  # type: ignore[no-untyped-def]
    """A resident online without an account, who left only a mobile number."""
    return actions.do_take_case(
        channel=extra.pop("channel", "online"),
        entry=cw.entry("noise"),
        unit=cw.org.building_a1,
        description="楼上每晚装修，噪音很大。",
        acting_user=extra.pop("acting_user", None),
        requester_phone=phone,
        **extra,
    )


def test_a_dispatch_tells_the_office_and_the_requester_by_sms_never_with_the_code(cw, clock, sms_log):
    case, code = online(cw)
    actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    assert kinds_for(cw.community_handler) == ["case.dispatched"]
    assert kinds_for(cw.dispatcher) == []  # another office's desk
    assert to_phone() == ["case.handling"]
    lines = sent_sms(sms_log)
    assert len(lines) == 1 and f"\t{PHONE}\t" in lines[0]
    assert "已交和平社区居委会办理，将于2026-03-09前答复您" in lines[0]
    assert code not in lines[0] and case.token not in lines[0]
    assert all(code not in str(n.context) for n in Notice.objects.all())


def test_the_visit_is_asked_by_sms_pointing_at_the_follow_page(cw, take, clock, sms_log):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    actions.do_reply_case(case=case, text="已协调，装修改在白天。", acting_user=cw.community_handler)
    assert to_phone() == ["case.handling", "case.replied"]
    clock.set("2026-03-03")
    assert jobs.remind()["visit"] == 1
    assert jobs.remind()["visit"] == 0  # run again: asked once
    lines = sent_sms(sms_log)
    assert "请打开/requests/follow/，输入查询码，评价办理结果" in lines[-1]
    assert "“查询诉求”页查看" in lines[-2]
    assert list(case.events.filter(code="visit_ask").values_list("kind", "reason")) == [
        ("note", "已请诉求人评价办理结果（回访）。")
    ]
    # dissatisfied by phone later that day: redone, replied again, asked again the working day after
    clock.advance(hours=2)
    actions.do_visit_case(case=case, method="phone", satisfaction=1, solved=False, acting_user=cw.dispatcher)
    case = actions.do_reply_case(case=Case.objects.get(pk=case.pk), text="已重办。", acting_user=cw.community_handler)
    assert jobs.remind()["visit"] == 0
    clock.set("2026-03-04")
    assert jobs.remind()["visit"] == 1 and jobs.remind()["visit"] == 0
    assert to_phone().count("case.visit_ask") == 2


def test_a_requester_with_no_way_to_be_reached_is_not_asked(cw, clock):
    case, _code = actions.do_take_case(
        channel="phone", entry=cw.entry("noise"), unit=cw.org.building_a1, description="路灯坏了。",
        acting_user=cw.dispatcher, requester_phone="028-86612345", consent=True,
    )  # fmt: skip
    case = actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    actions.do_reply_case(case=case, text="已修。", acting_user=cw.community_handler)
    clock.set("2026-03-03")
    assert jobs.remind()["visit"] == 0 and not case.events.filter(code="visit_ask").exists()
    assert Notice.objects.filter(kind__in=["case.handling", "case.replied", "case.visit_ask"]).count() == 0


def test_an_extension_tells_the_requester_the_new_deadline_and_why(cw, take, clock, sms_log):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    actions.do_extend_case(case=case, days=3, reason="需物业公司配合检修", acting_user=cw.community_handler)
    assert "办理期限延至2026-03-12，理由：需物业公司配合检修" in sent_sms(sms_log)[-1]


def test_a_reply_reaches_the_representative_and_the_requesters_of_merged_duplicates(cw, take, clock, sms_log):
    case = take("noise", representative=cw.representative)
    twin, _code = online(cw, "13900000002")
    actions.do_merge_case(case=twin, into=case, acting_user=cw.dispatcher)
    case = actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    actions.do_reply_case(case=case, text="已协调。", acting_user=cw.community_handler)
    assert kinds_for(cw.representative) == ["case.representative_replied"]
    assert to_phone("13900000002") == ["case.merged_replied"]
    assert any("\t13900000002\t" in line and f"同类诉求{case.pk}" in line for line in sent_sms(sms_log))


def test_a_requester_with_an_account_reads_it_in_the_inbox(cw, clock, world):
    from django.contrib.auth import get_user_model

    resident = get_user_model().objects.create_user(username="resident", password="x", person=world.person_a2)
    case, _code = online(cw, "", channel="account", acting_user=resident)
    actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    notice = Notice.objects.get(kind="case.handling")
    assert (notice.user, notice.person, notice.phone) == (resident, world.person_a2, "")
    assert notice.link == notices.FOLLOW


def test_a_send_back_and_an_escalation_tell_the_office_that_must_sign(cw, take, clock):
    case = actions.do_dispatch_case(case=take("litter"), acting_user=cw.dispatcher)
    case = actions.do_return_case(case=case, reason_code="other", reason="不清楚", acting_user=cw.grid_handler)
    actions.do_send_back_case(case=case, reason="地址清楚，请办理", acting_user=cw.dispatcher)
    assert kinds_for(cw.grid_handler) == ["case.dispatched", "case.sent_back"]
    case = actions.do_escalate_case(case=Case.objects.get(pk=case.pk), acting_user=cw.dispatcher, reason="久拖")
    assert case.office == cw.community_a and kinds_for(cw.community_handler) == ["case.escalated"]
    text = notices_text(cw.community_handler)
    assert f"诉求{case.pk}（楼道杂物堆放）已提级由和平社区居委会督办" in text


def notices_text(user) -> str:  # type: ignore[no-untyped-def]
    from web.notify.queries import inbox_for, notice_text

    return " ".join(notice_text(n, "zh-hans") for n in inbox_for(user))


def test_signing_resolves_the_arrival_and_the_reminder_and_the_reply_the_overdue(cw, take, clock):
    case = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    clock.set("2026-03-03")
    assert jobs.remind()["sign"] == 1
    mine = Notice.objects.filter(user=cw.community_handler)
    assert mine.filter(resolved_at__isnull=True).count() == 2  # the arrival and the reminder
    case = actions.do_sign_case(case=case, acting_user=cw.community_handler)
    assert mine.filter(resolved_at__isnull=True).count() == 0
    clock.set("2026-03-10")
    assert jobs.overdue() == 1
    overdue = Notice.objects.get(user=cw.community_handler, kind="case.overdue")
    assert overdue.resolved_at is None
    actions.do_reply_case(case=case, text="已办。", acting_user=cw.community_handler)
    overdue.refresh_from_db()
    assert overdue.resolved_at is not None and overdue.read_at is not None


def test_no_notice_when_the_action_is_refused(cw, take, clock):
    case = take("noise")
    with pytest.raises(Exception, match="派单员"):
        actions.do_dispatch_case(case=case, acting_user=cw.community_handler)
    assert Notice.objects.count() == 0
