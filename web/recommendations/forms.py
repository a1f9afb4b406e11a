"""The forms of the recommendation pages. Each only parses; the action decides
(``web.recommendations.actions``) and its refusal comes back as the form's error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from web.meetings.models import Meeting
from web.org.models import Unit
from web.recommendations.actions import LETTERS, MAX_CLASS_LIST, ClassSpec, parse_names

#: the classes seed 002 names, offered as the form's starting point (staff change them)
DEFAULT_CLASSES = {
    "A": (_("领导班子成员"), _("本单位党政领导班子成员")),
    "B": (_("中层干部"), _("内设机构主要负责人")),
    "C": (_("下属单位负责人"), _("所辖社区（村）党组织书记、主任")),
    "D": (_("党代表和群众代表"), _("辖区党代表、人大代表和群众代表")),
}


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return gettext("%(title)s（%(body)s，%(state)s）") % {
            "title": obj.title,
            "body": obj.body.name,
            "state": obj.get_state_display(),
        }


class RecommendationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("组织单位"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("名称"), max_length=200, help_text=_("如“春熙街道党工委副书记人选民主推荐”。"))
    post = forms.CharField(label=_("推荐职位"), max_length=100)
    places = forms.IntegerField(
        label=_("职数"), min_value=1, max_value=20, initial=1, help_text=_("每张推荐表最多推荐几人。")
    )
    names = forms.CharField(
        label=_("推荐表上的人选"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一个姓名，印在推荐表上（按姓氏笔画排列）。"),
    )
    is_open = forms.BooleanField(
        label=_("不设人选范围：以上是全部符合条件的人员"),
        required=False,
        help_text=_("勾选时，名单是全部符合任职条件的人员，推荐人从中推荐；不勾选时是组织提出的人选。"),
    )
    meeting = MeetingChoice(
        label=_("推荐会议"),
        queryset=Meeting.objects.none(),
        help_text=_("推荐表在这次会议上填写：每类推荐人一项投票，手机投票条或纸质推荐表。"),
    )

    def __init__(self, *args: Any, units: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        for key in LETTERS:
            name, members = DEFAULT_CLASSES[key]
            self.fields[f"class_{key}"] = forms.CharField(
                label=_("%(k)s 类推荐人") % {"k": key},
                max_length=40,
                required=False,
                initial=name if key in ("A", "B") else "",
                help_text=_("类别名称；留空表示不设这一类。"),
            )
            self.fields[f"members_{key}"] = forms.CharField(
                label=_("%(k)s 类包括") % {"k": key},
                max_length=300,
                required=False,
                initial=members if key in ("A", "B") else "",
            )
            self.fields[f"expected_{key}"] = forms.IntegerField(
                label=_("%(k)s 类应参加人数") % {"k": key}, min_value=0, max_value=100000, required=False
            )
            self.fields[f"people_{key}"] = forms.CharField(
                label=_("%(k)s 类名单（选填）") % {"k": key},
                max_length=MAX_CLASS_LIST * 20,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def name_list(self) -> list[str]:
        return parse_names(self.cleaned_data["names"])

    def classes(self) -> list[ClassSpec]:
        d = self.cleaned_data
        return [
            ClassSpec(
                key,
                d[f"class_{key}"].strip(),
                d[f"members_{key}"].strip(),
                d[f"expected_{key}"] or 0,
                tuple(line.strip() for line in d[f"people_{key}"].splitlines() if line.strip()),
            )
            for key in LETTERS
            if d.get(f"class_{key}", "").strip()
        ]

    def class_rows(self) -> list[tuple[Any, Any, Any, Any]]:
        return [(self[f"class_{k}"], self[f"members_{k}"], self[f"expected_{k}"], self[f"people_{k}"]) for k in LETTERS]

    def main_fields(self) -> list[Any]:
        """The fields above the classes (each class's own are in ``class_rows``)."""
        return [self[name] for name in ("unit", "title", "post", "places", "names", "is_open", "meeting")]


class SecondRoundForm(forms.Form):
    meeting = MeetingChoice(label=_("第二次推荐的会议"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
