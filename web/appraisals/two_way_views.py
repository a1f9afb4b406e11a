"""The pages of the two-way appraisal (``web.appraisals.two_way``): the form that sets up both
sessions, the staff page of the pair (both sides side by side, each with its state and, once
counted, its result in the engine's words) and the board's page of a township's pair for a year
(each side once published; the other said to be not yet published)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from web.accounts.actors import acting
from web.appraisals import queries, two_way, words
from web.appraisals.models import Session
from web.appraisals.public import public_rows
from web.cases.models import Office
from web.common import clock
from web.common.errors import RefusedStep
from web.common.numbers import ascii_int
from web.meetings.appraisal import SCALE_LABELS
from web.meetings.models import Meeting
from web.org.models import Unit


class _MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.body.name} · {obj.title}"


class TwoWayForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    mode = forms.ChoiceField(
        label=gettext_lazy("方式"),
        choices=[(m.value, m.label) for m in two_way.MODES],
        widget=forms.RadioSelect,
    )
    offices_meeting = _MeetingChoice(
        label=gettext_lazy("村（社区）评议部门的会议"),
        queryset=Meeting.objects.none(),
        help_text=gettext_lazy(
            "街道（乡镇）召集各村（社区）代表的会议：每个村（社区）一名代表（如书记）填一份测评表。"
            "没有这样的机构时，先用“指定测评人名单”列出各村（社区）书记，名单的会议即出现在这里。"
        ),
        error_messages={"invalid_choice": gettext_lazy("所选会议不是本单位尚未结束的会议。")},
    )
    offices = forms.ModelMultipleChoiceField(
        label=gettext_lazy("被评议的部门"),
        queryset=Office.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("所选部门不是本街道（乡镇）的部门。"),
            "required": gettext_lazy("请选择被评议的部门。"),
        },
    )
    offices_scale = forms.ChoiceField(
        label=gettext_lazy("评议部门的等级标准"), choices=[(s, SCALE_LABELS[s]) for s in two_way.SCALES]
    )
    villages_meeting = _MeetingChoice(
        label=gettext_lazy("街道（乡镇）评议村（社区）的会议"),
        queryset=Meeting.objects.none(),
        help_text=gettext_lazy("街道（乡镇）领导班子的会议，如党（工）委全体委员会议。"),
        error_messages={"invalid_choice": gettext_lazy("所选会议不是本单位尚未结束的会议。")},
    )
    villages = forms.ModelMultipleChoiceField(
        label=gettext_lazy("被评议的村（社区）"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("所选村（社区）不在本街道（乡镇）。"),
            "required": gettext_lazy("请选择被评议的村（社区）。"),
        },
    )
    villages_scale = forms.ChoiceField(
        label=gettext_lazy("评议村（社区）的等级标准"), choices=[(s, SCALE_LABELS[s]) for s in two_way.SCALES]
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("公开范围"), choices=Session.Visibility.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, township: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held = queries.meetings_to_hold(township).filter(body__unit=township)
        self.fields["offices_meeting"].queryset = held  # type: ignore[attr-defined]
        self.fields["villages_meeting"].queryset = held  # type: ignore[attr-defined]
        self.fields["offices"].queryset = two_way.offices_of(township)  # type: ignore[attr-defined]
        self.fields["villages"].queryset = two_way.villages_of(township)  # type: ignore[attr-defined]


def _township_for(request: HttpRequest) -> Unit:
    units = two_way.townships_to_organise(request.user)
    raw = request.GET.get("unit", "")
    unit = units.filter(pk=int(raw)).first() if raw.isdigit() and raw.isascii() else None
    unit = unit or units.first()
    if unit is None:
        raise PermissionDenied
    return unit


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    township = _township_for(request)
    form = TwoWayForm(
        request.POST or None,
        township=township,
        initial={
            "year": clock.now().year - 1,
            "mode": Session.Mode.PHONE,
            "visibility": Session.Visibility.PUBLIC,
            "offices_scale": "group",
            "villages_scale": "satisfaction",
            "offices": list(two_way.offices_of(township)),
            "villages": list(two_way.villages_of(township)),
            "offices_meeting": ascii_int(request.GET.get("meeting")),  # a list of raters just made
        },
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            given = two_way.TwoWayIn(
                year=d["year"],
                mode=d["mode"],
                offices_meeting=d["offices_meeting"],
                villages_meeting=d["villages_meeting"],
                offices=list(d["offices"]),
                villages=list(d["villages"]),
                offices_scale=d["offices_scale"],
                villages_scale=d["villages_scale"],
                visibility=d["visibility"],
            )
            try:
                offices, _villages = two_way.do_create_two_way(
                    township=township, given=given, acting_user=acting(request)
                )
            except RefusedStep as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                messages.success(request, _("双向评议已设立：两次测评各自开始、计票和公布。"))
                return redirect("appraisals:two_way", session_id=offices.pk)
    units = two_way.townships_to_organise(request.user)
    return render(
        request, "appraisals/two_way_new.html", {"form": form, "unit": township, "units": units}, status=status
    )


def side_label(session: Session) -> str:
    if two_way.side_of(session) == two_way.OFFICES:
        return _("村（社区）评议%(unit)s部门") % {"unit": session.unit.name}
    return _("%(unit)s评议村（社区）") % {"unit": session.unit.name}


def _sides(pair: tuple[Session, Session], *, board: bool) -> list[dict[str, Any]]:
    shown = []
    for s in pair:
        published = s.state == Session.State.PUBLISHED and s.poll.published_at is not None
        shown.append(
            {
                "s": s,
                "label": side_label(s),
                "facts": words.facts(s),
                "published": published,
                "result": s.poll.result if (published or not board) else None,
            }
        )
    return shown


@require_GET
@login_required
def pair_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = queries.access_session(request.user, session_id)
    pair = two_way.pair_of(session)
    if pair is None:
        raise Http404
    sides = _sides(pair, board=False)
    return render(
        request,
        "appraisals/two_way_pair.html",
        {
            "pair": pair,
            "sides": sides,
            "unit": pair[0].unit,
            "year": pair[0].year,
            "manages": queries.manages(request.user, pair[0]),
            "unpublished": [x["label"] for x in sides if not x["published"]],
            "any_published": any(x["published"] for x in sides),
        },
    )


@require_GET
def board_pair(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    """The board's page of a township's two-way appraisal of a year: readable once either side
    is published; the side not yet published says so."""
    township = get_object_or_404(Unit, pk=unit_id, kind__in=two_way.TOWNSHIP_KINDS)
    pair = two_way.pair_in(township, year)
    if pair is None:
        raise Http404
    public = set(public_rows().filter(pk__in=[s.pk for s in pair]).values_list("pk", flat=True))
    if not public:
        raise Http404
    sides = _sides(pair, board=True)
    for side in sides:
        side["published"] = side["s"].pk in public
        side["result"] = side["s"].poll.result if side["published"] else None
    return render(
        request,
        "appraisals/board/two_way.html",
        {"pair": pair, "sides": sides, "unit": township, "year": year},
    )
