from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jiceng.presets import JOINT
from web.common.forms import field, show_only_when
from web.common.presetfield import PresetField
from web.common.text import normalise_name
from web.meetings.appraisal import SCALE_LABELS, parse_grades
from web.meetings.models import Attendee, BallotIssue, PaperEntry, Poll, SpeechTimer
from web.meetings.queries import attendance, officer_choices
from web.meetings.timer import BAD_MINUTES, MAX_MINUTES, MIN_MINUTES
from web.org.models import Body

#: a poll's own rule, by its kind: (the rule's key in ``Poll.rules``, its field, the rule
#: when the body's kind has no statutory one)
POLL_RULES = {
    Poll.Kind.ELECTION: ("elected", "rule_elected", "for > 1/2 of expected"),
    Poll.Kind.MOTION: ("passes", "rule_passes", "yes > 1/2 of present"),
}


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=200)
    starts_at = forms.DateTimeField(label=_("召开时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    quorum_rule = PresetField(
        label=_("法定人数规则"),
        slot="quorum",
        names=["present", "expected"],
        help_text=_("已按本机构的类型选好法定的规则；每条规则下面是它对本次会议意味着的人数。"),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        """The body's statutory quorum is chosen first; the numbers are for its members with the vote."""
        super().__init__(*args, **kwargs)
        from web.meetings.queries import expected_of

        field(self, "quorum_rule", PresetField).configure(body_kind=body.kind, counts={"expected": expected_of(body)})


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)
    approval = forms.CharField(
        label=_("批准情况"), max_length=200, help_text=_("例如：经上级党组织同意并经党员大会通过（日期、文号）。")
    )


def _poll_rule(kind: Poll.Kind, label: Any, names: list[str], help_text: Any) -> PresetField:
    """A poll's own rule for one kind of poll: every statutory rule of its slot, the body's
    first; shown only while the poll's kind is ``kind``."""
    slot, _name, default = POLL_RULES[kind]
    return PresetField(
        label=label,
        slot=slot,
        names=names,
        offer_all=True,
        shown_when=("kind", kind),
        required=False,
        initial=default,
        help_text=help_text,
    )


class PollForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    #: an appraisal is made with its own form (``AppraisalPollForm``)
    kind = forms.ChoiceField(label=_("类型"), choices=[(k, Poll.Kind(k).label) for k in POLL_RULES])
    seats = forms.IntegerField(label=_("应选名额"), min_value=1, max_value=99, initial=1, required=False)
    candidates = forms.CharField(
        label=_("候选人"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一人。选票上按姓氏笔画排列。"),
    )
    rule_elected = _poll_rule(
        Poll.Kind.ELECTION,
        _("当选规则"),
        ["for", "expected", "present", "voted"],
        _("选举时适用。已按本机构的类型选好法定的规则；每条规则下面是它对本次会议意味着的票数。"),
    )
    rule_passes = _poll_rule(
        Poll.Kind.MOTION,
        _("通过规则"),
        ["yes", "expected", "present", "voted"],
        _("表决事项适用。已按本机构的类型选好法定的规则；按实到人数计算的规则，在签到后才显示票数。"),
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        """The rules of the meeting's kind of body are chosen first; the numbers are for its
        roster as it is now (those present once check-in has begun)."""
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        body_kind = JOINT if meeting.joint_body_id else meeting.body.kind
        counts = attendance(meeting)
        known = {"expected": counts["expected"]}
        if meeting.state != meeting.State.DRAFT:
            known["present"] = counts["present"]
        for _kind, name, _default in POLL_RULES.values():
            field(self, name, PresetField).configure(body_kind=body_kind, counts=known)
        for name in ("seats", "candidates"):  # a motion has neither
            show_only_when(self.fields[name], "kind", Poll.Kind.ELECTION)

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
        if kind in POLL_RULES:
            key, name, _default = POLL_RULES[Poll.Kind(kind)]
            default = self.fields[name].initial  # the body's statutory rule, as the form shows it chosen
            for _kind, other, _default in POLL_RULES.values():
                if other != name:  # the other kind's rule is not this poll's: its errors do not count
                    self.errors.pop(other, None)
                    data.pop(other, None)
            data["rules"] = {"quorum": self.meeting.quorum, key: data.get(name) or default}
        return data


class AppraisalPollForm(forms.Form):
    """A new appraisal poll: its subjects, one a line, and the scale they are rated on
    (``web.meetings.appraisal``). The action refuses what the form cannot see (a list of grades
    that is not a scale, too many subjects) with a sentence, and the form comes back as typed."""

    title = forms.CharField(
        label=_("测评名称"),
        max_length=200,
        error_messages=dict.fromkeys(["required", "max_length"], _("请填写测评名称（200 字以内）。")),
    )
    subjects = forms.CharField(
        label=_("测评对象"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一个：人员姓名、领导班子、部门或工作报告。最多 60 个。"),
        error_messages={"required": _("测评至少要有一个测评对象。")},
    )
    order = forms.ChoiceField(
        label=_("排列顺序"),
        choices=[("given", _("按填写的顺序（如会议议程）")), ("strokes", _("按姓氏笔画"))],
        initial="given",
    )
    scale = forms.ChoiceField(
        label=_("等级标准"),
        choices=[(key, label) for key, label in SCALE_LABELS.items()] + [("custom", _("自定等级"))],
        initial="individual",
    )
    grades = forms.CharField(
        label=_("自定等级（从好到差）"),
        required=False,
        max_length=100,
        help_text=_("用空格或顿号分开，例如：优 良 中 差。"),
    )
    abstentions_in_base = forms.ChoiceField(
        label=_("计算比例的基数"),
        choices=[
            ("yes", _("全部有效测评表（未评定的计为弃权，计入基数）")),
            ("no", _("评定了该对象的有效测评表（弃权不计入基数）")),
        ],
        initial="yes",
        widget=forms.RadioSelect,
    )
    unanswered = forms.ChoiceField(
        label=_("手机测评有未评定的对象时"),
        choices=[("ask", _("提交前提示，确认后计为弃权")), ("abstain", _("不提示，直接计为弃权"))],
        initial="ask",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        show_only_when(self.fields["grades"], "scale", "custom")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["names"] = [n for n in map(normalise_name, (data.get("subjects") or "").splitlines()) if n]
        if data.get("scale") == "custom":
            data["scale"] = parse_grades(data.get("grades") or "")
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
    """A scrutineer or teller chosen by the meeting, picked from the search of those present who
    are not candidates (``queries.officer_choices``); anyone else is refused with a sentence."""

    attendee = forms.ModelChoiceField(queryset=Attendee.objects.none(), required=False)
    role = forms.ChoiceField(label=_("职责"), choices=(("scrutineer", _("监票人")), ("teller", _("计票人"))))

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field(self, "attendee", forms.ModelChoiceField).queryset = officer_choices(meeting)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("attendee") or not data.get("role"):
            raise forms.ValidationError(_("请从已签到、不是候选人的人员中查找并选择，再选择监票人或计票人。"))
        data["person"] = data["attendee"].person
        return data


class SeedForm(forms.Form):
    """The seed said aloud in the hall for drawing the candidates' speaking order."""

    seed = forms.CharField(
        label=_("抽签种子"),
        max_length=100,
        error_messages=dict.fromkeys(["required", "max_length"], _("请填写会上公布的抽签种子（100 字以内）。")),
    )


class ApprovalForm(forms.Form):
    """The upper level's decision on a result, with its note (the action requires one to reject)."""

    decision = forms.ChoiceField(
        choices=(("approve", _("批准")), ("reject", _("不予批准"))),
        error_messages=dict.fromkeys(["required", "invalid_choice"], _("请选择批准或不予批准。")),
    )
    note = forms.CharField(
        label=_("批准意见"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("批准意见请写在 300 字以内。")},
    )


class CodeBatchForm(forms.Form):
    """How many phone slips to print. The range is the action's rule (``batches``); every
    refusal of the number says it, beside what else was wrong (a full-width digit)."""

    size = forms.IntegerField(label=_("张数"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from web.meetings.batches import batch_size_rule

        super().__init__(*args, **kwargs)
        self.rule = batch_size_rule()
        self.fields["size"].error_messages.update(dict.fromkeys(["required", "invalid"], self.rule))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_error("size") and self.rule not in self.errors["size"]:
            self.add_error("size", self.rule)
        return data


class AttendeeForm(forms.Form):
    """A form naming one line of a meeting's roster (``attendees``); a line not on it is a page
    that does not exist (the views answer 404)."""

    attendee = forms.ModelChoiceField(queryset=Attendee.objects.none())

    def __init__(self, *args: Any, attendees: QuerySet[Attendee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field(self, "attendee", forms.ModelChoiceField).queryset = attendees


class IssueForm(AttendeeForm):
    """The desk's two buttons; a form naming no channel takes the first, the phone slip."""

    channel = forms.ChoiceField(
        choices=BallotIssue.Channel.choices,
        required=False,
        error_messages={"invalid_choice": _("请选择手机投票码或纸质选票。")},
    )

    def clean_channel(self) -> str:
        return str(self.cleaned_data["channel"] or BallotIssue.Channel.PHONE)


NOT_A_CARD = _("这不是有效的成员卡二维码，请重新扫描，或按姓名查找。")


class CardForm(forms.Form):
    """A member card's QR code, as the scanner typed it, naming one attendee of the meeting."""

    card = forms.CharField(error_messages={"required": NOT_A_CARD})

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_card(self) -> Attendee:
        from web.meetings import cards

        person_id = cards.person_id_from_code(self.cleaned_data["card"])
        if person_id is None:
            raise forms.ValidationError(NOT_A_CARD)
        attendee = self.meeting.attendees.select_related("person").filter(person_id=person_id).first()
        if attendee is None:
            raise forms.ValidationError(_("持卡人不在本次会议的名册上。会议名册已冻结，名册外人员只能列席。"))
        return attendee


class TellerStepForm(forms.Form):
    """A step on the tellers' paper-ballot page: which step, the mode when starting, and who
    takes it (the appointed teller's officer number and, on a shared device, their password,
    both checked by ``web.meetings.tellers.confirm``). The ballot or totals typed with it are
    read by ``paper.clean_paper`` and ``handcount.clean_totals``."""

    STEPS = ("start", "add", "undo", "submit", "totals", "withdraw")

    step = forms.ChoiceField(
        choices=[(s, s) for s in STEPS], error_messages=dict.fromkeys(["required", "invalid_choice"], _("未知的操作。"))
    )
    mode = forms.ChoiceField(
        choices=PaperEntry.Mode.choices,
        required=False,
        error_messages={"invalid_choice": _("未知的录入方式。")},
    )
    teller = forms.CharField(
        required=False, max_length=12, error_messages={"max_length": _("请选择本次会议推选的一名计票人。")}
    )
    password = forms.CharField(required=False, strip=False)
