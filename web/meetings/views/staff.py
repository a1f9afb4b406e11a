"""Staff pages of meetings and polls: prepare the roster, open, check in, issue ballots,
close and count. Each view checks access, parses, calls one action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiceng.presets import JOINT
from web.accounts.actors import acting
from web.common.attempt import attempt, say_form_errors
from web.common.http import no_store
from web.common.listing import Filter, Listing, listing, titled
from web.common.numbers import is_ascii_digits
from web.common.presetfield import rule_with_basis, rule_words
from web.meetings import (
    actions,
    appraisal,
    batches,
    electors,
    handcount,
    paper,
    proxies,
    queries,
    recommendation,
    results,
    secrecy,
    timer,
)
from web.meetings.forms import (
    AppraisalPollForm,
    ApprovalForm,
    AttendeeForm,
    CardForm,
    CodeBatchForm,
    ExcludeForm,
    IssueForm,
    MeetingForm,
    OfficerForm,
    PollForm,
    SeedForm,
    TimerDefaultsForm,
    TimerForm,
)
from web.meetings.links import links_for
from web.meetings.models import Attendee, BallotIssue, Meeting, Poll
from web.meetings.templatetags.meetings_tags import rule_label
from web.org import queries as org_queries
from web.org.views.browse import breadcrumbs


@require_http_methods(["GET", "POST"])
@login_required
def body_meetings(request: HttpRequest, body_id: int) -> HttpResponse:
    body = queries.access_body(request.user, body_id)
    can_manage = org_queries.can_manage_path(request.user, body.unit.path)
    form = MeetingForm(request.POST or None, body=body)
    if request.method == "POST":
        queries.access_body(request.user, body_id, manage=True)
        if "preview" not in request.POST and form.is_valid():
            meeting = actions.do_create_meeting(body=body, acting_user=acting(request), **form.cleaned_data)
            messages.success(request, _("会议已创建，名册已按机构成员生成。"))
            return redirect(meeting)
    return render(
        request,
        "meetings/body_meetings.html",
        {
            "body": body,
            "crumbs": breadcrumbs(body.unit, request.user),
            "form": form,
            "can_manage": can_manage,
            "meetings": titled(
                request,
                body.meetings.order_by("-starts_at", "-id"),
                states=Meeting.State.choices,
                placeholder=_("会议名称"),
            ),
        },
    )


@require_GET
@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, queries.access_meeting(request.user, meeting_id))


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    officer_form: OfficerForm | None = None,
    poll_form: PollForm | None = None,
    appraisal_form: AppraisalPollForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = org_queries.can_manage_path(request.user, meeting.body.unit.path)
    counts = queries.attendance(meeting)
    attendees = listing(
        request,
        queries.roster(meeting),
        search=_person_search(request),
        filters=ROSTER_FILTERS,
        placeholder=_("姓名、身份证号或手机号"),
    )
    for attendee in attendees.page.object_list:  # each row's form with ids of its own
        attendee.exclude_form = ExcludeForm(auto_id=f"id_%s_{attendee.pk}")
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "crumbs": breadcrumbs(meeting.body.unit, request.user),
            "can_manage": can_manage,
            "reads_body": can_manage or queries.reads_body(request.user, meeting.body),
            "other_pages": links_for(meeting, request.user),
            "attendees": attendees,
            "counts": counts,
            "quorum": rule_words(
                meeting.quorum,
                slot="quorum",
                body_kind=JOINT if meeting.joint_body_id else meeting.body.kind,
                counts=counts,
            ),
            "polls": meeting.polls.all(),
            "poll_form": poll_form or PollForm(meeting=meeting),
            "appraisal_form": appraisal_form or AppraisalPollForm(auto_id=APPRAISAL_IDS),
            "officer_form": officer_form,
            "officer_choices": listing(
                request,
                queries.officer_choices(meeting),
                search=_person_search(request),
                prefix="officer_",
                per_page=10,
                placeholder=_("姓名、身份证号或手机号"),
            )
            if can_manage and meeting.state == Meeting.State.OPEN
            else None,
            **_timer_context(meeting),
        },
        status=status,
    )


def _person_search(request: HttpRequest) -> Any:
    """Search rows that name a person (``person__``) as the people list searches people."""
    return lambda rows, q: org_queries.matching_people(rows, user=request.user, q=q, prefix="person__")


#: how a meeting's roster narrows: voters or observers, checked in or not
ROSTER_FILTERS = [
    Filter("kind", gettext_lazy("身份"), lambda rows, kind: rows.filter(kind=kind), choices=Attendee.Kind.choices),
    Filter(
        "present",
        gettext_lazy("签到"),
        lambda rows, present: rows.filter(checked_in_at__isnull=present == "no"),
        choices=[("yes", gettext_lazy("已签到")), ("no", gettext_lazy("未签到"))],
    ),
]


def _timer_context(meeting: Meeting) -> dict[str, Any]:
    """The chair's timer card on the meeting page (web/meetings/timer.py)."""
    return {
        "timer": timer.face(meeting),
        "speakers": timer.speakers(meeting),
        "timer_form": TimerForm(),
        "timer_defaults_form": TimerDefaultsForm(
            initial={"speech_minutes": meeting.speech_minutes, "question_minutes": meeting.question_minutes}
        ),
    }


