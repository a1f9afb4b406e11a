"""The case page: what was asked, where the case is, its history, and the actions the person may
take now, each a small form posting to ``cases:act``. A refused action shows the page again with
the sentence (the action's status: 403, 409 or 422); a done one redirects back with a message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from web.accounts.actors import acting
from web.cases import access, actions, queries
from web.cases import forms as f
from web.cases.flow import CASES
from web.cases.models import Case, Office, Rating
from web.common import clock
from web.common.errors import RefusedStep

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Who = Callable[[Any, Case], bool]


def _handles(user: Any, case: Case) -> bool:
    return access.handles(user, case)


def _dispatches(user: Any, case: Case) -> bool:
    return access.dispatches(user, case)


def _handles_or_dispatches(user: Any, case: Case) -> bool:
    return access.handles(user, case) or access.dispatches(user, case)


def _visits(user: Any, case: Case) -> bool:
    return access.dispatches(user, case) or case.lead_id in access.office_ids(user)


def _represents(user: Any, case: Case) -> bool:
    return case.representative_id is not None and case.representative_id == user.pk


def _leaves(move: str) -> Callable[[Case], bool]:
    return lambda case: case.state in CASES.moves[move].leaves


@dataclass(frozen=True)
class Offer:
    """One action of the case page: who may take it, in which states, its form and what it runs."""

    name: str
    title: StrOrPromise
    who: Who
    #: the sentence for someone who may read the case but not take this action (403)
    not_yours: StrOrPromise
    now: Callable[[Case], bool]
    form: type[django_forms.Form]
    run: Callable[[HttpRequest, Case, dict[str, Any]], Any]
    done: StrOrPromise
    #: the action the page leads with in the case's state (shown open)
    leads: frozenset[str] = frozenset()
    #: asks for a confirmation before it is sent
    confirm: StrOrPromise = ""


def _by(request: HttpRequest) -> Any:
    return acting(request)


def _run_dispatch(request: HttpRequest, case: Case, d: dict[str, Any]) -> Any:
    return actions.do_dispatch_case(case=case, office=d.get("office"), acting_user=_by(request))


def _run_merge(request: HttpRequest, case: Case, d: dict[str, Any]) -> Any:
    target = Case.objects.filter(pk=d["into"]).first()
    if target is None or not access.may_read(request.user, target):
        raise access.refuse(_("没有找到编号为 %(n)s 的诉求。") % {"n": d["into"]}, "no_such_case", 422)
    return actions.do_merge_case(case=case, into=target, acting_user=_by(request))


def _run_visit(request: HttpRequest, case: Case, d: dict[str, Any]) -> Any:
    return actions.do_visit_case(
        case=case,
        method=d["method"],
        satisfaction=d["satisfaction"],
        solved=d["solved"],
        note=d["note"],
        acting_user=_by(request),
    )


def _run_rate(request: HttpRequest, case: Case, d: dict[str, Any]) -> Any:
    return actions.do_rate_office(case=case, acting_user=_by(request), **d)


S = Case.State
NOT_HANDLER = gettext_lazy("这件诉求不在您的单位办理。")
NOT_DISPATCHER = gettext_lazy("只有负责这个地方的派单员可以这样做。")

OFFERS: dict[str, Offer] = {
    o.name: o
    for o in (
        Offer(
            "sign",
            gettext_lazy("签收"),
            _handles,
            NOT_HANDLER,
            _leaves("sign"),
            f.SignForm,
            lambda r, c, d: actions.do_sign_case(case=c, acting_user=_by(r)),
            gettext_lazy("已签收，开始办理。"),
            leads=frozenset({S.DISPATCHED}),
        ),
        Offer(
            "reply",
            gettext_lazy("答复"),
            _handles,
            NOT_HANDLER,
            _leaves("reply"),
            f.ReplyForm,
            lambda r, c, d: actions.do_reply_case(case=c, text=d["text"], acting_user=_by(r)),
            gettext_lazy("已答复，等待回访。"),
            leads=frozenset({S.SIGNED}),
        ),
        Offer(
            "return",
            gettext_lazy("退单"),
            _handles,
            NOT_HANDLER,
            _leaves("return"),
            f.ReturnForm,
            lambda r, c, d: actions.do_return_case(
                case=c, reason_code=d["reason_code"], reason=d["reason"], acting_user=_by(r)
            ),
            gettext_lazy("已退单，等待派单员审核。"),
        ),
        Offer(
            "extend",
            gettext_lazy("申请延期"),
            _handles,
            NOT_HANDLER,
            lambda c: c.state == S.SIGNED and not c.extended and c.reply_by is not None and c.reply_by > clock.now(),
            f.ExtendForm,
            lambda r, c, d: actions.do_extend_case(case=c, days=d["days"], reason=d["reason"], acting_user=_by(r)),
            gettext_lazy("已延期。"),
        ),
        Offer(
            "dispatch",
            gettext_lazy("派单"),
            _dispatches,
            NOT_DISPATCHER,
            _leaves("dispatch"),
            f.DispatchForm,
            _run_dispatch,
            gettext_lazy("已派单。"),
            leads=frozenset({S.RECEIVED, S.RETURNED}),
        ),
        Offer(
            "assist",
            gettext_lazy("增加协办单位"),
            _handles_or_dispatches,
            gettext_lazy("只有主办单位或派单员可以增加协办单位。"),
            lambda c: c.is_open and c.state != S.RETURNED,
            f.OfficeForm,
            lambda r, c, d: actions.do_add_assist(case=c, office=d["office"], acting_user=_by(r)),
            gettext_lazy("已增加协办单位。"),
        ),
        Offer(
            "send_back",
            gettext_lazy("不认可退单，退回原单位"),
            _dispatches,
            NOT_DISPATCHER,
            _leaves("send_back"),
            f.ReasonForm,
            lambda r, c, d: actions.do_send_back_case(case=c, reason=d["reason"], acting_user=_by(r)),
            gettext_lazy("已退回原单位，原单位需重新签收。"),
        ),
        Offer(
            "escalate",
            gettext_lazy("提级督办"),
            _dispatches,
            NOT_DISPATCHER,
            lambda c: c.state in CASES.moves["escalate"].leaves and access.next_office(c) is not None,
            f.ReasonForm,
            lambda r, c, d: actions.do_escalate_case(case=c, reason=d["reason"], acting_user=_by(r)),
            gettext_lazy("已提级，由上一级单位签收办理。"),
            confirm=gettext_lazy("提级后由上一级单位主办，本级单位转为协办。确定提级吗？"),
        ),
        Offer(
            "merge",
            gettext_lazy("合并到另一件诉求"),
            _dispatches,
            NOT_DISPATCHER,
            _leaves("merge"),
            f.MergeForm,
            _run_merge,
            gettext_lazy("已合并。"),
            confirm=gettext_lazy("合并后这件诉求不再单独办理。确定合并吗？"),
        ),
        Offer(
            "visit",
            gettext_lazy("记录回访"),
            _visits,
            gettext_lazy("回访由首接单位或派单员进行。"),
            _leaves("visit"),
            f.VisitForm,
            _run_visit,
            gettext_lazy("已记录回访。"),
            leads=frozenset({S.REPLIED}),
        ),
        Offer(
            "close",
            gettext_lazy("办结"),
            _visits,
            gettext_lazy("办结由首接单位或派单员确认。"),
            _leaves("close"),
            f.SignForm,
            lambda r, c, d: actions.do_close_case(case=c, acting_user=_by(r)),
            gettext_lazy("已办结。"),
            leads=frozenset({S.VISITED}),
        ),
        Offer(
            "close_unvisited",
            gettext_lazy("未能回访，办结"),
            _visits,
            gettext_lazy("办结由首接单位或派单员确认。"),
            _leaves("close_unvisited"),
            f.ReasonForm,
            lambda r, c, d: actions.do_close_case(case=c, reason=d["reason"], acting_user=_by(r)),
            gettext_lazy("已办结（未回访，不计满意度）。"),
        ),
        Offer(
            "exclude",
            gettext_lazy("标记为不计入考核"),
            _dispatches,
            NOT_DISPATCHER,
            lambda c: not c.excluded,
            f.ReasonForm,
            lambda r, c, d: actions.do_exclude_case(case=c, reason=d["reason"], acting_user=_by(r)),
            gettext_lazy("已标记为不计入考核，理由会列在考核表旁。"),
        ),
        Offer(
            "refer",
            gettext_lazy("转交其他代表"),
            _represents,
            gettext_lazy("只有联系这件诉求的代表可以转交。"),
            lambda c: c.is_open,
            f.ReferForm,
            lambda r, c, d: actions.do_refer_case(case=c, to=d["to"], reason=d["reason"], acting_user=_by(r)),
            gettext_lazy("已转交。"),
        ),
        Offer(
            "rate",
            gettext_lazy("评价承办单位"),
            _represents,
            gettext_lazy("只有联系这件诉求的代表可以评价承办单位。"),
            lambda c: c.replied_at is not None,
            f.RateForm,
            _run_rate,
            gettext_lazy("已评价，计入承办单位的考核。"),
            leads=frozenset({S.REPLIED, S.VISITED, S.CLOSED}),
        ),
    )
}


def _unrated_offices(user: Any, case: Case) -> Any:
    handled = [pk for pk in {case.office_id, *case.assists.values_list("office_id", flat=True)} if pk is not None]
    rated = Rating.objects.filter(case=case, representative=user).values_list("office_id", flat=True)
    return Office.objects.filter(pk__in=handled).exclude(pk__in=rated)


def _form(request: HttpRequest, case: Case, name: str, data: Any = None) -> django_forms.Form:
    """The offer's form, bound to ``data`` when it was sent; its choices read for this case."""
    cls = OFFERS[name].form
    kwargs: dict[str, Any] = {"prefix": name}
    if cls in (f.OfficeForm, f.DispatchForm):
        kwargs["offices"] = queries.covering_offices(case)
        kwargs["shown"] = queries.find_offices(case, request.GET.get("oq", "").strip()[:50])
    elif cls is f.ReferForm:
        kwargs["representatives"] = queries.representatives(request.user)
        kwargs["shown"] = queries.find_representatives(request.user, request.GET.get("rq", "").strip()[:50])
    elif cls is f.RateForm:
        kwargs["offices"] = _unrated_offices(request.user, case)
    return cls(data, **kwargs)


