"""The small forms of the case page (one per action) and of the catalogue page. Each only parses;
the action decides (``web.cases.actions``) and its refusal comes back as the form's error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.cases.actions import ReturnReason
from web.cases.models import Entry, EscalationRule, Office, Visit

SCORES = [(n, str(n)) for n in (5, 4, 3, 2, 1)]


def _reason(label: Any, *, required: bool = True, max_length: int = 300, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请写明理由。")},
    )


class SignForm(forms.Form):
    pass


class ReturnForm(forms.Form):
    reason_code = forms.ChoiceField(
        label=_("退单理由"),
        choices=[("", "—"), *ReturnReason.CHOICES],
        error_messages={"required": _("请选择退单理由。")},
    )
    reason = _reason(_("依据和说明"), help_text=_("写明为什么不归本单位办理，派单员据此决定改派或退回。"))


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("答复内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("答复会发给诉求人和联系代表。"),
        error_messages={"required": _("请写明答复内容。")},
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延期天数（工作日）"), min_value=1, max_value=365)
    reason = _reason(_("延期理由"), help_text=_("诉求人会看到这个理由。每件诉求只能延期一次。"))


class OfficeForm(forms.Form):
    """Choose an office among ``offices`` (those covering the case's place)."""

    office = forms.ModelChoiceField(label=_("承办单位"), queryset=Office.objects.none())

    def __init__(self, *args: Any, offices: Any = None, shown: Any = None, required: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = offices if offices is not None else Office.objects.none()
        field.required = required
        field.error_messages["required"] = _("请选择承办单位。")
        field.error_messages["invalid_choice"] = _("这个单位不管辖诉求所在的地方，请重新选择。")
        if shown is not None:  # the search's matches: the select lists only these
            field.choices = [("", _("按派单目录")) if not required else ("", "—"), *((o.pk, o.name) for o in shown)]


class DispatchForm(OfficeForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, required=False, **kwargs)
        self.fields["office"].help_text = _("不选则派到派单目录指定的单位。")


class ReasonForm(forms.Form):
    reason = _reason(_("理由"))


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("合并到诉求编号"),
        min_value=1,
        max_value=2_000_000_000,
        help_text=_("重复的诉求并入先受理的那一件，诉求人会收到那件诉求的进展。"),
        error_messages={"required": _("请填写要合并到的诉求编号。"), "invalid": _("诉求编号是一个数字。")},
    )


class VisitForm(forms.Form):
    method = forms.ChoiceField(label=_("回访方式"), choices=Visit.Method.choices)
    satisfaction = forms.TypedChoiceField(
        label=_("满意程度"), choices=Visit.Satisfaction.choices, coerce=int, widget=forms.RadioSelect
    )
    solved = forms.TypedChoiceField(
        label=_("问题是否解决"),
        choices=[("yes", _("已解决")), ("no", _("未解决"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("回访记录"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    reason = _reason(
        _("未能回访的理由"), required=False, help_text=_("已答复但联系不上诉求人时，写明理由后办结，不计满意度。")
    )


class ReferForm(forms.Form):
    to: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("转交给代表"), queryset=None, error_messages={"required": _("请选择代表。")}
    )
    reason = _reason(_("转交理由"))

    def __init__(self, *args: Any, representatives: Any = None, shown: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        field = self.fields["to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = representatives if representatives is not None else get_user_model().objects.none()
        if shown is not None:
            field.choices = [("", "—"), *((u.pk, str(u)) for u in shown)]


class RateForm(forms.Form):
    office = forms.ModelChoiceField(label=_("评价的承办单位"), queryset=Office.objects.none())
    attitude = forms.TypedChoiceField(label=_("态度"), choices=SCORES, coerce=int)
    speed = forms.TypedChoiceField(label=_("速度"), choices=SCORES, coerce=int)
    style = forms.TypedChoiceField(label=_("作风"), choices=SCORES, coerce=int)
    satisfaction = forms.TypedChoiceField(label=_("诉求人满意度"), choices=SCORES, coerce=int)

    def __init__(self, *args: Any, offices: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = offices if offices is not None else Office.objects.none()
        field.empty_label = None


# ---- the catalogue ----------------------------------------------------------------------------


class EntryForm(forms.Form):
    service_code = forms.SlugField(
        label=_("服务编码"), max_length=32, help_text=_("字母、数字、下划线，开放接口（Open311）用它识别类别。")
    )
    name = forms.CharField(label=_("类别"), max_length=60)
    group = forms.ChoiceField(label=_("分类"), choices=Entry.Group.choices)
    description = forms.CharField(label=_("说明"), max_length=300, required=False)
    keywords = forms.CharField(label=_("关键词"), max_length=200, required=False)
    level = forms.TypedChoiceField(label=_("主管层级"), choices=Office.Level.choices, coerce=int)
    duty = forms.SlugField(
        label=_("主管部门职责"), max_length=32, required=False, help_text=_("由某个部门主管时填写它的职责编码。")
    )
    grid_ok = forms.BooleanField(label=_("可在网格内解决"), required=False)
    urgent = forms.BooleanField(label=_("紧急（时限按小时计）"), required=False)
    sign_within = forms.IntegerField(label=_("签收时限"), min_value=1, max_value=365)
    reply_within = forms.IntegerField(label=_("办理时限"), min_value=1, max_value=365)
    note = forms.CharField(label=_("修订说明"), max_length=300, help_text=_("写明为什么修改，记入新版本和审计日志。"))


class RuleForm(forms.Form):
    trigger = forms.ChoiceField(label=_("触发条件"), choices=EscalationRule.Trigger.choices)
    threshold = forms.IntegerField(
        label=_("次数"),
        min_value=0,
        max_value=20,
        help_text=_("达到这个次数就提级；0 表示不因此提级。"),
    )