@require_POST
@login_required
def meeting_step(request: HttpRequest, meeting_id: int, step: str) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id, manage=True)
    steps = {
        "open": (
            lambda: actions.do_open_meeting(meeting=meeting, acting_user=acting(request)),
            _("会议已开始，名册已冻结，可以签到。"),
        ),
        "close": (lambda: actions.do_close_meeting(meeting=meeting, acting_user=acting(request)), _("会议已结束。")),
    }
    if step not in steps:
        raise Http404
    attempt(request, *steps[step])
    return redirect(meeting)


@require_POST
@login_required
def exclude(request: HttpRequest, meeting_id: int, attendee_id: int) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id, manage=True)
    attendee = meeting.attendees.filter(pk=attendee_id).first()
    if attendee is None:
        raise Http404
    form = ExcludeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("不计入应到必须写明原因和批准情况。"))
    else:
        attempt(
            request,
            lambda: actions.do_exclude_attendee(attendee=attendee, acting_user=acting(request), **form.cleaned_data),
            _("%(name)s 不计入应到人数。") % {"name": attendee.person.name},
        )
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@login_required
def check_in(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Search the frozen roster and check people in; a card scanner types the ID number and Enter."""
    meeting = queries.access_meeting(request.user, meeting_id, manage=True)
    if request.method == "POST" and "card" in request.POST:
        _check_in_by_card(request, meeting)
        return redirect(request.path)
    if request.method == "POST":
        form = AttendeeForm(request.POST, attendees=meeting.attendees.select_related("person"))
        attendee = _named_attendee(form)
        if attempt(
            request,
            lambda: actions.do_check_in(attendee=attendee, method=Attendee.Method.SEARCH, acting_user=acting(request)),
            _("%(name)s 签到成功。") % {"name": attendee.person.name},
        ):
            for issue in proxies.collected_by_proxy(attendee):
                assert issue.proxy_holder is not None  # collected_by_proxy keeps only ballots a holder took
                messages.warning(
                    request,
                    _("“%(poll)s”的选票已由受托人 %(holder)s 代为领票，%(name)s 本人不再领票。")
                    % {
                        "poll": issue.poll.title,
                        "holder": issue.proxy_holder.person.name,
                        "name": attendee.person.name,
                    },
                )
        return redirect(f"{request.path}?q=")
    found = listing(
        request,
        queries.roster(meeting),
        search=_person_search(request),
        filters=ROSTER_FILTERS,
        placeholder=_("没有卡：姓名、证件号末四位或手机号"),
    )
    return render(
        request, "meetings/checkin.html", {"meeting": meeting, "found": found, "counts": queries.attendance(meeting)}
    )


def _check_in_by_card(request: HttpRequest, meeting: Meeting) -> None:
    """A scanner read a member card's QR code (it types the code and Enter). Refused, the page
    comes back with the field empty for the next scan: a scanner does not edit what it typed."""
    form = CardForm(request.POST, meeting=meeting)
    attempt(
        request,
        lambda data: actions.do_check_in(
            attendee=data["card"], method=Attendee.Method.CARD, acting_user=acting(request)
        ),
        lambda attendee: _("%(name)s 签到成功。") % {"name": attendee.person.name},
        form=form,
    )
    say_form_errors(request, form)


@require_GET
@login_required
def live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Expected, present, whether the quorum holds, and the speech timer — large enough to project
    in the hall. HTMX re-reads the numbers every few seconds; the timer ticks in between."""
    from jiceng.rules import parse_condition

    meeting = queries.access_meeting(request.user, meeting_id)
    counts = queries.attendance(meeting)
    check = parse_condition(meeting.quorum, path="quorum").evaluate(counts)
    context = {
        "meeting": meeting,
        "counts": counts,
        "check": check,
        "open_polls": [(p, batches.code_counts(p)) for p in meeting.polls.filter(state=Poll.State.OPEN)],
        "timer": timer.face(meeting),
        # the appraisal counted last, announced on the spot (web.meetings.appraisal)
        "appraisal": meeting.polls.filter(kind=Poll.Kind.APPRAISAL, state=Poll.State.CLOSED)
        .order_by("-closed_at", "-id")
        .first(),
    }
    template = "meetings/_live_numbers.html" if request.htmx else "meetings/live.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@login_required
def poll_display(request: HttpRequest, poll_id: int) -> HttpResponse:
    """A poll's result for the hall's projector, large, re-read every few seconds (HTMX): while
    the poll is open the ballots received, once it is counted the result in the engine's words
    (an appraisal as its table of subjects and grades)."""
    poll = queries.access_poll(request.user, poll_id)
    context = {"poll": poll, "meeting": poll.meeting, "codes": batches.code_counts(poll)}
    template = "meetings/_poll_display.html" if request.htmx else "meetings/poll_display.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
@login_required
def poll_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.access_meeting(request.user, meeting_id, manage=True)
    form = PollForm(request.POST, meeting=meeting)
    if "preview" in request.POST:  # the advanced rule's preview without script: the form again, as typed
        return _meeting_page(request, meeting, poll_form=form)
    if form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: actions.do_create_poll(
                meeting=meeting,
                title=data["title"],
                kind=data["kind"],
                seats=data["seats"],
                rules=data["rules"],
                candidates=[(name, None) for name in data["names"]],
                acting_user=acting(request),
            ),
            _("投票已创建。"),
        )
        if done.value is not None:  # created (a refused poll has no value)
            return redirect(done.value)
        return redirect(meeting)
    return _meeting_page(request, meeting, poll_form=form, status=422)


