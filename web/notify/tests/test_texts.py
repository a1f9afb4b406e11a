"""Every kind's text fits one SMS in both languages, with long real names shortened sensibly,
and no text that leaves Jiceng (SMS, email) carries a secret."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from web.notify import guard, sms
from web.notify.kinds import ELLIPSIS, KINDS, MIN_NAME, SMS_LIMIT, render
from web.notify.models import Notice

LANGUAGES = ["zh-hans", "en"]
CASE = {
    "number": "1048576",
    "category": "住宅小区二次供水设施维修养护不到位",
    "office": "锦江区住房和城乡建设局物业管理科",
    "due": "2026-12-31 18:00",
}
PROPOSAL = {
    "number": "128",
    "title": "关于加快老旧小区加装电梯审批并统筹解决停车难问题的建议",
    "kept": "关于推进老旧小区改造中加装电梯和停车位建设的建议",
    "proposer": "欧阳建国",
    "office": "盐田区住房和建设局物业管理科",
    "due": "2026-12-31",
}
#: each kind's context with long, real-looking names: what the texts must fit one SMS with
SAMPLES: dict[str, dict[str, str]] = {
    "inquiry.answered": {"number": "1024", "to": "深圳市盐田区住房和建设局（区城市更新和土地整备局）"},
    "inquiry.overdue": {
        "number": "1024",
        "to": "深圳市盐田区住房和建设局（区城市更新和土地整备局）",
        "due": "2026-12-31",
    },
    "commitment.progress_due": {
        "unit": "锦桂镇红砂村股份经济合作联合社",
        "item": "光伏电站年收益达到 8 万元，收益分配方案经群众表决后公开",
        "quarter": "4",
        "due": "2026-12-31",
    },
    "commitment.overdue": {
        "unit": "锦华街道水井坊社区居民委员会",
        "item": "新增公益性岗位 8 个，优先安排脱贫户和残疾人家庭",
        "deadline": "2026-09-30",
    },
    # residents' requests: a million-case district's numbers, an urgent deadline (with its hour)
    **{
        kind: {k: CASE[k] for k in names}
        for kind, names in (
            ("case.dispatched", ("number", "category", "office", "due")),
            ("case.sent_back", ("number", "category", "office", "due")),
            ("case.escalated", ("number", "category", "office", "due")),
            ("case.sign_soon", ("number", "category", "office", "due")),
            ("case.reply_soon", ("number", "category", "office", "due")),
            ("case.overdue", ("number", "category", "office", "due")),
            ("case.received", ("number", "category")),
            ("case.handling", ("category", "office", "due")),
            ("case.replied", ("category", "office")),
            ("case.representative_replied", ("number", "category", "office")),
            ("case.visit_ask", ("category",)),
            ("case.merged_replied", ("number", "category")),
        )
    },
    # representatives' proposals: a long title, a long unit's name
    **{
        kind: {k: PROPOSAL[k] for k in names}
        for kind, names in (
            ("proposal.cosign", ("proposer", "title", "due")),
            ("proposal.merged", ("title", "number", "kept")),
            ("proposal.accepted", ("number", "title")),
            ("proposal.declined", ("number", "title")),
            ("proposal.assigned", ("number", "title", "office", "due")),
            ("proposal.reopened", ("number", "title", "office", "due")),
            ("proposal.answer_soon", ("number", "title", "office", "due")),
            ("proposal.overdue", ("number", "title", "office", "due")),
            ("proposal.answered", ("title", "office", "due")),
        )
    },
    "case.extended": {
        "category": "生活垃圾清运不及时",
        "due": "2027-01-15",
        "reason": "涉及小区垃圾站改造，需区城管局审批施工方案并协调清运车辆，预计两周完成。",
    },
}


def test_every_kind_has_a_sample_with_every_value_its_text_needs():
    assert set(SAMPLES) == set(KINDS), "give each kind of web/notify/kinds.py a sample here"
    for key, sample in SAMPLES.items():
        render(key, sample, language="zh-hans")  # a missing value would raise KeyError
        assert set(KINDS[key].names) <= set(sample)


CJK = re.compile(r"[\u4e00-\u9fff]")


def _notice(kind: str, context: dict[str, str]) -> Notice:
    return Notice(kind=kind, context=context, link="/staff/commitments/1/")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_fits_one_sms_with_its_signature_and_long_names(kind, language):
    from web.notify.delivery import sms_text

    text, params = sms_text(_notice(kind, SAMPLES[kind]), language)
    assert len(sms.signed(text)) <= SMS_LIMIT, sms.signed(text)
    for name, value in params.items():
        full = SAMPLES[kind][name]
        if value != full:  # shortened: the start kept, at least MIN_NAME characters, then "…"
            assert name in KINDS[kind].names and value.endswith(ELLIPSIS), (name, value)
            assert full.startswith(value[:-1]) and len(value) > MIN_NAME


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_short_names_are_not_shortened_and_the_in_app_text_is_whole(kind):
    short = {k: (v if k not in KINDS[kind].names else v[:4]) for k, v in SAMPLES[kind].items()}
    text, params = render(kind, short, language="zh-hans", limit=SMS_LIMIT - 4)
    assert params == short and ELLIPSIS not in text
    whole, _ = render(kind, SAMPLES[kind], language="zh-hans")
    assert all(v in whole for v in SAMPLES[kind].values())


def test_a_kind_that_cannot_fit_is_a_mistake_in_the_registry():
    with pytest.raises(ValueError, match="does not fit"):
        render("commitment.overdue", SAMPLES["commitment.overdue"], language="zh-hans", limit=20)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_sms_or_email_text_carries_a_link_a_token_or_a_code(kind, language):
    from web.notify.delivery import email_text, sms_text

    notice = _notice(kind, SAMPLES[kind])
    subject, body = email_text(notice, language)
    text, _params = sms_text(notice, language)
    for part in (subject, body, text):
        assert guard.secrets_in(part) == [], part


def _real_secrets() -> list[str]:
    """Secrets as Jiceng makes them: voting codes (plain and grouped), receipts, setup links, API tokens."""
    from web.accounts.models import ApiToken, SetupLink
    from web.meetings.secrecy import grouped, new_code, new_receipt

    code = new_code()
    return [
        code,
        grouped(code),
        new_receipt(),
        f"https://jiceng.example.cn/accounts/setup/{SetupLink.new_token()}/",
        f"/accounts/setup/{SetupLink.new_token()}/",
        SetupLink.new_token(),
        ApiToken.new_secret(),
    ]


@pytest.mark.parametrize("n", range(20))
def test_the_guard_finds_every_kind_of_secret_jiceng_makes(n):
    for secret in _real_secrets():
        assert guard.secrets_in(f"承诺“{secret}”已逾期"), secret
        assert secret not in guard.masked(f"承诺“{secret}”已逾期")


def test_ordinary_names_dates_and_periods_are_not_taken_for_secrets():
    for text in ["光伏电站年收益达到 8 万元", "2026-Q2", "2026-06-30", "GB50016-2014 标准", "LED 路灯 120 盏", "Q3"]:
        assert guard.secrets_in(text) == [], text
    for kind in KINDS.values():
        assert all(guard.secrets_in(v) == [] for v in SAMPLES[kind.key].values())


def test_the_notice_context_never_carries_a_secret(world):
    from web.notify.tests.conftest import send

    for key in ("code", "setup_link", "token", "password", "url"):
        with pytest.raises(ValueError, match="secrets never go by SMS"):
            send(world.person_a2, key=key, context={"unit": "和平社区", "item": "x", "deadline": "d", key: "x"})
    code = _real_secrets()[1]
    notice = send(world.person_a2, context={"unit": "和平社区", "item": f"投票码 {code}", "deadline": "2026-06-30"})
    assert code not in str(notice.context) and guard.MASK in notice.context["item"]
    with pytest.raises(ValueError, match="without a token"):
        from django.db import transaction

        from web.notify.outbox import notify

        with transaction.atomic():
            notify(world.person_a2, "commitment.overdue", {}, key="x", link="/accounts/setup/abc?token=1")


def test_every_kind_has_english_words():
    for kind in KINDS.values():
        with translation.override("en"):
            assert not CJK.search(str(kind.text)) and not CJK.search(str(kind.name)), kind.key
