from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.common.forms import field
from web.common.numbers import is_ascii_digits
from web.common.text import check_name, normalise_name
from web.org import queries
from web.org.idnumbers import check_id_number
from web.org.models import Person

if TYPE_CHECKING:
    from web.org.models import Body, PartyOrg


class PersonForm(forms.ModelForm):
    """Edit a person's record. Units offered are those the user manages."""

    class Meta:
        model = Person
        fields = ["name", "gender", "birth_date", "id_number", "phone", "kind", "unit", "relation"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field(self, "unit", forms.ModelChoiceField).queryset = queries.managed_units(user).filter(
            kind__in=["community", "village", "grid", "building"]
        )

    def clean_name(self) -> str:
        value = normalise_name(self.cleaned_data["name"])
        problem = check_name(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip().upper()
        problem = check_id_number(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and not (is_ascii_digits(value) and len(value) == 11 and value.startswith("1")):
            raise forms.ValidationError(_("手机号应为以 1 开头的 11 位数字。"))
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        birth, idn = data.get("birth_date"), data.get("id_number")
        if birth and idn and len(idn) == 18 and idn[6:14] != birth.strftime("%Y%m%d"):
            self.add_error("birth_date", _("出生日期与身份证号中的出生日期不一致。"))
        return data

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class UnitForm(forms.Form):
    code = forms.CharField(label=_("编码"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"))

    def __init__(self, *args: Any, parent: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from web.org.models import Unit

        allowed = Unit.CHILD_KINDS[Unit.Kind(parent.kind)]
        field(self, "kind", forms.ChoiceField).choices = [(k.value, k.label) for k in Unit.Kind if k in allowed]

    def clean_code(self) -> str:
        from web.org.models import Unit

        code = self.cleaned_data["code"].strip()
        if Unit.objects.filter(code=code).exists():
            raise forms.ValidationError(_("编码 %(code)s 已被使用。") % {"code": code})
        return code


class HouseholdForm(forms.Form):
    number = forms.CharField(label=_("户号"), max_length=32)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)

    def clean_number(self) -> str:
        from web.org.models import Household

        number = self.cleaned_data["number"].strip()
        if Household.objects.filter(number=number).exists():
            raise forms.ValidationError(_("户号 %(n)s 已存在。") % {"n": number})
        return number


class MembershipForm(forms.Form):
    org: forms.ModelChoiceField[PartyOrg] = forms.ModelChoiceField(label=_("党组织"), queryset=None)
    status = forms.ChoiceField(label=_("党员状态"))
    is_floating = forms.BooleanField(label=_("流动党员"), required=False)
    joined_on = forms.DateField(
        label=_("入党日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from web.org.models import PartyMembership

        field(self, "org", forms.ModelChoiceField).queryset = queries.managed_party_orgs(user).order_by(
            "unit__path", "id"
        )
        field(self, "status", forms.ChoiceField).choices = PartyMembership.Status.choices


class SeatForm(forms.Form):
    id_number = forms.CharField(label=_("身份证号"), max_length=18, help_text=_("输入要加入名册的人员的身份证号。"))
    post = forms.ChoiceField(label=_("职务"))
    since = forms.DateField(
        label=_("任职日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, body: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from web.org.models import BodySeat

        self.body, self.user = body, user
        field(self, "post", forms.ChoiceField).choices = BodySeat.Post.choices

    def clean_id_number(self) -> Any:
        from web.org.models import Person

        value = self.cleaned_data["id_number"].strip().upper()
        person = Person.objects.filter(id_number=value).first()
        if person is None or not any(person.unit_path.startswith(p) for p in queries.viewable_paths(self.user)):
            raise forms.ValidationError(_("在您可查看的名册中找不到身份证号为 %(v)s 的人员。") % {"v": value})
        if self.body.seats.filter(person=person).exists():
            raise forms.ValidationError(_("%(name)s 已在名册中。") % {"name": person.name})
        self.cleaned_data["person"] = person
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RoleGrantForm(forms.Form):
    """Grant a role in a unit to an existing account, or to a person who gets a new account."""

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_(
            "已有账号填用户名；新账号填一个新用户名（英文字母、数字和 . _ -），并填写下方身份证号。"
            "新账号没有密码：系统给出一次性的密码设置链接，由本人设置自己的密码。"
        ),
    )
    id_number = forms.CharField(label=_("身份证号（新账号）"), max_length=18, required=False)
    kind = forms.ChoiceField(label=_("角色"))
    body: forms.ModelChoiceField[Body] = forms.ModelChoiceField(label=_("机构（选填）"), queryset=None, required=False)

    def __init__(self, *args: Any, unit: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from web.org.models import Role

        self.unit, self.user = unit, user
        field(self, "kind", forms.ChoiceField).choices = Role.Kind.choices
        field(self, "body", forms.ModelChoiceField).queryset = unit.bodies.all()

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth import get_user_model

        from web.accounts.usernames import normalise
        from web.org.models import Person

        super().clean()
        data = self.cleaned_data
        username = normalise(data.get("username") or "")
        account = get_user_model().objects.filter(username=username).first()
        data["account"], data["person"] = account, None
        if account is None and username:
            id_number = (data.get("id_number") or "").strip().upper()
            if not id_number:
                self.add_error(
                    "id_number", _("没有用户名为 %(u)s 的账号；新建账号需要填写其身份证号。") % {"u": username}
                )
                return data
            person = Person.objects.filter(id_number=id_number, unit_path__startswith=self.unit.path).first()
            if person is None:
                self.add_error("id_number", _("本单位名册中没有身份证号为 %(v)s 的人员。") % {"v": id_number})
            elif hasattr(person, "user") and person.user is not None:
                self.add_error("id_number", _("%(name)s 已有账号：%(u)s。") % {"name": person.name, "u": person.user})
            data["person"] = person
        return data
