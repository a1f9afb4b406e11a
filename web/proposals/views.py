"""The staff pages of proposals: the list (a representative's and the liaison staff's), a season
with its delegations and the congress's vote, the filing form with its near-duplicate
suggestions, and the proposal page whose actions are small forms posting to ``proposals:act``.
A refused action shows the page again with the sentence (its status: 403, 409 or 422)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.common import clock
from web.common.errors import RefusedStep
from web.meetings.models import Poll
from web.proposals import access, actions, queries
from web.proposals import forms as f
from web.proposals.flow import PROPOSALS
from web.proposals.models import Proposal, Season, Signature

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

S = Proposal.State
Who = Callable[[Any, Proposal], bool]


def _states() -> list[tuple[str, Any]]:
    return list(Proposal.State.choices)


# ---- lists and seasons --------------------------------------------------------------------------


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """提案: the seasons the person takes part in, and the proposals they may read."""
    seasons = queries.seasons_for(request.user)
    shown = queries.proposal_list(request, queries.rows_of(None, request.user), themes=[], states=_states())
    seats = access.seats_of(request.user)
    return render(
        request,
        "proposals/index.html",
        {
            "seasons": seasons,
            "listing": shown,
            "is_representative": bool(seats),
            "may_open": queries.congresses_managed(request.user).exists(),
            "today": clock.now().date(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def season_new(request: HttpRequest) -> HttpResponse:
    bodies = queries.congresses_managed(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = f.SeasonForm(request.POST or None, bodies=bodies, initial={"year": clock.now().year})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            try:
                season = actions.do_open_season(
                    body=d["body"],
                    year=d["year"],
                    title=d["title"],
                    themes=form.theme_list(),
                    opens_on=d["opens_on"],
                    files_by=d["files_by"],
                    min_supporters=d["min_supporters"],
                    answer_within=d["answer_within"],
                    rate_within=d["rate_within"],
                    acting_user=acting(request),
                )
            except RefusedStep as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("提案调研季已设立。"))
                return redirect("proposals:season", season_id=season.pk)
    return render(request, "proposals/season_new.html", {"form": form}, status=status)


def _vote_form(season: Season, data: Any = None) -> f.VoteForm:
    return f.VoteForm(data, proposals=queries.to_vote(season), meetings=queries.open_meetings(season), prefix="vote")


def _season_page(
    request: HttpRequest, season: Season, *, vote_form: f.VoteForm | None = None, status: int = 200
) -> HttpResponse:
    themes = [(t.name, t.name) for t in season.themes.all()]
    shown = queries.proposal_list(request, queries.rows_of(season, request.user), themes=themes, states=_states())
    manages = access.manages_season(request.user, season)
    seat = access.seat_in(request.user, season.body_id)
    today = clock.now().date()
    return render(
        request,
        "proposals/season.html",
        {
            "season": season,
            "themes": season.themes.all(),
            "listing": shown,
            "manages": manages,
            "may_file": seat is not None and season.opens_on <= today <= season.files_by,
            "filing_closed": today > season.files_by,
            "delegations": list(season.body.delegations.select_related("unit").prefetch_related("seats__person")),
            "vote_form": vote_form or (_vote_form(season) if manages else None),
        },
        status=status,
    )


@require_GET
@login_required
def season_page(request: HttpRequest, season_id: int) -> HttpResponse:
    return _season_page(request, queries.access_season(request.user, season_id))


@require_POST
@login_required
def season_act(request: HttpRequest, season_id: int, action: str) -> HttpResponse:
    season = queries.access_season(request.user, season_id)
    if action not in ("delegations", "vote"):
        raise Http404
    if not access.manages_season(request.user, season):
        messages.error(request, str(access.NOT_LIAISON))
        return _season_page(request, season, status=403)
    try:
        if action == "delegations":
            made = actions.do_form_delegations(body=season.body, acting_user=acting(request))
            messages.success(request, _("已按街道组成 %(n)s 个代表团。") % {"n": len(made)})
            return redirect("proposals:season", season_id=season.pk)
        form = _vote_form(season, request.POST)
        if not form.is_valid():
            return _season_page(request, season, vote_form=form, status=422)
        d = form.cleaned_data
        meeting = actions.do_put_to_vote(
            season=season,
            proposals=list(d["proposals"]),
            meeting=d.get("meeting"),
            starts_at=d.get("starts_at") or clock.now(),
            place=d.get("place") or "",
            acting_user=acting(request),
        )
    except RefusedStep as exc:
        messages.error(request, str(exc.message))
        return _season_page(request, season, status=exc.status)
    messages.success(request, _("已提交大会表决：每件提案一项表决，请在会议页签到、发票、投票。"))
    return redirect("meetings:meeting", meeting_id=meeting.pk)


# ---- filing and editing -----------------------------------------------------------------------


def _alike_rows(season: Season, text: str, exclude: int | None = None) -> list[Any]:
    return queries.similar_to(season, text, exclude=exclude)


@require_http_methods(["GET", "POST"])
@login_required
def file(request: HttpRequest, season_id: int) -> HttpResponse:
    """提出提案, with the near-duplicates of the season suggested before it is filed: the person may
    second one of them instead, or tick that they file their own all the same."""
    season = queries.access_season(request.user, season_id)
    seat = access.seat_in(request.user, season.body_id)
    if seat is None:
        raise PermissionDenied
    form = f.FileForm(
        request.POST or None,
        themes=season.themes.all(),
        seats=queries.representatives_of(season.body_id, but=seat.pk),
        need=season.min_supporters,
    )
    alike: list[Any] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            alike = _alike_rows(season, form.text())
            if (alike and not d["alone"]) or "check" in request.POST:
                status = 200
            else:
                try:
                    proposal = actions.do_file_proposal(
                        season=season,
                        theme=d["theme"],
                        title=d["title"],
                        situation=d["situation"],
                        request=d["request"],
                        cosigners=list(d["cosigners"]),
                        acting_user=acting(request),
                    )
                except RefusedStep as exc:
                    form.add_error(None, str(exc.message))
                    status = exc.status
                else:
                    messages.success(request, _("提案已提出，已请您邀请的代表附议。"))
                    return redirect("proposals:proposal", proposal_id=proposal.pk)
    return render(
        request,
        "proposals/file.html",
        {"season": season, "form": form, "alike": alike, "checked": request.method == "POST"},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = queries.access_proposal(request.user, proposal_id)
    if not access.is_proposer(request.user, proposal):
        raise PermissionDenied
    initial = {
        "theme": proposal.theme,
        "title": proposal.title,
        "situation": proposal.situation,
        "request": proposal.request,
    }
    form = f.ProposalForm(request.POST or None, themes=proposal.season.themes.all(), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.do_edit_proposal(
                    proposal=proposal,
                    theme=d["theme"],
                    title=d["title"],
                    situation=d["situation"],
                    request=d["request"],
                    acting_user=acting(request),
                )
            except RefusedStep as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("提案已修改，已附议的代表需要重新确认。"))
                return redirect("proposals:proposal", proposal_id=proposal.pk)
    return render(request, "proposals/edit.html", {"proposal": proposal, "form": form}, status=status)


# ---- the proposal page --------------------------------------------------------------------------


def _is_representative(user: Any, p: Proposal) -> bool:
    return access.seat_in(user, p.season.body_id) is not None and not access.is_proposer(user, p)


def _invited(user: Any, p: Proposal) -> bool:
    seat = access.seat_in(user, p.season.body_id)
    return seat is not None and p.signatures.filter(seat=seat, state=Signature.State.INVITED).exists()


def _not_seconded(user: Any, p: Proposal) -> bool:
    seat = access.seat_in(user, p.season.body_id)
    return seat is not None and not p.signatures.filter(seat=seat, state=Signature.State.CONFIRMED).exists()


def _leaves(move: str) -> Callable[[Any, Proposal], bool]:
    return lambda _user, p: p.state in PROPOSALS.moves[move].leaves


def _poll_counted(_user: Any, p: Proposal) -> bool:
    return p.state == S.VOTING and p.poll is not None and p.poll.state == Poll.State.CLOSED


@dataclass(frozen=True)
class Offer:
    name: str
    title: StrOrPromise
    who: Who
    not_yours: StrOrPromise
    now: Who
    form: type[django_forms.Form]
    run: Callable[[HttpRequest, Proposal, dict[str, Any]], Any]
    done: StrOrPromise
    leads: bool = True
    confirm: StrOrPromise = ""


def _by(request: HttpRequest) -> Any:
    return acting(request)


def _run_merge(request: HttpRequest, p: Proposal, d: dict[str, Any]) -> Any:
    into = Proposal.objects.filter(season=p.season, number=d["into"]).first()
    if into is None:
        raise access.refuse(_("本调研季没有第 %(n)s 号提案。") % {"n": d["into"]}, "no_such_proposal", 422)
    return actions.do_merge_proposal(proposal=p, into=into, acting_user=_by(request))


NOT_REPRESENTATIVE = gettext_lazy("只有这届党代会的代表可以附议。")

OFFERS: dict[str, Offer] = {
    o.name: o
    for o in (
        Offer(
            "second",
            gettext_lazy("附议这件提案"),
            _is_representative,
            NOT_REPRESENTATIVE,
            lambda u, p: p.state in actions.OPEN_TO_SECONDS and _not_seconded(u, p),
            f.EmptyForm,
            lambda r, p, d: actions.do_second_proposal(proposal=p, acting_user=_by(r)),
            gettext_lazy("已附议。"),
        ),
        Offer(
            "decline",
            gettext_lazy("谢绝附议"),
            _invited,
            gettext_lazy("您没有收到这件提案的附议邀请。"),
            _leaves("submit"),
            f.EmptyForm,
            lambda r, p, d: actions.do_decline_second(proposal=p, acting_user=_by(r)),
            gettext_lazy("已谢绝附议。"),
            leads=False,
        ),
        Offer(
            "submit",
            gettext_lazy("提交立案审查"),
            access.is_proposer,
            access.NOT_PROPOSER,
            _leaves("submit"),
            f.EmptyForm,
            lambda r, p, d: actions.do_submit_proposal(proposal=p, acting_user=_by(r)),
            gettext_lazy("已提交立案审查。"),
        ),
        Offer(
            "review",
            gettext_lazy("立案审查"),
            access.manages_proposal,
            access.NOT_LIAISON,
            _leaves("accept"),
            f.ReviewForm,
            lambda r, p, d: actions.do_review_proposal(
                proposal=p, accept=d["decision"] == "accept", reason=d["reason"], acting_user=_by(r)
            ),
            gettext_lazy("审查意见已记录，并告知提案人。"),
        ),
        Offer(
            "merge",
            gettext_lazy("合并到另一件提案"),
            access.manages_proposal,
            access.NOT_LIAISON,
            _leaves("merge"),
            f.MergeForm,
            _run_merge,
            gettext_lazy("已合并，附议代表已转入保留的提案。"),
            leads=False,
            confirm=gettext_lazy("合并后这件提案不再单独办理，提案人和附议代表转为另一件提案的附议人。确定合并吗？"),
        ),
        Offer(
            "discuss",
            gettext_lazy("记录代表团讨论"),
            access.manages_proposal,
            access.NOT_LIAISON,
            lambda _u, p: p.state == S.ACCEPTED,
            f.DiscussionForm,
            lambda r, p, d: actions.do_record_discussion(proposal=p, acting_user=_by(r), **d),
            gettext_lazy("已记录代表团讨论。"),
        ),
        Offer(
            "conclude",
            gettext_lazy("读取大会表决结果"),
            access.manages_proposal,
            access.NOT_LIAISON,
            _poll_counted,
            f.EmptyForm,
            lambda r, p, d: actions.do_conclude_vote(proposal=p, acting_user=_by(r)),
            gettext_lazy("已读取表决结果。"),
        ),
        Offer(
            "assign",
            gettext_lazy("交办"),
            access.manages_proposal,
            access.NOT_LIAISON,
            _leaves("assign"),
            f.AssignForm,
            lambda r, p, d: actions.do_assign_proposal(
                proposal=p, office=d["office"], assisting=list(d["assisting"]), acting_user=_by(r)
            ),
            gettext_lazy("已交办，主办单位会收到通知。"),
        ),
        Offer(
            "answer",
            gettext_lazy("答复"),
            access.handles,
            access.NOT_HANDLER,
            _leaves("answer"),
            f.AnswerForm,
            lambda r, p, d: actions.do_answer_proposal(
                proposal=p, text=d["text"], document=d.get("document"), acting_user=_by(r)
            ),
            gettext_lazy("已答复，已请提案人评价。"),
        ),
        Offer(
            "rate",
            gettext_lazy("评价答复"),
            access.is_proposer,
            access.NOT_PROPOSER,
            _leaves("close"),
            f.RateForm,
            lambda r, p, d: actions.do_rate_answer(proposal=p, rating=d["rating"], note=d["note"], acting_user=_by(r)),
            gettext_lazy("已评价。"),
        ),
    )
}


def _form(request: HttpRequest, p: Proposal, name: str, data: Any = None, files: Any = None) -> django_forms.Form:
    cls = OFFERS[name].form
    kwargs: dict[str, Any] = {"prefix": name}
    if cls is f.DiscussionForm:
        kwargs["delegations"] = p.season.body.delegations.order_by("unit__path")
    elif cls is f.AssignForm:
        kwargs["offices"] = queries.offices_for(p.season)
    if files is not None:
        return cls(data, files, **kwargs)
    return cls(data, **kwargs)


def _offers(request: HttpRequest, p: Proposal, sent: tuple[str, django_forms.Form] | None) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = []
    for name, offer in OFFERS.items():
        if not (offer.who(request.user, p) and offer.now(request.user, p)):
            continue
        form = sent[1] if sent and sent[0] == name else _form(request, p, name)
        shown.append({"offer": offer, "form": form, "open": offer.leads or form.is_bound})
    if sent and sent[0] not in {str(item["offer"].name) for item in shown}:
        for error in sent[1].non_field_errors():
            messages.error(request, str(error))
    return shown


def _page(
    request: HttpRequest, p: Proposal, *, sent: tuple[str, django_forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    sigs = queries.signatures(p)
    confirmed = sum(1 for s in sigs if s.state == Signature.State.CONFIRMED)
    context = {
        "p": p,
        "signatures": sigs,
        "confirmed": confirmed,
        "short": max(p.season.min_supporters - confirmed, 0),
        "is_proposer": access.is_proposer(request.user, p),
        "discussions": list(p.discussions.select_related("delegation")),
        "assists": list(p.assists.select_related("office")),
        "answers": list(p.answers.all()),
        "merged": list(p.merged.only("id", "number", "title")),
        "events": list(p.events.select_related("by")),
        "offers": _offers(request, p, sent),
        "alike": queries.similar_to(p.season, f"{p.title}\n{p.situation}\n{p.request}", exclude=p.pk)
        if p.state in PROPOSALS.moves["merge"].leaves
        else [],
        "today": clock.now().date(),
        "public": p.state in Proposal.PUBLIC,
    }
    return render(request, "proposals/proposal.html", context, status=status)


@require_GET
@login_required
def proposal_page(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _page(request, queries.access_proposal(request.user, proposal_id))


@require_POST
@login_required
def act(request: HttpRequest, proposal_id: int, action: str) -> HttpResponse:
    """Take ``action``: 404 to whoever may not read the proposal; 403 with the sentence to one who
    reads it but may not take the action; 422 for a form that does not parse; the action's own
    refusal as the form's error."""
    p = queries.access_proposal(request.user, proposal_id)
    offer = OFFERS.get(action)
    if offer is None:
        raise Http404
    if not offer.who(request.user, p):
        messages.error(request, str(offer.not_yours))
        return _page(request, p, status=403)
    form = _form(request, p, action, request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, p, sent=(action, form), status=422)
    try:
        offer.run(request, p, form.cleaned_data)
    except RefusedStep as exc:
        form.add_error(None, str(exc.message))
        return _page(
            request, queries.access_proposal(request.user, proposal_id), sent=(action, form), status=exc.status
        )
    messages.success(request, str(offer.done))
    return redirect("proposals:proposal", proposal_id=p.pk)
