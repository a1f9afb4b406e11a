"""The resident's pages: file a request (without an account, signed in, or from a representative's
service card), follow it by its number and tracking code, answer the return visit, and a signed-in
resident's own requests.

The tracking code travels only in POST bodies (the follow form, the answer form), never in an
address, so it appears in no access log; the pages that show it are never cached."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from web.accounts.actors import acting
from web.cases import access
from web.cases.actions import do_visit_case
from web.cases.errors import CaseError
from web.cases.intake import follow as following
from web.cases.intake import limits
from web.cases.intake.forms import AnswerForm, FollowForm, RequestForm, normalise_phone
from web.cases.intake.views import common
from web.cases.models import Case
from web.cases.queries import after_filtering
from web.common.http import no_store, switches_language_in_form
from web.common.listing import listing
from web.common.numbers import is_ascii_digits
from web.org.models import Role

TOO_MANY = _("这个手机号或网络提交得太频繁，请过一小时再提交；急事请直接打电话给社区。")
WRONG_CODE = _("诉求编号或查询码不对。请对照受理时记下的查询码再试一次（12 位，字母和数字）。")
FOLLOW_LOCKED = _("查询错误次数太多，请过 15 分钟再试。")


def _form_page(request: HttpRequest, form: RequestForm, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = {"form": form, "similar": common.similar_note(form), "refresh": common.REFRESH, **extra}
    return render(request, "cases/intake/new.html", context, status=status)


def _resident_form(request: HttpRequest, scope: list[str] | None) -> RequestForm:
    signed_in = request.user.is_authenticated
    form = common.build(request, RequestForm, scope, phone_required=not signed_in)
    person = getattr(request.user, "person", None) if signed_in else None
    if not form.is_bound and person is not None:
        form.initial.setdefault("requester_phone", person.phone)
        form.initial.setdefault("requester_name", person.name)
    return form


@no_store
@switches_language_in_form
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """A resident's request: channel ``account`` when signed in, else ``online``."""
    form = _resident_form(request, None)
    if common.is_refresh(request):
        return _form_page(request, form)
    if request.user.is_authenticated:
        return _take(request, form, channel=Case.Channel.ACCOUNT, acting_user=acting(request))
    return _take(request, form, channel=Case.Channel.ONLINE, acting_user=None)


def _take(request: HttpRequest, form: RequestForm, **kw: Any) -> HttpResponse:
    extra = {"representative": kw.get("representative")}
    anonymous = kw["acting_user"] is None
    phone = normalise_phone(request.POST.get("requester_phone", ""))
    if anonymous and limits.take_blocked(request, phone=phone):
        form.add_error(None, TOO_MANY)
        return _form_page(request, form, status=429, **extra)
    if not form.is_valid():
        return _form_page(request, form, status=400, **extra)
    taken = common.take(form, **kw)
    if taken is None:
        return _form_page(request, form, status=400, **extra)
    if anonymous:
        limits.note_take(request, phone=phone)
    return common.taken_page(request, *taken)


def _card_representative(user_id: int) -> Any:
    user = get_user_model().objects.filter(pk=user_id, roles__kind=Role.Kind.REPRESENTATIVE, is_active=True).first()
    if user is None:
        raise Http404
    return user


def representative_paths(user: Any) -> list[str]:
    return list(Role.objects.filter(user=user, kind=Role.Kind.REPRESENTATIVE).values_list("unit__path", flat=True))


@no_store
@switches_language_in_form
@require_http_methods(["GET", "POST"])
def card(request: HttpRequest, representative_id: int) -> HttpResponse:
    """The form a representative's service card opens: the representative filled in, the places
    those of their units; channel ``card``, taken as from a resident without an account."""
    representative = _card_representative(representative_id)
    form = common.build(request, RequestForm, representative_paths(representative))
    if common.is_refresh(request):
        return _form_page(request, form, representative=representative)
    return _take(request, form, channel=Case.Channel.CARD, acting_user=None, representative=representative)


# ---- following a case ---------------------------------------------------------------------


def _follow_page(request: HttpRequest, form: FollowForm, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "cases/public/follow.html", {"form": form, "error": error}, status=status)


def _case_page(
    request: HttpRequest, case: Case, *, code: str = "", answer: AnswerForm | None = None, status: int = 200
) -> HttpResponse:
    context = following.view_of(case) | {"code": code, "answer": answer or AnswerForm(), "mine": not code}
    return render(request, "cases/public/follow_case.html", context, status=status)