@require_POST
@login_required
def appraisal_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A new appraisal poll; refused (no subject, a list of grades that is not a scale, too many
    subjects), the meeting page comes back (422) with the sentence and the form as typed."""
    meeting = queries.access_meeting(request.user, meeting_id, manage=True)
    form = AppraisalPollForm(request.POST, auto_id=APPRAISAL_IDS)
    done = attempt(
        request,
        lambda data: appraisal.do_create_appraisal_poll(
            meeting=meeting,
            title=data["title"],
            subjects=[(name, None) for name in data["names"]],
            scale=data["scale"],
            abstentions_in_base=data["abstentions_in_base"] == "yes",
            unanswered=data["unanswered"],
            order=data["order"],
            acting_user=acting(request),
        ),
        _("测评已创建。"),
        form=form,
    )
    if done.value is not None:
        return redirect(done.value)
    return _meeting_page(request, meeting, appraisal_form=form, status=422)


@require_GET
@login_required
def poll_detail(request: HttpRequest, poll_id: int) -> HttpResponse:
    return _poll_page(request, queries.access_poll(request.user, poll_id))


def _rules_in_words(poll: Poll) -> list[tuple[str, str]]:
    """(the rule's name, the rule in words with its basis) for each rule the poll is counted by: the
    quorum's basis where it is the body's own, a poll's own rule's wherever the form offers it."""
    meeting = poll.meeting
    body_kind = JOINT if meeting.joint_body_id else meeting.body.kind
    if poll.kind == Poll.Kind.APPRAISAL:
        return appraisal.rules_in_words(poll.rules)
    if poll.kind == Poll.Kind.RECOMMENDATION:
        return recommendation.rules_in_words(poll.rules)
    return [
        (rule_label(key), rule_with_basis(rule, slot=key, body_kind=body_kind, offered=key != "quorum"))
        for key, rule in poll.rules.items()
    ]


def _poll_page(
    request: HttpRequest,
    poll: Poll,
    *,
    seed_form: SeedForm | None = None,
    approval_form: ApprovalForm | None = None,
    batch_form: CodeBatchForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The poll's page; a refused form (a seed, a note, a batch size) comes back in it (422),
    its sentences among the messages and what was typed still in its field."""
    for form in (seed_form, approval_form, batch_form):
        if form is not None:
            say_form_errors(request, form)
    listed = electors.electors_of(poll)  # who alone may receive its form (empty: the roster)
    return render(
        request,
        "meetings/poll.html",
        {
            "poll": poll,
            "meeting": poll.meeting,
            "rules": _rules_in_words(poll),
            "crumbs": breadcrumbs(poll.meeting.body.unit, request.user),
            "can_manage": org_queries.can_manage_path(request.user, poll.meeting.body.unit.path),
            "next_round": results.next_round(poll),
            "publish_blockers": results.blockers_before_publishing(poll),
            "can_approve": bool(
                poll.meeting.body.unit.parent
                and org_queries.can_manage_path(request.user, poll.meeting.body.unit.parent.path)
            ),
            "issued": poll.issues.count(),
            "blockers": paper.blockers_before_close(poll) if poll.state == Poll.State.OPEN else [],
            "returned": handcount.ballots_returned(poll) if poll.state == Poll.State.CLOSED else None,
            "waiting": _waiting(request, poll, listed) if poll.state != Poll.State.CLOSED else None,
            "listed": len(listed),
            "issues": listing(
                request,
                poll.issues.select_related("attendee__person", "proxy_holder__person").order_by("attendee_id"),
                search=lambda rows, q: rows.filter(
                    Q(attendee__person__name__contains=q) | Q(proxy_holder__person__name__contains=q)
                ),
                prefix="issued_",
                placeholder=_("姓名"),
            ),
            "codes": batches.code_counts(poll),
            "min_batch": batches.min_batch(),
            # who took which channel: only the issuing desk, only while the poll is open
            "show_channels": poll.state == Poll.State.OPEN
            and org_queries.can_manage_path(request.user, poll.meeting.body.unit.path),
            "seed_form": seed_form or SeedForm(),
            "approval_form": approval_form or ApprovalForm(),
            "batch_form": batch_form or CodeBatchForm(initial={"size": batches.min_batch()}),
        },
        status=status,
    )


#: the appraisal form's field ids, apart from the new poll's form beside it on the meeting page
APPRAISAL_IDS = "id_appraisal_%s"


def _waiting(request: HttpRequest, poll: Poll, listed: set[int]) -> Listing:
    """The issue desk's list: checked-in voters without a ballot, searchable by name or ID
    number, each on the page with the names of the grantors whose ballots they would collect
    with theirs (``proxy_grantors``). When the poll names its electors (a class of recommenders),
    only they; when it shares an issue group, not those who took another poll's form of it."""
    rows = poll.meeting.attendees.filter(kind=Attendee.Kind.VOTER, excluded=False, checked_in_at__isnull=False).exclude(
        ballot_issues__poll=poll
    )
    if poll.issue_group:
        rows = rows.exclude(ballot_issues__group=poll.issue_group)
    if listed:
        rows = rows.filter(person_id__in=listed)
    waiting = listing(
        request,
        rows.select_related("person").order_by("id"),
        search=_person_search(request),
        prefix="waiting_",
        placeholder=_("姓名、身份证号或手机号"),
    )
    plan = proxies.grantors_waiting(poll)
    for attendee in waiting.page.object_list:
        attendee.proxy_grantors = [g.person.name for g in plan.get(attendee.pk, [])]
    return waiting


@require_POST
@login_required
def poll_step(request: HttpRequest, poll_id: int, step: str) -> HttpResponse:
    poll = queries.access_poll(request.user, poll_id, manage=True)
    steps = {
        "open": (lambda: actions.do_open_poll(poll=poll, acting_user=acting(request)), _("投票开始。")),
        "close": (lambda: actions.do_close_poll(poll=poll, acting_user=acting(request)), _("投票结束，已完成计票。")),
        "next-round": (
            lambda: results.do_start_next_round(poll=poll, acting_user=acting(request)),
            _("下一轮投票已建立，候选人按计票结果确定。"),
        ),
        "publish": (lambda: results.do_publish(poll=poll, acting_user=acting(request)), _("结果已在公开栏公布。")),
    }
    if step == "speaking-order":
        return _draw_speaking_order(request, poll)
    if step not in steps:
        raise Http404
    done = attempt(request, *steps[step])
    return redirect(done.value if done.value is not None and step == "next-round" else poll)


def _draw_speaking_order(request: HttpRequest, poll: Poll) -> HttpResponse:
    """Refused, the poll page comes back (422) with the seed as it was typed."""
    form = SeedForm(request.POST)
    if attempt(
        request,
        lambda data: results.do_draw_speaking_order(poll=poll, seed=data["seed"], acting_user=acting(request)),
        _("发言顺序已抽定。"),
        form=form,
    ):
        return redirect(poll)
    return _poll_page(request, poll, seed_form=form, status=422)


@require_POST
@login_required
def approval(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The upper level decides: only staff who manage the parent of the body's unit. Refused
    (no reason to reject), the poll page comes back (422) with the note as it was typed."""
    poll = queries.access_poll(request.user, poll_id)
    parent = poll.meeting.body.unit.parent
    if parent is None or not org_queries.can_manage_path(request.user, parent.path):
        raise PermissionDenied
    form = ApprovalForm(request.POST)
    if attempt(
        request,
        lambda data: results.do_decide_approval(
            poll=poll, approve=data["decision"] == "approve", note=data["note"], acting_user=acting(request)
        ),
        lambda decided: _("已批准。") if decided.approval == Poll.Approval.APPROVED else _("已退回，不予批准。"),
        form=form,
    ):
        return redirect(poll)
    return _poll_page(request, poll, approval_form=form, status=422)


@require_POST
@login_required
def issue(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Record that a checked-in voter took a paper ballot or a phone slip from the printed pile,
    and one more for each voter whose written proxy they hold and can still use. Which slip is
    never recorded: the slips are unnamed and shuffled (``web.meetings.batches``)."""
    poll = queries.access_poll(request.user, poll_id, manage=True)
    form = IssueForm(request.POST, attendees=poll.meeting.attendees.select_related("person"))
    attendee = _named_attendee(form)
    attempt(
        request,
        lambda data: proxies.do_issue_ballots(poll=poll, attendee=attendee, channel=data["channel"]),
        lambda issued: _issued_sentence(poll, attendee, form.cleaned_data["channel"], issued),
        form=form,
    )
    say_form_errors(request, form)
    return redirect(poll)


def _issued_sentence(poll: Poll, attendee: Attendee, channel: str, issued: list[proxies.IssuedBallot]) -> str:
    grantors = _("、").join(b.grantor.person.name for b in issued if b.grantor)
    if channel == BallotIssue.Channel.PAPER:
        if poll.kind == Poll.Kind.APPRAISAL:
            text = _("已向 %(name)s 发放纸质测评表。")
        elif poll.kind == Poll.Kind.RECOMMENDATION:
            text = _("已向 %(name)s 发放纸质推荐表。")
        else:
            text = _("已向 %(name)s 发放纸质选票。")
        text %= {"name": attendee.person.name}
    else:
        text = _("请从打印好的投票条中任取 %(n)d 张交给 %(name)s。") % {"n": len(issued), "name": attendee.person.name}
    if grantors:
        text += " " + _("共 %(n)d 张，其中代 %(names)s 领票。") % {"n": len(issued), "names": grantors}
    return text


@no_store
@require_POST
@login_required
def code_batch(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Print a batch of unnamed phone slips, shuffled, shown this once (no-store). Refused, the
    poll page comes back (422) with the number as it was typed."""
    poll = queries.access_poll(request.user, poll_id, manage=True)
    form = CodeBatchForm(request.POST)
    done = attempt(
        request,
        lambda data: batches.do_issue_code_batch(poll=poll, size=data["size"], acting_user=acting(request)),
        None,  # the slips are the answer: a message would be printed on them
        form=form,
    )
    if done.value is None:
        return _poll_page(request, poll, batch_form=form, status=422)
    codes = done.value
    vote_url = request.build_absolute_uri("/vote/") + "#"
    slips = [{"code": secrecy.grouped(code), "qr_svg": _qr_data_uri(vote_url + code)} for code in codes]
    return render(request, "meetings/slip.html", {"poll": poll, "slips": slips})


def _qr_data_uri(text: str) -> str:
    import segno

    return str(segno.make(text, error="m").svg_data_uri(scale=6, border=2))


@require_GET
@login_required
def poll_record(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = queries.access_poll(request.user, poll_id)
    if poll.record is None:
        raise Http404
    response = JsonResponse(poll.record, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-record.json"'
    return response


@require_GET
@login_required
def ballot_pdf(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Printable ballots: ``?copies=N`` (default: the number of voters expected), made in the
    background (web.downloads); this asks for them and shows their page."""
    from web.downloads.kinds import BALLOTS
    from web.meetings.pdf import MAX_COPIES
    from web.meetings.views.documents import requested

    poll = queries.access_poll(request.user, poll_id, manage=True)
    raw = request.GET.get("copies") or str(queries.attendance(poll.meeting)["expected"] or 1)
    if not is_ascii_digits(raw) or not 1 <= int(raw) <= MAX_COPIES:
        return render(
            request,
            "errors/error.html",
            {
                "status": 400,
                "message": _("份数应为 1 到 %(max)d 之间的整数。") % {"max": MAX_COPIES},
            },
            status=400,
        )
    parameters = {"poll": poll.pk, "copies": int(raw)}
    return requested(request, BALLOTS, parameters, subject=poll.title, unit_id=poll.meeting.body.unit_id)


@require_POST
@login_required
def appoint_officer(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Record a scrutineer or teller chosen by the meeting (by ID number, from the roster).
    Refused, the meeting page comes back (422) with the sentence and what was typed."""
    meeting = queries.access_meeting(request.user, meeting_id, manage=True)
    form = OfficerForm(request.POST, meeting=meeting)
    named = form.cleaned_data["person"].name if form.is_valid() else ""
    if attempt(
        request,
        lambda data: actions.do_appoint_officer(
            meeting=meeting, person=data["person"], role=data["role"], acting_user=acting(request)
        ),
        _("已记录%(name)s的职责。") % {"name": named},
        form=form,
    ):
        return redirect(meeting)
    for sentence in form.non_field_errors():
        messages.error(request, str(sentence))
    return _meeting_page(request, meeting, officer_form=form, status=422)


def _named_attendee(form: AttendeeForm) -> Attendee:
    """The roster line the form names; one not on this meeting's roster is a 404."""
    form.is_valid()
    attendee = form.cleaned_data.get("attendee")
    if attendee is None:
        raise Http404
    return attendee