def _offers(request: HttpRequest, case: Case, sent: tuple[str, django_forms.Form] | None) -> list[dict[str, Any]]:
    """The actions the person may take on the case now, each with its form (the one sent, with
    its errors, in place of a fresh one)."""
    shown: list[dict[str, Any]] = []
    for name, offer in OFFERS.items():
        if not (offer.who(request.user, case) and offer.now(case)):
            continue
        form = sent[1] if sent and sent[0] == name else _form(request, case, name)
        if name == "rate" and not form.fields["office"].queryset.exists():  # type: ignore[attr-defined]
            continue
        shown.append({"offer": offer, "form": form, "open": case.state in offer.leads or form.is_bound})
    if sent and sent[0] not in {str(item["offer"].name) for item in shown}:  # no longer offered: say why all the same
        for error in sent[1].non_field_errors():
            messages.error(request, str(error))
    return shown


#: the longer side of a photo's thumbnail on the case page, in CSS pixels
THUMBNAIL = 220


def _thumbnails(case: Case) -> list[dict[str, Any]]:
    """The request's photos, each with its size as a thumbnail (the page keeps its layout while
    they load); the photo itself is served by ``case_intake:photo`` to those who read the case."""
    shown = []
    for photo in case.photos.only("pk", "width", "height"):
        scale = min(1.0, THUMBNAIL / max(photo.width, photo.height, 1))
        shown.append({"pk": photo.pk, "width": round(photo.width * scale), "height": round(photo.height * scale)})
    return shown


