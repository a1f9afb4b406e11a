"""The tellers' page for paper ballots: enter one by one or by the hall's totals, submit,
compare with the other teller. Each step is taken by one appointed teller: the signed-in one,
or, on a shared device, the one chosen on the page, confirmed with their own password
(``web.meetings.tellers``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from web.accounts import actors, throttle
from web.meetings import appraisal, handcount, paper, tellers
from web.meetings.errors import MeetingError
from web.meetings.forms import TellerStepForm
from web.meetings.models import BallotIssue, PaperEntry, Poll


@require_http_methods(["GET", "POST"])
@login_required
def paper_entry(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = tellers.access_poll_as_teller(request.user, poll_id)
    appointed = tellers.appointed_tellers(poll.meeting)
    own = tellers.officer_of(request.user, poll.meeting)
    form = TellerStepForm(request.POST if request.method == "POST" else None)
    chosen = _chosen(form["teller"].value() or request.GET.get("teller") or "", own, appointed)
    error, status = "", 200
    if request.method == "POST":
        try:
            taken = _valid(form)
            acting = tellers.confirm(
                poll=poll,
                officer_id=taken["teller"] or (own.pk if own else ""),
                password=taken["password"],
                acting_user=actors.acting(request),
                address=throttle.client_address(request),
            )
            _step(request, poll, acting, taken)
        except MeetingError as exc:  # a refused confirmation is 403, any other refusal 422
            error, status = str(exc.message), 403 if exc.status == 403 else 422
        else:
            return redirect(reverse("meetings:paper", kwargs={"poll_id": poll.pk}) + f"?teller={acting.officer.pk}")
    entry = poll.paper_entries.filter(teller=chosen).first() if chosen else None
    # on someone else's device an entry's content stays hidden: the other teller may be looking
    needs_password = chosen is not None and chosen.person.user.pk != request.user.pk
    shown = entry if entry is not None and not needs_password else None
    typed = form.data if error and form["step"].value() == "totals" else None
    return render(
        request,
        "meetings/paper.html",
        {
            "poll": poll,
            "appointed": appointed,
            "chosen": chosen,
            "needs_password": needs_password,
            "entry": entry,
            "error": error,
            "candidates": poll.candidates.all(),
            "ballots": shown.ballots.all() if shown else [],
            "ballot_count": entry.ballots.count() if entry else 0,
            "comparison": paper.compare(poll),
            "entries": poll.paper_entries.select_related("teller__person"),
            "totals_form": handcount.form_values(poll, data=typed, totals=shown.totals if shown else None),
            "totals_comparison": handcount.compare_totals(poll),
            "paper_issued": poll.issues.filter(channel=BallotIssue.Channel.PAPER).count(),
            **_appraisal_form(poll),
        },
        status=status,
    )


def _appraisal_form(poll: Poll) -> dict[str, Any]:
    """An appraisal's form-by-form entry: every subject with the grades, nothing chosen yet."""
    if poll.kind != Poll.Kind.APPRAISAL:
        return {}
    return {"rows": appraisal.as_posted(poll, {}), "grades": appraisal.grades_of(poll.rules)}


def _chosen(wanted: str, own: Any, appointed: list[Any]) -> Any:
    """Whose entry the page shows: the teller asked for, else the signed-in teller's own."""
    for officer in appointed:
        if str(officer.pk) == wanted:
            return officer
    return own if own in appointed else None


def _valid(form: TellerStepForm) -> dict[str, Any]:
    """The step asked for, or the form's first sentence as a refusal (422)."""
    if not form.is_valid():
        raise MeetingError(next(iter(form.errors.values()))[0], code="bad_step", status=422)
    return form.cleaned_data


def _step(request: HttpRequest, poll: Poll, acting: tellers.ActingTeller, taken: dict[str, Any]) -> None:
    step = taken["step"]
    entry = poll.paper_entries.filter(teller=acting.officer).first()
    if step == "start":
        paper.do_start_entry(poll=poll, teller=acting, mode=taken["mode"] or PaperEntry.Mode.BALLOTS)
    elif entry is None:
        raise MeetingError(_("请先开始录入。"), code="no_entry")
    elif step == "add":
        paper.do_add_ballot(entry=entry, content=paper.clean_paper(poll, request.POST), teller=acting)
        messages.success(request, _("已录入一张。"))
    elif step == "undo":
        paper.do_remove_last_ballot(entry=entry, teller=acting)
    elif step == "submit":
        _say(request, paper.do_submit_entry(entry=entry, teller=acting))
    elif step == "totals":
        totals = handcount.clean_totals(poll, request.POST)
        _say(request, handcount.do_submit_totals(entry=entry, totals=totals, teller=acting))
    else:  # "withdraw", the last of TellerStepForm.STEPS
        paper.do_withdraw_entry(entry=entry, teller=acting)


def _say(request: HttpRequest, result: paper.Comparison | handcount.TotalsComparison | None) -> None:
    by_totals = isinstance(result, handcount.TotalsComparison)
    if result is None:
        messages.success(request, _("已提交，等待另一名计票人提交。"))
    elif result.agree:
        messages.success(
            request, _("两份合计数一致，已计入本项投票。") if by_totals else _("两份录入一致，纸质选票已计入。")
        )
    elif by_totals:
        messages.warning(request, _("两份合计数不一致，请对照下表逐项核对后撤回修改。"))
    else:
        messages.warning(request, _("两份录入不一致，请对照下表逐张核对后撤回修改。"))
