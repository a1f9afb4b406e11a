"""The tellers' page for paper ballots: enter one by one or by the hall's totals, submit,
compare with the other teller."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from web.meetings import handcount, paper, queries
from web.meetings.errors import MeetingError
from web.meetings.models import BallotIssue, PaperEntry


@require_http_methods(["GET", "POST"])
@login_required
def paper_entry(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = queries.access_poll_as_teller(request.user, poll_id)
    entry = poll.paper_entries.filter(teller=request.user).first()
    error = ""
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "start":
                mode = request.POST.get("mode") or PaperEntry.Mode.BALLOTS
                paper.do_start_entry(poll=poll, teller=request.user, mode=mode)
            elif entry is None:
                raise MeetingError(_("请先开始录入。"), code="no_entry")
            elif step == "add":
                paper.do_add_ballot(entry=entry, content=paper.clean_paper(poll, request.POST))
                messages.success(request, _("已录入一张。"))
            elif step == "undo":
                paper.do_remove_last_ballot(entry=entry)
            elif step == "submit":
                result = paper.do_submit_entry(entry=entry, acting_user=request.user)
                if result is None:
                    messages.success(request, _("已提交，等待另一名计票人提交。"))
                elif result.agree:
                    messages.success(request, _("两份录入一致，纸质选票已计入。"))
                else:
                    messages.warning(request, _("两份录入不一致，请对照下表逐张核对后撤回修改。"))
            elif step == "totals":
                totals = handcount.clean_totals(poll, request.POST)
                _say(request, handcount.do_submit_totals(entry=entry, totals=totals, acting_user=request.user))
            elif step == "withdraw":
                paper.do_withdraw_entry(entry=entry, acting_user=request.user)
            else:
                raise MeetingError(_("未知的操作。"), code="unknown_step", status=400)
        except MeetingError as exc:
            error = str(exc.message)
        else:
            return redirect("meetings:paper", poll_id=poll.pk)
    entry = poll.paper_entries.filter(teller=request.user).first()
    typed = request.POST if error and request.POST.get("step") == "totals" else None
    return render(
        request,
        "meetings/paper.html",
        {
            "poll": poll,
            "entry": entry,
            "error": error,
            "candidates": poll.candidates.all(),
            "ballots": entry.ballots.all() if entry else [],
            "comparison": paper.compare(poll),
            "entries": poll.paper_entries.select_related("teller"),
            "totals_form": handcount.form_values(poll, data=typed, totals=entry.totals if entry else None),
            "totals_comparison": handcount.compare_totals(poll),
            "paper_issued": poll.issues.filter(channel=BallotIssue.Channel.PAPER).count(),
        },
        status=422 if error else 200,
    )


def _say(request: HttpRequest, result: handcount.TotalsComparison | None) -> None:
    if result is None:
        messages.success(request, _("已提交，等待另一名计票人提交。"))
    elif result.agree:
        messages.success(request, _("两份合计数一致，已计入本项投票。"))
    else:
        messages.warning(request, _("两份合计数不一致，请对照下表逐项核对后撤回修改。"))