def _crumbs(user: Any, case: Case) -> list[tuple[str, str]]:
    """The way back: the list the person most likely came from."""
    if access.handles(user, case):
        return [(reverse("cases:queue"), _("我的办理队列"))]
    if access.dispatches(user, case):
        return [(reverse("cases:desk"), _("派单台"))]
    if _represents(user, case) or access.referred_on(user).filter(case=case).exists():
        return [(reverse("cases:represented"), _("我联系的诉求"))]
    return [(reverse("cases:area"), _("辖区诉求"))]


def _page(
    request: HttpRequest, case: Case, *, sent: tuple[str, django_forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    now = clock.now()
    calendar = queries.calendar_now(now)
    urgent = case.entry.urgent
    context = {
        "case": case,
        "crumbs": _crumbs(request.user, case),
        "contact": queries.may_contact(request.user, case),
        "sign_due": queries.due(case.sign_by, now=now, calendar=calendar, urgent=urgent)
        if case.state == S.DISPATCHED
        else None,
        "reply_due": queries.due(case.reply_by, now=now, calendar=calendar, urgent=urgent)
        if case.state in Case.HANDLING
        else None,
        "now_due": queries.deadline_of(case, now=now, calendar=calendar),
        "assists": list(case.assists.select_related("office")),
        "visits": list(case.visits.all()),
        "ratings": list(case.ratings.select_related("office")),
        "merged": list(case.merged.order_by().only("id", "state")[:20]),  # by its index, unsorted
        "photos": _thumbnails(case),
        "events": [(e, queries.event_words(e)) for e in queries.history(case)],
        "offers": _offers(request, case, sent),
        "route": access.route(case) if case.state in (S.RECEIVED, S.RETURNED) else None,
        "oq": request.GET.get("oq", "")[:50],
        "rq": request.GET.get("rq", "")[:50],
    }
    return render(request, "cases/case.html", context, status=status)


@require_GET
@login_required
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    return _page(request, queries.access_case(request.user, case_id))


@require_POST
@login_required
def act(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    """Take ``action`` on the case: 404 to whoever may not read it; 403 with the sentence to one
    who reads it but may not take the action; 422 for a form that does not parse; the action's
    own refusal (409, 422, 403) as the form's error."""
    case = queries.access_case(request.user, case_id)
    offer = OFFERS.get(action)
    if offer is None:
        raise Http404
    if not offer.who(request.user, case):
        messages.error(request, str(offer.not_yours))
        return _page(request, case, status=403)
    form = _form(request, case, action, request.POST)
    if not form.is_valid():
        return _page(request, case, sent=(action, form), status=422)
    try:
        offer.run(request, case, form.cleaned_data)
    except RefusedStep as exc:
        form.add_error(None, str(exc.message))
        fresh = queries.access_case(request.user, case_id)
        return _page(request, fresh, sent=(action, form), status=exc.status)
    messages.success(request, str(offer.done))
    return redirect("cases:case", case_id=case.pk)