def _opened(request: HttpRequest) -> tuple[FollowForm, Case | None, HttpResponse | None]:
    """The case the posted number and code open, or the page that says why not."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        return form, None, _follow_page(request, form, status=400)
    number = form.cleaned_data["number"]
    if limits.follow_blocked(request, number=number):
        return form, None, _follow_page(request, form, error=FOLLOW_LOCKED, status=429)
    case = following.find(number, form.cleaned_data["code"])
    if case is None:
        limits.note_follow_failure(request, number=number)
        return form, None, _follow_page(request, form, error=WRONG_CODE, status=403)
    return form, case, None


@no_store
@switches_language_in_form
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" or ("language" in request.POST and "code" not in request.POST):
        number = request.GET.get("number", "")[:12]
        return _follow_page(request, FollowForm(initial={"number": number if is_ascii_digits(number) else ""}))
    form, case, refused = _opened(request)
    if refused is not None:
        return refused
    assert case is not None
    return _case_page(request, case, code=form.cleaned_data["code"])


def _answer(request: HttpRequest, case: Case, *, code: str = "") -> HttpResponse:
    answer = AnswerForm(request.POST)
    if not answer.is_valid():
        return _case_page(request, case, code=code, answer=answer, status=400)
    data = answer.cleaned_data
    try:
        do_visit_case(
            case=case,
            method="sms",
            satisfaction=data["satisfaction"],
            solved=data["solved"],
            note=data.get("note", ""),
            acting_user=None,
        )
    except CaseError as exc:
        answer.add_error(None, str(exc.message))
        return _case_page(request, case, code=code, answer=answer, status=exc.status)
    case.refresh_from_db()
    return _case_page(request, case, code=code, answer=AnswerForm()) if code else _mine_page(request, case, True)


@no_store
@switches_language_in_form
@require_POST
def answer(request: HttpRequest) -> HttpResponse:
    """The return visit answered by the requester, with the number and code the page carries."""
    form, case, refused = _opened(request)
    if refused is not None:
        return refused
    assert case is not None
    if case.state != Case.State.REPLIED:
        return _case_page(request, case, code=form.cleaned_data["code"], status=409)
    if "language" in request.POST:
        return _case_page(request, case, code=form.cleaned_data["code"], answer=AnswerForm(request.POST))
    return _answer(request, case, code=form.cleaned_data["code"])


# ---- a signed-in resident's own requests ---------------------------------------------------


def own(user: Any) -> Any:
    q = Q(requester_user=user)
    if getattr(user, "person_id", None):
        q |= Q(requester_id=user.person_id)
    return Case.objects.filter(q)


#: what a row of the resident's list reads (not the description, the reply or the requester)
MINE_FIELDS = ("id", "state", "received_at", "entry_id", "unit_id", "entry__name", "unit__name")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A signed-in resident's own requests, newest first. Their requests are read by the indexes
    on the requester (their account, their roster entry) and the few sorted after: ordered by a
    bare ``received_at``, SQLite walked that index through every request of the district looking
    for theirs (``queries.after_filtering``)."""
    rows = (
        own(request.user)
        .select_related("entry", "unit")
        .only(*MINE_FIELDS)
        .order_by(after_filtering("received_at").desc(), "-id")
    )
    found = listing(
        request,
        rows,
        search=lambda rows, q: rows.filter(Q(description__contains=q) | Q(entry__name__contains=q)),
        placeholder=_("按内容或类别查找"),
    )
    head, _slash, tail = reverse("case_intake:mine_case", kwargs={"case_id": 0}).rpartition("/0/")
    for case in found.page.object_list:  # once per row here, not a tag per row in the template
        case.words = following.state_words(case)
        case.link = f"{head}/{case.pk}/{tail}"
    return render(request, "cases/intake/mine.html", {"list": found})


def _own_case(request: HttpRequest, case_id: int) -> Case:
    case = own(request.user).select_related("entry", "unit", "office").filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def _mine_page(request: HttpRequest, case: Case, answered: bool = False) -> HttpResponse:
    return _case_page(request, case)


@login_required
def mine_case(request: HttpRequest, case_id: int) -> HttpResponse:
    return _mine_page(request, _own_case(request, case_id))


@require_POST
@login_required
def mine_answer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _own_case(request, case_id)
    if not access.is_requester(request.user, case) or case.state != Case.State.REPLIED:
        return _case_page(request, case, status=409)
    return _answer(request, case)
