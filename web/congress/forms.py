"""The forms of the agenda and inquiry pages. Each only parses; the action decides
(``web.congress.actions``) and its refusal comes back as the form's error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from web.congress.actions import RATING_SCALES
from web.congress.models import Inquiry, WorkReport
from web.meetings.appraisal import SCALE_LABELS


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("述职方式"),
        choices=[("", "—"), *WorkReport.Kind.choices],
        error_messages={"required": _("请选择述职方式。")},
        help_text=_("区委常委口头述职；其他委员和部门书面述职；两委工作报告由代表无记名投票表决。"),
    )
    committee = forms.ChoiceField(
        label=_("两委工作报告"),
        choices=[("", "—"), *WorkReport.Committee.choices],
        required=False,
        help_text=_("只在“两委工作报告”时选择。"),
    )
    reporter = forms.CharField(
        label=_("述职人或部门"), max_length=100, error_messages={"required": _("请填写述职人或部门。")}
    )
    post = forms.CharField(label=_("职务"), max_length=100, required=False)
    title = forms.CharField(label=_("报告题目"), max_length=200, error_messages={"required": _("请填写报告题目。")})
    document = forms.FileField(
        label=_("书面报告（PDF）"),
        required=False,
        help_text=_("书面述职必须上传；PDF，不超过 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class RatingForm(forms.Form):
    scale = forms.ChoiceField(
        label=_("测评等级"),
        choices=[(key, SCALE_LABELS[key]) for key in RATING_SCALES],
        initial="satisfaction",
        help_text=_("出席代表在一张测评表上对每份口头和书面述职评定一个等级，计票后当场在大屏上公布。"),
    )


class InquiryForm(forms.Form):
    to = forms.ChoiceField(
        label=_("询问对象"),
        choices=Inquiry.To.choices,
        initial=Inquiry.To.COMMITTEE,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择询问对象：党委或部门。")},
    )
    to_name = forms.CharField(
        label=_("部门名称"), max_length=100, required=False, help_text=_("询问部门时填写，例如：区教育局。")
    )
    text = forms.CharField(
        label=_("询问内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请写明询问的内容。")},
    )


class SpotAnswerForm(forms.Form):
    answerer = forms.CharField(
        label=_("现场答复人"),
        max_length=100,
        help_text=_("例如：区委副书记 李明"),
        error_messages={"required": _("请写明由谁现场答复。")},
    )
    answer = forms.CharField(
        label=_("现场答复要点"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请记录现场答复的内容。")},
    )


class WrittenAnswerForm(forms.Form):
    answerer = forms.CharField(label=_("答复单位"), max_length=100, required=False, help_text=_("空着即为被询问单位。"))
    answer = forms.CharField(
        label=_("书面答复"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写书面答复的内容。")},
    )
