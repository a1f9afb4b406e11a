"""Every kind of notice Jiceng sends, with its words, in one registry (as ``web.audit.names``
holds every action): a kind's key is written once, and an unknown key fails at once.

A notice's text is a short sentence in Chinese (English in the catalogue) filled from the
notice's context: plain values only (names, dates, a quarter), never a secret
(``web.notify.guard``). By SMS it must fit one message: 70 characters with the signature
(``【基层】``), so names are shortened at their end (``…``) until it fits; the test renders every
kind with long real-looking names in both languages (``tests/test_texts.py``: a kind
without its sample there fails).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: one SMS of Chinese (UCS-2) text, the signature included
SMS_LIMIT = 70
ELLIPSIS = "…"
#: a shortened name keeps at least this many characters (and the ellipsis)
MIN_NAME = 4


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内通知")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


#: the channels that leave Jiceng, each delivered and recorded by a ``Delivery`` row; in-app is
#: the notice itself, in the inbox at once
EXTERNAL: tuple[Channel, ...] = (Channel.SMS, Channel.EMAIL)


@dataclass(frozen=True)
class Kind:
    key: str
    #: what the settings page and an email's subject call it
    name: StrOrPromise
    #: the sentence, ``%(name)s`` placeholders filled from the context
    text: StrOrPromise
    #: the context's names that may be shortened to fit one SMS (the longest first)
    names: tuple[str, ...]
    #: the external channels on unless the person turns them off
    channels: frozenset[str] = field(default_factory=lambda: frozenset({Channel.SMS, Channel.EMAIL}))


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            key="commitment.progress_due",
            name=_("承诺事项季度进展待报送"),
            text=_("%(unit)s承诺“%(item)s”第%(quarter)s季度进展待报送，请于%(due)s前报送。"),
            names=("item", "unit"),
        ),
        Kind(
            key="commitment.overdue",
            name=_("承诺事项已逾期"),
            text=_("%(unit)s承诺“%(item)s”已过完成时限%(deadline)s，请尽快推进并报送进展。"),
            names=("item", "unit"),
        ),
        # residents' requests (web/cases/notices.py, web/cases/jobs.py): to the office's desks…
        Kind(
            key="case.dispatched",
            name=_("新派诉求待签收"),
            text=_("诉求%(number)s（%(category)s）已派给%(office)s，请于%(due)s前签收。"),
            names=("category", "office"),
        ),
        Kind(
            key="case.sent_back",
            name=_("退单未获认可"),
            text=_("诉求%(number)s（%(category)s）退单未获认可，已退回%(office)s，请于%(due)s前签收。"),
            names=("category", "office"),
        ),
        Kind(
            key="case.escalated",
            name=_("诉求提级督办"),
            text=_("诉求%(number)s（%(category)s）已提级由%(office)s督办，请于%(due)s前签收。"),
            names=("category", "office"),
        ),
        Kind(
            key="case.sign_soon",
            name=_("诉求签收催办"),
            text=_("催办：诉求%(number)s（%(category)s）签收时限%(due)s将到，请%(office)s尽快签收。"),
            names=("category", "office"),
        ),
        Kind(
            key="case.reply_soon",
            name=_("诉求办理催办"),
            text=_("催办：诉求%(number)s（%(category)s）办理时限%(due)s将到，请%(office)s按时答复。"),
            names=("category", "office"),
        ),
        Kind(
            key="case.overdue",
            name=_("诉求已逾期"),
            text=_("诉求%(number)s（%(category)s）已超过办理时限%(due)s，请%(office)s尽快办理答复。"),
            names=("category", "office"),
        ),
        # …to the requester (never the tracking code: they were given it, the text only says where to enter it)…
        Kind(
            key="case.received",
            name=_("诉求已受理"),
            text=_("您的诉求%(number)s（%(category)s）已受理。查询码只在受理时给您，请凭编号和查询码查看进展。"),
            names=("category",),
        ),
        Kind(
            key="case.handling",
            name=_("诉求已交办"),
            text=_("您的诉求（%(category)s）已交%(office)s办理，将于%(due)s前答复您。"),
            names=("category", "office"),
        ),
        Kind(
            key="case.extended",
            name=_("诉求办理延期"),
            text=_("您的诉求（%(category)s）办理期限延至%(due)s，理由：%(reason)s"),
            names=("reason", "category"),
        ),
        Kind(
            key="case.replied",
            name=_("诉求已答复"),
            text=_("您的诉求（%(category)s）已由%(office)s答复，可凭查询码在“查询诉求”页查看。"),
            names=("category", "office"),
        ),
        Kind(
            key="case.visit_ask",
            name=_("请评价诉求办理结果"),
            text=_("您的诉求（%(category)s）已答复。请打开/requests/follow/，输入查询码，评价办理结果。"),
            names=("category",),
        ),
        Kind(
            key="case.merged_replied",
            name=_("合并办理的诉求已答复"),
            text=_("您的诉求已并入同类诉求%(number)s（%(category)s）办理，现已答复，可凭查询码查看。"),
            names=("category",),
        ),
        # …and to the representative linked to it
        Kind(
            key="case.representative_replied",
            name=_("您联系的诉求已答复"),
            text=_("您联系的诉求%(number)s（%(category)s）已由%(office)s答复。"),
            names=("category", "office"),
        ),
        # congress inquiries (web/congress/notices.py, web/congress/jobs.py)
        Kind(
            key="inquiry.answered",
            name=_("询问已书面答复"),
            text=_("您的询问%(number)s（询问%(to)s）已书面答复，请登录查看。"),
            names=("to",),
        ),
        Kind(
            key="inquiry.overdue",
            name=_("询问书面答复已逾期"),
            text=_("询问%(number)s（询问%(to)s）已超过书面答复期限%(due)s，尚未书面答复。"),
            names=("to",),
        ),
        # representatives' proposals (web/proposals/notices.py, web/proposals/jobs.py)
        Kind(
            key="proposal.cosign",
            name=_("提案附议邀请"),
            text=_("%(proposer)s邀请您附议提案“%(title)s”，请于%(due)s前确认。"),
            names=("title", "proposer"),
        ),
        Kind(
            key="proposal.merged",
            name=_("提案已合并"),
            text=_("提案“%(title)s”已并入第%(number)s号提案“%(kept)s”，附议代表一并转入。"),
            names=("title", "kept"),
        ),
        Kind(
            key="proposal.accepted",
            name=_("提案已立案"),
            text=_("您的提案第%(number)s号“%(title)s”已立案，将交代表团讨论后提交大会表决。"),
            names=("title",),
        ),
        Kind(
            key="proposal.declined",
            name=_("提案不予立案"),
            text=_("您的提案第%(number)s号“%(title)s”不予立案，理由已在提案页公开。"),
            names=("title",),
        ),
        Kind(
            key="proposal.assigned",
            name=_("提案交办"),
            text=_("提案第%(number)s号“%(title)s”已交%(office)s主办，请于%(due)s前答复。"),
            names=("title", "office"),
        ),
        Kind(
            key="proposal.reopened",
            name=_("提案答复不满意，重新办理"),
            text=_("提案第%(number)s号“%(title)s”答复不满意，请%(office)s于%(due)s前再次答复。"),
            names=("title", "office"),
        ),
        Kind(
            key="proposal.answer_soon",
            name=_("提案答复催办"),
            text=_("催办：提案第%(number)s号“%(title)s”答复时限%(due)s将到，请%(office)s按时答复。"),
            names=("title", "office"),
        ),
        Kind(
            key="proposal.overdue",
            name=_("提案答复逾期"),
            text=_("提案第%(number)s号“%(title)s”已超过答复时限%(due)s，请%(office)s尽快答复。"),
            names=("title", "office"),
        ),
        Kind(
            key="proposal.answered",
            name=_("提案已答复，请评价"),
            text=_("您的提案“%(title)s”已由%(office)s答复，请于%(due)s前评价。"),
            names=("title", "office"),
        ),
    )
}


def kind_choices() -> list[tuple[str, StrOrPromise]]:
    """``Notice.kind``'s choices, read when asked: a new kind needs no migration."""
    return [(k.key, k.name) for k in KINDS.values()]


def render(
    key: str, context: dict[str, object], *, language: str, limit: int | None = None
) -> tuple[str, dict[str, str]]:
    """The kind's sentence in ``language`` and the values it was filled with. With ``limit``,
    the names are shortened, longest first, until the sentence has at most ``limit`` characters;
    a kind that cannot fit even so is a mistake in this registry (ValueError)."""
    kind = KINDS[key]
    params = {k: str(v) for k, v in context.items()}
    with translation.override(language):
        template = str(kind.text)
    text = template % params
    while limit is not None and len(text) > limit:
        for name in sorted(kind.names, key=lambda n: -len(params.get(n, ""))):
            shorter = _shortened(params.get(name, ""), by=len(text) - limit)
            if shorter is not None:
                params[name] = shorter
                break
        else:
            raise ValueError(f"notice kind {key!r} does not fit {limit} characters in {language}")
        text = template % params
    return text, params


def _shortened(value: str, *, by: int) -> str | None:
    """``value`` cut at its end by about ``by`` characters, with ``…``; None when it is already as
    short as a name may be."""
    keep = max(MIN_NAME, len(value) - by - 1)
    if keep + 1 >= len(value):
        return None
    return value.removesuffix(ELLIPSIS)[:keep] + ELLIPSIS
