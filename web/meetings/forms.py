from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.common.text import normalise_name
from web.meetings.models import Poll, SpeechTimer
from web.meetings.timer import BAD_MINUTES, MAX_MINUTES, MIN_MINUTES

DEFAULT_RULES = {
    Poll.Kind.ELECTION: {"elected": "for > 1/2 of expected"},
    Poll.Kind.MOTION: {"passes": "yes > 1/2 of present"},
}


def _check_rule(text: str) -> str:
    """A rule the engine can read, or a form error naming what it did not understand."""
    from jiceng.errors import RecordError
    from jiceng.rules import parse_rule

    try:
        parse_rule(text, path="rule")
    except RecordError as exc:
        raise forms.ValidationError(_("无法识别的规则：%(e)s") % {"e": exc.message}) from None
    return text


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=200)
    starts_at = forms.DateTimeField(label=_("召开时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    quorum_rule = forms.CharField(
        label=_("法定人数规则"),
        max_length=200,
        initial="present >= 4/5 of expected",
        help_text=_("默认：实到人数不少于应到人数的五分之四（《条例》2020）。"),
    )

    def clean_quorum_rule(self) -> str:
        return _check_rule(self.cleaned_data["quorum_rule"])


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
    decision_rule = forms.CharField(
        label=_("当选或通过规则"),
        max_length=200,
        required=False,
        help_text=_("选举默认 for > 1/2 of expected；表决默认 yes > 1/2 of present。"),
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
        rule = (data.get("decision_rule") or "").strip()
        if kind in DEFAULT_RULES:
            key, default = next(iter(DEFAULT_RULES[Poll.Kind(kind)].items()))
            try:
                text = _check_rule(rule) if rule else default
            except forms.ValidationError as exc:
                self.add_error("decision_rule", exc)
                return data
            data["rules"] = {"quorum": self.meeting.quorum_rule, key: text}
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
