from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.common.rulefield import RuleField
from web.common.text import normalise_name
from web.meetings.models import Poll, SpeechTimer
from web.meetings.timer import BAD_MINUTES, MAX_MINUTES, MIN_MINUTES

DEFAULT_RULES = {
    Poll.Kind.ELECTION: {"elected": "for > 1/2 of expected"},
    Poll.Kind.MOTION: {"passes": "yes > 1/2 of present"},
}


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=200)
    starts_at = forms.DateTimeField(label=_("召开时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    quorum_rule = RuleField(
        label=_("法定人数规则"),
        left=["present"],
        right=["expected"],
        initial="present >= 4/5 of expected",
        help_text=_("默认：实到人数不少于应到人数的五分之四（《条例》2020）。"),
    )


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)
    approval = forms.CharField(
        label=_("批准情况"), max_length=200, help_text=_("例如：经上级党组织同意并经党员大会通过（日期、文号）。")
    )


class PollForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=Poll.Kind.choices)
    seats = forms.IntegerField(label=_("应选名额"), min_value=1, max_value=99, initial=1, required=False)
    candidates = forms.CharField(
        label=_("候选人"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一人。选票上按姓氏笔画排列。"),
    )
    decision_rule = RuleField(
        label=_("当选或通过规则"),
        left=["for"],
        right=["expected", "present", "voted"],
        optional=True,
        help_text=_("按默认规则：选举为赞成票超过应到人数的二分之一；表决为赞成票超过实到人数的二分之一。"),
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        names = [n for n in map(normalise_name, (data.get("candidates") or "").splitlines()) if n]
        if kind == Poll.Kind.ELECTION:
            if not names:
                self.add_error("candidates", _("选举至少需要一名候选人。"))
            seats = data.get("seats") or 1
            if names and seats > len(names):
                self.add_error("seats", _("应选名额不能多于候选人数。"))
            data["seats"] = seats
        else:
            data["seats"] = 1
        data["names"] = names
        rule = data.get("decision_rule") or ""
        if kind in DEFAULT_RULES:
            key, default = next(iter(DEFAULT_RULES[Poll.Kind(kind)].items()))
            if rule and kind == Poll.Kind.MOTION:
                rule = "yes" + rule.removeprefix("for")  # a motion counts its yes votes
            data["rules"] = {"quorum": self.meeting.quorum_rule, key: rule or default}
        return data


def _minutes_field(label: Any, *, required: bool = True) -> forms.IntegerField:
    bad = dict.fromkeys(["required", "invalid", "min_value", "max_value"], BAD_MINUTES)
    return forms.IntegerField(
        label=label, min_value=MIN_MINUTES, max_value=MAX_MINUTES, required=required, error_messages=bad
    )


class TimerForm(forms.Form):
    """Start a speech or question timer; blank minutes take the meeting's default for the kind."""

    label = forms.CharField(
        label=_("发言人"),
        max_length=50,
        error_messages=dict.fromkeys(["required", "max_length"], _("请填写发言人（50 字以内）。")),
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=SpeechTimer.Kind.choices,
        initial=SpeechTimer.Kind.SPEECH,
        error_messages=dict.fromkeys(["required", "invalid_choice"], _("请选择发言或提问。")),
    )
    minutes = _minutes_field(_("时长（分钟）"), required=False)


class TimerDefaultsForm(forms.Form):
    speech_minutes = _minutes_field(_("发言时长（分钟）"))
    question_minutes = _minutes_field(_("提问时长（分钟）"))


class OfficerForm(forms.Form):
    """A scrutineer or teller chosen by the meeting, named by ID number from its roster."""

    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    role = forms.ChoiceField(label=_("职责"), choices=(("scrutineer", _("监票人")), ("teller", _("计票人"))))

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = str(data.get("id_number") or "").strip().upper()
        attendee = self.meeting.attendees.select_related("person").filter(person__id_number=number).first()
        if attendee is None or not data.get("role"):
            raise forms.ValidationError(_("请从本次会议名册中选择人员（填身份证号），并选择监票人或计票人。"))
        data["person"] = attendee.person
        return data
