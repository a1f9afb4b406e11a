"""The intake forms: the resident's (online, signed in, service card) and the staff entry for
someone else. Each field refuses bad input with its own sentence; the category and the place are
offered from the place's current catalogue and the unit tree (``places``), so a value that is not
on offer is refused as not chosen."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from web.cases.actions import MAX_DESCRIPTION
from web.cases.intake import photos as photo_rules
from web.cases.intake.places import Picked
from web.cases.models import Case, Entry
from web.common.text import normalise_name

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


def normalise_phone(raw: str) -> str:
    """Digits only; a leading +86 / 0086 / 86 dropped from a mobile number."""
    digits = "".join(ch for ch in (raw or "") if ch.isdigit() and ch.isascii())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def _required(message: Any) -> dict[str, Any]:
    return {"required": message, "invalid_choice": message}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to three photos in one file input; checked by ``photos.prepare`` once the rest of the
    form is valid (encoding them is the costly part)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [f for f in files if getattr(f, "size", 0)]


def _coordinate(label: Any, bound: int, message: Any) -> forms.DecimalField:
    """An optional latitude or longitude in ±``bound`` degrees: every way it can be wrong says
    ``message``."""
    wrong = ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits")
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(-bound),
        max_value=Decimal(bound),
        max_digits=9,
        decimal_places=6,
        error_messages=dict.fromkeys(wrong, message),
    )


def _group_choices(entries: list[Entry]) -> list[tuple[Any, Any]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append((entry.service_code, entry.name))
    labels = dict(Entry.Group.choices)
    return [("", _("请选择类别"))] + [(labels.get(g, g), rows) for g, rows in groups.items()]


def _unit_choices(units: list[Any], empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [(str(u.pk), u.name) for u in units]


class RequestForm(forms.Form):
    """What a resident fills in."""

    category_q = forms.CharField(label=_("查找类别"), required=False, max_length=50)
    service_code = forms.ChoiceField(label=_("诉求类别"), error_messages=_required(_("请选择诉求类别。")))
    community = forms.ChoiceField(label=_("社区或村"), error_messages=_required(_("请选择诉求所在的社区或村。")))
    grid = forms.ChoiceField(label=_("网格"), required=False, error_messages=_required(_("请从列表中选择网格。")))
    building = forms.ChoiceField(label=_("楼栋"), required=False, error_messages=_required(_("请从列表中选择楼栋。")))
    address = forms.CharField(
        label=_("具体位置"),
        required=False,
        max_length=200,
        help_text=_("门牌号、路口、单元等，方便找到地方。"),
        error_messages={"max_length": _("具体位置最多 200 字。")},
    )
    lat = _coordinate(_("纬度"), 90, _("纬度应是 -90 到 90 之间的数，最多 6 位小数。"))
    long = _coordinate(_("经度"), 180, _("经度应是 -180 到 180 之间的数，最多 6 位小数。"))
    description = forms.CharField(
        label=_("诉求内容"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_DESCRIPTION}),
        strip=True,
        help_text=_("说清楚什么事、在哪里、从什么时候开始，最多 4000 字。"),
        error_messages={"required": _("请写明诉求内容。")},
    )
    requester_phone = forms.CharField(
        label=_("手机号"),
        max_length=30,
        help_text=_("办理结果和回访会发到这个号码，不会公开。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={
            "required": _("请留下手机号，办理结果和回访会发到这个号码。"),
            "max_length": _("请填写 11 位手机号，例如 13800000000。"),
        },
    )
    requester_name = forms.CharField(
        label=_("怎么称呼您"),
        required=False,
        max_length=50,
        help_text=_("不会公开。"),
        error_messages={"max_length": _("称呼最多 50 字。")},
    )
    photos = PhotosField(
        label=_("照片"),
        required=False,
        help_text=_("最多 3 张，每张不超过 5 MB，JPG、PNG 或 WEBP。"),
    )
    keep_location = forms.BooleanField(label=_("保留照片里的拍摄位置"), required=False)

    #: the photos as they will be kept, once ``clean`` has checked them
    prepared: list[photo_rules.Prepared]

    def __init__(self, *args: Any, picked: Picked, entries: list[Entry], phone_required: bool = True, **kw: Any):
        super().__init__(*args, **kw)
        self.picked = picked
        self.prepared = []
        self.fields["service_code"].choices = _group_choices(entries)  # type: ignore[attr-defined]
        self.fields["community"].choices = _unit_choices(picked.communities, _("请选择社区或村"))  # type: ignore[attr-defined]
        self.fields["grid"].choices = _unit_choices(picked.grids, _("（不确定可不选）"))  # type: ignore[attr-defined]
        self.fields["building"].choices = _unit_choices(picked.buildings, _("（不确定可不选）"))  # type: ignore[attr-defined]
        self.fields["requester_phone"].required = phone_required

    def clean_description(self) -> str:
        text = strip_tags(self.cleaned_data.get("description", "")).strip()
        if not text:
            raise forms.ValidationError(_("请写明诉求内容（网页代码不算）。"))
        if len(text) > MAX_DESCRIPTION:
            raise forms.ValidationError(
                _("诉求内容最多 %(max)s 字，现在是 %(n)s 字，请删减。") % {"max": MAX_DESCRIPTION, "n": len(text)}
            )
        return text

    def clean_requester_phone(self) -> str:
        raw = self.cleaned_data.get("requester_phone", "")
        if not raw:
            return ""
        phone = normalise_phone(raw)
        if not MOBILE.match(phone):
            raise forms.ValidationError(_("请填写 11 位手机号，例如 13800000000。"))
        return phone

    def clean_requester_name(self) -> str:
        return normalise_name(self.cleaned_data.get("requester_name", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("photos"):
            try:
                self.prepared = photo_rules.prepare(data["photos"], keep_location=bool(data.get("keep_location")))
            except Exception as exc:
                from web.cases.errors import CaseError

                if not isinstance(exc, CaseError):
                    raise
                self.add_error("photos", str(exc.message))
        return data


class StaffRequestForm(RequestForm):
    """The staff entry for someone else: the channel, the requester's consent, the representative
    (a studio desk's entry), and the requester found among the place's people or typed."""

    field_order = ["channel", "representative"]

    channel = forms.ChoiceField(label=_("受理渠道"), error_messages=_required(_("请选择受理渠道。")))
    representative = forms.ChoiceField(
        label=_("联系代表"), required=False, error_messages=_required(_("请从列表中选择代表。"))
    )
    requester_q = forms.CharField(label=_("在本地人员中查找诉求人"), required=False, max_length=50)
    requester_person = forms.ChoiceField(
        label=_("诉求人"), required=False, error_messages=_required(_("请从查找结果中选择诉求人。"))
    )
    consent = forms.BooleanField(
        label=_("诉求人同意由我代为登记"),
        required=False,
        help_text=_("代为登记要先征得诉求人同意。"),
    )

    def __init__(
        self,
        *args: Any,
        channels: list[tuple[str, Any]],
        representatives: list[tuple[str, str]],
        people: list[tuple[str, str]],
        **kw: Any,
    ):
        super().__init__(*args, phone_required=False, **kw)
        self.fields["channel"].choices = [("", _("请选择")), *channels]  # type: ignore[attr-defined]
        self.fields["representative"].choices = [("", _("（无）")), *representatives]  # type: ignore[attr-defined]
        self.fields["requester_person"].choices = [("", _("（不是其中的人，下面填写）")), *people]  # type: ignore[attr-defined]
        self.fields["requester_phone"].help_text = _("手机或固定电话；选了诉求人时可不填（用其登记的号码）。")
        self.fields["requester_name"].label = _("诉求人姓名")
        self.fields["requester_phone"].label = _("联系电话")
        self.fields["requester_person"].label = _("找到的人")
        self.fields["requester_name"].help_text = ""
        self.fields["keep_location"].label = _("诉求人同意保留照片里的拍摄位置")

    def clean_requester_phone(self) -> str:
        raw = self.cleaned_data.get("requester_phone", "")
        if not raw:
            return ""
        phone = normalise_phone(raw)
        if not (MOBILE.match(phone) or LANDLINE.match(phone)):
            raise forms.ValidationError(_("请填写 11 位手机号，或带区号的固定电话，例如 02885001234。"))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("consent"):
            self.add_error("consent", _("代为登记要先征得诉求人同意，并勾选这一项。"))
        if data.get("channel") == Case.Channel.REPRESENTATIVE and not data.get("representative"):
            self.add_error("representative", _("代表代录要选择联系代表。"))
        if not data.get("requester_person"):
            if not data.get("requester_name"):
                self.add_error("requester_name", _("请选择诉求人，或填写诉求人姓名和电话。"))
            if not data.get("requester_phone") and "requester_phone" not in self.errors:
                self.add_error("requester_phone", _("请填写诉求人的电话，办理结果和回访要用。"))
        return data


class FollowForm(forms.Form):
    number = forms.CharField(label=_("诉求编号"), required=False, max_length=20)
    code = forms.CharField(
        label=_("查询码"), max_length=40, error_messages={"required": _("请填写受理时给您的 12 位查询码。")}
    )

    def clean_number(self) -> str:
        raw = "".join(self.cleaned_data.get("number", "").split())
        if raw and not (raw.isascii() and raw.isdigit() and len(raw) <= 12):
            raise forms.ValidationError(_("诉求编号只有数字；不记得可以不填。"))
        return raw


class AnswerForm(forms.Form):
    """The return visit's two questions, answered by the requester."""

    satisfaction = forms.TypedChoiceField(
        label=_("您对办理结果满意吗？"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择满意程度。")),
    )
    solved = forms.TypedChoiceField(
        label=_("问题解决了吗？"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("已解决")), ("no", _("没有解决"))],
        widget=forms.RadioSelect,
        error_messages=_required(_("请选择问题是否解决。")),
    )
    note = forms.CharField(
        label=_("还想说的话"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("最多 500 字。")},
    )

    def __init__(self, *args: Any, **kw: Any):
        from web.cases.models import Visit

        super().__init__(*args, **kw)
        self.fields["satisfaction"].choices = [(str(v), label) for v, label in Visit.Satisfaction.choices]  # type: ignore[attr-defined]
